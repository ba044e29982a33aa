"""Local files a post refers to: photos and attachments written as plain relative paths.

Officials write `![说明](photo.jpg)` with the photo beside the post; we rewrite such links to
Pelican's `{static}` form so the file is published with the site, and check that it exists.
"""

from __future__ import annotations

import difflib
import html
import os
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from village.source.sanitize import scheme_and_host

_ATTR = re.compile(r'(?P<attr>\b(?:src|href))="(?P<url>[^"]*)"')
_PELICAN_LINK = re.compile(r"^\{(?:static|attach|filename)\}")
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".heic", ".heif"}


@dataclass(frozen=True)
class LocalRef:
    written: str  # as it appears in the Markdown
    path: str  # absolute path on disk
    line: int | None
    is_image: bool


def _line_of(needle: str, source_lines: list[str]) -> int | None:
    for number, text in enumerate(source_lines, start=1):
        if needle in text:
            return number
    return None


def resolve(url: str, source_dir: str, content_root: str) -> str | None:
    """Absolute path of a local file reference, or None for anything that is not a local file."""
    url = html.unescape(url)
    parts = urlsplit(url)
    if any(scheme_and_host(url)) or not parts.path:  # as a browser reads it: \\host is another host
        return None
    path = unquote(_PELICAN_LINK.sub("", parts.path))
    if path.startswith("/"):
        return os.path.normpath(os.path.join(content_root, path.lstrip("/")))
    return os.path.normpath(os.path.join(source_dir, path))


def rewrite_local_links(
    html_text: str, source_path: str, content_root: str, source_lines: list[str]
) -> tuple[str, list[LocalRef]]:
    """Point local file links at Pelican's {static}/{filename}; return them for existence checks."""
    source_dir = os.path.dirname(source_path)
    refs: list[LocalRef] = []

    def replace(match: re.Match) -> str:
        attr, url = match.group("attr"), match.group("url")
        target = resolve(url, source_dir, content_root)
        if target is None:
            return match.group(0)
        extension = os.path.splitext(target)[1].lower()
        is_image = attr == "src" or extension in IMAGE_EXTENSIONS
        if attr == "href" and not extension:
            return match.group(0)  # a link to a site address such as /about/, not to a file
        written = html.unescape(url)
        refs.append(LocalRef(written, target, _line_of(written, source_lines), is_image))
        if _PELICAN_LINK.match(url):
            return match.group(0)
        relative = os.path.relpath(target, source_dir).replace(os.sep, "/")
        # {static} keeps the file at the same path as in content/, so a photo used by two posts
        # is published once and never "relocated" by whichever post Pelican reads first.
        prefix = "{filename}" if extension in (".md", ".markdown") else "{static}"
        fragment = "#" + urlsplit(url).fragment if urlsplit(url).fragment else ""
        return f'{attr}="{prefix}{relative}{fragment}"'

    return _ATTR.sub(replace, html_text), refs


def missing_message(ref: LocalRef, source_path: str, content_root: str) -> str:
    folder = os.path.dirname(ref.path)
    shown_folder = os.path.relpath(folder, os.path.dirname(content_root)).replace(os.sep, "/")
    kind = "图片" if ref.is_image else "文件"
    message = f"{kind}“{ref.written}”不存在（应当在 {shown_folder}/ 里）。"
    if os.path.isdir(folder):
        names = {name.lower(): name for name in os.listdir(folder)}
        wanted = os.path.basename(ref.path).lower()
        close = [names[wanted]] if wanted in names else [
            names[n] for n in difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
        ]
        if close:
            return message + f"是不是“{close[0]}”？文件名要和文件夹里的完全一样，包括大小写和扩展名。"
    return message + f"请把{kind}放进这个文件夹，或改正文件名。"


_IMG_TAG = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')


def images_without_alt(html_text: str, source_lines: list[str]) -> list[tuple[int | None, str]]:
    """(line, src) of every image in a post with no description (alt text) for screen readers."""
    missing = []
    for tag in _IMG_TAG.findall(html_text):
        alt = _ALT.search(tag)
        if alt is None or not alt.group(1).strip():
            src = re.search(r'\bsrc="([^"]*)"', tag)
            written = html.unescape(src.group(1)) if src else ""
            missing.append((_line_of(written, source_lines) if written else None, written))
    return missing
