"""Editions in minority scripts: the self-hosted font subset (output/fonts.py), its cache and
licence, and a stylesheet written with logical properties so right-to-left mirrors it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, SCRIPT_FIXTURES, edition_site, messages
from fontTools.ttLib import TTFont
from village.output import fonts

from tools import build as village_build

CSS = sorted((ROOT / "theme" / "static" / "css").glob("*.css"))


def _script_chars(code: str) -> set[str]:
    """The characters of the edition's script in its sample post, read here without the plugin."""
    face = fonts.FACES[code]
    text = "".join(p.read_text("utf-8") for p in (SCRIPT_FIXTURES / code).rglob("*.md"))
    return {c for c in text if any(low <= ord(c) <= high for low, high in face.ranges) or c in "\u200c\u200d\u202f"}


def _page_chars(output: Path, code: str) -> set[str]:
    """The characters of the edition's script in every written page and script, Pagefind's aside."""
    face = fonts.FACES[code]
    files = [p for p in output.rglob("*") if p.suffix in {".html", ".js"} and "pagefind" not in p.parts]
    text = "".join(p.read_text("utf-8", errors="ignore") for p in files)
    return {c for c in text if any(low <= ord(c) <= high for low, high in face.ranges) or c in "\u200c\u200d\u202f"}


def _woff2(output: Path, code: str) -> Path:
    found = output / "theme" / "fonts" / f"{code}.woff2"
    assert found.is_file()
    return found


def _cmap(path: Path) -> set[str]:
    return {chr(c) for c in TTFont(path)["cmap"].getBestCmap()}


@pytest.mark.parametrize("code", ["ug", "kk", "mn", "bo", "ko"])
def test_the_subset_has_exactly_the_characters_the_pages_use(site, code):
    result = site.build(settings_file=edition_site(site, code))
    assert result.ok, result.summary()
    woff2 = _woff2(site.output, code)
    assert woff2.read_bytes()[:4] == b"wOF2"
    sample = _script_chars(code)
    assert len(sample) > 10
    # The interface is translated too, so the pages hold the sample's letters and the catalog's.
    on_pages = _page_chars(site.output, code)
    assert sample <= on_pages
    assert _cmap(woff2) == on_pages
    full = TTFont(fonts.FACES[code].file, lazy=True)
    # Fewer glyphs than the font: the subset keeps only what those characters' shaping rules reach.
    assert len(TTFont(woff2).getGlyphOrder()) < len(full.getGlyphOrder())
    assert _cmap(woff2) < _cmap(fonts.FACES[code].file)
    css = (site.output / "theme" / "fonts" / f"{code}.css").read_text("utf-8")
    assert f'src: url("{woff2.name}") format("woff2");' in css
    assert "font-display: swap;" in css
    assert f"unicode-range: {fonts.unicode_range(on_pages)};" in css
    home = site.page("index.html")
    assert f'<link rel="stylesheet" href="/theme/fonts/{code}.css">' in home
    # preloaded, so it is there by the first paint and swapping in shifts nothing
    assert f'<link rel="preload" href="/theme/fonts/{code}.woff2" as="font" type="font/woff2" crossorigin>' in home
    assert f'<a href="/theme/fonts/{code}-LICENSE.txt">' in home  # its words are the edition's own


def test_a_character_not_on_any_page_is_not_in_the_subset(site):
    assert site.build(settings_file=edition_site(site, "ug")).ok
    cmap = _cmap(_woff2(site.output, "ug"))
    assert "ژ" not in cmap and "ڭ" in cmap  # ژ (zhe) is in no sample sentence; ڭ (ng) is


def test_unchanged_text_is_not_subset_again_and_new_text_is(site):
    settings = edition_site(site, "ug")
    first = site.build(settings_file=settings)
    assert first.report.counts["font_subsets_made"] == 1
    first_bytes = _woff2(site.output, "ug").read_bytes()
    again = site.build(settings_file=settings)
    assert again.ok and again.report.counts["font_subsets_made"] == 0
    assert _woff2(site.output, "ug").read_bytes() == first_bytes
    post = site.content / "posts" / "yigin.md"
    post.write_text(post.read_text("utf-8") + "\nژۇرنال\n", "utf-8")
    changed = site.build(settings_file=settings)
    assert changed.report.counts["font_subsets_made"] == 1
    woff2 = _woff2(site.output, "ug")
    assert woff2.read_bytes() != first_bytes and "ژ" in _cmap(woff2)


