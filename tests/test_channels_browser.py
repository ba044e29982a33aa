"""A recorded broadcast plays in a real Chromium: the player knows its length before anyone
presses play (preload=metadata), nothing plays by itself, and the page logs no error."""

from __future__ import annotations

import pytest
from audiofiles import tone_mp3
from conftest import messages
from test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

POST = "标题: 冬季用电安全提醒\n日期: 2026-11-20\n分类: 村务\n音频: dian.mp3\n\n入冬以后请检查电热毯。\n"


def test_the_recording_plays_with_its_duration_known(site):
    from playwright.sync_api import sync_playwright

    from benchmarks.common import site_server

    site.write("posts/dian.md", POST)
    tone_mp3(site.content / "posts/dian.mp3", seconds=4.0)
    result = site.build()
    assert result.ok, messages(result)
    with site_server(site.output) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740}, locale="zh-CN")
            errors, outside = [], []
            page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda request: request.url.startswith(url) or request.url.startswith("data:") or outside.append(request.url))
            page.goto(f"{url}/2026/11/dong-ji-yong-dian-an-quan-ti-xing/")
            player = page.locator("audio")
            page.wait_for_function("() => isFinite(document.querySelector('audio').duration)", timeout=10000)
            duration = player.evaluate("a => a.duration")
            assert 3.9 < duration < 4.3
            assert player.evaluate("a => a.paused")  # no autoplay
            player.evaluate("a => { a.muted = true; return a.play(); }")
            page.wait_for_function("() => document.querySelector('audio').currentTime > 0.2", timeout=10000)
            assert player.evaluate("a => a.error") is None
            assert page.get_by_text("收听本文").is_visible()
            assert errors == []
            assert outside == []
        finally:
            browser.close()
