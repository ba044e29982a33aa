"""The county portal's search, in a real Chromium: one search over every village's Pagefind index."""

from __future__ import annotations

import pytest
from county_site import TODAY, make_county
from test_browser import browser  # noqa: F401 - shared fixture

from benchmarks.common import site_server
from county import build as county_build
from county import config as county_config
from county import portal

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def county_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("county")
    county = county_config.load(make_county(root))
    output = root / "output"
    county_build.build_county(county, output, jobs=2, today=TODAY)
    portal.build_portal(county, output)
    with site_server(output) as url:
        yield url



@pytest.mark.parametrize(("words", "title", "href"), [
    ("稻虾", "乙村稻虾共养合作社分红", "/xihe/yi/2026/03/"),  # the second village, in another township
    ("春耕", "甲村春耕动员会", "/dongshan/jia/2026/03/"),
])
def test_county_search_finds_a_word_from_any_village(browser, county_server, words, title, href):
    page = browser.new_page(locale="zh-CN")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{county_server}/search/?q={words}")
    link = page.locator("[data-search-list] a", has_text=title)
    link.first.wait_for(timeout=15000)
    assert link.first.get_attribute("href").startswith(href)  # the result leads into that village's folder
    assert errors == []
    page.close()
