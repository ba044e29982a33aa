"""deploy/nginx.conf in a real nginx: types, precompressed copies, caching, security headers, 404.

The example is run as written; only the address, the site folder and the process paths change.
The site folder is laid out by the rsync publisher (releases/ and a `current` symlink).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import http.client
import io
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import brotli
import pytest
from conftest import ROOT

from deploy.releases import Releases

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
EXAMPLE = ROOT / "deploy" / "nginx.conf"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; style-src-attr 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
TZ = ZoneInfo("Asia/Shanghai")


def _require_nginx() -> None:
    if os.path.exists(NGINX) and BROTLI_MODULE.exists():
        return
    missing = "、".join(
        what for what, there in ((f"nginx（{NGINX}）", os.path.exists(NGINX)), (f"brotli 模块（{BROTLI_MODULE}）", BROTLI_MODULE.exists()))
        if not there
    )
    fix = "请运行 bash scripts/bootstrap.sh test（会安装 nginx、libnginx-mod-http-brotli-static 和 rsync）。"
    if os.geteuid() != 0:
        pytest.skip(f"跳过真实 nginx 测试：缺少 {missing}，当前用户（uid {os.geteuid()}）不是 root，无法自动安装。{fix}")
    pytest.fail(f"缺少 {missing}。{fix}")


def render(example: str, port: int, root: Path, work: Path) -> str:
    """The example inside a minimal main config, listening on 127.0.0.1:port with paths in `work`."""
    server = example.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;", "")
    server = server.replace("root /srv/qinghe/current;", f"root {root};")
    assert f"root {root};" in server and f"listen 127.0.0.1:{port};" in server
    temp = "\n".join(f"    {kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""
load_module {BROTLI_MODULE};
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
{server}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def photo_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A small public build (absolute URLs, .gz/.br copies, one photo) as the live release."""
    from conftest import Site

    base = tmp_path_factory.mktemp("nginx-site")
    site = Site(base / "village")
    for number, category in enumerate(["党建", "村务", "致富", "民俗", "建言"], start=1):
        site.write(f"posts/p{number}.md", f"标题: 第{number}篇\n日期: 2024-05-0{number}\n分类: {category}\n\n" + "正文。" * 200 + "\n")
    site.write("posts/chayuan.jpg", photo_bytes())
    site.write("posts/photo.md", "标题: 茶园\n日期: 2024-05-06\n分类: 致富\n\n![茶园一角](chayuan.jpg)\n")
    site.write("images/emblem.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80">' + '<circle cx="40" cy="40" r="30"/>' * 20 + "</svg>")
    result = site.build(settings_file="publishconf.py")
    assert result.ok, result.summary()
    target = base / "srv"
    Releases(str(target)).publish(site.output, 5, dt.datetime(2024, 6, 1, 9, 0, tzinfo=TZ), log=lambda line: None)
    return site, target


@contextlib.contextmanager
def running_nginx(root: Path, work: Path):
    """nginx with the example config serving `root` on a free port; yields the port."""
    _require_nginx()
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(render(EXAMPLE.read_text("utf-8"), port, root, work), "utf-8")
    checked = subprocess.run([NGINX, "-t", "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(work), "-c", str(conf), "-e", str(work / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx 没有启动：{process.stderr.read().decode() if process.poll() is not None else '10 秒内没有响应'}")
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(published, tmp_path_factory):
    site, target = published
    with running_nginx(target / "current", tmp_path_factory.mktemp("nginx")) as port:
        yield port, site, target


def get(port: int, path: str, encoding: str = "identity") -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": encoding, "Host": "qinghe.example.cn"})
    response = connection.getresponse()
    body = response.read()
    headers = {key.lower(): value for key, value in response.getheaders()}
    connection.close()
    return response.status, headers, body


def assert_security_headers(headers: dict) -> None:
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["permissions-policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    assert headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in headers  # only once https is set up
    assert "nginx/" not in headers.get("server", "")


def test_pages_are_sent_precompressed_with_short_caching_and_security_headers(nginx):
    port, site, _ = nginx
    original = (site.output / "index.html").read_bytes()
    status, headers, body = get(port, "/", "gzip")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == original
    assert headers["vary"] == "Accept-Encoding"
    assert headers["cache-control"] == "public, max-age=300"
    assert_security_headers(headers)
    status, headers, body = get(port, "/", "gzip, deflate, br")
    assert headers["content-encoding"] == "br" and brotli.decompress(body) == original
    status, headers, body = get(port, "/2024/05/di-1-pian/")
    assert status == 200 and "content-encoding" not in headers and body == (site.output / "2024/05/di-1-pian/index.html").read_bytes()
    status, headers, _ = get(port, "/2024/05/di-1-pian")
    assert status == 301 and headers["location"] == "/2024/05/di-1-pian/"  # relative: right behind https too


def test_feeds_have_their_own_types(nginx):
    port, site, _ = nginx
    status, headers, body = get(port, "/feeds/all.atom.xml", "gzip")
    assert status == 200 and headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == (site.output / "feeds/all.atom.xml").read_bytes()
    assert headers["cache-control"] == "public, max-age=300"
    status, headers, _ = get(port, "/feeds/all.rss.xml", "br")
    assert status == 200 and headers["content-type"] == "application/rss+xml; charset=utf-8" and headers["content-encoding"] == "br"
    status, headers, _ = get(port, "/sitemap.xml", "gzip")
    assert headers["content-type"] == "text/xml; charset=utf-8" and headers["content-encoding"] == "gzip"


def test_assets_cache_longer_and_only_fingerprinted_photos_forever(nginx):
    port, site, _ = nginx
    status, headers, body = get(port, "/theme/css/site.css", "gzip")
    assert status == 200 and headers["content-type"] == "text/css; charset=utf-8"
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == (site.output / "theme/css/site.css").read_bytes()
    assert headers["cache-control"] == "public, max-age=3600"  # same name after a theme change
    status, headers, _ = get(port, "/theme/js/viewer.js", "br")
    assert headers["content-type"] == "application/javascript; charset=utf-8" and headers["content-encoding"] == "br"
    photo = next((site.output / "photos").rglob("*.avif")).relative_to(site.output).as_posix()
    status, headers, body = get(port, f"/{photo}", "gzip, br")
    assert status == 200 and headers["content-type"] == "image/avif" and "content-encoding" not in headers
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert_security_headers(headers)


def test_svg_files_get_a_policy_that_lets_nothing_run_or_load_from_elsewhere(nginx):
    port, site, _ = nginx
    for encoding in ("identity", "gzip"):
        status, headers, body = get(port, "/images/emblem.svg", encoding)
        assert status == 200 and headers["content-type"] == "image/svg+xml; charset=utf-8"
        assert headers["content-security-policy"] == SVG_CSP
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert gzip.decompress(body) == (site.output / "images/emblem.svg").read_bytes()
    assert headers["content-encoding"] == "gzip"
    # The theme's icon is an SVG too; pages keep their own policy.
    assert get(port, "/theme/img/favicon.svg")[1]["content-security-policy"] == SVG_CSP
    assert get(port, "/")[1]["content-security-policy"] == CSP


def test_only_the_web_editor_gets_the_looser_policy_decap_needs(nginx):
    port, _, target = nginx
    admin = target / "current" / "admin"
    admin.mkdir(exist_ok=True)
    (admin / "index.html").write_text("<!doctype html><title>编辑器</title>", "utf-8")
    policy = get(port, "/admin/")[1]["content-security-policy"]
    assert "'unsafe-eval'" in policy and "connect-src 'self' https://git.example.cn" in policy
    assert "'unsafe-eval'" not in CSP and get(port, "/")[1]["content-security-policy"] == CSP


def test_missing_pages_get_the_site_404_page_and_dot_files_stay_hidden(nginx):
    port, site, _ = nginx
    status, headers, body = get(port, "/no-such-page/", "gzip")
    assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
    assert gzip.decompress(body) == (site.output / "404.html").read_bytes()
    assert_security_headers(headers)
    status, headers, body = get(port, "/zh-hant/no-such-page/", "gzip")
    assert status == 404 and gzip.decompress(body) == (site.output / "zh-hant/404.html").read_bytes()
    assert_security_headers(headers)
    status, _, _ = get(port, "/.git/config")
    assert status == 404


def test_a_new_release_is_served_as_soon_as_current_switches(nginx):
    port, site, target = nginx
    site.write("posts/p1.md", "标题: 第1篇更新\n日期: 2024-05-01\n分类: 党建\n\n" + "新正文。" * 200 + "\n")
    result = site.build(settings_file="publishconf.py")
    assert result.ok, result.summary()
    releases = Releases(str(target))
    releases.publish(site.output, 5, dt.datetime(2024, 6, 2, 9, 0, tzinfo=TZ), log=lambda line: None)
    assert "第1篇更新" in get(port, "/")[2].decode("utf-8")  # no nginx reload needed
    releases.rollback()
    assert "第1篇更新" not in get(port, "/")[2].decode("utf-8")


@pytest.mark.browser
def test_chromium_shows_a_photo_page_under_the_policy_without_a_violation(tmp_path):
    """The policy allows exactly what the theme needs: the placeholder colour, nothing else inline."""
    from conftest import Site
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    site = Site(tmp_path / "village")  # the preview build: same-origin links on 127.0.0.1
    site.write("posts/chayuan.jpg", photo_bytes())
    site.write("posts/photo.md", "标题: 茶园\n日期: 2024-05-06\n分类: 致富\n\n![茶园一角](chayuan.jpg)\n")
    site.write("images/emblem.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80">' + '<circle cx="40" cy="40" r="30"/>' * 20 + "</svg>")
    result = site.build()
    assert result.ok, result.summary()
    work = tmp_path / "nginx"
    work.mkdir()
    with running_nginx(site.output, work) as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.add_init_script(
            "window.violations = [];"
            "document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));"
        )
        scripts = []
        page.on("response", lambda response: response.url.endswith("viewer.js") and scripts.append(response.status))
        page.goto(f"http://127.0.0.1:{port}/2024/05/cha-yuan/", wait_until="load")
        placeholder = page.locator("img[style]").first  # style="background-color:…" from photos/markup.py
        assert placeholder.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert page.evaluate("window.violations") == [] and scripts == [200]
        # The listener does see a violation: an inline <style> element is refused.
        page.evaluate("document.head.appendChild(document.createElement('style')).textContent = 'body{}'")
        page.wait_for_function("window.violations.length > 0")
        assert set(page.evaluate("window.violations")) == {"style-src-elem"}
        browser.close()
