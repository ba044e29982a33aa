"""Cleans the HTML that Markdown produced (raw HTML is allowed in Markdown) with nh3 (ammonia)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from village.diagnostics import ERROR, WARNING

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

# Players (iframe, video…) and links with other schemes are named by content_problems() instead.
_DANGER_TAGS = ("script", "style", "form", "input")
_DANGER = re.compile(rf"<\s*({'|'.join(_DANGER_TAGS)})\b|\son[a-z]+\s*=", re.I)
_DANGER_MESSAGE = "这一行的 HTML 代码含有脚本或事件，发布时会被删除。正文请用 Markdown 书写。"
# Drawings written into the text: the sanitiser drops them whole (an <svg> may load other hosts
# and run script); an .svg file beside the post is checked and cleaned instead (svg_safety.py).
_DRAWINGS = {"svg": "图形", "math": "公式"}


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
        clean_content_tags={"script", "style", *_DRAWINGS},  # gone whole, not left as loose text
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


# Attributes whose URL the browser fetches as soon as the page opens (or the player starts).
MEDIA_URLS = {
    "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "iframe": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",),
}
_KIND = {"video": "视频", "audio": "音频", "iframe": "嵌入的网页", "embed": "嵌入的内容", "object": "嵌入的内容"}


class _Tags(HTMLParser):
    """Start tags with their decoded attributes, their text as written, and the player they are in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list, str, str | None]] = []
        self.in_drawing: list[bool] = []  # per tag: inside an <svg> or <math>, named with it
        self._players: list[str] = []
        self._drawings: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.handle_startendtag(tag, attrs)
        if tag in ("video", "audio"):
            self._players.append(tag)
        if tag in _DRAWINGS:
            self._drawings.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs, self.get_starttag_text() or "", self._players[-1] if self._players else None))
        self.in_drawing.append(bool(self._drawings))

    def handle_endtag(self, tag):
        for open_tags in (self._players, self._drawings):
            if tag in open_tags:
                open_tags.remove(tag)


def _written(start_tag: str, name: str) -> str:
    """An attribute's value as written in the tag, entities and all, to find its line."""
    match = re.search(rf"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", start_tag, re.I)
    return next((g for g in match.groups() if g is not None), "") if match else ""


def _short(url: str) -> str:
    """The URL as a browser reads it (no hidden tabs or control characters), cut if long."""
    url = browser_url(url)
    return url if len(url) <= 60 else url[:57] + "…"


def content_problems(rendered: str, source: str, first_line: int = 1) -> list[tuple[str, int | None, str]]:
    """(level, line, message) for what Markdown's HTML holds that must not be published and that
    the sanitiser would otherwise drop without a word: script, pictures and players loaded from
    other hosts (every reader's phone would call that host), players, links whose scheme
    (javascript: and the like, however disguised) is not a web, mail or phone address, and any
    other tag it removes."""
    lines = source.split("\n")

    def line_of(*needles: str) -> int | None:
        for needle in needles:
            for number, text in enumerate(lines):
                if needle and needle in text:
                    return first_line + number
        return None

    parser = _Tags()
    parser.feed(rendered)
    parser.close()
    problems: list[tuple[str, int | None, str]] = [(WARNING, line, _DANGER_MESSAGE) for line in dangerous_lines(source, first_line)]
    for tag, attrs, start_tag, player in parser.tags:
        kind = _KIND.get(tag) or _KIND.get(player or "") or "图片"
        for name, value in attrs:
            value = value or ""
            written = _written(start_tag, name)
            if name in MEDIA_URLS.get(tag, ()):
                urls = [c.split()[0] for c in value.split(",") if c.strip()] if name == "srcset" else [value]
                for url in urls:  # a video's poster is a picture
                    problems += media_problem(tag, "图片" if name == "poster" else kind, url, line_of(url, written, start_tag))
            elif tag == "a" and name == "href":
                scheme, _ = scheme_and_host(value)
                if scheme and scheme not in URL_SCHEMES:
                    problems.append((WARNING, line_of(value, written, start_tag), (
                        f"链接“{_short(value)}”不是网页、邮件或电话地址（是 {scheme}: 链接，可能运行脚本），"
                        "发布时已删除这个链接。链接请写 http:// 或 https:// 开头的网址。"
                    )))
        if tag in ("iframe", "embed", "object") and not any(n in MEDIA_URLS[tag] and v for n, v in attrs):
            problems.append((ERROR, line_of(start_tag), f"文章里不能嵌入{kind}（<{tag}>），发布时会被删除。请改成普通链接：[打开网页](网址)。"))
    removed: dict[str, str] = {}  # each tag once, where it is first written
    for (tag, _, start_tag, _), drawn in zip(parser.tags, parser.in_drawing):
        if not drawn and tag not in ALLOWED_TAGS and tag not in MEDIA_URLS and tag not in _DANGER_TAGS:
            removed.setdefault(tag, start_tag)
    problems += [(WARNING, line_of(start_tag), _removed_tag_message(tag)) for tag, start_tag in removed.items()]
    return problems


def _removed_tag_message(tag: str) -> str:
    if tag in _DRAWINGS:
        return (f"正文里直接写的{_DRAWINGS[tag]}（<{tag}>）发布时会被删除。请把它存成图片文件（例如 .svg）放在文章旁边，"
                f"用 ![{_DRAWINGS[tag]}说明](文件名.svg) 插入。")
    return f"正文里的 <{tag}> 标签不能用，发布时会去掉这个标签（里面的文字保留）。正文请用 Markdown 书写。"


def media_problem(tag: str, kind: str, url: str, line: int | None) -> list[tuple[str, int | None, str]]:
    scheme, host = scheme_and_host(url)
    shown = _short(url)
    if tag in ("iframe", "embed", "object"):
        advice = f"请改成普通链接：[打开网页]({shown})。"
    elif kind == "图片":
        advice = "请把图片保存下来，放在文章旁边，用文件名插入：![图片说明](图片文件名.jpg)。"
    else:
        advice = f"请把{kind}保存成文件，放在文章旁边，用文件名写成下载链接：[下载{kind}](文件名)。"
    if host or scheme in ("http", "https", "ftp"):
        where = f"在别的网站（{host}）上" if host else "不在本网站里"
        return [(ERROR, line, f"{kind}“{shown}”{where}：发布后每位读者打开这一页，手机都会去连接那个网站"
                 f"（可能很慢或打不开，也会让那个网站知道谁在看）。{advice}")]
    if scheme:
        return [(ERROR, line, f"{kind}“{shown}”不是文件名（{scheme}:），发布时会被删除。{advice}")]
    if tag in ("iframe", "embed", "object"):
        return [(ERROR, line, f"文章里不能嵌入{kind}（“{shown}”），发布时会被删除。{advice}")]
    if kind in ("视频", "音频"):
        return [(ERROR, line, f"{kind}“{shown}”不能直接在文章里播放（网站不放播放器，老人的手机上会卡住），发布时会被删除。"
                 f"请写成下载链接：[下载{kind}]({shown})。")]
    return []
