"""The county: county.yml checks, every village built in its own process, the portal from their summaries."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from county_site import TODAY, make_county, post, write
from feedcheck import check_feed
from lxml import etree
from village.config import ConfigError

from county import build as county_build
from county import config as county_config
from county import portal
from county.shards import shard_of


def _load(tmp_path: Path, text: str):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "village.yml").write_text("name: 一村\n", "utf-8")
    (tmp_path / "county.yml").write_text(textwrap.dedent(text), "utf-8")
    return county_config.load(tmp_path / "county.yml")


GOOD = """\
name: 测试县
site_url: https://county.example.cn
townships:
  东山镇: dongshan
villages:
  - name: 一村
    slug: yi
    township: 东山镇
    path: v1
"""


def test_a_valid_county_lists_its_villages_with_their_keys(tmp_path):
    county = _load(tmp_path, GOOD)
    assert [(v.name, v.key, v.path) for v in county.villages] == [("一村", "dongshan/yi", tmp_path / "v1")]


@pytest.mark.parametrize(("change", "expected"), [
    (("site_url: https://county.example.cn", "site_url: county.example.cn"),
     "第 2 行：site_url（门户网址）应当是完整网址，以 https:// 开头"),
    (("  东山镇: dongshan", "  东山镇: 东山"),
     "第 4 行：乡镇“东山镇”的网址名“东山”不行：只能用小写英文字母、数字和连字符，例如 guishan。"),
    (("    township: 东山镇", "    township: 西山镇"),
     "第 8 行：一村的乡镇“西山镇”不在 townships（乡镇列表）里。请写 东山镇 之一，或在 townships 里加一行“西山镇: 网址名”。"),
    (("    path: v1", "    path: v2"),
     "第 9 行：一村的文件夹 v2 里没有 village.yml。"),
    (("    path: v1", "    path: v1\n    repo: https://git.example.cn/yi.git"),
     "第 6 行：一村要写 path（村庄文件夹）或 repo（git 仓库）其中一个，不能都写，也不能都不写。"),
    (("    slug: yi", "    slug: Yi Cun"),
     "第 7 行：第 1 个村的 slug（网址名）“Yi Cun”不行：只能用小写英文字母、数字和连字符，例如 qinghe。"),
    (("    slug: yi", "    slug: yi\n    braunch: dev"),
     "第 8 行：第 1 个村里不认识的设置 “braunch”。是不是想写 branch？"),
    (("name: 测试县\n", ""), "name（门户名称）没有填写，这一项必须填。"),
    (("villages:", "village:"), "不认识的设置 “village”。是不是想写 villages？"),
    (("townships:", "deploy:\n  target: oss:cunwu/site\n  releases: oss:cunwu/site/releases\ntownships:"),
     "第 5 行：deploy.releases 不能放在 target 里面：发布时会把它当作旧文件删掉。请写另一个路径，例如 oss:cunwu/releases。"),
    (("townships:", "deploy:\n  target: cunwu/site\n  releases: oss:cunwu/releases\ntownships:"),
     "第 4 行：deploy.target（网站放在哪里）“cunwu/site”写法不对：写成“rclone 远端名:存储桶/路径”，例如 oss:yunxi-cunwu/site。"),
])
def test_county_config_errors_name_the_line_and_the_fix(tmp_path, change, expected):
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, GOOD.replace(*change))
    assert any(expected in message for message in error.value.messages), error.value.messages


def test_two_villages_with_one_address_in_a_township_are_an_error(tmp_path):
    twice = GOOD + "  - name: 二村\n    slug: yi\n    township: 东山镇\n    path: v1\n"
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, twice)
    assert error.value.messages == ["第 11 行：二村的网址名“yi”和第 1 个村重复了（同一个乡镇里），请换一个。"]


def test_a_village_keeps_its_shard_when_another_is_added():
    keys = [f"zhen{i % 7}/cun{i}" for i in range(300)]
    before = {key: shard_of(key, 8) for key in keys}
    after = {key: shard_of(key, 8) for key in [*keys, "xinzhen/xincun"]}
    assert all(after[key] == before[key] for key in keys)
    assert len(set(before.values())) == 8  # every runner gets villages
    assert shard_of("guishan/qinghe", 4) == shard_of("guishan/qinghe", 4)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    root = tmp_path_factory.mktemp("county")
    county = county_config.load(make_county(root))
    output = root / "output"
    results = county_build.build_county(county, output, jobs=2, today=TODAY)
    portal.build_portal(county, output)
    return county, output, {r.key: r for r in results}


def test_a_village_with_a_content_error_fails_alone(county):
    _, output, results = county
    assert results["dongshan/bing"].result == "failed"
    assert any("天气预报" in message for message in results["dongshan/bing"].errors)
    assert not (output / "dongshan" / "bing").exists()
    assert results["dongshan/jia"].result == "built" and results["dongshan/jia"].posts == 2
    assert results["xihe/yi"].result == "built" and results["xihe/yi"].posts == 1  # from its git repository
    assert (output / "dongshan" / "jia" / "index.html").is_file()
    assert (output / "xihe" / "yi" / "index.html").is_file()
    table = county_build.table(list(results.values()))
    assert "丙村（dongshan/bing）" in table and "失败" in table and "已生成" in table


def test_each_village_has_its_own_url_prefix_and_the_county_address(county):
    _, output, _ = county
    home = (output / "dongshan" / "jia" / "index.html").read_text("utf-8")
    assert 'href="/dongshan/jia/theme/css/site.css"' in home
    summary = json.loads((output / "dongshan" / "jia" / county_build.SUMMARY_FILE).read_text("utf-8"))
    assert summary["site_url"] == "https://county.example.cn/dongshan/jia"
    assert summary["posts"] == 2 and summary["latest"][0]["title"] == "甲村主题党日"
    # 2025-11 on time; 2025-12 and 2026-01 missed; 2026-02 posted 03-15, after its 03-10 deadline
    assert summary["compliance"]["overdue_periods"] == 2
    assert summary["compliance"]["periods_due"] == 4 and summary["compliance"]["on_time"] == 1
    assert [i["title"] for i in summary["on_notice"]] == ["2026年2月财务收支公开"]


def test_portal_lists_every_village_with_its_status(county):
    _, output, _ = county
    index = (output / "index.html").read_text("utf-8")
    for name in ("甲村", "乙村", "丙村"):
        assert name in index
    assert "还没有生成成功" in index  # 丙村
    assert "甲村主题党日" in index and "乙村稻虾共养合作社分红" in index
    assert "2026年2月财务收支公开" in index  # 正在公示 across villages


def test_timelines_are_filtered_by_township_and_category(county):
    _, output, _ = county
    dongshan = (output / "dongtai" / "dongshan" / "index.html").read_text("utf-8")
    xihe = (output / "dongtai" / "xihe" / "index.html").read_text("utf-8")
    assert "甲村春耕动员会" in dongshan and "乙村稻虾" not in dongshan
    assert "乙村稻虾共养合作社分红" in xihe and "甲村" not in xihe.split("<main")[1]
    dangjian = (output / "dongtai" / "fenlei" / "dang-jian" / "index.html").read_text("utf-8")
    assert "甲村主题党日" in dangjian and "春耕" not in dangjian


def test_compliance_page_puts_the_village_most_behind_first(county):
    _, output, _ = county
    page = (output / "gongkai-qingkuang" / "index.html").read_text("utf-8")
    rows = page.split("<tbody>")[1]
    assert rows.index("丙村") < rows.index("乙村")  # never built: nothing published at all
    assert rows.index("乙村") < rows.index("甲村")  # 乙村 never disclosed anything; 甲村 has overdue periods
    assert "还没有任何公开" in rows
    assert "50%（1/2 期）" not in rows and "25%（1/4 期）" in rows


def test_opml_lists_every_villages_feeds_and_each_exists(county):
    output = county[1]
    tree = etree.parse(str(output / "feeds.opml"))
    urls = [node.get("xmlUrl") for node in tree.iter("outline") if node.get("xmlUrl")]
    assert urls and any("/xihe/yi/" in u for u in urls) and any("/dongshan/jia/" in u for u in urls)
    for url in urls:
        relative = url.removeprefix("https://county.example.cn/")
        assert (output / relative).is_file(), url


def test_county_feeds_pass_the_feed_checks(county):
    _, output, _ = county
    for name in ("all.atom.xml", "all.rss.xml"):
        assert check_feed(output / "feeds" / name, "https://county.example.cn") == []
    atom = (output / "feeds" / "all.atom.xml").read_text("utf-8")
    assert "乙村：乙村稻虾共养合作社分红" in atom and "甲村：甲村主题党日" in atom
    # the two villages' posts of 2026-03-02 do not share a time
    assert atom.count("<published>2026-03-02T00:00:00+08:00</published>") == 1


def test_unchanged_villages_are_not_rebuilt_and_an_edited_one_is(county):
    county_, output, _ = county
    jia = output / "dongshan" / "jia"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in jia.rglob("*") if p.is_file()}
    results = {r.key: r for r in county_build.build_county(county_, output, jobs=2, today=TODAY)}
    assert results["dongshan/jia"].result == "unchanged" and results["xihe/yi"].result == "unchanged"
    assert results["dongshan/bing"].result == "failed"  # still broken: built again, still not published
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in jia.rglob("*") if p.is_file()}
    assert after == before
    write(county_.root / "villages" / "jia", "content/posts/2026/c.md", post("甲村新修水渠", "2026-03-18", "村务", "水渠修好了。"))
    results = {r.key: r for r in county_build.build_county(county_, output, jobs=2, today=TODAY, only={"dongshan/jia", "xihe/yi"})}
    assert results["dongshan/jia"].result == "built" and results["dongshan/jia"].posts == 3
    assert results["xihe/yi"].result == "unchanged"


def test_a_village_that_breaks_keeps_its_last_good_site(county):
    county_, output, _ = county
    yi = output / "xihe" / "yi"
    before = (yi / "index.html").read_bytes()
    village = next(v for v in county_.villages if v.key == "xihe/yi")
    repo = Path(village.repo)
    write(repo, "content/posts/2026/b.md", post("坏文章", "2026-03-06", "没有这个分类", "正文"))
    from county_site import git
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "坏", cwd=repo)
    results = {r.key: r for r in county_build.build_county(county_, output, jobs=1, today=TODAY, only={"xihe/yi"})}
    assert results["xihe/yi"].result == "failed"
    assert (yi / "index.html").read_bytes() == before
    portal.build_portal(county_, output)
    index = (output / "index.html").read_text("utf-8")
    assert "最近一次生成失败，显示的是上次成功的版本" in index


def test_county_bench_rebuilds_only_the_edited_village(capsys):
    from county import bench

    figures = bench.run(villages=3, posts=2, jobs=2)
    assert figures["rebuilt"] == ["zhen1/cun1"]
    assert set(figures["per_village"]) == {3}
    out = capsys.readouterr().out
    assert "冷启动（全部 3 个村和门户）" in out and "内存峰值" in out


def test_ci_templates_run_one_job_per_shard_and_the_shard_command_agrees():
    import subprocess
    import sys

    import yaml

    root = Path(__file__).resolve().parent.parent
    gitlab = yaml.safe_load((root / ".ci" / "county.gitlab-ci.yml").read_text("utf-8"))
    github = yaml.safe_load((root / ".ci" / "county-github-workflow.yml").read_text("utf-8"))
    shards = int(gitlab["variables"]["SHARDS"])
    assert gitlab["villages"]["parallel"]["matrix"][0]["SHARD"] == [str(i) for i in range(1, shards + 1)]
    assert github["jobs"]["villages"]["strategy"]["matrix"]["shard"] == list(range(1, int(github["env"]["SHARDS"]) + 1))
    shown = subprocess.run([sys.executable, "-m", "county", "shard", "guishan/qinghe", str(shards)],
                           capture_output=True, text=True, cwd=root, check=True).stdout.strip()
    assert shown == str(shard_of("guishan/qinghe", shards) + 1)


def test_a_county_larger_than_one_batch_of_processes_finishes(county, monkeypatch):
    """Processes are renewed between batches; every village still gets built (or found unchanged)."""
    import threading

    county_, output, _ = county
    monkeypatch.setattr(county_build, "TASKS_PER_PROCESS", 1)
    done: list = []
    worker = threading.Thread(target=lambda: done.append(county_build.build_county(county_, output, jobs=1, today=TODAY)), daemon=True)
    worker.start()
    worker.join(timeout=300)
    assert done, "the county build hung between batches of processes"
    assert sorted(r.key for r in done[0]) == sorted(v.key for v in county_.villages)
