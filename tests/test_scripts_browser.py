"""The editions in minority scripts in a real Chromium, as a phone that has only a Chinese font
sees them: the self-hosted face is loaded and draws the script (no missing-glyph boxes), right to
left mirrors, Mongolian is vertical with lines going left to right, Tibetan and Korean break lines
their way, nothing scrolls sideways but Mongolian's pages, and the keyboard reaches the links."""

from __future__ import annotations

import os

import pytest
from conftest import Site, edition_site, launch_chromium

pytestmark = pytest.mark.browser

CODES = ("ug", "mn", "bo", "ko")
FAMILY = {code: f"Village {code}" for code in CODES}
# Three different letters of each script, all in the sample posts.
LETTERS = {"ug": ["ب", "ك", "ى"], "mn": ["ᠭ", "ᠠ", "ᠬ"], "bo": ["ག", "ར", "ཚ"], "ko": ["마", "을", "회"]}
WQY = "/usr/share/fonts/truetype/wqy"  # fonts-wqy-microhei: the Chinese font a phone has

# The same letters drawn in a font family: real glyphs differ, missing-glyph boxes are all alike.
LETTERS_DIFFER = """
([family, chars]) => {
  const draw = (ch) => {
    const canvas = document.createElement('canvas');
    canvas.width = 80; canvas.height = 80;
    const ctx = canvas.getContext('2d');
    ctx.font = `40px ${family}`;
    ctx.fillText(ch, 10, 55);
    return canvas.toDataURL();
  };
  const images = chars.map(draw);
  return new Set(images).size === images.length;
}
"""

# The source character just before each new line of an element's text: a new line starts where a
# character's box moves across the line direction (down when horizontal, right when vertical).
BREAKS_BEFORE = """
(selector) => {
  const element = document.querySelector(selector);
  const vertical = getComputedStyle(element).writingMode.startsWith('vertical');
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      // a line's trailing space has no box: keep the character the source has before each one
      if (rect && rect.width && rect.height) chars.push([i ? node.data[i - 1] : '', vertical ? rect.left : rect.top, vertical ? rect.width : rect.height]);
    }
  }
  const breaks = [];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i][1] - chars[i - 1][1] > chars[i - 1][2] / 2) breaks.push(chars[i][0]);
  }
  return breaks;
}
"""


# The left edge of each line (column) of vertical text, in reading order.
LINE_STARTS = """
(selector) => {
  const node = document.querySelector(selector).firstChild;
  const lefts = [];
  for (let i = 0; i < node.length; i++) {
    const range = document.createRange();
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rect = range.getClientRects()[0];
    if (rect && rect.height && (!lefts.length || Math.abs(rect.left - lefts[lefts.length - 1]) > rect.width / 2)) lefts.push(Math.round(rect.left));
  }
  return lefts;
}
"""


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Each edition's sample site, built once and served on 127.0.0.1."""
    from contextlib import ExitStack

    from benchmarks.common import site_server

    urls = {}
    with ExitStack() as stack:
        for code in CODES:
            site = Site(tmp_path_factory.mktemp(f"edition-{code}") / "village")
            settings = edition_site(site, code)
            if code == "ug":
                _photo_post(site)
            result = site.build(settings_file=settings)
            assert result.ok, result.summary()
            urls[code] = stack.enter_context(site_server(site.output))
        yield urls


def _photo_post(site) -> None:
    """A microblog with three photos (a 九宫格), its text in Uyghur."""
    from PIL import Image

    for number, colour in enumerate(("red", "green", "blue"), start=1):
        Image.new("RGB", (60, 40), colour).save(site.content / "posts" / f"{number}.jpg")
    site.write(
        "posts/suret.md",
        "日期: 2026-11-21\n分类: 党建\n网址: suret\n图片: 1.jpg、2.jpg、3.jpg\n"
        "来源: 示例文本（虚构，未经母语者审校）\n\nكەنتىمىزدىكى يېڭى يول.\n",
    )


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    """Chromium that sees only a Chinese font (fontconfig limited to WenQuanYi), like a phone
    without fonts for these scripts: whatever the page does not bring draws as empty boxes."""
    from playwright.sync_api import sync_playwright

    if not os.path.isdir(WQY):
        pytest.fail("没有找到文泉驿微米黑字体。请运行 make test（会自动安装 fonts-wqy-microhei）。")
    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{WQY}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        "utf-8",
    )
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, env={**os.environ, "FONTCONFIG_FILE": str(config)})
        yield browser
        browser.close()


