"""The yearly 信息公开 report (政府信息公开条例 art. 49–50, due by 31 January; tables after
国办公开办函〔2021〕30号 as far as they apply to a village), built from the site's own data.

    content/nianbao/2026.md          (`invoke report --year 2026` writes a first draft)
        年度: 2026
        发布日期: 2027-01-20

        ## 总体情况
        ……
        ## 存在的主要问题及改进情况
        ……

The officials write the two narrative sections; every number comes from the 公开栏, the calendar,
the 四议两公开 matters, the 质询回音卡 and git (补录, 修改). The page is /gongkai/nianbao/2026/,
with a PDF of it beside it (WeasyPrint).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from village.gongkai.calendar import GRACE_DAYS
from village.gongkai.items import TYPES
from village.i18n import Message
from village.output.files import link_or_copy
from village.output.pdf import site_fetcher
from village.output.render_cache import cache_of
from village.source import cardfile, privacy, unused
from village.source.dates import chinese_date, parse_date, today
from village.source.encoding import read_source
from village.source.keys import KeyTable
from village.source.rendering import SiteMarkdown
from village.state import report_of, state_of

REPORT_DIR = "nianbao"
URL = "gongkai/nianbao/"
KEYS = KeyTable("年度报告", "content/nianbao/", {"年度": "year", "发布日期": "date", "标题": "title",
                                               "year": "year", "date": "date", "title": "title"})
DUE = (1, 31)  # by 31 January of the next year


@dataclass
class YearReport:
    year: int
    title: str
    date: dt.datetime
    source_path: str
    body: Markup = Markup("")
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_subject: list[tuple[str, str, int]] = field(default_factory=list)
    calendar: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # subject, due, on time, late, missing
    matters: list[tuple[str, str, str, int]] = field(default_factory=list)  # title, url, stage, steps this year
    received: int = 0
    answered: int = 0
    deferred: int = 0
    in_progress: int = 0
    median_days: float | None = None
    deferred_reasons: list[tuple[str, str]] = field(default_factory=list)
    backfilled: list[tuple[str, str]] = field(default_factory=list)  # title, url
    changed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{URL}{self.year}/"

    @property
    def pdf_name(self) -> str:
        return f"{self.year}年信息公开工作年度报告.pdf"

    @property
    def locale_date(self) -> str:
        return chinese_date(self.date)

    @property
    def items_total(self) -> int:
        return sum(count for _, count in self.by_type)

    @property
    def calendar_totals(self) -> tuple[int, int, int, int]:
        return tuple(sum(row[i] for row in self.calendar) for i in range(1, 5))

    @property
    def median_label(self) -> str:
        return "—" if self.median_days is None else Message("%(days)s 天", days=format(self.median_days, "g"))


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", str(html)).split())


def fill(report: YearReport, items, rows, matters, inquiries, articles) -> None:
    """Every number of the report, from the site's data for `report.year`."""
    year = report.year
    own = [i for i in items if i.date.year == year]
    report.by_type = [(kind, sum(1 for i in own if i.kind == kind)) for kind in TYPES]
    subjects: dict[str, tuple[str, int]] = {}
    for item in own:
        kind, count = subjects.get(item.subject, (item.kind, 0))
        subjects[item.subject] = (kind, count + 1)
    report.by_subject = [(subject, kind, count) for subject, (kind, count) in subjects.items()]
    for row in rows:
        cells = [c for c in row.cells if c.period.end.year == year and c.state != "due"]
        if not cells:
            continue
        on_time = sum(1 for c in cells if c.state == "posted" and c.item.date.date() <= c.period.end + dt.timedelta(days=GRACE_DAYS))
        posted = sum(1 for c in cells if c.state == "posted")
        report.calendar.append((row.subject, len(cells), on_time, posted - on_time, len(cells) - posted))
    for matter in matters:
        steps = sum(1 for s in matter.steps if s.date.year == year)
        if steps:
            report.matters.append((matter.title, matter.url, matter.stage, steps))
    received = [i for i in inquiries if i.received.year == year]
    report.received = len(received)
    days = [(i.answered.date() - i.received.date()).days for i in received if i.status == "已办结" and i.answered]
    report.answered = len(days)
    report.median_days = statistics.median(days) if days else None
    report.deferred = sum(1 for i in received if i.status == "暂缓办理")
    report.in_progress = sum(1 for i in received if i.status == "办理中")
    report.deferred_reasons = [(i.title, _plain(i.reason)) for i in received if i.status == "暂缓办理"]
    for thing in list(own) + [a for a in articles if a.date.year == year]:
        honesty = getattr(thing, "honesty", None)
        if honesty and honesty.backfilled_on:
            report.backfilled.append((str(thing.title), thing.url))
        if honesty and honesty.changes:
            report.changed.append((str(thing.title), thing.url))


