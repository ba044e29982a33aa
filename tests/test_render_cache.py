"""Warm builds copy unchanged pages from the last good site: the result must equal a cold build."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, site_files

from tools import build as village_build


def _fill(site, count=30):
    for i in range(count):
        site.write(
            f"posts/p{i:02d}.md",
            f"标题: 第{i}篇\n日期: 2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}\n分类: {'党建' if i % 2 else '村务'}\n"
            f"标签: 标签{i % 4}\n\n第{i}篇的正文。\n",
        )


def _cold_copy(site, tmp_path):
    """Build the same project from scratch elsewhere, without any cache."""
    fresh = tmp_path / "fresh"
    shutil.copytree(site.path, fresh, symlinks=True, ignore=shutil.ignore_patterns("output", ".cache", ".output-*"))
    result = village_build.build(fresh)
    assert result.ok, result.summary()
    return site_files(fresh / "output")


def test_editing_one_post_gives_the_same_site_as_a_cold_build(site, tmp_path):
    _fill(site)
    assert site.build().ok
    site.write("posts/p07.md", "标题: 第7篇\n日期: 2024-08-08\n分类: 党建\n标签: 标签3\n\n改过的第7篇正文。\n")
    result = site.build()
    assert result.ok, result.summary()
    cache = result.report.counts["render_cache_hits"]
    assert cache > 20  # most pages were copied, not rendered
    assert "改过的第7篇正文" in site.page("2024/08/di-7-pian/index.html")
    assert site_files(site.output) == _cold_copy(site, tmp_path)


def test_retitling_and_adding_posts_and_changing_settings_are_seen(site, tmp_path):
    _fill(site, 12)
    assert site.build().ok
    site.write("posts/p03.md", "标题: 新标题\n日期: 2024-04-04\n分类: 党建\n标签: 新标签\n\n正文。\n")
    site.write("posts/new.md", "标题: 新加的一篇\n日期: 2024-12-30\n分类: 致富\n\n新正文。\n")
    yml = site.path / "village.yml"
    yml.write_text(yml.read_text("utf-8").replace("name: 青禾村", "name: 青禾新村"), "utf-8")
    assert site.build().ok
    assert "青禾新村" in site.page("2024/01/di-0-pian/index.html")
    assert "新标题" in site.page("tag/xin-biao-qian/index.html")
    assert site_files(site.output) == _cold_copy(site, tmp_path)


def test_a_failed_build_does_not_poison_the_cache(site, tmp_path):
    _fill(site, 6)
    assert site.build().ok
    site.write("posts/p02.md", "标题: 第2篇\n日期: 2024-13-45\n分类: 党建\n\n坏的。\n")
    assert not site.build().ok
    site.write("posts/p02.md", "标题: 第2篇\n日期: 2024-03-03\n分类: 党建\n标签: 标签2\n\n修好了。\n")
    assert site.build().ok
    assert "修好了" in site.page("2024/03/di-2-pian/index.html")
    assert site_files(site.output) == _cold_copy(site, tmp_path)


def test_replacing_a_photo_updates_the_pages_that_show_it(site, tmp_path):
    from PIL import Image

    Image.new("RGB", (90, 60), "red").save(site.content / "posts" / "p.jpg")
    site.write("posts/m.md", "日期: 2024-05-02\n分类: 村务\n图片: p.jpg\n\n有照片的微博。\n")
    _fill(site, 3)
    assert site.build().ok
    first = site.page("index.html")
    Image.new("RGB", (60, 90), "blue").save(site.content / "posts" / "p.jpg")  # same name, new photo
    result = site.build()
    assert result.ok, result.summary()
    assert result.report.counts["render_cache_hits"] > 0
    assert site.page("index.html") != first and 'width="60" height="90"' in site.page("index.html")
    assert site_files(site.output) == _cold_copy(site, tmp_path)


# -- a whole village: posts, an album, 公开栏 items, a 四议两公开 matter and the three cards --------

TODAY = {"VILLAGE_TODAY": "2026-12-01"}  # the 公开栏 and the cards show "today"-dependent states

DECISION = """标题: 修缮老祠堂
说明: 修好后作为村史馆。
步骤:
  - 步骤: 提议
    日期: 2026-09-03
    会议: 村党支部委员会会议
  - 步骤: 商议
    日期: 2026-09-10
    会议: 村两委联席会议
  - 步骤: 审议
    日期: 2026-09-24
    会议: 党员大会
    应到: 42
    实到: 35
    赞成: 32
    反对: 1
    弃权: 2
  - 步骤: 决议
    日期: 2026-10-15
    会议: 村民代表会议
    应到: 35
    实到: 30
    赞成: 27
    反对: 2
    弃权: 1
  - 步骤: 决议公开
    日期: 2026-11-28
    公开: QH-CW-20261128-AAA
