"""The reading experience, built: the 繁體 mirror, metadata, sharing, search index and page furniture."""

from __future__ import annotations

import json
import re

import pytest
from conftest import messages, minimal_village_yml, published_bytes, scanned_svg
from village.posts import page_meta

POST = """标题: 村里新装了软件和路灯
日期: 2024-05-01
分类: 村务
标签: 路灯, 信息化

发展集体经济，村里为文化广场装了二十盏太阳能路灯。[村情简介](/about/) 里有全村的介绍，
通知原文见 [这份文件](https://example.gov.cn/发展/通知.html)。

```
发展 = "不转换的代码"
```

行内代码 `后台软件` 也保持原样。
"""
PAGE = """标题: 关于本站
网址: about

本站由村里的信息员维护。
"""


def _post(title: str, date: str, tags: str) -> str:
    return f"标题: {title}\n日期: {date}\n分类: 村务\n标签: {tags}\n\n{title}的正文。\n"


@pytest.fixture
def built(site):
    site.write("posts/lamps.md", POST)
    site.write("pages/about.md", PAGE)
    result = site.build()
    assert result.ok, result.summary()
    return site


def test_every_page_has_a_traditional_mirror_with_text_converted_and_urls_kept(built):
    simplified = built.page("2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/index.html")
    mirror = built.page("zh-hant/2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/index.html")
    assert '<html lang="zh-CN" dir="ltr">' in simplified
    assert re.search(r'<html lang="zh-Hant" data-mirror="[0-9a-f]{12}" dir="ltr">', mirror)
    assert "<title>村裏新裝了軟件和路燈·青禾村</title>" in mirror
    assert "發展集體經濟" in mirror and "太陽能路燈" in mirror
    assert '<meta name="description" content="發展集體經濟' in mirror
    # Code and URLs stay exactly as written.
    assert '發展 = "不轉換的代碼"' not in mirror and "不转换的代码" in mirror
    assert "<code>后台软件</code>" in mirror
    assert 'href="https://example.gov.cn/发展/通知.html"' in mirror
    # Links to pages lead to their mirror; assets and feeds stay where they are.
    assert 'href="/zh-hant/about/"' in mirror
    assert 'href="/zh-hant/category/cunwu/"' in mirror
    assert 'href="/theme/css/site.css"' in mirror and 'href="/feeds/all.atom.xml"' in mirror
    assert 'src="/theme/js/reading.js"' in mirror
    # The 简/繁 switch leads to the same page in the other script.
    assert re.search(r'<a class="script-switch" href="/zh-hant/2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/"[^>]*lang="zh-Hant"', simplified)
    assert re.search(r'<a class="script-switch" href="/2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/"[^>]*lang="zh-CN"', mirror)
    # Both versions name each other; the mirror is its own canonical page.
    for page in (simplified, mirror):
        assert 'hreflang="zh-CN" href="https://qinghe.example.cn/2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/"' in page
        assert 'hreflang="zh-Hant" href="https://qinghe.example.cn/zh-hant/2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/"' in page
    assert '<link rel="canonical" href="https://qinghe.example.cn/zh-hant/2024/05/' in mirror
    simplified_pages = {p.relative_to(built.output) for p in built.output.rglob("*.html") if p.parts[len(built.output.parts)] not in ("zh-hant", "pagefind")}
    assert all((built.output / "zh-hant" / p).is_file() for p in simplified_pages)


def test_the_mirror_variant_is_configurable(site):
    site.write("posts/lamps.md", POST)
    (site.path / "village.yml").write_text(minimal_village_yml().replace("traditional: s2t", "traditional: s2twp"), "utf-8")
    assert site.build().ok
    mirror = site.page("zh-hant/2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/index.html")
    assert '<html lang="zh-Hant-TW"' in mirror
    assert "軟體" in mirror  # Taiwan's word for 软件, which plain s2t leaves as 軟件


def test_no_mirror_when_switched_off(site):
    site.write("posts/lamps.md", POST)
    (site.path / "village.yml").write_text(minimal_village_yml().replace("traditional: s2t", "traditional: none"), "utf-8")
    assert site.build().ok
    assert not (site.output / "zh-hant").exists()
    page = site.page("index.html")
    assert "script-switch" not in page and "hreflang" not in page


