"""Column freshness (栏目更新) and the 网站运行情况 page an inspector reads at a glance.

The inspection's veto items: a news column silent for 2 weeks, a notice column for 6 months, 5 or
more empty columns; questions unanswered for more than 3 months. The thresholds are in village.yml
(`freshness:`); every build (and `invoke check`) warns about each, and /site-info/ shows them all.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from village.gongkai.calendar import GRACE_DAYS
from village.gongkai.items import TYPES, URL
from village.i18n import N_, Message
from village.source.dates import chinese_date, today
from village.state import report_of

DEFAULTS = {"news_days": 14, "notice_days": 180, "empty_columns": 5, "notice_categories": []}
SITE_INFO_SLUG = "site-info"
UNANSWERED_DAYS = 90  # questions unanswered for more than 3 months: a veto item


@dataclass(frozen=True)
class ColumnStatus:
    name: str
    url: str  # site-relative; empty for a column without a page yet
    rule: str  # 动态类 / 公开类
    limit: int  # days
    last: dt.date | None
    days: int | None  # since the last update

    @property
    def state(self) -> str:
        if self.last is None:
            return "empty"
        return "stale" if self.limit and self.days > self.limit else "fresh"  # a limit of 0: not checked

    @property
    def label(self) -> str:
        return {"empty": N_("✘ 空栏目"), "stale": N_("✘ 超期未更新"), "fresh": N_("✔ 正常")}[self.state]

    @property
    def days_label(self) -> str:
        return "—" if self.days is None else str(self.days)


@dataclass
class SiteStatus:
    today: dt.date
    columns: list[ColumnStatus] = field(default_factory=list)
    calendar_due: int = 0  # periods that had to be disclosed by today
    calendar_on_time: int = 0
    calendar_late: int = 0
    inquiries: int = 0
    answered: int = 0
    deferred: int = 0
    median_days: float | None = None
    unanswered_long: int = 0  # 办理中 for more than 3 months
    dates_note: str = ""  # why dates were not checked against git

    @property
    def on_time_rate(self) -> str:
        return f"{self.calendar_on_time * 100 / self.calendar_due:.0f}%" if self.calendar_due else "—"

    @property
    def median_label(self) -> str:
        return "—" if self.median_days is None else Message("%(days)s 天", days=format(self.median_days, "g"))

    @property
    def empty(self) -> int:
        return sum(1 for c in self.columns if c.state == "empty")

    @property
    def stale(self) -> int:
        return sum(1 for c in self.columns if c.state == "stale")

    @property
    def today_label(self) -> str:
        return chinese_date(self.today)


def rules_of(settings) -> dict:
    return {**DEFAULTS, **(settings["VILLAGE"].get("freshness") or {})}


def column_statuses(articles, items, settings, today_: dt.date) -> list[ColumnStatus]:
    rules = rules_of(settings)
    notice_categories = set(rules["notice_categories"])
    columns = []
    for category in settings["VILLAGE_CATEGORIES"]:
        dates = [a.date.date() for a in articles if str(a.category) == category["name"]]
        notice = category["name"] in notice_categories
        columns.append(_column(category["name"], category.get("url", "") if dates else "", notice, rules, dates, today_))
    for kind, slug in TYPES.items():
        dates = [i.date.date() for i in items if i.kind == kind]
        columns.append(_column(Message("%(kind)s公开", kind=Message(kind)), f"{URL}{slug}/" if dates else "", True, rules, dates, today_))
    return columns


def _column(name, url, notice, rules, dates, today_) -> ColumnStatus:
    last = max(dates) if dates else None
    limit = rules["notice_days"] if notice else rules["news_days"]
    return ColumnStatus(name, url, N_("公开类") if notice else N_("动态类"), limit, last, (today_ - last).days if last else None)


def calendar_counts(rows, status: SiteStatus) -> None:
    for row in rows:
        for cell in row.cells:
            if cell.state == "due":
                continue
            status.calendar_due += 1
            if cell.state == "posted":
                if cell.item.date.date() <= cell.period.end + dt.timedelta(days=GRACE_DAYS):
                    status.calendar_on_time += 1
                else:
                    status.calendar_late += 1


def inquiry_counts(inquiries, status: SiteStatus) -> None:
    status.inquiries = len(inquiries)
    days = [(i.answered.date() - i.received.date()).days for i in inquiries if i.status == "已办结" and i.answered]
    status.answered = len(days)
    status.deferred = sum(1 for i in inquiries if i.status == "暂缓办理")
    status.median_days = statistics.median(days) if days else None
    status.unanswered_long = sum(1 for i in inquiries if i.status == "办理中" and (status.today - i.received.date()).days > UNANSWERED_DAYS)


def warn(status: SiteStatus, settings) -> None:
    report = report_of(settings)
    rules = rules_of(settings)
    for column in status.columns:
        if column.state == "stale":
            report.warning(
                "content", None,
                f"栏目“{column.name}”已经 {column.days} 天没有更新（最近一次是 {column.last:%Y-%m-%d}）。"
                f"{column.rule}栏目超过 {column.limit} 天不更新，检查时算“栏目不更新”。请发一条这个栏目的新内容"
                "（阈值在 village.yml 的 freshness 里设置）。",
            )
    empty = [c.name for c in status.columns if c.state == "empty"]
    if empty and rules["empty_columns"]:
        veto = "，已达到检查的单项否决线，请尽快补上内容或在 village.yml 里删掉不用的分类" if len(empty) >= rules["empty_columns"] else ""
        report.warning(
            "content", None,
            f"有 {len(empty)} 个空栏目（没有任何内容）：{'、'.join(empty)}。空栏目达到 {rules['empty_columns']} 个，检查时一票否决{veto}。",
        )
    if status.unanswered_long:
        report.warning(
            "content/cards", None,
            f"有 {status.unanswered_long} 张质询回音卡“办理中”已超过 3 个月。检查时“留言超过 3 个月未答复”一票否决：请尽快答复，"
            "或改为“暂缓办理”并写明客观原因。",
        )


def on_all_generators_finalized(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    status = SiteStatus(today(settings))
    articles, items, rows, inquiries, pages, matters = [], [], [], [], [], []
    for generator in generators:
        matters = getattr(generator, "matters", matters)
        articles = getattr(generator, "articles", articles)
        pages = getattr(generator, "pages", pages)
        inquiries = getattr(generator, "inquiries", inquiries)
        if hasattr(generator, "calendar"):
            items, rows = generator.items, generator.calendar
    status.columns = column_statuses(articles, items, settings, status.today)
    calendar_counts(rows, status)
    inquiry_counts(inquiries, status)
    status.dates_note = next(iter(report_of(settings).notes), "")
    warn(status, settings)
    for page in pages:
        if page.slug == SITE_INFO_SLUG:
            page.template = "site_info"  # 关于本站 becomes 网站运行情况, with the page's own text below
    for generator in generators:
        generator.context["VILLAGE_SITE_STATUS"] = status
        generator.context["village_report_data"] = (articles, items, rows, inquiries, matters)  # the yearly report
