"""Splits a Markdown file into its front matter and body.

Two forms are accepted: Pelican's `Key: value` header (ending at the first blank line) and a YAML
block between `---` lines. Keys may be English or Chinese, colons half- or full-width; each content type has its own keys
(source/keys.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from village.source import yamltext
from village.source.keys import KeyTable, unknown_key, written_twice

_HEADER_LINE = re.compile(r"^(?P<key>[^\s:：]{1,20})[ \t]*[:：][ \t]*(?P<value>.*)$")
_YAML_FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class Field:
    key: str  # canonical key
    written_as: str  # the key as the official typed it
    value: object
    line: int


@dataclass
class FrontMatter:
    fields: dict[str, Field] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number of the body's first line in the file
    problems: list[tuple[str, int | None, str]] = field(default_factory=list)  # (level, line, msg)
    has_header: bool = False
    unreadable: bool = False  # the header itself could not be parsed (YAML syntax)

    def value(self, key: str, default=None):
        return self.fields[key].value if key in self.fields else default

    def line(self, key: str) -> int | None:
        return self.fields[key].line if key in self.fields else None


def add_field(fields: dict[str, Field], problems: list, table: KeyTable, written: str, value, line: int) -> None:
    """Keep one header line under its canonical key, or say what is wrong with its key."""
    key = table.canonical(written)
    if key is None:
        level, message = unknown_key(written, table)
        problems.append((level, line, message))
        return
    if key in fields:
        first = fields[key]
        problems.append(("error", line, written_twice(written, first.written_as, first.line)))
        return
    fields[key] = Field(key, written, value, line)


def _add(fm: FrontMatter, table: KeyTable, written: str, value, line: int) -> None:
    add_field(fm.fields, fm.problems, table, written, value, line)


def _parse_yaml(lines: list[str], fm: FrontMatter, table: KeyTable) -> None:
    end = next((i for i in range(1, len(lines)) if _YAML_FENCE.match(lines[i])), None)
    if end is None:
        fm.problems.append(
            ("error", 1, "文件开头的 --- 没有配对：文件头结束的地方也要写一行 ---。")
        )
        fm.unreadable = True
        fm.body_line = len(lines) + 1
        return
    block = "\n".join(lines[1:end])
    # A full-width colon after a key is what Chinese input methods type; YAML needs "key: ".
    block = re.sub(r"^([^\s:：#-][^:：\n]{0,19})：[ \t]*", r"\1: ", block, flags=re.M)
    try:
        data = yamltext.load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        line = (yamltext.error_line(exc, block) or 1) + 1  # the block starts below the opening ---
        fm.problems.append(
            (
                "error",
                line,
                "YAML 文件头写法有误。每行写成“键: 值”，冒号后面留一个空格；"
                "值里有冒号或 # 时用英文引号括起来，例如 标题: \"通知：停水\"。",
            )
        )
        data = None
        fm.unreadable = True
    if data is not None and not isinstance(data, dict):
        fm.problems.append(("error", 2, "YAML 文件头应当是一行一个“键: 值”。"))
        data = None
        fm.unreadable = True
    key_lines = {}
    for offset, text in enumerate(lines[1:end], start=2):
        match = re.match(r"^([^\s:：#-][^:：]*?)\s*[:：]", text)
        if match:
            key_lines.setdefault(match.group(1).strip(), offset)
    for written, value in (data or {}).items():
        written = str(written)
        if isinstance(value, list):
            value = [str(v) for v in value if v is not None]
        elif value is None:
            value = ""
        elif not isinstance(value, str):
            # YAML turns 2024-05-01 into a date; keep what the official wrote.
            value = str(value)
        _add(fm, table, written, value, key_lines.get(written, 2))
    fm.has_header = True
    _set_body(lines, end + 1, fm)


def _parse_header(lines: list[str], fm: FrontMatter, table: KeyTable) -> None:
    index = 0
    current: list | None = None  # [written_key, value_parts, line]
    entries = []
    while index < len(lines):
        text = lines[index]
        if not text.strip():
            break
        match = _HEADER_LINE.match(text.strip()) if not text[:1].isspace() else None
        if match:
            current = [match.group("key"), [match.group("value").strip()], index + 1]
            entries.append(current)
        elif current is not None and text[:1].isspace():
            current[1].append(text.strip())  # an indented continuation line
        else:
            break
        index += 1
    for written, parts, line in entries:
        _add(fm, table, written, " ".join(p for p in parts if p), line)
    fm.has_header = bool(entries)
    _set_body(lines, index if entries else 0, fm)


def _set_body(lines: list[str], start: int, fm: FrontMatter) -> None:
    while start < len(lines) and not lines[start].strip():
        start += 1  # blank lines between header and body
    fm.body_line = start + 1
    fm.body = "\n".join(lines[start:])


def parse(text: str, table: KeyTable) -> FrontMatter:
    """The header and body of `text`, a file of the type whose keys `table` lists."""
    fm = FrontMatter()
    lines = text.split("\n")
    if lines and _YAML_FENCE.match(lines[0]):
        _parse_yaml(lines, fm, table)
    else:
        _parse_header(lines, fm, table)
    return fm


def split_list(value) -> list[str]:
    """Tags and photos: a YAML list, or one line separated by , ， 、 ; ；"""
    items = value if isinstance(value, list) else re.split(r"[,，、;；]", str(value))
    return [item.strip() for item in items if item and item.strip()]


DRAFT_WORDS = ("草稿", "draft")
PUBLISHED_WORDS = ("发布", "已发布", "published")


def is_draft(fm, complain) -> bool:
    """`状态: 草稿` keeps an album, 公开 item, card or matter unpublished, as it does a post.

    `fm` is anything with fields/value/line (FrontMatter, cardfile.CardFile); an unknown word is
    reported through complain(line, message) and, like a post with an error, not published.
    """
    if "status" not in fm.fields:
        return False
    return status_is_draft(str(fm.value("status") or ""), fm.line("status"), complain)


def status_is_draft(written: str, line: int | None, complain) -> bool:
    word = written.strip().lower()
    if word in DRAFT_WORDS:
        return True
    if word in PUBLISHED_WORDS:
        return False
    complain(line, f"状态“{written.strip()}”不认识。只能写“草稿”（不发布）或“发布”。")
    return True