def test_warm_build_mirror_matches_a_cold_build(built, tmp_path):
    built.write("posts/second.md", _post("第二篇", "2024-05-02", "路灯"))
    assert built.build().ok  # warm: unchanged mirror pages are copied
    warm = {p.relative_to(built.output): p.read_bytes() for p in (built.output / "zh-hant").rglob("*.html")}
    import shutil

    shutil.rmtree(built.path / "cache", ignore_errors=True)
    shutil.rmtree(built.output)
    assert built.build().ok
    cold = {p.relative_to(built.output): p.read_bytes() for p in (built.output / "zh-hant").rglob("*.html")}
    assert warm == cold
    assert "第二篇" in (built.output / "zh-hant/2024/05/di-er-pian/index.html").read_text("utf-8")


def test_search_index_has_one_index_per_script(built):
    shards = json.loads((built.output / "pagefind/shards.json").read_text("utf-8"))["shards"]
    assert shards == ["y2024", "site"]  # posts by year, then the pages
    languages: dict = {}
    for shard in shards:
        entry = json.loads((built.output / f"pagefind/{shard}/pagefind-entry.json").read_text("utf-8"))
        for language, index in entry["languages"].items():
            languages[language] = languages.get(language, 0) + index["page_count"]
    # Only posts, pages and the 互动 page (how to ask) are indexed (data-pagefind-body), not listings,
    # search or 404.
    assert languages == {"zh-cn": 3, "zh-hant": 3}
    indexed = sorted(p.relative_to(built.output).as_posix() for p in built.output.rglob("*.html")
                     if "zh-hant" not in p.parts and "pagefind" not in p.parts and b"data-pagefind-body" in p.read_bytes())
    assert indexed == ["2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/index.html", "about/index.html", "hudong/index.html"]
    article = built.page("2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/index.html")
    assert article.count("data-pagefind-body") == 1
    assert "data-pagefind-body" not in built.page("index.html")


