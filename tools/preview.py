"""Preview while writing (`invoke livereload`): rebuild on save, and show content errors in the browser.

A failed rebuild leaves output/ as it was (build.py). The preview then lays the problems, the
same lines the terminal prints, over every page of that last good site, or shows them on a page
of their own when there is no site yet. The next good build takes them away. Nothing is written
to content/ or output/: the panel exists only in the preview's responses.
"""

from __future__ import annotations

import html
import mimetypes
import posixpath
import threading
import time
from pathlib import Path
from urllib.parse import unquote

from village.output import search

from tools import build as village_build

_STYLE = (
    "position:fixed;top:0;left:0;right:0;max-height:75vh;overflow:auto;z-index:2147483647;margin:0;"
    "padding:1rem 1.25rem;background:#fff4f2;color:#1f1f1f;border-bottom:4px solid #b3261e;"
    "box-shadow:0 4px 16px rgba(0,0,0,.25);font:16px/1.6 system-ui,sans-serif;text-align:left"
)


def error_panel(lines: list[str]) -> str:
    items = "\n".join(html.escape(line) for line in lines)
    return (
        f'<div id="village-preview-errors" role="alert" style="{_STYLE}">'
        '<h2 style="margin:0 0 .25rem;font-size:1.25rem;color:#b3261e">内容有错误，网站没有更新</h2>'
        '<p style="margin:0 0 .5rem">下面是上一次成功生成的网站。按提示改正后保存文件，这个页面会自动刷新。</p>'
        f'<pre style="margin:0;white-space:pre-wrap;font:inherit">{items}</pre></div>'
    )


def error_page(lines: list[str]) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>内容有错误</title></head>'
        f"<body>{error_panel(lines).replace('下面是上一次成功生成的网站。', '还没有成功生成过网站。')}</body></html>"
    )


class Preview:
    """Rebuilds the project and serves output/ as a WSGI app, with the error panel while it fails."""

    def __init__(self, project: str | Path, settings_file: str = "pelicanconf.py", out=print):
        self.project = Path(project).resolve()
        self.settings_file = settings_file
        self.output = self.project / "output"
        self.out = out
        self.problems: list[str] = []  # the failed build's report lines; empty after a good build
        self.builds = 0
        self._indexing: threading.Thread | None = None  # the search index of the last good build, being brought up to date

    def rebuild(self) -> village_build.BuildResult:
        self.wait_for_search()  # a build must not link a search index while it is being written
        started = time.perf_counter()
        result = village_build.build(self.project, settings_file=self.settings_file, index_after_swap=True)
        seconds = time.perf_counter() - started
        if result.ok:
            # The saved post is shown now; its search shard follows a moment later.
            self._indexing = threading.Thread(target=self._index, daemon=True)
            self._indexing.start()
        report = result.report.format() if result.report.problems else ""
        if report:
            self.out(report)
        self.problems = [] if result.ok else report.splitlines()
        verb = "重新生成" if self.builds else "生成"
        self.builds += 1
        outcome = "" if result.ok else f"，有 {len(result.report.errors)} 个错误，浏览器里显示错误列表，网站保持上一次的样子"
        self.out(f"{verb}用时 {seconds:.1f} 秒{outcome}")
        return result

    def _index(self) -> None:
        problem, _ = search.update_in_place(self.output)
        if problem:
            self.out(f"错误：{problem}")

    def wait_for_search(self) -> None:
        if self._indexing is not None:
            self._indexing.join()

    def _file(self, path: str) -> Path | None:
        """The file under output/ for a URL path; None outside it or missing."""
        clean = posixpath.normpath("/" + path.lstrip("/"))
        candidate = self.output / clean.lstrip("/")
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def app(self, environ, start_response):
        path = unquote(environ.get("PATH_INFO", "/"))
        if (self.output / path.lstrip("/")).is_dir() and not path.endswith("/") and ".." not in path:
            start_response("301 Moved Permanently", [("Location", path + "/")])
            return [b""]
        status, file = "200 OK", self._file(path)
        if file is None:
            status, file = "404 Not Found", self._file("/404.html")
        if file is None:
            if self.problems:
                body = error_page(self.problems).encode("utf-8")
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")])
                return [body]
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return ["找不到这个页面。".encode()]
        body = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html" and self.problems:
            page = body.decode("utf-8", errors="replace")
            panel = error_panel(self.problems)
            page = page.replace("</body>", panel + "</body>", 1) if "</body>" in page else page + panel
            body = page.encode("utf-8")
        if kind.startswith("text/") or kind in ("application/javascript", "application/xml", "image/svg+xml"):
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store")])
        return [body]
