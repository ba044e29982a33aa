"""The 公开栏 in a real Chromium on a 360 px phone: the archive, the calendar, a decision timeline."""

from __future__ import annotations

import re

import pytest
from test_browser import _assert_clean, browser, page  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_archive_leads_from_the_header_to_an_item_with_its_table(page, demo_server):
    page.goto(demo_server + "/")
    page.locator("[data-menu] > summary").click()  # the header folds these into its menu
    page.get_by_role("navigation", name="栏目").get_by_role("link", name="公开栏").click()
    assert page.url.endswith("/gongkai/")
    # what is on notice depends on today's date; the section itself is always there
    assert page.get_by_role("heading", name="正在公示").is_visible()
    page.get_by_role("link", name="财务公开").first.click()
    assert page.get_by_role("img", name=re.compile(r"2026年每月收入和支出")).is_visible()
    assert _fits(page)
    page.locator(".gk-list a.gk-title").first.click()
    table = page.locator("table.data").first
    assert table.locator("caption").is_visible()
    amounts = table.locator("td.num")
    assert amounts.count() > 2
    assert amounts.first.evaluate("td => getComputedStyle(td).textAlign") == "end"  # the right edge here (ltr), the left edge in a right-to-left edition
    assert table.locator("tr.total th").text_content() == "合计"
    # a wide table scrolls inside its box, never the page
    assert _fits(page)
    download = page.get_by_role("link", name=re.compile(r"^下载 .+\.(csv|xlsx)$")).first
    response = page.request.get(demo_server + "/" + download.get_attribute("href").lstrip("/"))
    assert response.ok
    _assert_clean(page)


def test_calendar_shows_the_missed_july_in_colour_and_words(page, demo_server):
    page.goto(demo_server + "/gongkai/rili/")
    finance = page.locator("section.gk-calendar", has=page.get_by_role("heading", name=re.compile("^财务收支")))
    july = finance.locator("li.cal", has_text="2026年7月")
    assert july.text_content().split() == ["2026年7月", "✘", "未公开"]
    june = finance.locator("li.cal", has_text="2026年6月")
    assert "已公开" in june.text_content() and june.get_by_role("link").count() == 1
    missed_colour = july.evaluate("li => getComputedStyle(li).backgroundColor")
    posted_colour = june.evaluate("li => getComputedStyle(li).backgroundColor")
    assert missed_colour != posted_colour
    assert _fits(page)
    _assert_clean(page)


def test_decision_timeline_marks_the_current_stage(page, demo_server):
    page.goto(demo_server + "/gongkai/juece/")
    matters = page.locator(".gk-matters > li")
    assert matters.count() == 3
    stages = [m.locator(".gk-meta strong").text_content() for m in matters.all()]
    assert len(set(stages)) == 3, stages  # the demo shows three different stages
    unfinished = next(m for m in matters.all() if m.locator(".stage-bar .todo").count())
    unfinished.get_by_role("heading").get_by_role("link").click()
    current = page.locator('.timeline li[aria-current="step"]')
    assert current.count() == 1
    stage = page.locator(".gk-stage strong").text_content()
    assert current.locator(".step-name").text_content() == stage
    assert page.locator(".timeline li.todo").count() >= 1
    # the current step's dot stands out from the finished ones
    colours = page.evaluate(
        "[...document.querySelectorAll('.timeline li.done')].map(li => getComputedStyle(li, '::before').backgroundColor)"
    )
    assert len(colours) >= 2 and colours[-1] != colours[0], colours
    assert _fits(page)
    _assert_clean(page)


def test_finished_decision_links_both_disclosures(page, demo_server):
    page.goto(demo_server + "/gongkai/juece/")
    done = next(m for m in page.locator(".gk-matters > li").all() if m.locator(".stage-bar .todo").count() == 0)
    done.get_by_role("heading").get_by_role("link").click()
    links = page.locator(".timeline a")
    assert links.count() == 2
    links.first.click()
    assert page.locator(".gk-decision").is_visible() and page.locator(".gk-fields").is_visible()


@pytest.mark.parametrize("path", ["/gongkai/", "/gongkai/rili/", "/gongkai/juece/", "/gongkai/2026/", "/zh-hant/gongkai/rili/"])
def test_disclosure_pages_fit_a_small_phone(page, demo_server, path):
    page.goto(demo_server + path)
    assert _fits(page), path
    _assert_clean(page)


def test_an_item_prints_without_navigation(page, demo_server):
    page.goto(demo_server + "/gongkai/caiwu/")
    page.locator(".gk-list a.gk-title").first.click()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and not page.locator(".crumbs").is_visible()
    assert page.locator(".gk-fields").is_visible() and page.locator("table.data").first.is_visible()
