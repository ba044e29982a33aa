"""The demo site on a villager's phone: real Chromium at 360×800, in normal mode, 长者模式 and
长者模式 with A+. Every page type is also saved as a screenshot in output-screenshots/ so a person
can look at what the tests measured."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT, browser_clock, build_settings
from test_browser import CHROMIUM_ARGS, browser  # noqa: F401 - shared fixture

from benchmarks.common import site_server
from tools import build as village_build

pytestmark = pytest.mark.browser

SCREEN = {"width": 360, "height": 800}
SHOTS = ROOT / "output-screenshots"
# The demo on a fixed day, so what is 公示中 and what is pinned does not depend on the calendar:
# the build's day, and the phone's clock, which ends a pin the site still shows (reading.js).
DAY = dt.date(2026, 11, 20)

PAGES = {
    "首页": "/",
    "文章": "/2026/04/daoxia-gongyang/",
    "财务公开": "/gongkai/2026/2026-10-caiwu/",
    "财务图表": "/gongkai/caiwu/",
    "公开日历": "/gongkai/rili/",
    "联系卡": "/cards/contacts/",
    "明白卡": "/cards/monthly/2026-11/",
    "搜索": "/search/?q=%E8%A1%A5%E8%B4%B4",
    "相册": "/albums/2026-yuanxiao-wanhui/",
}
MODES = {
    "普通": "",
    "长者模式": "localStorage.setItem('village-elderly', '1');",
    "长者模式加A+": "localStorage.setItem('village-elderly', '1'); localStorage.setItem('village-font-step', '1');",
}
HEADER_LIMIT = {"普通": 0.25, "长者模式": 0.35, "长者模式加A+": 0.35}

# Text that cannot be seen whole: a box narrower than its text that hides the rest (not a box the
# reader can scroll), or text running past the screen's edge outside any scroll region.
CLIPPED = """
() => {
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const inScroller = (e) => { for (let p = e.parentElement; p; p = p.parentElement) if (scrolls(p)) return true; return false; };
  const found = [];
  for (const e of document.querySelectorAll('main *, header *, footer *')) {
    if (!e.getClientRects().length || !e.textContent.trim()) continue;
    const style = getComputedStyle(e);
    if (e.closest('.visually-hidden')) continue;  // text for screen readers only
    if (!scrolls(e) && style.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) found.push(e.outerHTML.slice(0, 120));
    const box = e.getBoundingClientRect();
    if ((box.right > innerWidth + 1 || box.left < -1) && !inScroller(e)) found.push(e.outerHTML.slice(0, 120));
  }
  return found;
}
"""

FONT_SIZES = """
() => {
  const px = (e) => parseFloat(getComputedStyle(e).fontSize);
  const shown = (sel) => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length && e.getBoundingClientRect().width > 1);
  const body = px(document.body);
  return {
    body,
    headings: shown('main h1, main h2, main h3').map(e => [e.tagName + ' ' + e.textContent.trim().slice(0, 12), px(e)]),
    cells: shown('main td, main th').map(px),
    buttons: shown('.tool, summary, main button').map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]; }),
    labels: shown('.article-meta dt, .gk-fields dt, .nav a, .tool, .badge').map(e => {
      const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
      const tops = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const range = document.createRange(); range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) tops.push(Math.round(r.top));
      }
      const lines = new Set(tops);
      return [e.textContent.trim(), lines.size];
    }),
  };
}
"""


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("phone")
    result = village_build.build(ROOT, output=base / "output", overrides=build_settings(base, DAY))
    assert result.ok, result.summary()
    with site_server(base / "output") as url:
        yield url


@pytest.fixture(scope="module", params=list(MODES))
def phone(request, browser, phone_site):
    context = browser.new_context(viewport=SCREEN, locale="zh-CN", device_scale_factor=1)
    context.add_init_script(MODES[request.param])
    context.clock.set_system_time(browser_clock(DAY))
    page = context.new_page()
    page.mode = request.param
    yield page
    context.close()


def _open(page, url: str, path: str):
    page.goto(url + path, wait_until="networkidle")
    if "/search/" in path:
        page.locator("[data-search-list] li").first.wait_for()


def test_every_page_type_on_a_phone(phone, phone_site):
    """Header height, type scale, controls, labels and clipping on each page type, with a screenshot."""
    SHOTS.mkdir(exist_ok=True)
    problems = []
    for name, path in PAGES.items():
        _open(phone, phone_site, path)
        phone.screenshot(path=str(SHOTS / f"{name}-{phone.mode}.png"))
        phone.screenshot(path=str(SHOTS / f"{name}-{phone.mode}-整页.png"), full_page=True)
        header = phone.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
        if header > HEADER_LIMIT[phone.mode] * SCREEN["height"]:
            problems.append(f"{name}: header {header:.0f}px")
        if not phone.evaluate("document.documentElement.scrollWidth <= innerWidth"):
            problems.append(f"{name}: the page scrolls sideways")
        clipped = phone.evaluate(CLIPPED)
        if clipped:
            problems.append(f"{name}: clipped {clipped[:3]}")
        sizes = phone.evaluate(FONT_SIZES)
        small_headings = [h for h in sizes["headings"] if h[1] < sizes["body"]]
        if small_headings:
            problems.append(f"{name}: headings smaller than body text {sizes['body']}: {small_headings}")
        broken = [label for label, lines in sizes["labels"] if lines > 1]
        if broken:
            problems.append(f"{name}: labels broken over lines {broken}")
        if phone.mode != "普通":
            if sizes["body"] < 24:
                problems.append(f"{name}: body {sizes['body']}px")
            if any(size < 20 for size in sizes["cells"]):
                problems.append(f"{name}: table text {min(sizes['cells'])}px")
            small = [b for b in sizes["buttons"] if b[1] < 60 or b[2] < 60]
            if small:
                problems.append(f"{name}: buttons under 60×60 {small}")
    assert problems == [], f"{phone.mode}: " + "\n".join(problems)


def test_finance_chart_text_is_readable(phone, phone_site):
    _open(phone, phone_site, PAGES["财务图表"])
    heights = phone.evaluate("[...document.querySelectorAll('.finance-chart text')].map(t => t.getBoundingClientRect().height)")
    assert heights and min(heights) >= 12, heights
    assert "未公开" in phone.locator(".finance-chart").first.text_content()


def test_home_first_screen_shows_what_is_current(phone, phone_site):
    _open(phone, phone_site, "/")
    for selector in (".now-pinned a", ".now-list a:has(.badge-notice)", ".now-list a[href='/cards/contacts/']"):
        box = phone.locator(selector).first.bounding_box()
        assert box and box["y"] + box["height"] <= SCREEN["height"], (phone.mode, selector, box)
    assert "置顶" in phone.locator(".now-pinned").first.inner_text()
    # the timeline follows below
    assert phone.locator(".entry").count() > 0


def test_a_pin_leaves_the_phone_the_day_after_it_ends_without_a_rebuild(browser, phone_site):
    context = browser.new_context(viewport=SCREEN, locale="zh-CN")
    page = context.new_page()
    page.goto(phone_site + "/")
    pin = page.locator(".now-pinned").first
    last_day = dt.date.fromisoformat(pin.get_attribute("data-pinned-until"))
    seen = {}
    for day in (last_day, last_day + dt.timedelta(days=1)):
        context.clock.set_system_time(browser_clock(day))
        page.reload()
        seen[day] = pin.is_visible()
    context.close()
    assert seen == {last_day: True, last_day + dt.timedelta(days=1): False}


def test_wide_table_scrolls_in_a_marked_region(phone, phone_site):
    _open(phone, phone_site, PAGES["财务公开"])
    region = phone.locator(".table-wrap").first
    assert region.get_attribute("role") == "region"
    if region.evaluate("r => r.scrollWidth > r.clientWidth"):
        assert phone.locator(".table-hint").first.is_visible()
        first_column = phone.locator("table.data tbody th").first
        before = first_column.bounding_box()["x"]
        region.evaluate("r => r.scrollBy(200, 0)")
        assert abs(first_column.bounding_box()["x"] - before) < 1  # the first column stays put
    assert "KB" in phone.locator(".gk-files").inner_text() and "字节" not in phone.locator(".gk-files").inner_text()


@pytest.mark.parametrize("javascript", [False, True])
def test_menu_opens_by_touch_and_keyboard_without_javascript(browser, phone_site, javascript):
    context = browser.new_context(viewport=SCREEN, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(phone_site + "/")
    nav = page.get_by_role("navigation", name="栏目")
    assert not nav.is_visible()
    page.get_by_text("菜单", exact=True).click()
    assert nav.is_visible()
    assert nav.get_by_role("link", name="公开栏").is_visible()
    page.get_by_text("菜单", exact=True).click()
    assert not nav.is_visible()
    # keyboard: Tab to the menu button, Enter opens it
    page.locator("[data-menu] > summary").focus()
    page.keyboard.press("Enter")
    assert nav.is_visible()
    assert page.locator("[data-menu]").evaluate("d => d.open")
    context.close()


def test_menu_button_is_a_named_expandable_control(browser, phone_site):
    page = browser.new_page(viewport=SCREEN)
    page.goto(phone_site + "/")
    snapshot = page.locator(".site-header").aria_snapshot()
    page.close()
    assert "菜单" in snapshot


def test_wide_screens_show_the_navigation_without_a_menu(browser, phone_site):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(phone_site + "/")
    assert page.get_by_role("navigation", name="栏目").get_by_role("link", name="公开栏").is_visible()
    assert not page.locator("[data-menu] > summary").is_visible()
    page.close()


def test_screenshots_folder_is_ignored_by_git():
    assert "/output-screenshots/" in (ROOT / ".gitignore").read_text("utf-8").splitlines()
    assert Path(SHOTS).name == "output-screenshots"


def test_search_snippets_come_from_the_body_with_chinese_punctuation(browser, phone_site):
    page = browser.new_page(viewport=SCREEN)
    _open(page, phone_site, PAGES["搜索"])
    snippets = [p.inner_text() for p in page.locator("[data-search-list] li p").all()]
    page.close()
    assert snippets
    for snippet in snippets:
        assert not any(label in snippet for label in ("索引号", "发布日期", "公开类型", "作者", "拨打", "存入通讯录")), snippet
        assert not re.search(r"[\u4e00-\u9fff]\.", snippet), snippet  # no English full stop after Chinese


def test_contact_card_groups_are_separate_captioned_tables(browser, phone_site):
    page = browser.new_page(viewport=SCREEN)
    page.goto(phone_site + PAGES["联系卡"])
    page.emulate_media(media="print")
    tables = page.locator("table.card-people")
    assert tables.count() >= 2
    assert all(t.locator("caption").inner_text().strip() for t in tables.all())
    assert page.locator("th[scope=rowgroup], th[colspan]").count() == 0
    page.close()


def test_qr_code_text_suits_phone_computer_and_paper(browser, phone_site):
    path = PAGES["文章"]
    page = browser.new_page(viewport=SCREEN)
    page.goto(phone_site + path)
    hint = page.locator(".share-hint")
    assert "长按" in hint.inner_text() and "扫一扫" not in hint.inner_text()
    page.emulate_media(media="print")
    assert hint.inner_text().strip() == "扫码打开本页"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.emulate_media(media="screen")
    assert "用手机扫一扫" in hint.inner_text()
    page.close()


def test_no_gap_where_read_aloud_is_unavailable(browser, phone_site):
    page = browser.new_page(viewport=SCREEN)
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined})")  # a browser with no voice
    page.goto(phone_site + PAGES["文章"])
    tools = page.locator(".article-tools")
    assert tools.evaluate("p => p.getBoundingClientRect().height") == 0
    page.close()


def test_album_captions_sit_under_their_photos(browser, phone_site):
    page = browser.new_page(viewport=SCREEN)
    page.goto(phone_site + PAGES["相册"], wait_until="networkidle")
    gaps = page.evaluate("""[...document.querySelectorAll('[data-gallery] figure')].map(f => {
        const photo = f.querySelector('img').getBoundingClientRect(), text = f.querySelector('figcaption').getBoundingClientRect();
        return [f.querySelector('figcaption').textContent.trim(), text.top - photo.bottom];
      })""")
    page.close()
    assert len(gaps) == 4 and all(text and 0 <= gap < 20 for text, gap in gaps), gaps
    assert "文化广场" in gaps[0][0]


def test_printed_cards_use_large_type_and_keep_one_page_per_card(browser, phone_site, tmp_path):
    import subprocess

    page = browser.new_page()
    page.goto(phone_site + "/cards/print/2026-03/", wait_until="networkidle")
    page.emulate_media(media="print")
    sizes = page.evaluate("[...document.querySelectorAll('.print-card li, .print-card p, .print-card dd')].map(e => parseFloat(getComputedStyle(e).fontSize))")
    cards = page.locator(".print-card").count()
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True))
    page.close()
    # 12 pt (16 px) and up for what villagers read; only the small print under the QR code is smaller
    assert sum(size >= 16 for size in sizes) / len(sizes) > 0.7, sizes
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {cards}" in info, info
