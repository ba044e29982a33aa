"""The reading experience in a real Chromium: elderly mode, 简/繁, search, print, small screens, keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_browser import _assert_clean, browser, page  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.browser

ARTICLE = "/2026/09/lao-liang-zhan-bian-shen-chuang-ye-kong-109d/"
PAGES = ["/", ARTICLE, "/category/zhifu/", "/search/", "/404.html", "/albums/", "/contact/", "/archives/"]


def _body_font_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")


def test_elderly_mode_enlarges_text_and_targets_and_persists(page, demo_server):
    page.goto(demo_server + ARTICLE)
    normal = _body_font_px(page)
    button = page.get_by_role("button", name="长者模式")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert _body_font_px(page) >= 24 > normal
    assert page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize)") >= 1.5
    sizes = page.evaluate("[...document.querySelectorAll('.nav a, .tool')].map(a => a.getBoundingClientRect()).filter(r => r.width).map(r => [r.width, r.height])")
    assert sizes and all(w >= 60 and h >= 60 for w, h in sizes), sizes
    # The next page, and a later visit, open in elderly mode.
    page.locator("[data-menu] > summary").click()  # the header folds these into its menu
    page.get_by_role("link", name="首页").click()
    page.wait_for_url(demo_server + "/")
    assert _body_font_px(page) >= 24
    page.reload()
    assert _body_font_px(page) >= 24
    expect(page.get_by_role("button", name="长者模式")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_font_size_buttons_step_and_persist(page, demo_server):
    page.goto(demo_server + ARTICLE)
    normal = _body_font_px(page)
    page.locator("[data-menu] > summary").click()  # the header folds these into its menu
    page.get_by_role("button", name="放大字体").click()
    page.get_by_role("button", name="放大字体").click()
    larger = _body_font_px(page)
    assert larger > normal
    page.goto(demo_server + "/")
    assert _body_font_px(page) == larger
    page.locator("[data-menu] > summary").click()  # the header folds these into its menu
    page.get_by_role("button", name="标准字体").click()
    assert _body_font_px(page) == normal
    page.get_by_role("button", name="缩小字体").click()
    assert _body_font_px(page) < normal


def test_script_switch_lands_on_the_converted_counterpart(page, demo_server):
    page.goto(demo_server + ARTICLE)
    title = page.title()
    page.locator("[data-menu] > summary").click()  # the header folds these into its menu
    page.get_by_role("link", name="繁體").click()
    page.wait_for_url("**/zh-hant/**")
    assert page.url == demo_server + "/zh-hant" + ARTICLE
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert page.title() != title and "編" in page.locator(".article-body").inner_text()
    page.locator("[data-menu] > summary").click()  # the header folds these into its menu
    page.get_by_role("link", name="首頁").click()  # navigation stays in the chosen script
    page.wait_for_url(demo_server + "/zh-hant/")
    page.locator("[data-menu] > summary").click()  # the header folds these into its menu
    page.get_by_role("link", name="簡體").click()
    page.wait_for_url(demo_server + "/")
    _assert_clean(page)


@pytest.mark.parametrize(("prefix", "word", "search_label"), [("", "竹编", "搜索本站文章"), ("/zh-hant", "竹編", "搜索本站文章")])
def test_search_finds_a_two_character_word_inside_a_sentence(page, demo_server, prefix, word, search_label):
    page.goto(demo_server + prefix + "/search/")
    page.locator("input[name=q]").fill(word)
    page.keyboard.press("Enter")
    results = page.locator("[data-search-list] li a")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert hrefs == [prefix + ARTICLE], hrefs
    assert word in page.locator("[data-search-list] li p").first.inner_text()
    assert "q=" in page.url  # the address of the results can be shared
    _assert_clean(page)


def test_search_from_the_404_page_form(page, demo_server):
    page.goto(demo_server + "/404.html")
    page.get_by_label("搜索本站文章").fill("竹编")
    page.get_by_role("button", name="搜索").click()
    page.locator("[data-search-list] li a").first.wait_for()
    assert page.locator("[data-search-list] li a").first.get_attribute("href") == ARTICLE


def test_search_page_without_javascript_offers_the_archive(browser, demo_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_server + "/search/")
    assert page.get_by_role("link", name="按年月浏览全部文章（归档）").is_visible()
    assert not page.get_by_role("button", name="长者模式").is_visible()  # controls need scripts
    context.close()


def test_print_shows_title_date_source_url_and_qr_without_navigation(page, demo_server):
    page.goto(demo_server + ARTICLE)
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".share-tools", ".neighbours", ".reading-tools"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in ("article h1", ".article-meta", ".share .qr", ".share-url"):
        assert page.locator(shown).first.is_visible(), shown
    assert "https://qinghe.example.cn" + ARTICLE in page.locator(".share-url").inner_text()
    assert "发布日期" in page.locator(".article-meta").inner_text()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("elderly", [False, True])
def test_nothing_scrolls_sideways_at_360_px(page, demo_server, elderly):
    if elderly:
        page.goto(demo_server + "/")
        page.get_by_role("button", name="长者模式").click()
    for path in PAGES + ["/zh-hant" + p for p in PAGES]:
        page.goto(demo_server + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


def test_keyboard_alone_reaches_every_control(page, demo_server):
    page.goto(demo_server + ARTICLE)
    controls = page.evaluate(
        """[...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex="0"]')]
        .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .map(e => e.outerHTML)"""
    )
    reached = set()
    for _ in range(len(controls)):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.outerHTML")
        reached.add(focused)
        # Every focused control shows where the focus is.
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", focused
    missing = [c for c in controls if c not in reached]
    assert not missing, missing
    # Enter on a focused button works like a click.
    page.locator("[data-elderly-toggle]").focus()
    page.keyboard.press("Enter")
    assert _body_font_px(page) >= 24


FAKE_ZH_VOICE = """
window.__spoken = [];
// Headless Chromium has no voices; a real SpeechSynthesisUtterance only accepts real ones.
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
const voice = {name: "测试中文语音", lang: "zh-CN", default: true, localService: true, voiceURI: "zh"};
Object.defineProperty(window, "speechSynthesis", {value: {
  speaking: false,
  getVoices: () => [voice],
  addEventListener: () => {},
  speak: (u) => { window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); },
  cancel: () => {},
}});
"""


def test_read_aloud_is_offered_only_with_a_chinese_voice(browser, demo_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(demo_server + ARTICLE)  # headless Chromium has no voices at all
    assert not page.get_by_role("button", name="朗读全文").is_visible()
    context.close()
    context = browser.new_context()
    context.add_init_script(FAKE_ZH_VOICE)
    page = context.new_page()
    page.goto(demo_server + ARTICLE)
    page.get_by_role("button", name="朗读全文").click()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and spoken[0]["lang"] == "zh-CN" and spoken[0]["voice"] == "测试中文语音"
    assert "竹编手工" in spoken[0]["text"] and "老粮站" in spoken[0]["text"]
    assert page.locator("[data-read-aloud]").inner_text() == "停止朗读"
    context.close()


def test_copy_link_puts_the_public_address_on_the_clipboard(browser, demo_server):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_server)
    page = context.new_page()
    page.goto(demo_server + ARTICLE)
    page.get_by_role("button", name="复制链接").click()
    page.get_by_role("button", name="已复制网址").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == "https://qinghe.example.cn" + ARTICLE
    context.close()


def test_nothing_scrolls_sideways_at_320_px(browser, demo_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in (ARTICLE, "/", "/zh-hant" + ARTICLE, "/search/"):
        page.goto(demo_server + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()
