"""What the three cards share: their folder and addresses, month pages, reading a card file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from village.i18n import Message
from village.i18n.catalogs import source_names
from village.source.translation import read_marking
from village.state import report_of

CARDS_DIR = "cards"
URL = "cards/"
PRINT_URL = "cards/print/"
MARKDOWN_SUFFIXES = (".md", ".markdown")
NAME = re.compile(r"^[\u3400-\u9fff·]{2,12}$")  # a person's name as written on a card


def month_label(key: str) -> str:
    year, month = key.split("-")
    return Message("%(year)s年%(month)s月", year=int(year), month=int(month))


def has_markdown(settings, folder: str) -> bool:
    """Whether content/cards/<folder>/ holds any card file."""
    path = Path(settings.get("PATH", "content")) / CARDS_DIR / folder
    return path.is_dir() and any(p.suffix.lower() in MARKDOWN_SUFFIXES for p in path.rglob("*"))


class MonthPage:
    """A page about one month (`key` is 2026-03): its address, its print page and its label."""

    base_url: ClassVar[str]  # where the month's page is: base_url + key + "/"
    key: str

    @property
    def url(self) -> str:
        return f"{self.base_url}{self.key}/"

    @property
    def print_url(self) -> str:
        return f"{PRINT_URL}{self.key}/"

    @property
    def label(self) -> str:
        return month_label(self.key)


def translation_marking(parsed, settings, shown: str, names=()):
    """A translated card's 语言/原文/示例译文 (None for an original, or when those lines are wrong:
    reported here). Its headings may be written in its own language, as the edition's catalog
    names `names`: they are read as the Chinese ones."""
    report = report_of(settings)
    marking = read_marking(parsed, settings, lambda line, message: report.error(shown, line, message))
    if marking is not None and names:
        aliases = source_names(settings, marking.language, names)
        for section in parsed.sections:
            section.title = aliases.get(section.title, section.title)
    return marking


def audio_ref(parsed, path: Path) -> tuple | None:
    """(written, path, line) of a card's 音频, checked with the posts' recordings (channels/generator.py)."""
    written = str(parsed.value("audio") or "").strip()
    return (written, str(path.parent / written), parsed.line("audio")) if written else None