def read_reports(settings, context) -> list[YearReport]:
    root = Path(settings["PATH"])
    folder = root / REPORT_DIR
    report = report_of(settings)
    timezone = settings.get("TIMEZONE", "Asia/Shanghai")
    found = []
    if not folder.is_dir():
        return found
    md = SiteMarkdown(settings)
    for path in sorted(folder.glob("*.md")):
        unused.claim(context, path)
        shown = str(path)
        source = read_source(path, report)
        if source is None:
            continue
        fm = cardfile.parse(source, KEYS)
        for level, line, message in fm.problems:
            report.add(level, shown, line, message)
        year_text = str(fm.value("year", "")).strip().removesuffix("年")
        if not year_text.isdigit():
            report.error(shown, fm.line("year") or 1, f"年度“{year_text}”不对。请写一行“年度: {path.stem if path.stem.isdigit() else 2026}”。")
            continue
        try:
            date = parse_date(str(fm.value("date", "")), timezone)
        except ValueError as exc:
            report.error(shown, fm.line("date") or 1, f"发布日期有误：{exc}")
            continue
        if date.date() > today(settings):
            report.warning(shown, fm.line("date"), f"发布日期 {date:%Y-%m-%d} 还没到，到那天生成网站时才会公开。")
            continue
        starts = [s.first_line for s in ([fm.intro] if fm.intro else [])] + [s.line for s in fm.sections]
        body_line = min(starts) if starts else len(source.split("\n")) + 1
        body = "\n".join(source.split("\n")[body_line - 1:])
        title = (privacy.guard(str(fm.value("title", "")).strip(), shown, settings, fm.line("title") or 1)
                 or f"{settings['VILLAGE']['name']}{year_text}年信息公开工作年度报告")
        found.append(YearReport(int(year_text), title, date, shown, Markup(md.publishable(body, shown, body_line, report))))
    return found


def warn_missing(reports: list[YearReport], items, articles, settings) -> None:
    """After 31 January, last year's report is due (条例 art. 50)."""
    now = today(settings)
    last = now.year - 1
    if now <= dt.date(now.year, *DUE) or any(r.year == last for r in reports):
        return
    if not any(i.date.year == last for i in items) and not any(a.date.year == last for a in articles):
        return  # the site did not exist last year
    report_of(settings).warning(
        f"content/{REPORT_DIR}", None,
        f"{last}年的信息公开工作年度报告还没有发布（每年 1 月 31 日前发布上一年的）。"
        f"请运行 invoke report --year {last}，补写“总体情况”和“存在的主要问题及改进情况”后再生成网站。",
    )


class ReportGenerator(Generator):
    def generate_context(self):
        self.reports = read_reports(self.settings, self.context)
        self.context["village_year_reports"] = self.reports
        pages = self.context.setdefault("VILLAGE_DISCLOSURE_PAGES", [])  # into the sitemap
        pages += [(r.url, r.date.isoformat()) for r in self.reports]

    def generate_output(self, writer):
        data = self.context.get("village_report_data") or ([], [], [], [], [])
        articles, items, rows, inquiries, matters = data
        warn_missing(self.reports, items, articles, self.settings)
        for report in self.reports:
            fill(report, items, rows, matters, inquiries, articles)
            writer.write_file(f"{report.url}index.html", self.get_template("nianbao"), self.context, report=report)


def get_generators(pelican_object):
    return ReportGenerator


# -- the PDF ---------------------------------------------------------------------------------------

def write_pdfs(pelican) -> None:
    """Each report's page as a PDF beside it, once the page is written."""
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    site_url = settings["VILLAGE"]["site_url"]
    folder = output / URL
    if not folder.is_dir():
        return
    import weasyprint

    state = state_of(settings)
    rendered = set(cache_of(settings).rendered)
    for page in sorted(folder.glob("*/index.html")):
        year = page.parent.name
        name = f"{year}年信息公开工作年度报告.pdf"
        relative = page.relative_to(output).as_posix()
        previous = Path(state.previous_output or "", page.parent.relative_to(output), name)
        if relative not in rendered and state.previous_output and previous.is_file():
            link_or_copy(previous, page.parent / name)  # the page (and the theme) did not change: nor does its PDF
            continue
        html = page.read_text("utf-8")
        document = weasyprint.HTML(string=html, base_url=f"{site_url}/{URL}{year}/", url_fetcher=site_fetcher(output, site_url),
                                   media_type="print")
        document.write_pdf(page.parent / name)
