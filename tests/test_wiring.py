"""The plugin's wiring: one register(), an order that is pinned, one URL registry, one state per build."""

from __future__ import annotations

import pytest
import village
from blinker import Signal
from conftest import messages
from pelican import signals

from tools import build as village_build

GOOD = "标题: 村里开会\n日期: 2024-05-01\n分类: 党建\n\n正文。\n"


def _receivers(signal: Signal) -> list[str]:
    # blinker calls receivers in the order they were connected
    return [f"{r.__module__}.{r.__qualname__}" for r in (ref() for ref in signal.receivers.values()) if r]


@pytest.fixture
def wired():
    """Connect the plugin to fresh signals, as Pelican would, and list what each signal calls."""
    names = ["initialized", "generator_init", "readers_init", "content_object_init", "article_generator_pretaxonomy",
             "get_generators", "all_generators_finalized", "static_generator_finalized", "get_writer", "finalized"]
    saved = {name: getattr(signals, name) for name in names}
    for name in names:
        setattr(signals, name, Signal())
    try:
        village.register()
        yield {name: _receivers(getattr(signals, name)) for name in names}
    finally:
        for name, signal in saved.items():
            setattr(signals, name, signal)


def test_finalizers_run_in_the_pinned_order_with_precompression_last(wired):
    assert wired["finalized"] == [
        "village.output.render_cache.on_finalized",  # the pages, before anything reads the site
        "village.posts.page_meta.on_finalized",
        "village.photos.markup.on_finalized",
        "village.photos.metadata.on_finalized",
        "village.source.svg_safety.on_finalized",
        "village.inspection.report.write_pdfs",
        "village.output.traditional.on_finalized",
        "village.output.fonts.on_finalized",  # an edition's font subset, from the final pages
        "village.output.search.on_finalized",
        "village.output.precompress.on_finalized",
    ]


def test_generators_content_before_output_and_decisions_after_disclosure(wired):
    assert wired["get_generators"] == [
        "village.photos.albums.get_generators",
        "village.gongkai.generator.get_generators",
        "village.gongkai.decisions.get_generators",
        "village.cards.generator.get_generators",
        "village.inspection.channels.get_generators",
        "village.inspection.report.get_generators",
        "village.output.feeds.get_generators",
        "village.channels.generator.get_generators",
        "village.output.sitemap.get_generators",
        "village.output.summary.get_generators",
        "village.editor.generator.get_generators",
    ]
    # the cadres' phones must be known before the first post is read
    assert wired["initialized"] == [
        "village._prepare", "village.cards.generator.on_initialized", "village.source.placeholders.on_initialized",
        "village.i18n.catalogs.on_initialized",
    ]


def test_every_generator_renders_in_the_builds_language(wired):
    assert wired["generator_init"] == ["village.i18n.jinja.on_generator_init"]


def test_no_module_outside_register_connects_a_signal():
    import pathlib

    package = pathlib.Path(village.__file__).parent
    connecting = sorted(
        str(path.relative_to(package)) for path in package.rglob("*.py") if ".connect(" in path.read_text("utf-8")
    )
    assert connecting == ["__init__.py"]


@pytest.mark.parametrize(("slug", "owner"), [("albums", "相册"), ("gongkai", "公开栏"), ("cards", "三卡"), ("photos", "照片"), ("zh-hant", "繁體版")])
def test_page_cannot_take_an_address_a_generator_writes(site, slug, owner):
    site.write("posts/a.md", GOOD)
    site.write(f"pages/{slug}.md", f"标题: 一页\n网址: {slug}\n\n正文\n")
    result = site.build()
    assert not result.ok
    assert (
        f"错误  content/pages/{slug}.md 第 2 行：网址 /{slug}/ 是网站自己要用的（{owner}）。请把这一行改成另一个英文网址，例如“网址: {slug}-2”。"
        in messages(result)
    )


def test_the_reader_cache_keeps_no_build_state(site):
    """Pelican pickles the settings each cached Author, Tag and Category holds; the build state in
    them comes back empty, never as the last build's report, QR codes and render cache."""
    import pickle

    from village.state import STATE_KEY

    site.write("posts/a.md", GOOD.replace("分类: 党建", "分类: 党建\n标签: 春耕\n作者: 林晓禾"))
    assert site.build().ok
    caches = [p for p in site.path.glob(".cache/pelican-*/ArticlesGenerator-Readers") if p.stat().st_size > 100]
    assert caches
    for cache in caches:
        wrappers = [meta[key] for _, (_, (_, meta)) in pickle.loads(cache.read_bytes()).items() for key in ("author", "category")]
        assert wrappers
        for wrapper in wrappers:
            state = wrapper.settings[STATE_KEY]
            assert (state.report.problems, state.qr_codes, state.render_cache, state.feeds) == ([], {}, None, [])


def test_each_build_has_its_own_state(site, monkeypatch):
    """Two builds in one process (livereload, a county) share nothing: the second build's QR codes
    and problems are its own."""
    seen = []
    original = village_build.BuildState

    def recording(*args, **kwargs):
        state = original(*args, **kwargs)
        seen.append(state)
        return state

    monkeypatch.setattr(village_build, "BuildState", recording)
    site.write("posts/a.md", GOOD)
    assert site.build().ok
    site.write("posts/b.md", "标题: 坏\n日期: 2024-13-45\n分类: 党建\n\n正文\n")
    second = site.build()
    assert not second.ok
    first_state, second_state = seen
    assert first_state is not second_state
    assert first_state.qr_codes is not second_state.qr_codes
    assert any("2024/05/cun-li-kai-hui/" in url for url in first_state.qr_codes)
    assert not first_state.report.errors  # the second build's error did not leak into the first
    assert second_state.report.errors


def test_translations_leave_the_listings_before_taxonomy_builds_them(wired):
    assert wired["article_generator_pretaxonomy"] == [
        "village.editions.content.on_articles_read", "village.posts.taxonomy.on_pretaxonomy",
    ]
    assert wired["all_generators_finalized"][:2] == ["village._all_content_known", "village.editions.pairing.on_all_generators_finalized"]


def test_an_edition_build_runs_only_the_generators_of_what_editions_publish():
    from types import SimpleNamespace

    from village.editions.translations import PLAN_KEY

    edition = SimpleNamespace(settings={PLAN_KEY: {"code": "ug"}})
    kept = [g.__module__ for g in village.GENERATORS if g(edition) is not None]
    assert kept == ["village.gongkai.generator", "village.cards.generator", "village.output.feeds", "village.output.sitemap"]


def test_a_build_adds_no_runtime_keys_to_the_settings(site, monkeypatch):
    """What the plugin's parts hand each other lives in BuildState, not in the settings dict: a
    build ends with the settings keys it started with (the SVG sources were one such key)."""
    added = []
    original = village_build._run_pelican

    def recording(settings, state):
        before = set(settings)
        original(settings, state)
        added.extend(sorted(set(settings) - before))

    monkeypatch.setattr(village_build, "_run_pelican", recording)
    site.write("posts/a.md", GOOD)
    site.write("posts/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    assert site.build().ok
    assert added == []
