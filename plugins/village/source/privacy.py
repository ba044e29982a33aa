"""The privacy guard: resident ID numbers, bank card numbers and mobile numbers never reach the
published site unmasked.

Only numbers that really are such numbers are touched: an 18-digit ID must have a valid check
character and birth date, a 15-digit ID a valid birth date, a bank card must pass the Luhn check,
a mobile number must look like one (1[3-9] and 11 digits). Order numbers and amounts that fail
those checks are left alone. Cadres' published work phones (the contact card) are allowed.

By default numbers are masked and a warning names the file and line; with `privacy: strict` in
village.yml they are errors and nothing is published until they are removed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

# Runs of digit groups separated by single spaces or hyphens, at least 11 digits in all, not part
# of a decimal number. An X may end a group (an ID number's check character).
_NUMBER = re.compile(r"(?<![\d.])\+?\d+[Xx]?(?:[ -]\+?\d+[Xx]?)*(?![\d.])")
KINDS = {"id": "身份证号", "bank": "银行卡号", "mobile": "手机号"}


@dataclass(frozen=True)
class Finding:
    kind: str  # id, bank, mobile
    line: int
    masked: str

    def message(self, strict: bool) -> str:
        what = KINDS[self.kind]
        if strict:
            return (
                f"这里有{what}（{self.masked}）。个人的{what}不能公开，请删掉或只写前后几位，"
                f"例如“{self.masked}”。（village.yml 里 privacy 是 strict，所以这是错误。）"
            )
        return f"这里有{what}，发布时已打码为“{self.masked}”。个人的{what}不能公开，建议在原文里也删掉或打码。"


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
    """A phone or card number as plain digits (no spaces, hyphens or +86)."""
    plain = re.sub(r"[ -]", "", text)
    if plain.startswith("+86"):
        plain = plain[3:]
    elif plain.startswith("86") and len(plain) == 13:
        plain = plain[2:]
    return plain


def _classify(raw: str, allowed: frozenset[str]) -> tuple[str, str] | None:
    """(kind, masked) when `raw` is a personal number that must not be published."""
    digits = digits_of(raw)
    if is_id_number(digits):
        return "id", mask_id(digits)
    if not digits.isdigit():
        return None
    if 16 <= len(digits) <= 19 and passes_luhn(digits):
        return "bank", mask_bank(digits)
    if is_mobile(digits) and digits not in allowed:
        return "mobile", mask_mobile(digits)
    return None


def _groups(run: str) -> list[tuple[int, int]]:
    """Start and end of each digit group in a run like '2024-05-01 138 0013 8000'."""
    return [(m.start(), m.end()) for m in re.finditer(r"\+?\d+[Xx]?", run)]


def _mask_run(run: str, allowed: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, masked) of the personal numbers in one run of digit groups.

    A run may join unrelated numbers ('日期 2024-05-01 13800138000'), so every span of whole
    groups is tried, longest first, and the numbers found do not overlap.
    """
    if sum(c.isdigit() for c in run) < 11:  # dates, amounts, years: too short to be personal
        return []
    groups = _groups(run)
    found: list[tuple[int, int, str, str]] = []
    taken = [False] * len(groups)
    for size in range(len(groups), 0, -1):
        for first in range(len(groups) - size + 1):
            last = first + size - 1
            if any(taken[first:last + 1]):
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

    def replace(match: re.Match) -> str:
        run = match.group(0)
        pieces, position = [], 0
        for start, end, kind, masked in _mask_run(run, allowed):
            line = first_line + text.count("\n", 0, match.start() + start)
            findings.append(Finding(kind, line, masked))
            pieces += [run[position:start], masked]
            position = end
        return "".join(pieces) + run[position:]

    return _NUMBER.sub(replace, text), findings


def allowed_numbers(settings) -> frozenset[str]:
    """Cadres' phones published on the contact card (read by the cards module first), as digits."""
    from village.state import state_of  # noqa: PLC0415 - the state imports the report

    return frozenset(digits_of(str(n)) for n in state_of(settings).cadre_phones)


def is_strict(settings) -> bool:
    return settings["VILLAGE"].get("privacy", "mask") == "strict"


Complain = Callable[[int | None, str], None]  # (line, message)


def guard(text: str, source: str, settings, first_line: int = 1) -> str:
    """Mask plain `text` from file `source` (a table cell, a YAML field), reporting each number
    as a warning, or an error when strict."""
    from village.state import report_of  # noqa: PLC0415 - the state imports the report

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
    from village.source.text import plain_text  # noqa: PLC0415

    allowed = allowed_numbers(settings)
    strict = is_strict(settings)
    _, findings = mask(source_text, allowed, first_line)
    for finding in findings:
        (error if strict else warning)(finding.line, finding.message(strict))
    html, _ = mask(html, allowed)
    _, hidden = mask(plain_text(html), allowed)
    lines = source_text.split("\n")
    for finding in hidden:
        line = next((first_line + i for i, text in enumerate(lines) if finding.masked[-4:] in text), None)
        error(
            line,
            f"这里的{KINDS[finding.kind]}被加粗、链接等格式分开了，无法自动打码。"
            f"请删掉这个号码，或只写成“{finding.masked}”。",
        )
    return html
