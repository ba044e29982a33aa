"""The web editor's settings (village.yml editor:) and what the build writes to /admin/."""

from __future__ import annotations

import yaml

from tests.conftest import messages, minimal_village_yml

POST = "日期: 2026-03-01\n分类: 村务\n\n村里修好了路灯。\n"



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
