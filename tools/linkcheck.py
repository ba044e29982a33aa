"""Checks every internal link of a built site: pages, images, srcset candidates, feeds, anchors.

Run on the output folder after a build (`invoke linkcheck`); each broken link is listed with the
page it is on, in Chinese.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src")}
_SRCSET_TAGS = {"img", "source"}


@dataclass(frozen=True)
class BrokenLink:
    page: str
    url: str
    reason: str

    def format(self) -> str:
        return f"{self.page}：链接“{self.url}”{self.reason}"


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        for attr, value in attrs:
            if value and (tag, attr) in _LINK_ATTRS:
                self.links.append(value)
            elif value and attr == "srcset" and tag in _SRCSET_TAGS:
                self.links += [candidate.strip().split(" ")[0] for candidate in value.split(",") if candidate.strip()]


def _target_file(root: Path, path: str) -> Path | None:
    candidate = root / path.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(root: str | Path, site_url: str = "") -> list[BrokenLink]:
    root = Path(root)
    site = urlsplit(site_url)
    parsed: dict[Path, _PageParser] = {}

    def parse(page: Path) -> _PageParser:
        if page not in parsed:
            parser = _PageParser()
            parser.feed(page.read_text("utf-8", errors="replace"))
            parsed[page] = parser
        return parsed[page]

    broken: list[BrokenLink] = []
    for page in sorted(root.rglob("*.html")):
        shown = page.relative_to(root).as_posix()
        page_url = "/" + shown.removesuffix("index.html")
        for url in parse(page).links:
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel", "data", "javascript"):
                continue
            if parts.scheme or parts.netloc:
                if not site.netloc or parts.netloc != site.netloc:
                    continue  # another site: not ours to check here
                path = parts.path[len(site.path.rstrip("/")):] or "/"
            else:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), parts.path)) if parts.path else page_url
                if parts.path.endswith("/") and not path.endswith("/"):
                    path += "/"
            target = _target_file(root, unquote(path)) if parts.path or parts.netloc else page
            if target is None:
                broken.append(BrokenLink(shown, url, "指向的文件不存在。"))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
                broken.append(BrokenLink(shown, url, f"指向的页面里没有“#{unquote(parts.fragment)}”这个位置。"))
    return broken
