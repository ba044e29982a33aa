"""The privacy guard: resident ID numbers, bank card numbers and mobile numbers never reach the
published site unmasked.

Only numbers that really are such numbers are touched: an 18-digit ID must have a valid check
character and birth date, a 15-digit ID a valid birth date, a bank card must pass the Luhn check,
a mobile number must look like one (1[3-9] and 11 digits). Order numbers and amounts that fail
those checks are left alone. Cadres' published work phones (the contact card) are allowed.
Eighteen digits with a province code and a birth date but a wrong check character are a
mistyped ID, not a bank card. Full-width digits and numbers split by spaces, hyphens or dots
(530102.19900101.1234) are found too.

By default (`privacy: strict`) numbers are errors and nothing is published until they are
removed: the source file, and its git history, are public on GitHub Pages. With `privacy: mask`
(a private repository) they are masked and a warning names the file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

# What Chinese input methods and word processors type instead of ASCII digits and separators
# (full-width forms, ideographic and invisible spaces, dashes), one character for one, so offsets
# found in the normalised text are offsets in the text as written.
_NORMAL = str.maketrans(
    "０１２３４５６７８９Ｘｘ\u3000\u00a0\u2009\u202f\u200b\u200c\u200d\u2060\ufeff‐‑‒–—−﹣－．",
    "0123456789Xx" + " " * 9 + "-" * 8 + ".",
)

# Runs of digit groups separated by single spaces, hyphens or dots. An X may end a group (an ID
# number's check character). Which runs are numbers, and not dates or amounts, is _mask_run's job.
_NUMBER = re.compile(r"(?<!\d)\+?\d+[Xx]?(?:[ .-]\+?\d+[Xx]?)*(?!\d)")
_GROUP = re.compile(r"\+?\d+[Xx]?")
KINDS = {"id": "身份证号", "id_typo": "身份证号", "bank": "银行卡号", "mobile": "手机号"}
# First two digits of the province-level area codes of GB/T 2260 (71: Taiwan, 81/82: HK, Macau,
# 83: residence permits of Taiwan residents).
_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
    "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
}
_HISTORY = (
    "如果这个文件已经提交（git commit）过，号码还留在 git 历史里，公开的仓库谁都能翻到："
    "请让负责网站技术的人用 git filter-repo 把号码从历史里删掉，或把仓库改成私有，并告诉号码的主人。"
)


def normalise(text: str) -> str:
    """`text` with full-width digits and unusual separators in ASCII, of the same length."""
    return text.translate(_NORMAL)


@dataclass(frozen=True)
class Finding:
    kind: str  # id, id_typo (an ID with a wrong check character), bank, mobile
    line: int
    masked: str  # what is published instead
    shown: str = ""  # the number as written (full-width, spaces…), its middle digits starred

    def message(self, strict: bool) -> str:
        what = KINDS[self.kind]
        shown = self.shown or self.masked
        if strict:
            if self.kind == "id_typo":
                lead = f"这里的数字“{shown}”像是身份证号，但最后一位（校验位）不对，可能抄错了。"
            else:
                lead = f"这里有{what}“{shown}”。"
            return (
                f"{lead}个人的{what}不能公开：请在文件里删掉这个号码，或只写前后几位，写成“{self.masked}”。"
                + _HISTORY
            )
        written = f"（原文写作“{shown}”）" if shown != self.masked else ""
        if self.kind == "id_typo":
            lead = f"这里的数字{written}像是身份证号，但最后一位（校验位）不对，可能抄错了；发布时已按身份证号打码为“{self.masked}”。"
        else:
            lead = f"这里有{what}{written}，发布时已打码为“{self.masked}”。"
        return f"{lead}个人的{what}不能公开，建议在原文里也删掉或打码。"


def _valid_date(text: str) -> bool:
    try:
        born = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def is_id_number(digits: str) -> bool:
    """A mainland resident ID: 18 characters with a valid check character, or the old 15 digits."""
    if len(digits) == 18 and digits[:17].isdigit():
        total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS))
        return _ID_CHECK[total % 11] == digits[17].upper() and digits[0] in "12345678" and _valid_date(digits[6:14])
    if len(digits) == 15 and digits.isdigit():
        return digits[0] in "12345678" and _valid_date("19" + digits[6:12])
    return False


def is_mistyped_id(digits: str) -> bool:
    """18 characters with a province code and a real birth date, but a wrong check character."""
    return (
        len(digits) == 18 and digits[:17].isdigit() and digits[17] in "0123456789Xx"
        and digits[:2] in _PROVINCES and _valid_date(digits[6:14]) and not is_id_number(digits)
    )


def passes_luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def mask_id(digits: str) -> str:
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def mask_bank(digits: str) -> str:
    stars = "*" * (len(digits) - 8)
    groups = [stars[i:i + 4] for i in range(0, len(stars), 4)]
    return " ".join([digits[:4], *groups, digits[-4:]])


def mask_mobile(digits: str) -> str:
    return digits[:3] + "****" + digits[-4:]


def digits_of(text: str) -> str:
    """A phone or card number as plain digits (no spaces, hyphens, dots or +86)."""
    plain = re.sub(r"[ .-]", "", normalise(text))
    if plain.startswith("+86"):
        plain = plain[3:]
    elif plain.startswith("86") and len(plain) == 13:
        plain = plain[2:]
    return plain


def _classify(raw: str, allowed: frozenset[str]) -> tuple[str, str] | None:
    """(kind, masked) when `raw` (normalised) is a personal number that must not be published."""
    digits = digits_of(raw)
    if is_id_number(digits):
        return "id", mask_id(digits)
    if is_mistyped_id(digits):  # before Luhn: one in ten such numbers would pass as a bank card
        return "id_typo", mask_id(digits)
    if not digits.isdigit():
        return None
    if 16 <= len(digits) <= 19 and passes_luhn(digits):
        return "bank", mask_bank(digits)
    if is_mobile(digits) and digits not in allowed:
        return "mobile", mask_mobile(digits)
    return None


_KEEP = {"id": (6, 4), "id_typo": (6, 4), "bank": (4, 4), "mobile": (3, 4)}


def _shown(written: str, normal: str, kind: str) -> str:
    """The number as written with the digits its mask hides starred (full-width, spaces kept)."""
    positions = [i for i, c in enumerate(normal) if c.isdigit() or c in "Xx"]
    first, last = _KEEP[kind]
    skip = len(positions) - len(digits_of(normal))  # the 86 of +86
    hidden = set(positions[skip + first:len(positions) - last])
    return "".join("*" if i in hidden else c for i, c in enumerate(written))


def _mask_run(run: str, allowed: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, masked) of the personal numbers in one normalised run of digit groups.

    A run may join unrelated numbers ('日期 2024-05-01 13800138000'), so every span of whole
    groups is tried, longest first, and the numbers found do not overlap. A span uses one kind of
    separator (a date and a phone number written side by side are two things). Groups joined by a
    single dot are a decimal number (12345678901.50) and never part of a personal number; a
    number written with dots has at least two (530102.19900101.1234), and a span never cuts one.
    """
    if sum(c.isdigit() for c in run) < 11:  # dates, amounts, years: too short to be personal
        return []
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    seps = [""] + [run[groups[i - 1][1]] for i in range(1, len(groups))]  # separator before each group
    taken = [False] * len(groups)
    first = 0
    while first < len(groups):  # mark the groups of each decimal number (exactly one dot)
        last = first
        while last + 1 < len(groups) and seps[last + 1] == ".":
            last += 1
        if last - first == 1:
            taken[first:last + 1] = [True, True]
        first = last + 1
    found: list[tuple[int, int, str, str]] = []
    for size in range(len(groups), 0, -1):
        for first in range(len(groups) - size + 1):
            last = first + size - 1
            if any(taken[first:last + 1]) or len(set(seps[first + 1:last + 1])) > 1:
                continue
            if seps[first] == "." or (last + 1 < len(groups) and seps[last + 1] == "."):
                continue
            start, end = groups[first][0], groups[last][1]
            result = _classify(run[start:end], allowed)
            if result:
                found.append((start, end, *result))
                taken[first:last + 1] = [True] * size
    return sorted(found)


