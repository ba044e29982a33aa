"""A real Chromium (Debian's package, driven by Playwright) opens the demo site."""

from __future__ import annotations

import io
import os
import shutil
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these flags Chromium phones home at start-up; this machine has no network for it.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Draws two different characters in the page's own font: real glyphs differ, "tofu" boxes
# (what Chromium shows when no CJK font is installed) are identical.
GLYPHS_DIFFER = """
(chars) => {
  const font = getComputedStyle(document.body).font;
  const draw = (ch) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const ctx = canvas.getContext('2d');
    ctx.font = font.replace(/\\d+(\\.\\d+)?px/, '40px');
    ctx.fillText(ch, 4, 48);
    return canvas.toDataURL();
  };
  const images = chars.map(draw);
  return new Set(images).size === images.length;
}
"""


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("没有找到 Chromium。请运行 make test（会自动安装），或 apt-get install chromium fonts-wqy-microhei。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, demo_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.requests_seen = []
    page.console_errors = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


def _assert_clean(page):
    foreign = [u for u in page.requests_seen if urlsplit(u).hostname != "127.0.0.1" and not u.startswith("data:")]
    assert foreign == [], f"requests left 127.0.0.1: {foreign}"
    assert page.console_errors == []


def test_home_page_renders_chinese_without_errors_or_foreign_requests(page, demo_server):
    page.goto(demo_server + "/", wait_until="networkidle")
    assert page.title().startswith("青禾村")
    heading = page.locator("h1").first.inner_text()
    assert "青禾村" in heading
    assert page.evaluate(GLYPHS_DIFFER, ["青", "禾", "村"]), "Chinese renders as empty boxes: is a CJK font installed?"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # What a phone shows on opening: drawn text and images, not one flat colour (a blank or unstyled page).
    from PIL import Image

    shot = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
    assert shot.size == (360, 740)
    colours = shot.getcolors(maxcolors=shot.width * shot.height)
    assert len(colours) >= 64, f"the home page screenshot has only {len(colours)} colours: is it blank?"
    assert max(count for count, _ in colours) < 0.9 * shot.width * shot.height, "one colour fills 90% of the screen"
    _assert_clean(page)


def test_article_page_shows_its_metadata(page, demo_server):
    page.goto(demo_server + "/", wait_until="networkidle")
    page.locator(".entry-card h2 a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("article.article h1").inner_text().strip()
    meta = page.locator(".article-meta").inner_text()
    assert "发布日期" in meta and "分类" in meta
    body = page.locator(".article-body").inner_text()
    assert len(body) > 20
    assert page.evaluate(GLYPHS_DIFFER, [body[0] if "\u4e00" <= body[0] <= "\u9fff" else "党", "务"])
    _assert_clean(page)


def test_images_load_and_keyboard_reaches_navigation(page, demo_server):
    page.goto(demo_server + "/", wait_until="networkidle")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    broken = page.evaluate(
        "[...document.images].filter(i => i.complete && i.loading !== 'lazy' && i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == []
    _assert_clean(page)


@pytest.mark.parametrize("path", ["/2026/04/daoxia-gongyang/", "/albums/2026-yuanxiao-wanhui/2/"])
@pytest.mark.parametrize(("width", "expected"), [(360, "480.avif"), (1280, "960.avif")])
def test_browser_picks_the_right_photo_size(browser, demo_server, path, width, expected):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    page.goto(demo_server + path, wait_until="networkidle")
    image = page.locator("article picture img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.currentSrc").endswith(expected)
    context.close()


GRID_LAYOUT = """
(grid) => {
  const boxes = [...grid.querySelectorAll(':scope > li')]
    .filter(li => getComputedStyle(li).display !== 'none')
    .map(li => li.getBoundingClientRect());
  const rows = new Set(boxes.map(b => Math.round(b.top)));
  const cols = new Set(boxes.map(b => Math.round(b.left)));
  return {count: boxes.length, rows: rows.size, cols: cols.size,
          square: boxes.every(b => Math.abs(b.width - b.height) < 2), width: boxes[0].width};
}
"""


@pytest.mark.parametrize(
    ("path", "count", "rows", "cols"),
    [
        ("/2025/10/lian-xia-san-tian-qiu-yu-cun-kou-pai-shui-651a/", 1, 1, 1),
        ("/2025/12/chen-zhe-qing-tian-he-zuo-she-zu-zhi-she-4e94/", 4, 2, 2),
        ("/2026/04/yi-ge-yue-de-ren-ju-huan-jing-zheng-zhi-4a96/", 9, 3, 3),
    ],
)
def test_photo_grid_lays_out_one_four_and_nine(page, demo_server, path, count, rows, cols):
    page.goto(demo_server + path, wait_until="networkidle")
    layout = page.locator(".photo-grid").first.evaluate(GRID_LAYOUT)
    assert (layout["count"], layout["rows"], layout["cols"]) == (count, rows, cols)
    if count > 1:
        assert layout["square"]
    else:
        assert layout["width"] > 250  # one photo is shown large
    _assert_clean(page)


def test_album_viewer_opens_moves_with_arrows_and_closes_with_esc(page, demo_server):
    page.goto(demo_server + "/albums/2026-yuanxiao-wanhui/", wait_until="networkidle")
    page.locator("[data-gallery] a[data-photo]").first.click()
    dialog = page.locator("dialog.viewer")
    assert dialog.evaluate("d => d.open")
    assert page.locator(".viewer-count").inner_text() == "第 1 张，共 4 张"
    assert "文化广场" in page.locator(".viewer figcaption").inner_text()
    page.keyboard.press("ArrowRight")
    assert page.locator(".viewer-count").inner_text() == "第 2 张，共 4 张"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.locator(".viewer-count").inner_text() == "第 4 张，共 4 张"
    page.wait_for_function("() => { const i = document.querySelector('.viewer-image img'); return i && i.complete && i.naturalWidth > 0; }")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('a[data-photo]')")
    _assert_clean(page)


def test_album_works_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(demo_server + "/albums/2026-yuanxiao-wanhui/", wait_until="networkidle")
    page.locator("[data-gallery] a[data-photo]").first.click()
    page.wait_for_url("**/albums/2026-yuanxiao-wanhui/1/")
    assert "第 1 张，共 4 张" in page.locator("h1").inner_text()
    page.get_by_role("link", name="下一张").click()
    page.wait_for_url("**/albums/2026-yuanxiao-wanhui/2/")
    context.close()
