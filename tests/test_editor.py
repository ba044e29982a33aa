"""The web editor's settings (village.yml editor:) and what the build writes to /admin/."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import yaml
from PIL import Image

from tests.conftest import messages, minimal_village_yml
from tools import scaffold

POST = "日期: 2026-03-01\n分类: 村务\n\n村里修好了路灯。\n"

# One naming rule for `invoke new` (tools/scaffold.py) and the editor (village-cms.js): these
# titles give these names on both sides (tests/test_editor_browser.py runs the editor's side).
FILE_NAMES = [
    ("冬季用水管网检修通知", "dong-ji-yong-shui-guan-wang-5bc4"),  # long: cut at a syllable, 4 hex of the title's SHA-1
    ("关于“两委”换届选举的通知！", "guan-yu-liang-wei-huan-jie-8f6c"),  # long, with punctuation
    ("“两委”换届，选举！", "liang-wei-huan-jie-xuan-ju"),  # punctuation leaves no trace
    ("2026年G318国道改造，5G基站开通", "2026-nian-g318-guo-dao-gai-1899"),  # long, digits and Latin letters
    ("G318国道5G基站", "g318-guo-dao-5g-ji-zhan"),  # digits and Latin letters kept as words, lower case
    ("十月主题党日", "shi-yue-zhu-ti-dang-ri"),
    (" 冬季用水管网检修通知  ", "dong-ji-yong-shui-guan-wang-5bc4"),  # the spaces around a title count in no hash
    ("绿色长廊", "lv-se-chang-lang"),  # ü is written v
]
NAMING_DAY = dt.datetime(2026, 11, 22, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def named_paths(stem: str) -> dict[str, str]:
    """Kind -> the file `invoke new` writes (and the editor's collection writes) for a title of this stem."""
    return {
        "文章": f"posts/2026/2026-11-22-{stem}.md", "页面": f"pages/{stem}.md", "相册": f"albums/2026-{stem}/album.md",
        "质询": f"cards/质询/2026-11-22-{stem}.md", "四议两公开": f"decisions/2026-{stem}.yml",
    }


def test_invoke_new_names_files_by_the_editors_rule(tmp_path):
    village = {"name": "青禾", "categories": [{"name": "村务"}], "default_author": "信息员"}
    photos = tmp_path / "photos"
    photos.mkdir()
    Image.new("RGB", (8, 8)).save(photos / "a.jpg")
    for number, (title, stem) in enumerate(FILE_NAMES):
        content = tmp_path / f"content{number}"
        for kind, expected in named_paths(stem).items():
            path = scaffold.new_post(content, village, kind, "村务", title, NAMING_DAY, photos=photos)
            assert path.relative_to(content).as_posix() == expected, (title, kind)
    path = scaffold.new_post(tmp_path / "finance", village, "财务", "", "", NAMING_DAY, month="2026-11")
    assert path.name == "2026-11-caiwu.md"  # the editor's 公开事项 of 类型 财务, 期间 2026年11月



def test_a_wrong_backend_is_refused_with_the_choices(site):
    (site.path / "village.yml").write_text(minimal_village_yml().replace("  backend: none", "  backend: gitee"), "utf-8")
    site.write("posts/a.md", POST)
    result = site.build()
    text = "\n".join(messages(result)) + result.summary()
    assert "editor.backend" in text and "gitee" in text and "gitlab" in text and "gitea" in text


def test_gitea_needs_its_server_and_cannot_review(site):
    yml = minimal_village_yml().replace("  backend: none", "  backend: gitea").replace("  base_url: https://git.example.cn", '  base_url: ""')
    (site.path / "village.yml").write_text(yml.replace("  review: false", "  review: true"), "utf-8")
    site.write("posts/a.md", POST)
    text = site.build().summary()
    assert "用 Gitea 时必须写自建服务器的网址" in text
    assert "Gitea 不支持“先送审再发布”" in text


def test_the_admin_config_follows_village_yml_and_stays_out_of_the_public_indexes(site):
    (site.path / "village.yml").write_text(minimal_village_yml().replace("  backend: none", "  backend: gitlab").replace("  review: false", "  review: true"), "utf-8")
    site.write("posts/a.md", POST)
    result = site.build()
    assert result.ok, result.summary()
    config = yaml.safe_load((site.output / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"]["name"] == "gitlab" and config["backend"]["api_root"] == "https://git.example.cn/api/v4"
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "zh_Hans"
    collections = {c["name"]: c for c in config["collections"]}
    assert set(collections) >= {"weibo", "wenzhang", "yemian", "xiangce", "gongkai", "siyi", "mingbaika", "zhixun", "lianxika", "shezhi"}
    category = next(f for f in collections["weibo"]["fields"] if f["name"] == "分类")
    assert category["options"] == ["党建", "村务", "致富", "民俗", "建言"] and category["required"]
    subject = next(f for f in collections["gongkai"]["fields"] if f["name"] == "事项")
    assert "财务收支" in subject["options"]
    assert (site.output / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert "admin" not in (site.output / "sitemap.xml").read_text("utf-8")
    assert not (site.output / "zh-hant" / "admin").exists()


def test_no_editor_no_admin(site):
    site.write("posts/a.md", POST)
    assert site.build().ok
    assert not (site.output / "admin").exists()
