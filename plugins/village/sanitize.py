"""Cleans the HTML that Markdown produced (raw HTML is allowed in Markdown) with nh3 (ammonia)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_COMMON = {"id", "class", "title", "lang", "dir"}
ALLOWED_ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href"},
    "img": _COMMON | {"src", "alt", "width", "height", "loading"},
    "td": _COMMON | {"colspan", "rowspan", "align"},
    "th": _COMMON | {"colspan", "rowspan", "align", "scope"},
    "ol": _COMMON | {"start"},
    "abbr": _COMMON,
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_DANGER = re.compile(
    r"<\s*(script|style|iframe|object|embed|form|input)\b|\son[a-z]+\s*=|javascript\s*:", re.I
)


# Markdown writes a table column's alignment (---: ) as an inline style, which the sanitiser drops.
_ALIGNED_CELL = re.compile(r'<(td|th)( [^>]*)? style="text-align: (left|right|center);"')


def clean_html(html: str) -> str:
    html = _ALIGNED_CELL.sub(lambda m: f'<{m.group(1)}{m.group(2) or ""} class="align-{m.group(3)}"', html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


# WHATWG URL parsing, as browsers do it: C0 controls and spaces around a URL are dropped, tabs
# and newlines anywhere are dropped, and for http(s) pages a backslash counts as a slash.
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def browser_url(url: str) -> str:
    """`url` (entities already decoded) as a browser reads it, to judge its scheme and host."""
    return _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE)).replace("\\", "/")


def scheme_and_host(url: str) -> tuple[str, str]:
    """The lower-case scheme ("" for a relative URL) and host ("" if none) a browser would use."""
    parts = urlsplit(browser_url(url))
    return parts.scheme, parts.netloc


def dangerous_lines(source: str, first_line: int = 1) -> list[int]:
    """Lines of the Markdown source holding raw HTML that the sanitiser will remove."""
    return [first_line + i for i, line in enumerate(source.split("\n")) if _DANGER.search(line)]
