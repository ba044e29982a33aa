"""The cache of slow steps that depend only on what they are given (source/memo.py)."""

from __future__ import annotations

from village.source.memo import DiskMemo, stable_name
from village.source.rendering import SiteMarkdown
from village.source.slugs import heading_id


def counting(value: bytes):
    calls = []

    def make() -> bytes:
        calls.append(value)
        return value

    return make, calls


def settings_for(tmp_path, load=True, store=True) -> dict:
    return {"CACHE_PATH": str(tmp_path / "cache"), "LOAD_CONTENT_CACHE": load, "CACHE_CONTENT": store}


def test_a_result_is_made_once_and_read_back_by_a_later_build(tmp_path):
    make, calls = counting(b"<p>one</p>")
    assert DiskMemo(settings_for(tmp_path), "markdown").result(["text one"], make) == b"<p>one</p>"
    assert DiskMemo(settings_for(tmp_path), "markdown").result(["text one"], make) == b"<p>one</p>"
    assert len(calls) == 1
    other, other_calls = counting(b"<p>two</p>")
    assert DiskMemo(settings_for(tmp_path), "markdown").result(["text two"], other) == b"<p>two</p>"
    assert len(other_calls) == 1  # another text is another entry, never the first one's result


def test_a_build_that_trusts_no_cache_makes_everything_and_leaves_it_for_the_next(tmp_path):
    make, calls = counting(b"rows")
    release = DiskMemo(settings_for(tmp_path, load=False), "tables")
    release.result(["a.xlsx"], make)
    release.result(["a.xlsx"], make)
    assert len(calls) == 2
    DiskMemo(settings_for(tmp_path), "tables").result(["a.xlsx"], make)
    assert len(calls) == 2


def test_without_a_cache_folder_or_caching_nothing_is_kept(tmp_path):
    make, calls = counting(b"x")
    for settings in ({}, settings_for(tmp_path, store=False)):
        DiskMemo(settings, "markdown").result(["k"], make)
        DiskMemo(settings, "markdown").result(["k"], make)
    assert len(calls) == 4
    assert not (tmp_path / "cache").exists()


def test_a_function_in_the_key_is_named_not_addressed():
    # The headings' slugify is in the Markdown options: keyed by its memory address, which differs
    # in every process, no later build would ever find an entry.
    assert stable_name(heading_id) == "village.source.slugs.heading_id"


def test_a_text_converted_by_an_earlier_build_is_not_converted_again(tmp_path):
    settings = {**settings_for(tmp_path), "MARKDOWN": {
        "extensions": ["markdown.extensions.toc"],
        "extension_configs": {"markdown.extensions.toc": {"slugify": heading_id}},
    }}
    first = SiteMarkdown(settings)
    html = first.convert("## 村务\n\n正文")
    assert html == '<h2 id="cun-wu">村务</h2>\n<p>正文</p>'
    later = SiteMarkdown(settings)
    assert later.convert("## 村务\n\n正文") == html
    assert later._markdown is None  # never built: the text came from the cache
    assert later.convert("## 党建\n\n正文").startswith('<h2 id="dang-jian">')


def test_a_cache_that_cannot_be_written_still_gives_the_result(tmp_path):
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    make, calls = counting(b"html")
    assert DiskMemo(settings_for(tmp_path), "markdown").result(["k"], make) == b"html"
    assert DiskMemo(settings_for(tmp_path), "markdown").result(["k"], make) == b"html"
    assert len(calls) == 2


def test_entries_no_build_used_for_a_week_are_pruned_and_used_ones_kept(tmp_path):
    import os
    import time

    from village.source.memo import prune

    settings = settings_for(tmp_path)
    for text in ("old", "used", "new"):
        DiskMemo(settings, "markdown").result([text], lambda text=text: text.encode())
    entries = {p.read_text(): p for p in (tmp_path / "cache").rglob("*") if p.is_file()}
    week_ago = time.time() - 8 * 86400
    for text in ("old", "used"):
        os.utime(entries[text], (week_ago, week_ago))
    make, calls = counting(b"unused")
    assert DiskMemo(settings, "markdown").result(["used"], make) == b"used"  # read: still in use
    assert calls == []
    prune(tmp_path / "cache", time.time() - 7 * 86400)
    left = sorted(p.read_text() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert left == ["new", "used"]


def test_a_build_prunes_its_stale_entries_and_keeps_the_ones_it_used(site):
    import os
    import time

    site.pin_today("2026-04-10")
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    site.write("disclosures/2026/q1.md", "类型: 村务\n事项: 惠农补贴\n期间: 2026年第一季度\n发布日期: 2026-04-05\n公示期: 15天\n"
               "发布机构: 青禾村村民委员会\n\n第一季度补贴已发放。\n")
    assert site.build().ok
    entries = [p for p in (site.path / ".cache").rglob("memo-markdown/*/*") if p.is_file()]
    assert entries  # the item's body
    stale = entries[0].parent / ("0" * 40)
    stale.write_bytes(b"<p>an edited text's old version</p>")
    week_ago = time.time() - 8 * 86400
    for path in (*entries, stale):
        os.utime(path, (week_ago, week_ago))
    assert site.build().ok
    assert not stale.exists()
    assert all(path.exists() for path in entries)  # read by this build, so kept
