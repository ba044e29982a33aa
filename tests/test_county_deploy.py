"""The county site onto S3-compatible storage with rclone, against a real `rclone serve s3` on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from county.objectstore import ASSET, IMMUTABLE, PAGE, ObjectStore, rclone_binary


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3(tmp_path, monkeypatch):
    """An S3 endpoint over a temporary folder; the remote `s3test:` points at it."""
    data = tmp_path / "s3"
    (data / "cunwu").mkdir(parents=True)  # the bucket
    port = _free_port()
    server = subprocess.Popen([rclone_binary(), "serve", "s3", "--addr", f"127.0.0.1:{port}", str(data)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    for key, value in {"TYPE": "s3", "PROVIDER": "Other", "ENDPOINT": f"http://127.0.0.1:{port}"}.items():
        monkeypatch.setenv(f"RCLONE_CONFIG_S3TEST_{key}", value)
    yield f"http://127.0.0.1:{port}/cunwu/site"
    server.terminate()
    server.wait(timeout=10)


def _site(folder: Path, version: str, extra: dict[str, str] | None = None) -> Path:
    files = {
        "index.html": f"<!doctype html><title>门户</title><p>{version}</p>",
        "guishan/qinghe/index.html": f"<p>青禾村 {version}</p>",
        "guishan/qinghe/photos/ab12cd/x-800.webp": "webp-bytes",
        "guishan/qinghe/pagefind/y2026/fragment/zh-cn_abc.pf_fragment": "fragment",
        "guishan/qinghe/pagefind/y2026/pagefind-entry.json": '{"version": "1"}',
        "guishan/qinghe/theme/css/site.css": "body{}",
        "feeds/all.atom.xml": "<feed/>",
        "guishan/qinghe/index.html.gz": "gz",
        **(extra or {}),
    }
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return folder


def _get(url: str):
    with urllib.request.urlopen(url) as response:
        return response.headers, response.read().decode("utf-8")


def test_publish_sets_types_and_cache_headers_removes_stale_files_and_rolls_back(s3, tmp_path):
    store = ObjectStore("s3test:cunwu/site", "s3test:cunwu/releases", log=lambda *_: None)
    first = store.publish(_site(tmp_path / "v1", "第一版", {"guishan/old/index.html": "<p>旧村</p>"}), keep=3,
                          now=dt.datetime(2026, 3, 1, 9, 0))
    headers, body = _get(f"{s3}/index.html")
    assert "第一版" in body and headers["Content-Type"].startswith("text/html") and headers["Cache-Control"] == PAGE
    headers, _ = _get(f"{s3}/guishan/qinghe/theme/css/site.css")
    assert headers["Content-Type"].startswith("text/css") and headers["Cache-Control"] == ASSET
    for immutable in ("guishan/qinghe/photos/ab12cd/x-800.webp", "guishan/qinghe/pagefind/y2026/fragment/zh-cn_abc.pf_fragment"):
        assert _get(f"{s3}/{immutable}")[0]["Cache-Control"] == IMMUTABLE
    assert _get(f"{s3}/guishan/qinghe/pagefind/y2026/pagefind-entry.json")[0]["Cache-Control"] == PAGE
    with pytest.raises(urllib.error.HTTPError):
        _get(f"{s3}/guishan/qinghe/index.html.gz")  # nginx's precompressed copies stay home

    # Assets went up before the pages that point at them.
    uploads = [c for c in store.commands if c[1] == "copy" and c[3] == "s3test:cunwu/site"]
    assert [c[c.index("--header-upload") + 1] for c in uploads] == [f"Cache-Control: {v}" for v in (IMMUTABLE, ASSET, PAGE)]

    store.commands.clear()
    second = store.publish(_site(tmp_path / "v2", "第二版"), keep=3, now=dt.datetime(2026, 3, 2, 9, 0))
    assert "第二版" in _get(f"{s3}/index.html")[1]
    with pytest.raises(urllib.error.HTTPError):
        _get(f"{s3}/guishan/old/index.html")  # gone from the new version, so gone from the bucket
    steps = [c[1] for c in store.commands]
    assert steps.index("delete") > max(i for i, step in enumerate(steps) if step == "copy")
    assert store.names() == [first, second] and store.live() == second

    old, new = store.rollback()
    assert (old, new) == (second, first)
    headers, body = _get(f"{s3}/index.html")
    assert "第一版" in body and headers["Cache-Control"] == PAGE
    assert "旧村" in _get(f"{s3}/guishan/old/index.html")[1]
    assert store.live() == first


def test_old_releases_are_pruned_but_never_the_live_one(s3, tmp_path):
    store = ObjectStore("s3test:cunwu/site", "s3test:cunwu/releases", log=lambda *_: None)
    for day in (1, 2, 3):
        store.publish(_site(tmp_path / f"v{day}", f"第{day}版"), keep=2, now=dt.datetime(2026, 3, day, 9, 0))
    assert store.names() == ["20260302-090000", "20260303-090000"]
