"""The compliance calendar (公开日历): which period of each subject was disclosed, missed or is
not yet due, and a warning for every missed one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from village.diagnostics import Report
from village.gongkai.items import CADENCES, DISCLOSURE_DIR, Item
from village.gongkai.periods import Period, periods_between
from village.i18n import N_

# Each state's symbol and words: the calendar never tells them apart by colour alone.
CALENDAR_STATES = {
    "posted": ("✔", N_("已公开")), "missed": ("✘", N_("未公开")), "due": ("…", N_("未到期")),
    "unsigned": ("✎", N_("待审核")),  # a finance draft waiting for the 民主理财小组's signatures
}


@dataclass
class CalendarCell:
    period: Period | None
    state: str  # posted, missed, due (not yet due), unsigned (a draft waiting for 审核)
    item: Item | None = None

    @property
    def symbol(self) -> str:
        return CALENDAR_STATES[self.state][0]

    @property
    def label(self) -> str:
        return CALENDAR_STATES[self.state][1]


def calendar_legend() -> list[CalendarCell]:
    """One cell per state, in the order the legend shows them."""
    return [CalendarCell(None, state) for state in CALENDAR_STATES]


class CalendarRow(NamedTuple):
    subject: str
    cadence: str  # 每月, 每季度…
    cells: list[CalendarCell]

    @property
    def missed(self) -> int:
        return sum(1 for cell in self.cells if cell.state == "missed")


GRACE_DAYS = 10  # a period's disclosure is due this many days after it ends


def calendar(
    items: list[Item], subjects: dict[str, tuple[str, str]], today_: dt.date, unsigned: list[Item] = (),
) -> list[CalendarRow]:
    """(subject, cadence label, cells) for the last two years, from the first period the village disclosed.
    `unsigned`: finance drafts without 审核; their periods show 待审核 rather than 未公开."""
    rows = []
    window_start = Period(today_.year - 2, "monthly", today_.month % 12 + 1) if today_.month < 12 else Period(today_.year - 1, "monthly", 1)
    now = Period(today_.year, "monthly", today_.month)
    if not items:
        return rows
    started = min(i.period for i in items)  # periods before the village's first disclosure are not "missed"
    for subject, (_, cadence) in subjects.items():
        if cadence == "event":
            continue
        own = [i for i in items if i.subject == subject]
        first = max(min((i.period for i in own), default=started), window_start)
        cells = []
        for period in periods_between(first, now, cadence):
            posted = next((i for i in own if i.period.covers(period) or period.covers(i.period)), None)
            if posted is not None:
                cells.append(CalendarCell(period, "posted", posted))
            elif any(d.subject == subject and (d.period.covers(period) or period.covers(d.period)) for d in unsigned):
                cells.append(CalendarCell(period, "unsigned"))
            elif period.end + dt.timedelta(days=GRACE_DAYS) < today_:
                cells.append(CalendarCell(period, "missed"))
            else:
                cells.append(CalendarCell(period, "due"))
        rows.append(CalendarRow(subject, CADENCES[cadence], cells))
    return rows


def warn_overdue(rows: list[CalendarRow], report: Report, today_: dt.date | None = None) -> None:
    for subject, _, cells in rows:
        for cell in cells:
            due = cell.period.end + dt.timedelta(days=GRACE_DAYS)
            if cell.state == "missed":
                report.warning(f"content/{DISCLOSURE_DIR}", None, f"{subject} {cell.period.label} 应在 {due:%Y-%m-%d} 前公开，还没有公开。")
            elif cell.state == "unsigned" and today_ is not None and due < today_:
                report.warning(
                    f"content/{DISCLOSURE_DIR}", None,
                    f"{subject} {cell.period.label} 已经写好，但还没有审核签字（应在 {due:%Y-%m-%d} 前公开）。"
                    "请尽快请民主理财小组或村务监督委员会审核，写上“审核:”一行，再删掉“状态: 草稿”。",
                )