def test_the_licence_travels_with_the_font(site):
    assert site.build(settings_file=edition_site(site, "ko")).ok
    licence = (site.output / "theme" / "fonts" / "ko-LICENSE.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Version 1.1" in licence
    assert "NanumGothic" in licence and "fonts-nanum" in licence and "Reserved Font Names: Nanum" in licence
    names = TTFont(_woff2(site.output, "ko"))["name"]
    assert names.getDebugName(1) == "Village ko"  # no Reserved Font Name on a modified version
    assert "NHN" in names.getDebugName(0) and "licensed" not in (names.getDebugName(1) or "")


def test_no_name_record_of_a_subset_carries_a_reserved_font_name():
    # Only copyright and the licence (0, 13, 14) may say "Nanum"; family, full, PostScript and
    # typographic names on every platform are ours.
    import io

    data = fonts.subset(fonts.FACES["ko"], "ko", set("마을 소식"))
    records = TTFont(io.BytesIO(data))["name"].names
    ours = {(1, "Village ko"), (3, "Village ko subset"), (4, "Village ko"), (6, "Village-ko")}
    assert {(r.nameID, r.toUnicode()) for r in records if r.nameID in (1, 3, 4, 6)} == ours  # 나눔고딕 too is gone
    assert [(r.nameID, r.toUnicode()) for r in records if r.nameID not in (0, 13, 14) and "Nanum" in r.toUnicode()] == []


@pytest.mark.parametrize("code", ["ug", "mn"])
def test_the_subset_keeps_the_glyphs_fonttools_closure_reaches(code):
    # fontTools' own subsetter, with every layout feature, as the reference: HarfBuzz must keep the
    # same glyphs (joining forms, Mongolian variants), not only the characters' default ones.
    import io

    from fontTools import subset as ft_subset

    chars = _script_chars(code)
    options = ft_subset.Options()
    options.layout_features = ["*"]
    reference = ft_subset.load_font(fonts.FACES[code].file, options)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(reference)
    ours = TTFont(io.BytesIO(fonts.subset(fonts.FACES[code], code, chars)))
    assert len(ours.getGlyphOrder()) == len(reference.getGlyphOrder()) > len(chars)
    assert set(ours.getBestCmap()) == set(reference.getBestCmap())


def test_the_chinese_site_gets_no_font(site):
    site.write("posts/a.md", "标题: 村里开会\n日期: 2024-05-01\n分类: 党建\n\n正文。\n")
    assert site.build().ok
    assert not list(site.output.rglob("*.woff2")) and not (site.output / "theme" / "fonts").exists()
    home = site.page("index.html")
    assert "theme/fonts" not in home and "字体许可" not in home
    assert not any("@font-face" in p.read_text("utf-8") for p in site.output.rglob("*.css"))


def test_a_missing_font_is_a_chinese_error_naming_the_package(site, monkeypatch):
    monkeypatch.setitem(fonts.FACES, "bo", fonts.Face("Noto Serif Tibetan", "/nonexistent/NotoSerifTibetan.ttf", "fonts-noto-core", ((0x0F00, 0x0FFF),)))
    result = site.build(settings_file=edition_site(site, "bo"))
    assert not result.ok
    assert any("藏文版要用字体 Noto Serif Tibetan" in m and "apt-get install fonts-noto-core" in m for m in messages(result))


@pytest.mark.parametrize(("code", "attributes"), [
    ("ug", 'lang="ug-Arab-CN" dir="rtl">'),
    ("mn", 'lang="mn-Mong-CN" dir="ltr" data-writing="vertical">'),
    ("bo", 'lang="bo-CN" dir="ltr">'),
])
def test_each_edition_page_says_its_language_direction_and_writing(site, code, attributes):
    assert site.build(settings_file=edition_site(site, code)).ok
    assert f"<html {attributes}" in site.page("index.html")


def test_unicode_range_joins_neighbouring_code_points():
    assert fonts.unicode_range({"\u0627", "\u0626", "\u0628", "\u06d5"}) == "U+626-628,U+6D5"


# Physical directions that would not mirror in a right-to-left edition nor turn in vertical Mongolian.
PHYSICAL = re.compile(
    r"(?<![\w-])(?:margin|padding|border)-(?:left|right)\b|(?<![\w-])(?:left|right)\s*:|text-align\s*:\s*(?:left|right)\b"
    r"|(?<![\w-])float\s*:\s*(?:left|right)"
)
ALLOWED: set[tuple[str, str]] = set()  # (file, line) that must stay physical: none today


@pytest.mark.parametrize("path", CSS, ids=lambda p: p.name)
def test_stylesheets_use_logical_properties(path):
    found = [
        (path.name, line.strip()) for line in path.read_text("utf-8").splitlines()
        if PHYSICAL.search(re.sub(r"/\*.*?\*/", "", line))
    ]
    assert [f for f in found if f not in ALLOWED] == []


def test_the_physical_property_check_can_fail():
    assert PHYSICAL.search(".a { margin-left: 1rem; }") and PHYSICAL.search(".b{left:0}")
    assert PHYSICAL.search("td { text-align: right; }")
    assert not PHYSICAL.search(".a { margin-inline-start: 1rem; inset-inline-start: 0; text-align: end; }")


def test_budget_weighs_an_edition_in_its_folder_with_its_font(site):
    from benchmarks import budgets

    merged = site.path / "merged"
    result = village_build.build(site.path, settings_file=edition_site(site, "bo"), output=merged / "bo", overrides={"SITEURL": "/bo"})
    assert result.ok, result.summary()
    weights = budgets.edition_weights(merged)
    assert list(weights) == ["bo"]
    files = weights["bo"].files
    woff2 = merged / "bo" / "theme" / "fonts" / "bo.woff2"
    assert files[f"bo/theme/fonts/{woff2.name}"] == woff2.stat().st_size
    assert {"bo/index.html", "bo/theme/css/site.css", "bo/theme/fonts/bo.css"} <= set(files)
    assert weights["bo"].total <= budgets.EDITION_WEIGHT_LIMIT
