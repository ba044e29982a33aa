"""Chinese-aware plain text helpers: titles from a first sentence, summaries counted in characters."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|td|th|blockquote|div|figcaption|dd|dt)>|<br\s*/?>", re.I)
_SPACE = re.compile(r"\s+")
_SENTENCE_END = "。！？!?；;…"
_CJK_PUNCTUATION = "。！？；：，、…）」』》”"
_FIRST_SENTENCE = re.compile(rf"^(.+?)(?:[{_SENTENCE_END}]+|\n|$)", re.S)


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def plain_text(html_text: str) -> str:
    """Text of the HTML, its blocks joined the way Chinese prose joins sentences."""
    blocks = [_SPACE.sub(" ", html.unescape(_TAG.sub("", b))).strip() for b in _BLOCK_END.split(html_text)]
    text = ""
    for block in filter(None, blocks):
        if text:
            last = text[-1]
            # A heading or list item without a full stop still ends a sentence.
            if last not in _CJK_PUNCTUATION:
                text += "。" if _is_cjk(last) else " "
        text += block
    return text


def cut(text: str, limit: int, ellipsis: str = "…") -> str:
    if len(text) <= limit:
        return text
    return text[: max(limit - len(ellipsis), 1)].rstrip("，、,;；：: ") + ellipsis


def title_from_text(text: str, limit: int = 20) -> str:
    """The first sentence, without its closing punctuation, at most `limit` characters."""
    match = _FIRST_SENTENCE.match(text.strip())
    sentence = match.group(1).strip() if match else text.strip()
    return cut(sentence, limit)


def summarize(text: str, limit: int = 80) -> str:
    """At most `limit` characters, ending at a sentence end when one falls in the last third."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 2]
    cut_at = max(head.rfind(ch) for ch in _SENTENCE_END + "，,")
    if cut_at >= limit * 2 // 3:
        return head[: cut_at + 1].rstrip("，,") + ("……" if head[cut_at] in "，," else "")
    return head + "……"
