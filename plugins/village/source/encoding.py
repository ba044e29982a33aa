"""Decodes Markdown files as Chinese Windows editors save them (UTF-8 with BOM, GB18030, CRLF)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

# Control characters other than tab and newlines never appear in real text; finding them after
# decoding means we guessed the encoding wrong.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UndecodableFile(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line  # where the first unreadable byte or character is, when known


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig" or "gb18030"


def decode_source(raw: bytes) -> DecodedText:
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        raise UndecodableFile("文件是 UTF-16 编码。请用“另存为”选择 UTF-8 编码后保存。")
    encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as as_utf8:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as as_gb18030:
            # Chinese read as UTF-8 before the bad byte: a UTF-8 file damaged there (cut off, say);
            # otherwise the GB18030 reading went further and tells the place.
            utf8_first = not raw[:as_utf8.start].isascii()
            start = as_utf8.start if utf8_first else as_gb18030.start
            raise UndecodableFile(
                "文件里有无法识别的字节，既不是 UTF-8 也不是 GBK/GB18030 编码，可能不是文本文件或已经损坏"
                "（常见于复制时文件没有传完）。请用记事本或 VS Code 打开，改好这一行，另存为 UTF-8 编码。",
                _line_at(raw, start),
            ) from None
        encoding = "gb18030"
    control = _CONTROL.search(text)
    if control:
        raise UndecodableFile(
            f"这一行有无法显示的控制字符（{control.group(0).encode('unicode_escape').decode()}），可能不是文本文件或编码不对。"
            "请删掉这个字符，或把文件另存为 UTF-8 编码的纯文本。",
            _line_at(text, control.start()),
        )
    return DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding)


def _line_at(text: str | bytes, offset: int) -> int:
    """The line number of `offset`, counting a CRLF or a lone CR as one line break."""
    before = text[:offset]
    if isinstance(before, bytes):
        before = before.decode("latin-1")  # one character per byte: the line breaks stay where they are
    return before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


GB18030_WARNING = "文件是 GBK/GB18030 编码，已经按中文编码读取。建议另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）。"


def text_or_problem(raw: bytes, error, warning) -> str | None:
    """The text of an official's file, or None; an undecodable file is an error and a GBK/GB18030
    one a warning, both given to `error(line, message)` / `warning(line, message)`."""
    try:
        decoded = decode_source(raw)
    except UndecodableFile as exc:
        error(exc.line, str(exc))
        return None
    if decoded.encoding == "gb18030":
        warning(None, GB18030_WARNING)
    return decoded.text


def read_source(path: Path, report) -> str | None:
    """`text_or_problem` for a file on disk, its problems added to the build's report under its path."""
    shown = str(path)
    return text_or_problem(
        path.read_bytes(), lambda line, m: report.error(shown, line, m), lambda line, m: report.warning(shown, line, m)
    )
