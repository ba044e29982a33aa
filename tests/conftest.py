"""Shared fixtures: throwaway village projects built with the real plugin, and the built demo site."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from village import build as village_build  # noqa: E402


class Site:
    """A minimal village project in a temporary folder, sharing the real theme and plugins."""

    def __init__(self, path: Path, village_yml: str | None = None):
        self.path = path
        self.content = path / "content"
        (self.content / "posts").mkdir(parents=True)
        (self.content / "pages").mkdir()
        shutil.copy(ROOT / "pelicanconf.py", path / "pelicanconf.py")
        shutil.copy(ROOT / "publishconf.py", path / "publishconf.py")
        (path / "village.yml").write_text(village_yml or (ROOT / "village.yml").read_text("utf-8"), "utf-8")
        (path / "theme").symlink_to(ROOT / "theme")
        (path / "plugins").symlink_to(ROOT / "plugins")

    def write(self, relative: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        target = self.content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_bytes(text.encode(encoding))
        return target

    def build(self, check_only: bool = False, settings_file: str = "pelicanconf.py"):
        return village_build.build(self.path, settings_file=settings_file, check_only=check_only)

    @property
    def output(self) -> Path:
        return self.path / "output"

    def page(self, relative: str) -> str:
        return (self.output / relative).read_text("utf-8")


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "village")


def messages(result, level: str = "error") -> list[str]:
    return [p.format() for p in result.report.problems if p.level == level]


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory) -> Path:
    """The demo village site, built once per test worker with the project's own settings."""
    base = tmp_path_factory.mktemp("demo")
    output = base / "output"
    caches = {"CACHE_PATH": str(base / "cache"), "VILLAGE_IMAGE_CACHE": str(base / "images")}
    result = village_build.build(ROOT, output=output, overrides=caches)
    assert result.ok, result.summary()
    return output


@pytest.fixture(scope="session")
def demo_server(demo_output):
    """The built demo site served on 127.0.0.1 (a random free port), as a villager's phone sees it."""
    import functools
    import http.server
    import threading

    handler = functools.partial(_QuietHandler, directory=str(demo_output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


import http.server as _http_server  # noqa: E402


class _QuietHandler(_http_server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass
