"""Reads one disclosure item (公开事项) file: its header, its body and its attachments.

    content/disclosures/2026/2026-03-caiwu.md
        类型: 财务
        事项: 财务收支
        期间: 2026年3月
        发布日期: 2026-04-05
        公示期: 15天
        发布机构: 青禾村村民委员会
        附件: 2026-03-caiwu.csv

        正文……

CSV and XLSX attachments become accessible tables whose 合计 rows and columns are checked
(tables.py). A mistake in one field never stops the reading: the rest of the header, the body
and the attachments are still checked (with placeholder values), so an official sees every
problem of the file in one build; such an item is not published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup

from village.gongkai.items import ATTACHMENT_FILES, FILES_URL, TYPES, Attachment, Item, index_number, subjects_of
from village.gongkai.periods import Period, parse_period
from village.gongkai.records import read_record
from village.gongkai.review import missing_message, parse_review
from village.gongkai.tables import TABLE_FILES, read_checked, table_html
from village.i18n.catalogs import translations_of
from village.source import cardfile, frontmatter, keys, privacy, slugs, text, translation
from village.source.dates import parse_date, today
from village.source.encoding import read_source
from village.source.rendering import SiteMarkdown
from village.state import report_of

# The keys of an item's header, Chinese and English (cardfile reads headers with any key set).
EXAMPLE = "类型: 财务\n事项: 财务收支\n期间: 2026年3月\n发布日期: 2026-04-05\n公示期: 15天\n发布机构: 青禾村村民委员会"


@dataclass
class Fields:
    """The header's fields as read; None where a field is missing or unreadable."""
    kind: str
    subject: str
    period: Period | None
    date: dt.datetime | None
    notice_end: dt.date | None
    publisher: str

    @property
    def complete(self) -> bool:
        return self.kind in TYPES and None not in (self.period, self.date, self.notice_end)


class ItemReader:
    def __init__(self, settings, content_root: Path):
        self.settings = settings
        self.report = report_of(settings)
        self.content_root = content_root
        self.subjects = subjects_of(settings)
        self.prefix = settings["VILLAGE"].get("disclosure_prefix") or "GK"
        self.today = today(settings)
        self.timezone = settings.get("TIMEZONE", "Asia/Shanghai")
        self.markdown = SiteMarkdown(settings)  # as posts are rendered
        self.summary_length = settings["VILLAGE"].get("summary_length", 80)
        self.files: set[Path] = set()  # every item file and every attachment it names, for unused.py
        self.drafts: list[Item] = []  # checked like the others, never published
        self.translations: list[dict] = []  # translations (editions/): their header, title and checked body

    def error(self, path, line, message):
        self.report.error(path, line, message)

    def read(self, path: Path) -> Item | None:
        shown = str(path)
        source = read_source(path, self.report)
        if source is None:
            return None
        fm = cardfile.parse(source, keys.DISCLOSURE)
        self.files.add(path)
        self.files.update(path.parent / name for name, _ in self._attachment_names(fm))
        for level, line, message in fm.problems:
            (self.report.error if level == "error" else self.report.warning)(shown, line, message)
        draft = frontmatter.is_draft(fm, lambda line, message: self.error(shown, line, message))
        marking = translation.read_marking(fm, self.settings, lambda line, message: self.error(shown, line, message))
        if marking is not None:
            self._translation(path, source, fm, marking)
            return None
        if not fm.has_header:
            self.error(shown, 1, f"文件开头没有文件头。请在最前面写上：\n{EXAMPLE}")
            return None
        errors_before = len(self.report.errors)
        fields = self._fields(fm, shown)
        # Read on after a bad field, so the body's and the attachments' problems show in this build too.
        item = self._item(path, source, fm, fields)
        self._review_and_record(item, fm, fields, draft)
        for name, line in self._attachment_names(fm):
            self._attach(item, path, name, line)
        if len(self.report.errors) > errors_before or not fields.complete:
            return None
        if item.date.date() > self.today:
            if not draft:
                self.report.warning(shown, fm.line("date"), f"发布日期 {item.date:%Y-%m-%d} 还没到，到那天生成网站时才会公开。")
            return None
        if draft:
            self.drafts.append(item)
            return None
        return item

    # -- the header ----------------------------------------------------------------------------

    def _field(self, fm, shown: str, key: str, label: str, example: str) -> str:
        value = str(fm.value(key, "") or "").strip()
        if not value:
            self.error(shown, fm.line(key) or 1, f"缺少“{label}”。请加一行“{label}: {example}”。")
        return value

    def _fields(self, fm, shown: str) -> Fields:
        kind = self._field(fm, shown, "disclosure_type", "类型", "财务")
        if kind and kind not in TYPES:
            self.error(shown, fm.line("disclosure_type"), f"类型“{kind}”不认识。只能写：{'、'.join(TYPES)}。")
        subject = self._field(fm, shown, "subject", "事项", "财务收支")
        if subject and subject not in self.subjects:
            self.error(shown, fm.line("subject"), f"事项“{subject}”不在公开事项里。可以写：{'、'.join(self.subjects)}（在 village.yml 的 disclosure_subjects 里设置）。")
        elif subject and kind in TYPES and self.subjects[subject][0] != kind:
            self.error(shown, fm.line("subject"), f"事项“{subject}”属于{self.subjects[subject][0]}公开，类型却写了“{kind}”。请把类型改成“{self.subjects[subject][0]}”。")
        period = self._period(fm, shown)
        date = self._date(fm, shown)
        notice_end = self._notice_end(fm, shown, date)
        publisher = self._field(fm, shown, "publisher", "发布机构", "青禾村村民委员会")
        if period is not None and date is not None and date.date() < period.end - dt.timedelta(days=92) and period.kind != "yearly":
            self.report.warning(shown, fm.line("period"), f"发布日期 {date:%Y-%m-%d} 比期间“{period.label}”早很多，请确认期间没有写错。")
        return Fields(kind, subject, period, date, notice_end, publisher)

    def _period(self, fm, shown: str) -> Period | None:
        period_text = self._field(fm, shown, "period", "期间", "2026年3月")
        period = parse_period(period_text) if period_text else None
        if period_text and period is None:
            self.error(shown, fm.line("period"), f"期间“{period_text}”看不懂。按月写“2026年3月”，按季度写“2026年第一季度”，按年写“2026年”。")
        return period

    def _date(self, fm, shown: str) -> dt.datetime | None:
        date_text = self._field(fm, shown, "date", "发布日期", "2026-04-05")
        if date_text:
            try:
                return parse_date(date_text, self.timezone)
            except ValueError as exc:
                self.error(shown, fm.line("date"), f"发布日期“{date_text}”有误：{exc}")
        return None

    def _notice_end(self, fm, shown: str, date: dt.datetime | None) -> dt.date | None:
        """The last day of the 公示期: a number of days from the publication date, or a date.

        Checked even when the publication date is unreadable; None then."""
        notice_text = self._field(fm, shown, "notice", "公示期", "15天")
        if not notice_text:
            return None
        if m := re.fullmatch(r"(\d+)\s*[天日]", notice_text):
            return date.date() + dt.timedelta(days=int(m.group(1)) - 1) if date is not None else None
        try:
            notice_end = parse_date(notice_text.removeprefix("至"), self.timezone).date()
        except ValueError:
            self.error(shown, fm.line("notice"), f"公示期“{notice_text}”看不懂。写天数如“15天”，或截止日期如“2026-04-20”。")
            return None
        if date is not None and notice_end < date.date():
            self.error(shown, fm.line("notice"), f"公示期截止日期 {notice_end:%Y-%m-%d} 早于发布日期 {date:%Y-%m-%d}。")
        return notice_end if date is not None else None

    def _review_and_record(self, item: Item, fm, fields: Fields, draft: bool) -> None:
        """审核 (required of a published finance item) and the optional record fields."""
        shown = item.source_path
        published = fields.date.date() if fields.date else None
        written = str(fm.value("review", "") or "").strip()
        if written:
            item.review, problem = parse_review(written, published, self.timezone)
            if problem:
                self.error(shown, fm.line("review"), problem)
        elif fields.kind == "财务" and not draft:
            self.error(shown, fm.line("disclosure_type"), missing_message())
        item.record = read_record(fm, published, self.timezone, lambda line, message: self.error(shown, line or 1, message))
        item.backfill = str(fm.value("backfill", "") or "").strip()
        item.change_note = str(fm.value("change_note", "") or "").strip()

    def _translation(self, path: Path, source: str, fm, marking) -> None:
        """A translation takes its original's fields (period, dates, attachments); its own title and
        body go through the same privacy guard and sanitising as the original's."""
        shown = str(path)
        title = privacy.guard(str(fm.value("title", "") or "").strip(), shown, self.settings, fm.line("title") or 1)
        if not title:
            self.error(shown, 1, "译文要写标题：加一行“标题: ……”（用译文的文字写）。")
        html = self._body_html(source, fm, shown)
        self.translations.append({
            "path": shown, "title": title, "content": Markup(html),
            "summary": text.summarize(text.plain_text(html), self.summary_length),
            "marking": marking.as_dict(),
        })

    # -- the body ------------------------------------------------------------------------------

    def _body_html(self, source: str, fm, shown: str) -> str:
        """The body below the header as checked, cleaned HTML with personal numbers masked."""
        starts = [s.first_line for s in ([fm.intro] if fm.intro else [])] + [s.line for s in fm.sections]
        body_line = min(starts) if starts else len(source.split("\n")) + 1
        body = "\n".join(source.split("\n")[body_line - 1:]).strip()
        return self.markdown.publishable(body, shown, body_line, self.report)

    def _item(self, path: Path, source: str, fm, fields: Fields) -> Item:
        """The item; where a field is missing or bad, a placeholder (such an item is never published)."""
        shown = str(path)
        html = self._body_html(source, fm, shown)
        kind = fields.kind if fields.kind in TYPES else next(iter(TYPES))
        period = fields.period or Period(self.today.year, "yearly")
        date = fields.date or dt.datetime.combine(self.today, dt.time(), ZoneInfo(self.timezone))
        notice_end = fields.notice_end or date.date()
        title = privacy.guard(str(fm.value("title", "") or "").strip(), shown, self.settings, fm.line("title") or 1) or f"{period.label}{fields.subject}公开"
        pinned = str(fm.value("index_number", "") or "").strip()
        number = pinned or index_number(self.prefix, kind, date.date(), path.relative_to(self.content_root).as_posix())
        item = Item(
            source_path=shown, title=title, kind=kind, subject=fields.subject, period=period, date=date,
            notice_end=notice_end, publisher=fields.publisher, index_number=number, slug=slugs.slugify(path.stem) or "gongkai",
            content=Markup(html), summary=text.summarize(text.plain_text(html), self.summary_length),
        )
        item.on_notice = date.date() <= self.today <= notice_end
        audio = str(fm.value("audio", "") or "").strip()
        if audio:  # checked with the posts' recordings (channels/generator.py)
            item.audio_ref = (audio, str(path.parent / audio), fm.line("audio"))
        return item

    # -- attachments ---------------------------------------------------------------------------

    def _attachment_names(self, fm) -> list[tuple[str, int | None]]:
        line = fm.line("attachments")
        return [(name, line) for name in frontmatter.split_list(fm.value("attachments", "") or "")]

    def _attach(self, item: Item, path: Path, name: str, line: int | None) -> None:
        shown = item.source_path
        file = path.parent / name
        if not file.is_file():
            self.error(shown, line, f"附件“{name}”不在这个文件旁边。请把它放进 {path.parent.relative_to(self.content_root.parent)}/，或改正文件名。")
            return
        if file.suffix.lower() not in ATTACHMENT_FILES:
            self.error(shown, line, f"附件“{name}”的格式不能公开。可以用：{'、'.join(sorted(ATTACHMENT_FILES))}。")
            return
        attachment = Attachment(name, file, f"{FILES_URL}{item.date.year}/{item.slug}/{name}", file.stat().st_size)
        if file.suffix.lower() in TABLE_FILES:
            read = read_checked(file, name, self.settings)
            if read is not None:
                attachment.table, attachment.masked = read
                # The caption says what the table is; the file's name is on the download link.
                ident = f"table-{len(item.attachments) + 1}"
                gettext = translations_of(self.settings).gettext
                attachment.table_html = table_html(attachment.table, gettext("%(title)s明细表") % {"title": item.title}, ident, gettext)
        item.attachments.append(attachment)