def mask(text: str, allowed: frozenset[str] = frozenset(), first_line: int = 1) -> tuple[str, list[Finding]]:
    """Mask every personal number in `text`; return the masked text and what was found where."""
    findings: list[Finding] = []
    normal = normalise(text)
    pieces, position = [], 0
    for match in _NUMBER.finditer(normal):
        for start, end, kind, masked in _mask_run(match.group(0), allowed):
            start, end = match.start() + start, match.start() + end
            line = first_line + text.count("\n", 0, start)
            findings.append(Finding(kind, line, masked, _shown(text[start:end], normal[start:end], kind)))
            pieces += [text[position:start], masked]
            position = end
    return "".join(pieces) + text[position:], findings


def allowed_numbers(settings) -> frozenset[str]:
    """Cadres' phones published on the contact card (read by the cards module first), as digits."""
    from village.state import state_of  # the state imports the report

    return frozenset(digits_of(str(n)) for n in state_of(settings).cadre_phones)


def is_strict(settings) -> bool:
    return settings["VILLAGE"].get("privacy", "strict") == "strict"


Complain = Callable[[int | None, str], None]  # (line, message)


def guard(text: str, source: str, settings, first_line: int = 1) -> str:
    """Mask plain `text` from file `source` (a table cell, a YAML field), reporting each number
    as a warning, or an error when strict."""
    from village.state import report_of  # the state imports the report

    masked, findings = mask(text, allowed_numbers(settings), first_line)
    strict = is_strict(settings)
    report = report_of(settings)
    for finding in findings:
        (report.error if strict else report.warning)(source, finding.line, finding.message(strict))
    return masked


def guard_html(source_text: str, html: str, settings, error: Complain, warning: Complain, first_line: int = 1) -> str:
    """The published HTML of Markdown `source_text`, with personal numbers masked.

    Numbers are reported at their lines in the source; masking happens on the HTML, not the
    Markdown, where the asterisks of 138****5678 would turn into emphasis. A number split by
    formatting (**139**12345678) is found in the page's visible text and is an error, not a leak.
    """
    from village.source.text import plain_text

    allowed = allowed_numbers(settings)
    strict = is_strict(settings)
    _, findings = mask(source_text, allowed, first_line)
    for finding in findings:
        (error if strict else warning)(finding.line, finding.message(strict))
    html, _ = mask(html, allowed)
    _, hidden = mask(plain_text(html), allowed)
    lines = normalise(source_text).split("\n")
    for finding in hidden:
        line = next((first_line + i for i, text in enumerate(lines) if finding.masked[-4:] in text), None)
        error(
            line,
            f"这里的{KINDS[finding.kind]}被加粗、链接等格式分开了，无法自动打码。"
            f"请删掉这个号码，或只写成“{finding.masked}”。",
        )
    return html
