"""What both benchmark commands share: a throwaway folder and the Chinese verdict on a target."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path


@contextlib.contextmanager
def work_folder(prefix: str, keep: bool):
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        if keep:
            print(f"测试文件保留在 {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def verdict(met: bool) -> str:
    return "达标" if met else "未达标"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def site_server(folder: Path):
    """Serve a built site on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
