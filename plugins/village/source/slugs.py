"""Readable ASCII URL parts from Chinese text, using phrase-aware pinyin (重庆 → chongqing)."""

from __future__ import annotations

import functools
import hashlib
import re

from pypinyin import Style, lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")
VALID_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def pinyin_words(text: str, tones: bool = False) -> list[str]:
    """Pinyin syllables of the Chinese parts, other runs (ASCII words, digits) kept as words."""
    style = Style.TONE3 if tones else Style.NORMAL
    words: list[str] = []
    for piece in lazy_pinyin(text, style=style, errors=lambda chars: [chars], v_to_u=False):
        words += [w for w in _NON_SLUG.split(piece.lower().replace("ü", "v")) if w]
    return words


# Tags, categories and authors repeat on every post: pinyin lookup was a quarter of reading.
@functools.lru_cache(maxsize=8192)
def slugify(text: str, max_length: int = 48, tones: bool = False) -> str:
    """Join pinyin syllables with hyphens, cut at a syllable boundary to at most max_length.

    A cut slug ends with a short hash of the whole text, so two long titles that differ only
    after the cut (…（第1期）, …（第2期）) keep different URLs, each stable on its own.
    """
    words = pinyin_words(text, tones=tones)
    full = "-".join(words)
    if len(full) <= max_length:
        return full
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:4]
    room = max_length - len(digest) - 1
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > room:
            break
        slug = candidate
    return f"{slug or words[0][:room]}-{digest}"


def heading_id(value: str, separator: str = "-") -> str:
    """Anchor ids for Markdown headings (the toc extension's slugify hook)."""
    return slugify(value, max_length=40) or "section"
