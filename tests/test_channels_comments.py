"""留言 with a real Isso server on 127.0.0.1, in a real Chromium: a villager's comment stays
hidden until an official approves it through Isso's moderation link, then everyone sees it; the
page talks to nobody but the site and its Isso; with 留言 off, no comment code is on the page."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import messages, minimal_village_yml
from village import config

POST = "标题: 村道拓宽征求意见\n日期: 2026-11-20\n分类: 村务\n\n村道拓宽方案征求意见。\n"
PAGE = "2026/11/cun-dao-tuo-kuan-zheng-qiu-yi-jian/"
COMMENT = "建议拓宽时把二组路口的排水沟一起修了。"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_comments(value: str) -> str:
    return re.sub(r'^留言: .*$', f"留言: {value}", minimal_village_yml(), flags=re.MULTILINE)


def test_with_comments_off_the_page_has_no_comment_code(site):
    site.write("posts/a.md", POST)
    assert site.build().ok
    page = site.page(PAGE + "index.html")
    assert "isso" not in page.lower() and "留言经村里审核" not in page


@pytest.mark.parametrize(("value", "error"), [
    ("https://comments.example.com", "不在本站的域名（qinghe.example.cn）下"),
    ("ftp://qinghe.example.cn/isso", "不是网址"),
])
def test_the_comment_server_must_be_on_the_sites_own_address(tmp_path, value, error):
    path = tmp_path / "village.yml"
    path.write_text(_with_comments(value), "utf-8")
    with pytest.raises(config.ConfigError) as caught:
        config.load(path)
    (message,) = [m for m in caught.value.messages if "留言" in m]
    assert re.match(r"第 \d+ 行：留言（留言服务器（Isso）的网址）", message)
    assert error in message and "请写 /isso" in message


def test_allowed_comment_server_addresses(tmp_path):
    path = tmp_path / "village.yml"
    for value, kept in (("/isso/", "/isso"), ("https://qinghe.example.cn/isso/", "https://qinghe.example.cn/isso"),
                        ("https://pl.qinghe.example.cn", "https://pl.qinghe.example.cn"), ('""', "")):
        path.write_text(_with_comments(value), "utf-8")
        assert config.load(path)["留言"] == kept


@pytest.fixture
def isso_port():
    return _free_port()


@pytest.mark.browser
def test_a_comment_appears_only_after_it_is_approved(site, tmp_path, isso_port):
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    from benchmarks.common import site_server

    isso_url = f"http://127.0.0.1:{isso_port}"
    (site.path / "village.yml").write_text(_with_comments(isso_url), "utf-8")
    site.write("posts/a.md", POST)
    result = site.build()
    assert result.ok, messages(result)
    html = site.page(PAGE + "index.html")
    assert f'data-isso="{isso_url}"' in html and "电话" in html  # the no-JS fallback names the office phone
    with site_server(site.output) as url:
        cfg = tmp_path / "isso.cfg"
        log = tmp_path / "isso.log"
        cfg.write_text(
            f"[general]\ndbpath = {tmp_path / 'comments.db'}\nhost = {url}\nnotify = stdout\ngravatar = false\n"
            f"[moderation]\nenabled = true\n[server]\nlisten = {isso_url}/\npublic-endpoint = {isso_url}\n"
            "[guard]\nenabled = false\n",
            "utf-8",
        )
        isso_bin = shutil.which("isso", path=str(Path(sys.executable).parent)) or "isso"
        with log.open("w") as out:
            server = subprocess.Popen([isso_bin, "-c", str(cfg), "run"], stdout=out, stderr=subprocess.STDOUT)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{isso_url}/info", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    _check_moderation(browser, url, isso_url, log)
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


def _open(browser, url: str, isso_url: str):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.outside, page.errors = [], []
    page.on("request", lambda r: r.url.startswith((url, isso_url, "data:")) or page.outside.append(r.url))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(f"{url}/{PAGE}")
    page.wait_for_selector("#isso-thread .isso-postbox textarea", timeout=15000)
    # The heading is filled once the thread's approved comments have been fetched (or there are none).
    page.wait_for_function("() => (document.querySelector('h4.isso-thread-heading') || {}).textContent", timeout=15000)
    return page


def _check_moderation(browser, url: str, isso_url: str, log: Path) -> None:
    villager = _open(browser, url, isso_url)
    villager.fill("#isso-thread .isso-postbox textarea", COMMENT)
    with villager.expect_response(lambda r: "/new?" in r.url) as posted:
        villager.click("#isso-thread .isso-postbox input[type=submit]")
    assert posted.value.status == 202  # accepted, waiting for moderation

    neighbour = _open(browser, url, isso_url)
    assert COMMENT not in neighbour.inner_text("#isso-thread")

    for _ in range(50):
        found = re.search(r"Activate comment: (\S+)", log.read_text("utf-8", "replace"))
        if found:
            break
        time.sleep(0.1)
    assert found, log.read_text("utf-8", "replace")
    # The official opens the link from the notice and confirms: Isso activates on POST.
    request = urllib.request.Request(found.group(1), method="POST")
    assert urllib.request.urlopen(request, timeout=5).read() == b"Comment has been activated"

    neighbour.reload()
    neighbour.wait_for_selector(f"#isso-root .isso-text:has-text('{COMMENT}')", timeout=15000)
    for page in (villager, neighbour):
        assert page.outside == []
        assert page.errors == []