@pytest.fixture
def open_page(phone, editions):
    contexts = []

    def opener(code: str, path: str = "", width: int = 360, height: int = 740):
        context = phone.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.requests_seen = []
        page.on("request", lambda request: page.requests_seen.append(request.url))
        page.goto(f"{editions[code]}/{path}", wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        return page

    yield opener
    for context in contexts:
        context.close()


def _article(code: str) -> str:
    return {"ug": "2026/11/yigin/", "mn": "2026/11/hural/", "bo": "2026/11/tshogs-du/", "ko": "2026/11/hoeui/"}[code]


@pytest.mark.parametrize("code", CODES)
def test_the_self_hosted_face_is_loaded_and_draws_the_script(open_page, code):
    page = open_page(code, _article(code))
    faces = page.evaluate("[...document.fonts].map(f => [f.family.replace(/\"/g, ''), f.status])")
    assert [FAMILY[code], "loaded"] in faces
    assert all(u.startswith("http://127.0.0.1") for u in page.requests_seen)
    assert any(u.endswith(f"/theme/fonts/{code}.woff2") for u in page.requests_seen)
    family = f'"{FAMILY[code]}"'
    assert page.evaluate(f"document.fonts.check('20px {family}', {LETTERS[code]!r}.join(''))")
    assert page.evaluate(LETTERS_DIFFER, [family, LETTERS[code]]), "the face draws missing-glyph boxes"
    if code != "ko":  # a Chinese font has Hangul; it has no Arabic, Mongolian or Tibetan letters
        assert not page.evaluate(LETTERS_DIFFER, ["sans-serif", LETTERS[code]]), "this phone should lack the script"


@pytest.mark.parametrize("code", CODES)
def test_the_text_looks_different_with_the_face_than_with_the_fallback(open_page, code):
    page = open_page(code, _article(code))
    body = page.locator(".article-body p").first
    with_face = body.screenshot()
    body.evaluate("element => { element.style.fontFamily = 'sans-serif'; }")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert body.screenshot() != with_face


@pytest.mark.parametrize(("code", "lang", "direction"), [
    ("ug", "ug-Arab-CN", "rtl"), ("mn", "mn-Mong-CN", "ltr"), ("bo", "bo-CN", "ltr"), ("ko", "ko-CN", "ltr"),
])
def test_lang_and_dir(open_page, code, lang, direction):
    page = open_page(code)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir, getComputedStyle(document.body).direction]") == [lang, direction, direction]


def test_uyghur_layout_is_mirrored(open_page):
    page = open_page("ug", width=1024)
    width = page.evaluate("innerWidth")
    brand = page.locator(".brand").bounding_box()
    links = [page.locator(".nav a").nth(i).bounding_box() for i in range(3)]
    wrap = page.locator(".site-header .wrap").bounding_box()
    assert brand["x"] + brand["width"] > width / 2  # the village's name at the right
    assert abs((links[0]["x"] + links[0]["width"]) - (wrap["x"] + wrap["width"] - 16)) < 12  # navigation starts at the right edge
    assert links[0]["x"] > links[1]["x"] > links[2]["x"]
    meta = page.locator(".meta").first.bounding_box()
    main = page.locator("main").bounding_box()
    assert meta["x"] + meta["width"] > main["x"] + main["width"] - 20


def test_uyghur_phone_menu_and_article_metadata_start_at_the_right(open_page):
    page = open_page("ug", _article("ug"))
    page.locator("summary.menu-button").click()
    first, second = (page.locator(".nav a").nth(i).bounding_box() for i in range(2))
    assert first["x"] > second["x"]
    label = page.locator(".article-meta dt").first.bounding_box()
    value = page.locator(".article-meta dd").first.bounding_box()
    assert label["x"] > value["x"]  # 发布日期 first, at the right, its value to its left


