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
