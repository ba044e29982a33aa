"""The sign-off of a finance disclosure (审核): 农经发〔2011〕13号 has the 民主理财小组 check the
content before it is posted; in practice the 村务监督委员会 reviews, signs and stamps it.

    审核: 村务监督委员会 何某某、李某某 2026-04-03

Who signed and on which day are published with the item, so a villager sees it was checked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from village.i18n import Day, Message
from village.source.dates import parse_date

BODIES = ("民主理财小组", "村务监督委员会", "村务监督小组")
EXAMPLE = "审核: 村务监督委员会 何某某、李某某 2026-04-03"
WHO = "民主理财小组或村务监督委员会"
_DATE_AT_END = re.compile(r"(\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日))\s*$")
_SPLIT = re.compile(r"[、,，;；\s]+")


@dataclass(frozen=True)
class Review:
    body: str  # 村务监督委员会, 民主理财小组 (empty when not written)
    reviewers: tuple[str, ...]
    date: dt.date

    @property
    def label(self) -> str:
        who = (self.body + " " if self.body else "") + "、".join(self.reviewers)
        return Message("已审核（%(who)s，%(date)s）", who=who, date=Day(self.date))


def parse_review(text: str, published: dt.date | None, timezone: str) -> tuple[Review | None, str | None]:
    """(review, None), or (None, the Chinese reason it cannot be read)."""
    text = text.strip()
    match = _DATE_AT_END.search(text)
    if not match:
        return None, f"“审核”里没有审核日期。请在审核人后面写上日期，例如“{EXAMPLE}”。"
    try:
        date = parse_date(match.group(1), timezone).date()
    except ValueError as exc:
        return None, f"审核日期有误：{exc}"
    names = [n for n in _SPLIT.split(text[: match.start()]) if n]
    body = names.pop(0) if names and names[0] in BODIES else ""
    if not names:
        return None, f"“审核”里没有写审核人。请写{WHO}签字的成员姓名，例如“{EXAMPLE}”。"
    if published is not None and date > published:
        return None, (
            f"审核日期 {date:%Y-%m-%d} 晚于发布日期 {published:%Y-%m-%d}。财务公开要先经{WHO}审核签字，"
            "再公开：请写实际的审核日期；还没审核的，先不要公开。"
        )
    return Review(body, tuple(names), date), None


def missing_message() -> str:
    return (
        f"财务公开必须先经{WHO}审核，成员签字后才能公开（农经发〔2011〕13号）。"
        f"请加一行“{EXAMPLE}”（审核机构、签字的成员、审核日期，日期不晚于发布日期）。"
        "还没审核的，请先写“状态: 草稿”，公开日历会把这一期标为“待审核”。"
    )
