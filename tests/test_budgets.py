"""The reading experience's budgets, enforced with the same functions `invoke budget` prints."""

from __future__ import annotations

import pytest
from test_browser import browser  # noqa: F401 - shared fixture

from benchmarks import budgets

pytestmark = pytest.mark.browser


def test_home_page_html_css_js_fit_in_30_kb_gzip(demo_output):
    weight = budgets.home_weight(demo_output)
    assert {"index.html", "theme/css/site.css", "theme/js/reading.js"} <= set(weight.files)
    assert weight.total <= budgets.HOME_WEIGHT_LIMIT, weight.files


@pytest.fixture(scope="module")
def budget_pages(demo_output):
    found = budgets.pages(demo_output)
    assert len(found) == 10 and all(path or name.startswith("首页") for name, path in found.items()), found
    return found


@pytest.mark.parametrize("name", ["首页", "文章", "分类", "搜索", "404"])
@pytest.mark.parametrize("script", ["", "（繁體）"])
def test_lighthouse_and_axe_on_the_main_pages(browser, demo_server, budget_pages, name, script):
    path = budget_pages[name + script]
    scores = budgets.lighthouse(f"{demo_server}/{path}")
    for category, target in budgets.SCORE_TARGETS.items():
        assert scores[category] >= target, (path, category, scores)
    page = browser.new_page()
    violations = budgets.axe_violations(page, f"{demo_server}/{path}")
    page.close()
    assert violations == [], violations


def test_axe_finds_nothing_in_elderly_mode(browser, demo_server, budget_pages):
    page = browser.new_page()
    page.goto(f"{demo_server}/{budget_pages['文章']}")
    page.get_by_role("button", name="长者模式").click()
    page.add_script_tag(path=str(budgets.AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", budgets.AXE_TAGS)
    page.close()
    assert result["violations"] == []


def test_axe_check_catches_a_broken_page(browser, demo_server):
    page = browser.new_page()
    page.goto(f"{demo_server}/")
    page.evaluate("document.querySelector('.emblem').removeAttribute('alt'); document.documentElement.removeAttribute('lang')")
    page.add_script_tag(path=str(budgets.AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", budgets.AXE_TAGS)
    page.close()
    assert {"image-alt", "html-has-lang"} <= {v["id"] for v in result["violations"]}
