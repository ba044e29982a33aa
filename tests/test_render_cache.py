"""Warm builds copy unchanged pages from the last good site: the result must equal a cold build."""

from __future__ import annotations

import shutil

from tools import build as village_build


def _tree(folder):
    # Pagefind's index is rebuilt from the pages on every build and orders its files freely;
    # the pages it is made from are compared byte for byte.
    return {
        p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"
    }


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
    return _tree(fresh / "output")


def test_editing_one_post_gives_the_same_site_as_a_cold_build(site, tmp_path):
    _fill(site)
    assert site.build().ok
    site.write("posts/p07.md", "标题: 第7篇\n日期: 2024-08-08\n分类: 党建\n标签: 标签3\n\n改过的第7篇正文。\n")
    result = site.build()
    assert result.ok, result.summary()
    cache = result.report.counts["render_cache_hits"]
    assert cache > 20  # most pages were copied, not rendered
    assert "改过的第7篇正文" in site.page("2024/08/di-7-pian/index.html")
    assert _tree(site.output) == _cold_copy(site, tmp_path)


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
    assert _tree(site.output) == _cold_copy(site, tmp_path)


def test_a_failed_build_does_not_poison_the_cache(site, tmp_path):
    _fill(site, 6)
    assert site.build().ok
    site.write("posts/p02.md", "标题: 第2篇\n日期: 2024-13-45\n分类: 党建\n\n坏的。\n")
    assert not site.build().ok
    site.write("posts/p02.md", "标题: 第2篇\n日期: 2024-03-03\n分类: 党建\n标签: 标签2\n\n修好了。\n")
    assert site.build().ok
    assert "修好了" in site.page("2024/03/di-2-pian/index.html")
    assert _tree(site.output) == _cold_copy(site, tmp_path)


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
    assert _tree(site.output) == _cold_copy(site, tmp_path)