def test_editing_one_post_reindexes_only_its_year(built):
    built.write("posts/old.md", _post("旧文", "2023-03-01", "路灯"))
    first = built.build()
    # The new year, and 2024 whose post now links to it as 上一篇; the pages' shard is reused.
    assert first.ok and first.report.counts["search_shards_indexed"] == 2
    built.write("posts/lamps.md", POST + "\n补记：路灯已经全部通电。\n")
    second = built.build()
    assert second.ok and second.report.counts["search_shards_indexed"] == 1
    assert sorted(p.name for p in (built.output / "pagefind").iterdir()) == ["shards.json", "site", "y2023", "y2024"]
    entry = json.loads((built.output / "pagefind/y2023/pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["zh-cn"]["page_count"] == 1


def test_article_metadata_open_graph_and_json_ld(built):
    page = built.page("2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/index.html")
    url = "https://qinghe.example.cn/2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="村里新装了软件和路灯·青禾村">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["@type"] == "NewsArticle" and data["headline"] == "村里新装了软件和路灯"
    assert data["mainEntityOfPage"] == url and data["datePublished"].startswith("2024-05-01T00:00:00+08:00")
    assert data["keywords"] == ["路灯", "信息化"]
    manifest = json.loads((built.output / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["short_name"] == "青禾村" and manifest["lang"] == "zh-CN"


def test_json_ld_cannot_close_its_script(site):
    site.write("posts/x.md", "标题: </script><script>alert(1)</script>\n日期: 2024-05-01\n分类: 村务\n\n正文。\n")
    assert site.build().ok
    page = next(site.output.glob("2024/05/*/index.html")).read_text("utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1)
    assert "<" not in script
    assert json.loads(script)["headline"] == "</script><script>alert(1)</script>"


def test_share_qr_code_encodes_the_public_address(built, tmp_path):
    page = built.page("2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/index.html")
    svg = re.search(r"<svg [^>]*class=\"qr\".*?</svg>", page, re.DOTALL).group(0)
    url = "https://qinghe.example.cn/2024/05/cun-li-xin-zhuang-le-ruan-jian-he-lu-deng/"
    assert scanned_svg(svg, tmp_path) == [url]
    assert 'role="img" aria-label="本文网址的二维码' in svg
    assert f'<span class="url">{url}</span>' in page


def test_neighbours_and_related_posts(site):
    site.write("posts/a.md", _post("甲文", "2024-05-01", "茶叶, 合作社"))
    site.write("posts/b.md", _post("乙文", "2024-05-02", "路灯"))
    site.write("posts/c.md", _post("丙文", "2024-05-03", "茶叶, 合作社"))
    site.write("posts/d.md", _post("丁文", "2024-05-04", "茶叶"))
    assert site.build().ok
    page = site.page("2024/05/bing-wen/index.html")
    assert re.search(r'上一篇</span> <a href="/2024/05/yi-wen/" rel="prev">乙文</a>', page)
    assert re.search(r'下一篇</span> <a href="/2024/05/ding-wen/" rel="next">丁文</a>', page)
    related = re.search(r'<section class="related".*?</section>', page, re.DOTALL).group(0)
    assert related.index("甲文") < related.index("丁文")  # two shared tags before one
    assert "乙文" not in related and "丙文" not in related


def test_link_neighbours_and_related_ranks_by_shared_tags_then_date():
    class Tag:
        def __init__(self, name):
            self.name = name

    class Post:
        def __init__(self, name, day, tags):
            import datetime as dt

            self.name, self.date, self.tags = name, dt.datetime(2024, 5, day), [Tag(t) for t in tags]

    posts = [Post("d", 4, ["x"]), Post("c", 3, ["x", "y"]), Post("b", 2, ["z"]), Post("a", 1, ["x", "y"])]
    page_meta.link_neighbours_and_related(posts)
    assert [p.name for p in posts[1].related_posts] == ["a", "d"]
    assert posts[0].newer_post is None and posts[0].older_post is posts[1]
    assert posts[2].related_posts == []


def test_footer_shows_filing_numbers_and_last_update_and_omits_empty_ones(site):
    site.write("posts/a.md", _post("甲文", "2024-05-01", "茶叶"))
    site.write("posts/b.md", _post("乙文", "2024-06-09", "茶叶").replace("日期: 2024-06-09", "日期: 2024-06-09\n修改日期: 2024-07-02"))
    assert site.build().ok
    page = site.page("index.html")
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">云ICP备00000000号-1</a>' in page
    assert "云公网安备 00000000000000号" in page
    assert '本站更新于 <time datetime="2024-07-02">2024年7月2日</time>' in page
    yml = minimal_village_yml()
    yml = re.sub(r"^icp: .*$", 'icp: ""', yml, flags=re.MULTILINE)
    yml = re.sub(r"^police_beian: .*$", 'police_beian: ""', yml, flags=re.MULTILINE)
    (site.path / "village.yml").write_text(yml, "utf-8")
    assert site.build().ok
    page = site.page("index.html")
    assert "beian.miit.gov.cn" not in page and "公网安备" not in page


def test_image_without_alt_text_is_a_warning_naming_file_and_line(site):
    site.write("posts/a.jpg", b"")  # existence is checked separately; only the warning matters here
    site.write("posts/a.md", "标题: 有图\n日期: 2024-05-01\n分类: 村务\n\n正文。\n\n![](a.jpg)\n")
    result = site.build(check_only=True)
    warnings = messages(result, "warning")
    assert any(
        "posts/a.md" in m and "第 7 行" in m and "图片“a.jpg”没有说明文字" in m and "![村民在文化广场排练](a.jpg)" in m
        for m in warnings
    ), warnings


def test_contact_page_setting_must_name_an_existing_page(site):
    site.write("posts/a.md", _post("甲文", "2024-05-01", "茶叶"))
    site.write("pages/about.md", PAGE)
    (site.path / "village.yml").write_text(minimal_village_yml().replace('contact_page: ""', "contact_page: lianxi"), "utf-8")
    result = site.build()
    assert not result.ok
    assert any(
        "contact_page（“联系我们”页面）写的是“lianxi”，但 content/pages/ 里没有网址名为 lianxi 的页面。现有页面的网址名：about。" in m
        for m in messages(result)
    ), messages(result)
    (site.path / "village.yml").write_text(minimal_village_yml().replace('contact_page: ""', "contact_page: about"), "utf-8")
    assert site.build().ok
    assert '<li><a href="/about/" aria-current="page">联系我们</a></li>' in site.page("about/index.html")


def test_header_links_only_categories_that_have_posts(site):
    from tools.linkcheck import check_site

    site.write("posts/a.md", _post("甲文", "2024-05-01", "茶叶"))
    assert site.build().ok
    page = site.page("index.html")
    assert '<a href="/category/cunwu/">村务</a>' in page
    assert "/category/dangjian/" not in page  # no post yet: Pelican writes no page for it
    assert check_site(site.output, "https://qinghe.example.cn") == []


def test_mirror_made_on_several_cores_is_the_same(built, tmp_path):
    import shutil

    from village.output import traditional

    shutil.rmtree(built.output / "zh-hant")
    single = tmp_path / "single"
    shutil.copytree(built.output, single)
    bases = ["", "https://qinghe.example.cn"]
    assert traditional.build_mirror(single, "s2t", bases, workers=1)[0] > 5
    assert traditional.build_mirror(built.output, "s2t", bases, workers=2)[0] > 5

    def read(root) -> dict:
        return {p.relative_to(root): p.read_bytes() for p in (root / "zh-hant").rglob("*.html")}

    assert read(single) == read(built.output)


def test_search_shards_are_indexed_side_by_side(built, monkeypatch):
    import shutil
    import subprocess
    import threading

    from village.output import search

    built.write("posts/old.md", _post("旧文", "2023-03-01", "路灯"))
    assert built.build().ok
    site = built.output
    shutil.rmtree(site / "pagefind")
    # The first two Pagefind runs wait for each other: run one after another, they never meet.
    meeting = threading.Barrier(2, timeout=20)
    started = []
    real_run = subprocess.run

    def run(command, **kwargs):
        started.append(command)
        if len(started) <= 2:
            meeting.wait()
        return real_run(command, **kwargs)

    monkeypatch.setattr(search.subprocess, "run", run)
    try:
        problem, indexed = search.build_index(site, workers=2)
    except threading.BrokenBarrierError:
        pytest.fail("the shards were indexed one after another")
    assert problem is None and indexed == 3
    assert json.loads((site / "pagefind/shards.json").read_text("utf-8"))["shards"] == ["y2023", "y2024", "site"]
    for shard in ("y2023", "y2024", "site"):
        assert (site / "pagefind" / shard / "pagefind-entry.json").is_file()


def test_a_busy_year_is_indexed_in_quarters_and_a_quiet_one_whole(tmp_path, monkeypatch):
    from village.output import search

    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    for path in ("2025/03/a/index.html", "2026/01/a/index.html", "2026/02/b/index.html", "2026/11/c/index.html",
                 "about/index.html", "zh-hant/2026/11/c/index.html", "zh-hant/about/index.html"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("<html></html>", "utf-8")
    assert search.shard_globs(tmp_path) == {
        "y2025": ["2025/**/*.html", "zh-hant/2025/**/*.html"],
        "y2026q1": ["2026/01/**/*.html", "2026/02/**/*.html", "zh-hant/2026/01/**/*.html", "zh-hant/2026/02/**/*.html"],
        "y2026q4": ["2026/11/**/*.html", "zh-hant/2026/11/**/*.html"],
        "site": ["about/**/*.html", "zh-hant/about/**/*.html"],
    }


def test_village_overrides_correct_what_opencc_gets_wrong(site):
    site.path.joinpath("village.yml").write_text(
        (site.path / "village.yml").read_text("utf-8") + "\ntraditional_overrides:\n  并到: 並到\n", "utf-8"
    )
    site.write("posts/a.md", "标题: 两个组的茶园并到合作社\n日期: 2026-04-01\n分类: 致富\n\n零散茶园并到合作社统一管理，并且统一收购。\n")
    result = site.build()
    assert result.ok, result.summary()
    mirror = (site.output / "zh-hant/2026/04/liang-ge-zu-de-cha-yuan-bing-dao-he-zuo-she/index.html").read_text("utf-8")
    assert "<title>兩個組的茶園並到合作社" in mirror  # the title
    assert "茶園並到合作社統一管理，並且" in mirror  # the body
    assert "併到" not in mirror
    # …and the 繁體 search index, which is made from the mirror pages
    index = published_bytes(site.output / "pagefind").decode("utf-8", "replace")
    assert "並到" in index and "併到" not in index


def test_a_bad_override_list_names_its_line(site):
    from village.config import ConfigError, load

    path = site.path / "village.yml"
    path.write_text(path.read_text("utf-8") + "\ntraditional_overrides:\n  并到:\n", "utf-8")
    with pytest.raises(ConfigError) as raised:
        load(path)
    assert any("traditional_overrides（繁體版的更正词表）里“并到”缺了一边" in m for m in raised.value.messages), raised.value.messages
