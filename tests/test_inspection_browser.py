"""axe-core finds nothing on the pages inspection added: 互动, 网站运行情况, a 公开 item with its
我要反映 block and review, the yearly report, a post with 补录于 and 修改记录 — in both scripts."""

from __future__ import annotations

import pytest
from test_browser import browser  # noqa: F401 - shared fixture

from benchmarks import budgets

pytestmark = pytest.mark.browser

PAGES = [
    "hudong/", "site-info/", "gongkai/2026/2026-04-jigenglu-jueyi/", "gongkai/2026/2026-10-caiwu/", "gongkai/nianbao/2025/",
    "2026/11/dongxiu-shuili/", "2026/11/dongji-yongdian/", "gongkai/rili/",
]


@pytest.mark.parametrize("script", ["", "zh-hant/"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_on_the_inspection_pages(browser, demo_server, demo_output, path, script):
    assert (demo_output / script / path / "index.html").is_file()
    page = browser.new_page()
    violations = budgets.axe_violations(page, f"{demo_server}/{script}{path}")
    page.close()
    assert violations == [], violations