"""


def _post(i, body=None):
    return (f"标题: 第{i}篇\n日期: 2026-0{i + 1}-0{i + 1}\n分类: {'党建' if i % 2 else '村务'}\n"
            f"标签: 标签{i % 2}\n\n{body or f'第{i}篇的正文。'}\n")


def _album(second_caption="水塘"):
    return f"标题：秋季茶园\n日期：2025年11月5日\n说明：茶园小景。\n封面：a.jpg\n\n- a.jpg：茶垄\n- b.jpg：{second_caption}\n"


def _fazhan(count="一名"):
    return ("类型: 党务\n事项: 发展党员\n期间: 2026年第三季度\n发布日期: 2026-10-08\n公示期: 7天\n"
            f"发布机构: 中共青禾村支部委员会\n\n第三季度接收预备党员{count}。\n")


def _village(site):
    from PIL import Image

    for i in range(6):
        site.write(f"posts/p{i}.md", _post(i))
    (site.content / "albums" / "qiuji").mkdir(parents=True)
    for name, colour in (("a.jpg", "red"), ("b.jpg", "green")):
        Image.new("RGB", (90, 60), colour).save(site.content / "albums" / "qiuji" / name)
    site.write("albums/qiuji/album.md", _album())
    site.write("disclosures/2026/2026-q3-fazhan.md", _fazhan())
    site.write(  # on notice 11-28 to 12-05, and linked from the decision (which links back)
        "disclosures/2026/2026-11-citang.md",
        "类型: 村务\n事项: 公益事业\n期间: 2026年第四季度\n发布日期: 2026-11-28\n公示期: 7天\n"
        "索引号: QH-CW-20261128-AAA\n发布机构: 青禾村村民委员会\n\n修缮老祠堂的决议。\n",
    )
    site.write("decisions/citang.yml", DECISION)
    site.write("cards/联系卡.yml", "标题: 青禾村便民联系卡\n说明: 有事请打电话。\n\n人员:\n  - 姓名: 周建国\n"
               "    职务: 村党支部书记\n    电话: 139 0000 0001\n    类别: 村两委\n")
    site.write("cards/明白卡/2026-11.md", "日期: 2026-11-01\n编辑: 林晓禾\n\n## 中心工作\n\n- 冬季茶园管护。\n\n"
               "## 主要议程\n\n- 村两委联席会议。\n\n## 项目建设\n\n- 水渠清淤。\n\n## 文化活动\n\n- 放电影。\n")
    site.write("cards/质询/2026-11-16-gongce.md", "标题: 公厕夜里不开灯\n收到日期: 2026-11-16\n质询人: 唐某某\n"
               "办理状态: 办理中\n经办人: 林晓禾\n\n## 质询内容\n\n公厕晚上不开灯。\n\n## 办理措施\n\n挂了应急灯。\n\n"
               "## 客观原因\n\n配件 12 月初到货。\n")


def _build(site, today=TODAY):
    result = village_build.build(site.path, overrides=today)
    assert result.ok, result.summary()
    return result


def _cold(site, tmp_path, today=TODAY):
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(site.path, fresh, symlinks=True, ignore=shutil.ignore_patterns("output", ".cache", ".output-*"))
    result = village_build.build(fresh, overrides=today)
    assert result.ok, result.summary()
    return site_files(fresh / "output")


def test_an_unchanged_rebuild_renders_nothing_and_every_kind_of_page_is_cached(site):
    _village(site)
    first = _build(site)
    made = set(first.rendered)
    # Every kind of page went through the cache: none of them is rendered again below.
    for page in ("albums/qiuji/index.html", "albums/qiuji/2/index.html", "gongkai/index.html",
                 "gongkai/rili/index.html", "gongkai/2026/2026-11-citang/index.html", "gongkai/juece/citang/index.html",
                 "cards/contacts/index.html", "cards/monthly/2026-11/index.html",
                 "cards/inquiries/2026-11/2026-11-16-gongce/index.html", "feeds/gongkai.atom.xml",
                 "feeds/juece.rss.xml", "sitemap.xml", "robots.txt"):
        assert page in made
    again = _build(site)
    assert again.rendered == []
    assert again.report.counts["rendered"] == 0
    assert again.report.counts["render_cache_hits"] == len(made)


def test_a_post_edit_renders_exactly_the_pages_that_show_its_text(site, tmp_path):
    _village(site)
    _build(site)
    site.write("posts/p3.md", _post(3, "改过的第3篇正文。"))
    result = _build(site)
    # Pages showing the post's body or summary, and its feeds. Archives, the month and year
    # pages and the tag/category/author overviews list only titles and dates (LISTED_ONLY).
    assert sorted(result.rendered) == [
        "2026/04/di-3-pian/guangbo.txt",  # its 广播稿 (channels/), and no other post's
        "2026/04/di-3-pian/index.html",
        "author/qing-he-cun-xin-xi-yuan/index.html",
        "category/dangjian/index.html",
        "feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/dangjian.atom.xml", "feeds/dangjian.rss.xml",
        "index.html",
        "tag/biao-qian-1/index.html",
    ]
    assert "改过的第3篇正文" in site.page("index.html")
    # Byte for byte what a cold build makes (the Pagefind index is left out of _tree: it is
    # always rebuilt from these pages and orders its own files freely).
    assert site_files(site.output) == _cold(site, tmp_path)


def test_an_album_caption_edit_renders_exactly_the_album_pages(site, tmp_path):
    _village(site)
    _build(site)
    site.write("albums/qiuji/album.md", _album("山泉水塘"))
    result = _build(site)
    assert sorted(result.rendered) == [
        "albums/index.html", "albums/qiuji/1/index.html", "albums/qiuji/2/index.html", "albums/qiuji/index.html",
        "feeds/albums.atom.xml", "feeds/albums.rss.xml", "feeds/all.atom.xml", "feeds/all.rss.xml",
    ]
    assert "山泉水塘" in site.page("albums/qiuji/2/index.html")
    assert site_files(site.output) == _cold(site, tmp_path)


def test_a_disclosure_edit_renders_exactly_its_page_and_the_lists_showing_it(site, tmp_path):
    _village(site)
    _build(site)
    site.write("disclosures/2026/2026-q3-fazhan.md", _fazhan("两名"))
    result = _build(site)
    assert sorted(result.rendered) == [
        "feeds/gongkai.atom.xml", "feeds/gongkai.rss.xml",
        "gongkai/2026/2026-q3-fazhan/guangbo.txt",  # its 广播稿 (channels/)
        "gongkai/2026/2026-q3-fazhan/index.html",
        "gongkai/2026/index.html",  # by year
        "gongkai/dangwu/index.html",  # by type
        "gongkai/index.html",
        "gongkai/rili/index.html",  # the calendar links the quarter's item
        "gongkai/shixiang/fa-zhan-dang-yuan/index.html",  # by subject
    ]
    assert "两名" in site.page("gongkai/2026/2026-q3-fazhan/index.html")
    assert site_files(site.output) == _cold(site, tmp_path)


def test_editing_a_decision_renders_its_pages_and_the_item_it_links(site, tmp_path):
    _village(site)
    _build(site)
    site.write("decisions/citang.yml", DECISION.replace("修好后作为村史馆。", "修好后作为村史馆和老年活动室。"))
    result = _build(site)
    assert {"gongkai/juece/index.html", "gongkai/juece/citang/index.html", "feeds/juece.atom.xml",
            "gongkai/2026/2026-11-citang/index.html"} <= set(result.rendered)
    assert "gongkai/2026/2026-q3-fazhan/index.html" not in result.rendered
    assert site_files(site.output) == _cold(site, tmp_path)


def test_a_new_day_renders_the_pages_whose_notice_or_waiting_time_changed(site, tmp_path):
    _village(site)
    _build(site)
    later = {"VILLAGE_TODAY": "2026-12-10"}  # the 祠堂 notice has ended; the inquiry waited longer
    result = _build(site, later)
    assert {"gongkai/index.html", "gongkai/rili/index.html", "gongkai/2026/2026-11-citang/index.html",
            "cards/inquiries/2026-11/2026-11-16-gongce/index.html"} <= set(result.rendered)
    assert "index.html" in result.rendered  # its first screen listed the notice that ended
    assert "albums/qiuji/index.html" not in result.rendered
    assert "公示中" not in site.page("index.html").split('<section class="now"')[1].split("</section>")[0]
    assert site_files(site.output) == _cold(site, tmp_path, later)


def test_templates_are_analysed_once_and_again_only_after_an_edit(site, monkeypatch):
    import json

    from village.output import render_cache

    _fill(site, 3)
    assert site.build().ok
    analysed = []
    real = render_cache.meta.find_undeclared_variables
    monkeypatch.setattr(render_cache.meta, "find_undeclared_variables", lambda ast: analysed.append(ast) or real(ast))
    assert site.build().ok
    assert analysed == []  # what each template reads was remembered with its source's hash
    # An edited template is analysed afresh and its new variable counted as read.
    (site.path / "theme").unlink()
    shutil.copytree(Path(__file__).resolve().parent.parent / "theme", site.path / "theme")
    article = site.path / "theme" / "templates" / "article.html"
    article.write_text(article.read_text("utf-8") + "{{ NEWLY_READ }}\n", "utf-8")
    assert site.build().ok
    assert len(analysed) == 1
    stored = json.loads(next((site.path / ".cache").rglob(render_cache.TEMPLATES_FILE)).read_text("utf-8"))
    assert "NEWLY_READ" in stored["article.html"][1]


def test_files_carried_over_are_linked_and_rewriting_one_never_touches_the_last_site(tmp_path):
    from village.output.files import link_or_copy, replace_file

    last = tmp_path / "last.css"
    last.write_bytes(b"body { color: red }")
    new = tmp_path / "new.css"
    link_or_copy(last, new)
    assert new.stat().st_ino == last.stat().st_ino  # linked, not copied
    replace_file(new, b"body{color:red}")  # as minifying does
    assert last.read_bytes() == b"body { color: red }" and new.read_bytes() == b"body{color:red}"



def test_an_object_first_met_inside_a_cycle_is_fingerprinted_whole_on_its_own_page(tmp_path):
    # Fingerprints are remembered across the pages of a build, but one made inside a cycle names
    # its place there ("^1"), not what it is: reused on the item's own page, the decision's title
    # shown there would not count, and retitling the decision would leave that page stale.
    import dataclasses

    from pelican.settings import read_settings
    from village.diagnostics import Report
    from village.output.render_cache import RenderCache
    from village.state import STATE_KEY, BuildState

    @dataclasses.dataclass(eq=False)
    class Decision:
        title: str
        items: list

    @dataclasses.dataclass(eq=False)
    class Item:
        title: str
        decision: Decision | None = None

    def keys(title: str) -> dict[str, str]:
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={"CACHE_PATH": str(tmp_path / title / "cache")})
        settings[STATE_KEY] = BuildState(report=Report(root=str(tmp_path)))
        cache = RenderCache(settings)
        decision = Decision(title, [])
        item = Item("村道硬化", decision)
        decision.items.append(item)
        for name, variable, value in (("decision.html", "decision", decision), ("item.html", "item", item)):
            cache.defer(name, lambda name=name, variable=variable, value=value: cache.key(name, {variable: value}, {variable}), str)
        cache.write_pending(str(tmp_path / title / "output"), workers=1)
        return cache.current

    first, second = keys("修建村口停车场"), keys("修建村口广场")
    assert first["decision.html"] != second["decision.html"]
    assert first["item.html"] != second["item.html"]  # the item's page shows its decision's title
