"""Splits a card file (明白卡, 质询回音卡) into its header fields and its `## ` sections.

    收到日期: 2026-03-05          header: one "键: 值" a line, colon half- or full-width,
    质询人: 张桂兰                 ending at the first blank line (or between two --- lines)

    ## 质询内容                    sections: a `## ` heading and the Markdown below it
    ……

Each type's keys are in source/keys.py, shared with frontmatter.py, and so are the messages about
unknown keys; problems are (level, line, message) like frontmatter.parse's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from village.source.frontmatter import Field, add_field
from village.source.keys import KeyTable

_HEADER_LINE = re.compile(r"^(?P<key>[^\s:：#][^\s:：]{0,19})[ \t]*[:：][ \t]*(?P<value>.*)$")
_FENCE = re.compile(r"^---[ \t]*$")
_SECTION = re.compile(r"^##(?!#)[ \t]*(?P<title>.*?)[ \t#]*$")
_CODE_FENCE = re.compile(r"^[ \t]*(```|~~~)")
# "一、中心工作", "1. 中心工作", "（一）中心工作" and a closing colon are how the headings get typed.
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．)）]|[（(][一二三四五六七八九十\d]+[)）])\s*")


@dataclass
class Section:
    title: str  # normalised: numbering and colons removed
    written: str  # the heading line as typed
    line: int  # line of the heading (of the first text line for the intro)
    text: str  # the Markdown below the heading
    first_line: int  # file line of text's first line


@dataclass
class CardFile:
    fields: dict[str, Field] = field(default_factory=dict)
    intro: Section | None = None
    sections: list[Section] = field(default_factory=list)
    problems: list[tuple[str, int | None, str]] = field(default_factory=list)
    has_header: bool = False

    def value(self, key: str, default: str = "") -> str:
        return self.fields[key].value if key in self.fields else default

    def line(self, key: str) -> int | None:
        return self.fields[key].line if key in self.fields else None


def section_title(written: str) -> str:
    return _NUMBERING.sub("", written.strip()).rstrip("：: ").strip()


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _add(card: CardFile, table: KeyTable, written: str, value: str, line: int) -> None:
    add_field(card.fields, card.problems, table, written, _unquote(value), line)


def parse(text: str, table: KeyTable) -> CardFile:
    """The header (keys of `table`), intro and `## ` sections of a card or 公开 item file."""
    card = CardFile()
    lines = text.split("\n")
    start = 0
    entries: list[list] = []  # [written, [value parts], line]
    if lines and _FENCE.match(lines[0]):
        end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
        if end is None:
            card.problems.append(("error", 1, "文件开头的 --- 没有配对：文件头结束的地方也要写一行 ---。"))
            end = len(lines) - 1
        for index in range(1, end):
            match = _HEADER_LINE.match(lines[index].strip())
            if match:
                entries.append([match.group("key"), [match.group("value")], index + 1])
            elif lines[index].strip() and entries:
                entries[-1][1].append(lines[index].strip())
        start = end + 1
    else:
        for index, line in enumerate(lines):
            if not line.strip():
                break
            match = _HEADER_LINE.match(line.strip()) if not line[:1].isspace() else None
            if match:
                entries.append([match.group("key"), [match.group("value")], index + 1])
            elif entries and line[:1].isspace():
                entries[-1][1].append(line.strip())  # an indented continuation line
            else:
                break
            start = index + 1
        if not entries:
            start = 0
    for written, parts, line in entries:
        _add(card, table, written, " ".join(p.strip() for p in parts if p.strip()), line)
    card.has_header = bool(entries)
    _split_sections(card, lines, start)
    return card


def _split_sections(card: CardFile, lines: list[str], start: int) -> None:
    current: Section | None = None
    buffer: list[str] = []
    in_code = False

    def close():
        lead = next((i for i, text in enumerate(buffer) if text.strip()), len(buffer))  # blank lines
        text = "\n".join(buffer[lead:]).rstrip()
        if current is None:
            if text:
                card.intro = Section("", "", start + 1 + lead, text, start + 1 + lead)
        else:
            current.text = text
            current.first_line = current.line + 1 + lead
            card.sections.append(current)

    for index in range(start, len(lines)):
        line = lines[index]
        if _CODE_FENCE.match(line):
            in_code = not in_code
        match = None if in_code else _SECTION.match(line)
        if match:
            close()
            current = Section(section_title(match.group("title")), match.group("title").strip(), index + 1, "", index + 2)
            buffer = []
        else:
            buffer.append(line)
    close()
