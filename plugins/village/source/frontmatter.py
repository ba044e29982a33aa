"""Splits a Markdown file into its front matter and body.

Two forms are accepted: Pelican's `Key: value` header (ending at the first blank line) and a YAML
block between `---` lines. Keys may be English or Chinese, colons half- or full-width.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import yaml

# Chinese alias -> canonical key. Canonical keys are Pelican's metadata names.
CHINESE_KEYS = {
    "标题": "title",
    "日期": "date",
    "分类": "category",
    "标签": "tags",
    "作者": "author",
    "摘要": "summary",
    "来源": "source",
    "编辑": "editor",
    "网址": "slug",
    "状态": "status",
    "图片": "photos",
    "修改日期": "modified",
    "说明": "description",
    "封面": "cover",
}
ENGLISH_KEYS = {
    "title": "title",
    "date": "date",
    "category": "category",
    "tags": "tags",
    "tag": "tags",
    "author": "author",
    "authors": "author",
    "summary": "summary",
    "source": "source",
    "editor": "editor",
    "slug": "slug",
    "status": "status",
    "photos": "photos",
    "modified": "modified",
    "description": "description",
    "cover": "cover",
}
CANONICAL_TO_CHINESE = {v: k for k, v in CHINESE_KEYS.items()}

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


def canonical_key(written: str) -> str | None:
    key = written.strip()
    return CHINESE_KEYS.get(key) or ENGLISH_KEYS.get(key.lower())


def suggest_key(written: str) -> str | None:
    """The known key an unknown one is most likely a typo of (标提 → 标题)."""
    candidates = list(CHINESE_KEYS) + [k.capitalize() for k in ENGLISH_KEYS]
    matches = difflib.get_close_matches(written, candidates, n=1, cutoff=0.5)
    if not matches and written.isascii():
        matches = difflib.get_close_matches(written.capitalize(), candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _add(fm: FrontMatter, written: str, value, line: int) -> None:
    key = canonical_key(written)
    if key is None:
        suggestion = suggest_key(written)
        if suggestion:
            fm.problems.append(
                ("error", line, f"不认识的键“{written}”。是不是想写“{suggestion}”？")
            )
        else:
            known = "、".join(CHINESE_KEYS)
            fm.problems.append(
                ("warning", line, f"不认识的键“{written}”，这一行不会发布。可以用的键有：{known}。")
            )
        return
    if key in fm.fields:
        first = fm.fields[key]
        fm.problems.append(
            ("error", line, f"“{written}”写了两次（第 {first.line} 行已经有“{first.written_as}”）。请删掉其中一行。")
        )
        return
    fm.fields[key] = Field(key, written, value, line)


def _parse_yaml(lines: list[str], fm: FrontMatter) -> None:
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
        data = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
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
        _add(fm, written, value, key_lines.get(written, 2))
    fm.has_header = True
    _set_body(lines, end + 1, fm)


def _parse_header(lines: list[str], fm: FrontMatter) -> None:
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
        _add(fm, written, " ".join(p for p in parts if p), line)
    fm.has_header = bool(entries)
    _set_body(lines, index if entries else 0, fm)


def _set_body(lines: list[str], start: int, fm: FrontMatter) -> None:
    while start < len(lines) and not lines[start].strip():
        start += 1  # blank lines between header and body
    fm.body_line = start + 1
    fm.body = "\n".join(lines[start:])


def parse(text: str) -> FrontMatter:
    fm = FrontMatter()
    lines = text.split("\n")
    if lines and _YAML_FENCE.match(lines[0]):
        _parse_yaml(lines, fm)
    else:
        _parse_header(lines, fm)
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