def test_mongolian_text_is_vertical_with_lines_left_to_right(open_page):
    page = open_page("mn", _article("mn"), height=500)
    paragraph = page.locator(".article-body p").first
    assert paragraph.evaluate("e => getComputedStyle(e).writingMode") == "vertical-lr"
    box = paragraph.bounding_box()
    assert box["height"] > box["width"]
    columns = page.evaluate(LINE_STARTS, ".article-body p")  # where each line of text stands, in reading order
    assert len(columns) >= 3
    assert columns == sorted(columns) and len(set(columns)) == len(columns)  # each next line to the right


def test_mongolian_page_scrolls_sideways_only(open_page):
    page = open_page("mn", _article("mn"))
    sizes = page.evaluate("[document.documentElement.scrollWidth, innerWidth, document.documentElement.scrollHeight, innerHeight]")
    assert sizes[0] > sizes[1]  # the columns go on to the right
    assert sizes[2] <= sizes[3]  # never down
    table_like = page.locator(".share").first
    assert table_like.evaluate("e => getComputedStyle(e).writingMode") == "horizontal-tb"  # QR box stays upright


@pytest.mark.parametrize("code", ["ug", "bo", "ko"])
def test_no_sideways_scrolling(open_page, code):
    for path in ("", _article(code), "search/"):
        page = open_page(code, path)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path


def test_tibetan_lines_break_after_a_tsheg_or_shad(open_page):
    page = open_page("bo", _article("bo"))
    breaks = page.evaluate(BREAKS_BEFORE, ".article-body p")
    assert len(breaks) >= 2
    assert set(breaks) <= {"\u0f0b", "\u0f0d", " "}, breaks
    height = page.locator(".article-body p").first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize)")
    assert height >= 2


def test_korean_lines_break_between_words(open_page):
    page = open_page("ko", _article("ko"))
    assert page.locator(".article-body p").first.evaluate("e => getComputedStyle(e).wordBreak") == "keep-all"
    breaks = page.evaluate(BREAKS_BEFORE, ".article-body p")
    assert len(breaks) >= 2
    assert set(breaks) <= {" "}, breaks  # never inside a word


@pytest.mark.parametrize("code", CODES)
def test_tab_reaches_the_links_and_shows_them(open_page, code):
    page = open_page(code)
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => { const e = document.activeElement; const r = e.getBoundingClientRect();
          return [e.getAttribute('href') || e.tagName, r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight]; }"""))
    hrefs = [href for href, _ in reached]
    assert hrefs[0] == "#main"
    assert f"/{_article(code)}" in hrefs  # the post on the home page
    assert all(visible for href, visible in reached if href != "#main"), reached


def test_uyghur_photo_grid_and_viewer_run_right_to_left(open_page):
    page = open_page("ug", "2026/11/suret/")
    photos = page.locator(".photo-grid a[data-photo]")
    first, second = photos.nth(0).bounding_box(), photos.nth(1).bounding_box()
    assert first["x"] > second["x"]  # the grid starts at the right
    photos.nth(0).click()
    viewer = page.locator("dialog.viewer")
    assert viewer.evaluate("d => d.open")
    previous, following = page.locator(".viewer-prev").bounding_box(), page.locator(".viewer-next").bounding_box()
    assert previous["x"] > following["x"]  # 上一张 at the right, 下一张 at the left
    count = page.locator(".viewer-count")
    assert count.inner_text() == "جەمئىي 3 سۈرەتنىڭ 1-سى"  # 第 1 张，共 3 张, from the Uyghur catalog
    page.keyboard.press("ArrowLeft")  # toward the left: the next photo
    assert count.inner_text() == "جەمئىي 3 سۈرەتنىڭ 2-سى"
    page.keyboard.press("ArrowRight")
    assert count.inner_text() == "جەمئىي 3 سۈرەتنىڭ 1-سى"  # 第 1 张，共 3 张, from the Uyghur catalog
    page.locator(".viewer-next").click()
    assert count.inner_text() == "جەمئىي 3 سۈرەتنىڭ 2-سى"


def test_uyghur_table_starts_at_the_right(open_page):
    page = open_page("ug", _article("ug"))
    first, second = (page.locator(".article-body th").nth(i).bounding_box() for i in range(2))
    assert first["x"] > second["x"]
    amount = page.locator(".article-body td.align-right").first
    assert amount.inner_text() == "1,200.00"
    assert amount.evaluate("e => getComputedStyle(e).textAlign") == "end"
