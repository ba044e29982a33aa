"""Disclosure periods (期间): a month, a quarter or a year, read as officials write them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from village.i18n import N_, Message

QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


QUARTERS = (N_("%(year)s年第一季度"), N_("%(year)s年第二季度"), N_("%(year)s年第三季度"), N_("%(year)s年第四季度"))


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # monthly, quarterly, yearly
    number: int = 0  # month 1–12 or quarter 1–4

    @property
    def label(self) -> str:
        if self.kind == "monthly":
            return Message("%(year)s年%(month)s月", year=self.year, month=self.number)
        if self.kind == "quarterly":
            return Message(QUARTERS[self.number - 1], year=self.year)
        return Message("%(year)s年", year=self.year)

    @property
    def months(self) -> tuple[int, int]:
        """First and last month covered."""
        if self.kind == "monthly":
            return self.number, self.number
        if self.kind == "quarterly":
            return 3 * self.number - 2, 3 * self.number
        return 1, 12

    @property
    def end(self) -> dt.date:
        last = self.months[1]
        following = dt.date(self.year + (last == 12), last % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def covers(self, other: Period) -> bool:
        if self.year != other.year:
            return False
        first, last = self.months
        return first <= other.months[0] and other.months[1] <= last


def parse_period(text: str) -> Period | None:
    text = text.strip().replace(" ", "")
    if m := re.fullmatch(r"(\d{4})(?:-|年)(\d{1,2})月?", text):
        month = int(m.group(2))
        return Period(int(m.group(1)), "monthly", month) if 1 <= month <= 12 else None
    if m := re.fullmatch(r"(\d{4})(?:-Q|-q|年第?)([一二三四1-4])(?:季度?)?", text):
        return Period(int(m.group(1)), "quarterly", QUARTER_WORDS[m.group(2)])
    if m := re.fullmatch(r"(\d{4})年?(?:度)?", text):
        return Period(int(m.group(1)), "yearly")
    return None


def periods_between(first: Period, last: Period, kind: str) -> list[Period]:
    """Every period of `kind` from the one containing `first`'s start to the one containing `last`."""
    def of(year: int, month: int) -> Period:
        if kind == "monthly":
            return Period(year, kind, month)
        if kind == "quarterly":
            return Period(year, kind, (month - 1) // 3 + 1)
        return Period(year, kind)

    result: list[Period] = []
    year, month = first.year, first.months[0]
    while (year, month) <= (last.year, last.months[1]):
        period = of(year, month)
        if not result or result[-1] != period:
            result.append(period)
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return result
