"""The demo's editions in a real Chromium and the validators: Nu checker, axe-core, Lighthouse on each
edition's home page and article, the switcher without JavaScript, and Pagefind finding words in the
Uyghur, Tibetan and Mongolian scripts."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from test_browser import _assert_clean, browser, page  # noqa: F401 - shared fixtures
from test_demo_site import VNU

from benchmarks import budgets

pytestmark = pytest.mark.browser

EDITIONS = ("ug", "kk", "mn", "bo", "ko")
FIRE = "2026/11/jin-ru-dong-ji-sen-lin-fang-huo-qi-jin-shan-6d33/"  # translated into every edition


def _pages() -> list[str]:
    return [f"{code}/{path}" for code in EDITIONS for path in ("", FIRE)]


def test_nu_checker_finds_no_errors_in_any_edition(demo_output):
    assert shutil.which("java") and VNU.is_file(), "Nu HTML checker missing: run make test"
    folders = [str(demo_output / code) for code in EDITIONS]
    result = subprocess.run(
        ["java", "-Xss2m", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", *folders],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '').split('/output/')[-1]}: {m.get('message')}" for m in messages] == []
    assert all((demo_output / page / "index.html").is_file() for page in _pages())


@pytest.mark.parametrize("path", _pages())
def test_axe_finds_nothing_on_each_editions_home_and_article(browser, demo_server, path):
    page = browser.new_page()
    violations = budgets.axe_violations(page, f"{demo_server}/{path}")
    page.close()
    assert violations == [], violations


@pytest.mark.parametrize("path", _pages())
def test_lighthouse_scores_each_editions_home_and_article(demo_server, path):
    scores = budgets.lighthouse(f"{demo_server}/{path}")
    for category, target in budgets.SCORE_TARGETS.items():
        assert scores[category] >= target, (path, category, scores)


def test_switcher_leads_to_the_same_page_in_another_edition_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_server}/{FIRE}")
    page.locator("nav.editions a[hreflang=bo-CN]").click()
    page.wait_for_url(f"{demo_server}/bo/{FIRE}")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["bo-CN", "ltr"]
    page.locator("nav.editions a[hreflang=ug-Arab-CN]").click()
    page.wait_for_url(f"{demo_server}/ug/{FIRE}")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    context.close()


@pytest.mark.parametrize(("code", "word"), [
    ("ug", "ئورمان"),  # forest
    ("bo", "ནགས་མེ"),  # forest fire
    ("mn", "ᠣᠢ"),  # forest
])
def test_each_editions_search_finds_a_word_of_its_script(page, demo_server, code, word):
    page.goto(f"{demo_server}/{code}/search/")
    page.locator("input[name=q]").fill(word)
    page.keyboard.press("Enter")
    results = page.locator("[data-search-list] li a")
    results.first.wait_for()
    hrefs = {results.nth(i).get_attribute("href") for i in range(results.count())}
    assert f"/{code}/{FIRE}" in hrefs, hrefs
    _assert_clean(page)


# What each edition's own script must be drawn with on every kind of page a villager opens there.
SCRIPT_PAGES = ("", FIRE, "gongkai/2026/2026-10-caiwu/", "cards/contacts/", "search/")


@pytest.mark.parametrize("code", EDITIONS)
def test_every_kind_of_page_draws_its_script_with_the_self_hosted_font(browser, demo_server, code):
    """Chromium says which fonts drew a node's glyphs (CDP CSS.getPlatformFontsForNode): the
    edition's own subset must draw the script in the page's title and body, from our own server."""
    _assert_own_font(browser, demo_server, code, SCRIPT_PAGES)


# The demo's 明白卡 and 回音卡 translated into Uyghur (headings in Uyghur) and Korean (headings in Chinese).
CARD_PAGES = ("cards/monthly/2026-11/", "cards/inquiries/2026-11/2026-11-16-gongce-zhaoming/")


@pytest.mark.parametrize("code", ("ug", "ko"))
def test_translated_cards_draw_their_script_and_pass_axe(browser, demo_server, code):
    _assert_own_font(browser, demo_server, code, CARD_PAGES, ("main",))
    page = browser.new_page()
    for path in CARD_PAGES:
        assert budgets.axe_violations(page, f"{demo_server}/{code}/{path}") == [], path
    page.close()


def _assert_own_font(browser, demo_server, code: str, paths, selectors=("h1", "main")) -> None:
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    for path in paths:
        page.goto(f"{demo_server}/{code}/{path}")
        page.evaluate("document.fonts.ready")
        faces = page.evaluate("[...document.fonts].map(f => [f.family.replace(/\"/g, ''), f.status])")
        assert [f"Village {code}", "loaded"] in faces, (path, faces)
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        for selector in selectors:
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            used = {f["familyName"]: f["glyphCount"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
            assert used.get(f"Village {code}", 0) > 0, (path, selector, used)
    page.close()
    assert all(url.startswith(demo_server) for url in requests), [u for u in requests if not u.startswith(demo_server)]
