"""The disclosure archive (公开栏): 党务公开, 村务公开 and 财务公开 items, their tables and the
compliance calendar.

    content/disclosures/2026/2026-03-caiwu.md
        类型: 财务
        事项: 财务收支
        期间: 2026年3月
        发布日期: 2026-04-05
        公示期: 15天
        发布机构: 青禾村村民委员会
        附件: 2026-03-caiwu.csv

        正文……

Each item gets a 索引号 (index number) that depends only on the item itself — prefix, type,
publication date and a short hash of its file name — so adding, removing or back-dating other
items never changes it; `索引号:` in the file pins one by hand. CSV and XLSX attachments become
accessible tables whose 合计 rows and columns are checked; monthly 财务收支 tables feed a chart.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import markdown
from markupsafe import Markup
from pelican.generators import Generator

from village.diagnostics import ERROR, WARNING
from village.photos.metadata import PHOTO_EXTENSIONS, strip_metadata
from village.source import cardfile, frontmatter, keys, privacy, slugs, unused
from village.source.dates import chinese_date, parse_date, today
from village.source.encoding import UndecodableFile, decode_source
from village.source.sanitize import clean_html, content_problems
from village.state import report_of

DISCLOSURE_DIR = "disclosures"
URL = "gongkai/"
FILES_URL = f"{URL}files/"
TYPES = {"党务": "dangwu", "村务": "cunwu", "财务": "caiwu"}
TYPE_CODES = {"党务": "DW", "村务": "CW", "财务": "CZ"}
CADENCES = {"monthly": "每月", "quarterly": "每季度", "yearly": "每年", "event": "随时"}  # event: not in the calendar
DEFAULT_SUBJECTS = {
    "财务收支": ("财务", "monthly"), "集体资产资源": ("村务", "quarterly"), "惠农补贴": ("村务", "quarterly"),
    "公益事业": ("村务", "quarterly"), "社会救助": ("村务", "quarterly"), "发展党员": ("党务", "quarterly"),
    "党费收缴": ("党务", "quarterly"), "民主评议": ("党务", "yearly"), "重大事项": ("村务", "event"),
}
TABLE_FILES = {".csv", ".xlsx"}
ATTACHMENT_FILES = TABLE_FILES | {".pdf", ".jpg", ".jpeg", ".png", ".webp", ".doc", ".docx", ".xls"}
QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
TOTAL_WORDS = ("合计", "总计")
# The keys of an item's header, Chinese and English (cardfile reads headers with any key set).
EXAMPLE = "类型: 财务\n事项: 财务收支\n期间: 2026年3月\n发布日期: 2026-04-05\n公示期: 15天\n发布机构: 青禾村村民委员会"


# -- periods ----------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # monthly, quarterly, yearly
    number: int = 0  # month 1–12 or quarter 1–4

    @property
    def label(self) -> str:
        if self.kind == "monthly":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarterly":
            return f"{self.year}年第{'一二三四'[self.number - 1]}季度"
        return f"{self.year}年"

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


# -- tables -----------------------------------------------------------------------------------

_AMOUNT = re.compile(r"^[-+]?[\d,]+(\.\d+)?(元)?$")


def amount_of(text: str) -> float | None:
    text = str(text).strip().replace("，", ",")
    if not text or not _AMOUNT.match(text):
        return None
    try:
        return float(text.replace(",", "").replace("元", ""))
    except ValueError:
        return None


def format_amount(value: float) -> str:
    return f"{value:,.2f}"


@dataclass
class Table:
    name: str  # the attachment's file name
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)  # per column

    def column(self, name: str) -> int | None:
        return next((i for i, h in enumerate(self.header) if h.strip() == name), None)

    def total_row(self) -> list[str] | None:
        return next((r for r in self.rows if any(w in "".join(r[:2]) for w in TOTAL_WORDS)), None)


def read_table(path: Path) -> list[list[str]]:
    """Rows of cells as text: CSV (UTF-8 with or without BOM, or GB18030) or the first XLSX sheet."""
    return padded([cells for _, cells in numbered_rows(path)])


def padded(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def numbered_rows(path: Path) -> list[tuple[int, list[str]]]:
    """The non-blank rows with the line (CSV) or row (XLSX) each starts on, cells as written."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl  # only for villages that publish spreadsheets

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = [
            (number, ["" if v is None else _cell_text(v) for v in row])
            for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
        ]
        book.close()
    else:
        text = decode_source(path.read_bytes()).text
        reader = csv.reader(io.StringIO(text))
        rows, start = [], 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1  # a quoted cell may span lines
    return [(n, r) for n, r in rows if any(c.strip() for c in r)]


_THOUSANDS_TAIL = re.compile(r"^\d{3}(\.\d+)?(元)?$")  # "200.00" left of a split "1,200.00"
_THOUSANDS_HEAD = re.compile(r"^[-+]?\d{1,3}$")


def _thousands_split(cells: list[str]) -> str | None:
    """The amount an unquoted thousands comma split into cells (12 | 345 | 678.00), as written."""
    for i in range(1, len(cells)):
        if _THOUSANDS_HEAD.match(cells[i - 1]) and _THOUSANDS_TAIL.match(cells[i]):
            end = i
            while end + 1 < len(cells) and re.fullmatch(r"\d{3}", cells[end]) and _THOUSANDS_TAIL.match(cells[end + 1]):
                end += 1
            return ",".join(cells[i - 1:end + 1])
    return None


def width_problems(rows: list[tuple[int, list[str]]]) -> list[tuple[str, int, str]]:
    """(level, line, message) for every CSV row with more or fewer cells than the header.

    More is an error: the usual cause is an unquoted thousands comma (1,200.00 becomes the two
    cells 1 and 200.00) and every amount after it sits in the wrong column. Fewer is a warning:
    hand-written files often leave out the trailing empty cells, which does no harm.
    """
    if not rows:
        return []
    width = len(rows[0][1])
    problems = []
    for line, cells in rows[1:]:
        count = len(cells)
        split = _thousands_split([c.strip() for c in cells])
        if count == width or (count > width and not split and not any(c.strip() for c in cells[width:])):
            continue  # only a trailing comma too many: nothing moved
        if count > width and split:
            problems.append((ERROR, line, (
                f"这一行有 {count} 个格子，表头只有 {width} 个。多半是金额里的千位逗号：“{split}”被拆成了两个格子。"
                f"请写成 {split.replace(',', '')}，或给这个格子加英文引号 \"{split}\"。"
            )))
        elif count > width:
            problems.append((ERROR, line, (
                f"这一行有 {count} 个格子，表头只有 {width} 个。请检查是不是多写了逗号；"
                "格子里本来就有逗号时，请给整个格子加英文引号，例如 \"茶叶,笋干\"。"
            )))
        else:
            problems.append((WARNING, line, (
                f"这一行只有 {count} 个格子，表头有 {width} 个，缺的格子按空白处理。请核对每个数是不是在对的列下面；"
                "空着的格子也要留一个逗号，例如“保洁工资,,8400.00,”。"
            )))
    return problems


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if abs(value) >= 1e10 else f"{value:.2f}"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)


BLANK_CELLS = ("", "-", "—", "－", "/")
NOT_AMOUNTS = ("日期", "编号", "号码", "序号", "年份", "年度")


def is_amount_column(header: str, cells: list[str]) -> bool:
    """Every filled cell is an amount: an income column that is empty on expense rows still counts."""
    filled = [c for c in cells if c.strip() not in BLANK_CELLS]
    return bool(filled) and all(amount_of(c) is not None for c in filled) and not header.strip().endswith(NOT_AMOUNTS)


def check_totals(table: Table) -> list[tuple[int, str]]:
    """(row number in the file, Chinese message) for every 合计 that does not add up."""
    problems = []
    body = [r for r in table.rows if not any(w in "".join(r[:2]) for w in TOTAL_WORDS + ("小计",))]
    total = table.total_row()
    if total is not None:
        row_number = table.rows.index(total) + 2  # +1 header, +1 counting from 1
        for col, is_number in enumerate(table.numeric):
            written = amount_of(total[col])
            if not is_number or written is None:
                continue
            added = sum(amount_of(r[col]) or 0 for r in body)
            if abs(added - written) > 0.005:
                problems.append((row_number, f"“{table.header[col]}”的合计写的是 {format_amount(written)}，上面各行加起来是 {format_amount(added)}。请核对后改正。"))
    col_total = next((i for i, h in enumerate(table.header) if h.strip() in TOTAL_WORDS), None)
    if col_total is not None:
        parts = [i for i, n in enumerate(table.numeric) if n and i != col_total]
        for index, row in enumerate(table.rows):
            written = amount_of(row[col_total])
            if written is None:
                continue
            added = sum(amount_of(row[i]) or 0 for i in parts)
            if abs(added - written) > 0.005:
                problems.append((index + 2, f"这一行的“{table.header[col_total]}”写的是 {format_amount(written)}，同一行各项加起来是 {format_amount(added)}。请核对后改正。"))
    return problems


def table_html(table: Table, caption: str) -> Markup:
    def cell(tag: str, text: str, col: int, scope: str = "") -> str:
        value = amount_of(text) if table.numeric[col] else None
        shown = format_amount(value) if value is not None else text
        cls = ' class="num"' if value is not None else ""
        return f"<{tag}{scope}{cls}>{Markup.escape(shown)}</{tag}>"

    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if table.numeric[i] else ""}>{Markup.escape(h)}</th>' for i, h in enumerate(table.header))
    rows = []
    for row in table.rows:
        is_total = any(w in "".join(row[:2]) for w in TOTAL_WORDS)
        cells = [cell("th", row[0], 0, ' scope="row"')] + [cell("td", c, i) for i, c in enumerate(row) if i]
        total_class = ' class="total"' if is_total else ""
        rows.append(f"<tr{total_class}>{''.join(cells)}</tr>")
    return Markup(
        f'<div class="table-wrap"><table class="data"><caption>{Markup.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


# -- items ------------------------------------------------------------------------------------

@dataclass
class Attachment:
    name: str
    path: Path
    url: str
    size: int
    table: Table | None = None
    table_html: Markup = Markup("")
    masked: list[list[str]] | None = None  # the published copy's cells, when a table

    @property
    def size_label(self) -> str:
        return f"{self.size / 1024:.0f} KB" if self.size >= 1024 else f"{self.size} 字节"


@dataclass
class Item:
    source_path: str
    title: str
    kind: str  # 党务 / 村务 / 财务
    subject: str
    period: Period
    date: dt.datetime
    notice_end: dt.date
    publisher: str
    index_number: str
    slug: str
    content: Markup
    summary: str
    attachments: list[Attachment] = field(default_factory=list)
    on_notice: bool = False
    decisions: list = field(default_factory=list)  # (matter, step) of 四议两公开 pointing here

    @property
    def url(self) -> str:
        return f"{URL}{self.date.year}/{self.slug}/"

    @property
    def type_url(self) -> str:
        return f"{URL}{TYPES[self.kind]}/"

    @property
    def subject_url(self) -> str:
        return f"{URL}shixiang/{slugs.slugify(self.subject)}/"

    @property
    def locale_date(self) -> str:
        return chinese_date(self.date)

    @property
    def notice_label(self) -> str:
        return f"{self.date.month}月{self.date.day}日至{chinese_date(self.notice_end)}"


def index_number(prefix: str, kind: str, date: dt.date, source_name: str) -> str:
    """Depends only on this item, so it never changes when other items come and go."""
    short = hashlib.sha1(source_name.encode()).hexdigest()[:3].upper()
    return f"{prefix}-{TYPE_CODES[kind]}-{date:%Y%m%d}-{short}"


def subjects_of(settings) -> dict[str, tuple[str, str]]:
    configured = settings["VILLAGE"].get("disclosure_subjects") or {}
    return {name: (spec["type"], spec["cadence"]) for name, spec in configured.items()} or dict(DEFAULT_SUBJECTS)


class ItemReader:
    def __init__(self, settings, content_root: Path):
        self.settings = settings
        self.report = report_of(settings)
        self.content_root = content_root
        self.subjects = subjects_of(settings)
        self.prefix = settings["VILLAGE"].get("disclosure_prefix") or "GK"
        self.today = today(settings)
        self.timezone = settings.get("TIMEZONE", "Asia/Shanghai")
        self.markdown = markdown.Markdown(extensions=["extra", "sane_lists"])
        self.files: set[Path] = set()  # every item file and every attachment it names, for unused.py
        self.drafts: list[Item] = []  # checked like the others, never published

    def error(self, path, line, message):
        self.report.error(path, line, message)

    def read(self, path: Path) -> Item | None:
        shown = str(path)
        try:
            text = decode_source(path.read_bytes()).text
        except UndecodableFile as exc:
            self.error(shown, None, str(exc))
            return None
        fm = cardfile.parse(text, keys.DISCLOSURE)
        self.files.add(path)
        self.files.update(path.parent / name for name, _ in self._attachment_names(fm))
        for level, line, message in fm.problems:
            (self.report.error if level == "error" else self.report.warning)(shown, line, message)
        draft = frontmatter.is_draft(fm, lambda line, message: self.error(shown, line, message))
        if not fm.has_header:
            self.error(shown, 1, f"文件开头没有文件头。请在最前面写上：\n{EXAMPLE}")
            return None
        errors_before = len(self.report.errors)

        def field_of(key: str, label: str, example: str) -> str:
            value = str(fm.value(key, "") or "").strip()
            if not value:
                self.error(shown, fm.line(key) or 1, f"缺少“{label}”。请加一行“{label}: {example}”。")
            return value

        kind = field_of("disclosure_type", "类型", "财务")
        if kind and kind not in TYPES:
            self.error(shown, fm.line("disclosure_type"), f"类型“{kind}”不认识。只能写：{'、'.join(TYPES)}。")
        subject = field_of("subject", "事项", "财务收支")
        if subject and subject not in self.subjects:
            self.error(shown, fm.line("subject"), f"事项“{subject}”不在公开事项里。可以写：{'、'.join(self.subjects)}（在 village.yml 的 disclosure_subjects 里设置）。")
        elif subject and kind in TYPES and self.subjects[subject][0] != kind:
            self.error(shown, fm.line("subject"), f"事项“{subject}”属于{self.subjects[subject][0]}公开，类型却写了“{kind}”。请把类型改成“{self.subjects[subject][0]}”。")
        period_text = field_of("period", "期间", "2026年3月")
        period = parse_period(period_text) if period_text else None
        if period_text and period is None:
            self.error(shown, fm.line("period"), f"期间“{period_text}”看不懂。按月写“2026年3月”，按季度写“2026年第一季度”，按年写“2026年”。")
        date = None
        date_text = field_of("date", "发布日期", "2026-04-05")
        if date_text:
            try:
                date = parse_date(date_text, self.timezone)
            except ValueError as exc:
                self.error(shown, fm.line("date"), f"发布日期“{date_text}”有误：{exc}")
        notice_text = field_of("notice", "公示期", "15天")
        notice_end = None
        if notice_text and date is not None:
            if m := re.fullmatch(r"(\d+)\s*[天日]", notice_text):
                notice_end = date.date() + dt.timedelta(days=int(m.group(1)) - 1)
            else:
                try:
                    notice_end = parse_date(notice_text.removeprefix("至"), self.timezone).date()
                except ValueError:
                    self.error(shown, fm.line("notice"), f"公示期“{notice_text}”看不懂。写天数如“15天”，或截止日期如“2026-04-20”。")
                if notice_end is not None and notice_end < date.date():
                    self.error(shown, fm.line("notice"), f"公示期截止日期 {notice_end:%Y-%m-%d} 早于发布日期 {date:%Y-%m-%d}。")
        publisher = field_of("publisher", "发布机构", "青禾村村民委员会")
        if period is not None and date is not None and date.date() < period.end - dt.timedelta(days=92) and period.kind != "yearly":
            self.report.warning(shown, fm.line("period"), f"发布日期 {date:%Y-%m-%d} 比期间“{period.label}”早很多，请确认期间没有写错。")
        if len(self.report.errors) > errors_before or date is None or period is None or notice_end is None:
            return None
        if date.date() > self.today:
            if draft:
                return None
            self.report.warning(shown, fm.line("date"), f"发布日期 {date:%Y-%m-%d} 还没到，到那天生成网站时才会公开。")
            return None

        starts = [s.first_line for s in ([fm.intro] if fm.intro else [])] + [s.line for s in fm.sections]
        body_line = min(starts) if starts else len(text.split("\n")) + 1
        body = "\n".join(text.split("\n")[body_line - 1:]).strip()
        rendered = self.markdown.reset().convert(body) if body else ""
        for level, line, message in content_problems(rendered, body, body_line):
            self.report.add(level, shown, line, message)
        html = clean_html(rendered) if rendered else ""
        html = privacy.guard_html(
            body, html, self.settings,
            lambda line, m: self.error(shown, line, m), lambda line, m: self.report.warning(shown, line, m),
            first_line=body_line,
        )
        title = privacy.guard(str(fm.value("title", "") or "").strip(), shown, self.settings, fm.line("title") or 1) or f"{period.label}{subject}公开"
        pinned = str(fm.value("index_number", "") or "").strip()
        number = pinned or index_number(self.prefix, kind, date.date(), path.relative_to(self.content_root).as_posix())
        item = Item(
            source_path=shown, title=title, kind=kind, subject=subject, period=period, date=date,
            notice_end=notice_end, publisher=publisher, index_number=number, slug=slugs.slugify(path.stem) or "gongkai",
            content=Markup(html), summary=re.sub(r"<[^>]+>", "", html)[:80],
        )
        item.on_notice = date.date() <= self.today <= notice_end
        for name, line in self._attachment_names(fm):
            self._attach(item, path, name, line)
        if draft:
            self.drafts.append(item)
            return None
        return item

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
            self._read_table(item, attachment)
        item.attachments.append(attachment)

    def _read_table(self, item: Item, attachment: Attachment) -> None:
        where = str(attachment.path)
        try:
            numbered = numbered_rows(attachment.path)
            rows = padded([cells for _, cells in numbered])
        except (UndecodableFile, OSError, ValueError, KeyError, csv.Error) as exc:
            self.error(where, None, f"表格读不出来：{exc}。请用 Excel 或 WPS 另存为 CSV（UTF-8）或 XLSX。")
            return
        if len(rows) < 2:
            self.error(where, None, "表格是空的或只有表头。第一行写表头，下面每行一条记录。")
            return
        masked = [[privacy.guard(cell, where, self.settings, number) for cell in row] for number, row in enumerate(rows, 1)]
        header, body = masked[0], masked[1:]
        numeric = [is_amount_column(header[i], [r[i] for r in body]) for i in range(len(header))]
        table = Table(attachment.name, header, body, numeric)
        # XLSX cells cannot split; a CSV row that did would make any 合计 check point at the wrong row.
        widths = width_problems(numbered) if attachment.path.suffix.lower() == ".csv" else []
        for level, row_number, message in widths:
            self.report.add(level, where, row_number, message)
        if not any(level == ERROR for level, _, _ in widths):
            for row_number, message in check_totals(table):
                self.error(where, row_number, message)
        attachment.table = table
        attachment.masked = masked
        attachment.table_html = table_html(table, f"{item.title}：{attachment.name}")


def write_attachment(attachment: Attachment, target: Path) -> None:
    """The published copy: tables with every personal number masked, other files as they are."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if attachment.masked is None:
        shutil.copyfile(attachment.path, target)
        if target.suffix.lower() in PHOTO_EXTENSIONS:
            strip_metadata(target)  # now, so the size shown next to the link is the published one
    elif target.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for row in attachment.masked:
            sheet.append([amount_of(c) if amount_of(c) is not None and len(c) < 15 else c for c in row])
        book.save(target)
    else:
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(attachment.masked)


# -- the monthly finance chart ----------------------------------------------------------------

def finance_by_month(items: list[Item]) -> dict[int, dict[int, tuple[float, float]]]:
    """year -> month -> (income, spending) from monthly 财务收支 tables' 合计 rows."""
    result: dict[int, dict[int, tuple[float, float]]] = {}
    for item in items:
        if item.kind != "财务" or item.period.kind != "monthly":
            continue
        for attachment in item.attachments:
            table = attachment.table
            total = table.total_row() if table else None
            income_col, spending_col = (table.column("收入"), table.column("支出")) if table else (None, None)
            if total is None or income_col is None or spending_col is None:
                continue
            income, spending = amount_of(total[income_col]) or 0.0, amount_of(total[spending_col]) or 0.0
            result.setdefault(item.period.year, {})[item.period.number] = (income, spending)
    return result


def finance_chart(year: int, months: dict[int, tuple[float, float]]) -> Markup:
    """Income and spending per month as an SVG bar chart, drawn at build time (no JavaScript)."""
    width, height, left, bottom, top = 640, 260, 56, 36, 16
    peak = max((max(v) for v in months.values()), default=0) or 1
    scale = (height - bottom - top) / peak
    slot = (width - left - 8) / 12
    bars = []
    for month in range(1, 13):
        x = left + (month - 1) * slot
        if month in months:
            for offset, (value, cls) in enumerate(zip(months[month], ("income", "spending"))):
                h = value * scale
                fill = f' fill="url(#spending-hatch-{year})"' if cls == "spending" else ""
                bars.append(
                    f'<rect class="{cls}"{fill} x="{x + 4 + offset * (slot / 2 - 4):.1f}" y="{height - bottom - h:.1f}" '
                    f'width="{slot / 2 - 6:.1f}" height="{h:.1f}"><title>{month}月{"收入" if offset == 0 else "支出"} {format_amount(value)} 元</title></rect>'
                )
        bars.append(f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle">{month}月</text>')
    axis = (
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}" class="axis"/>'
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak / 10000:.1f}万</text>'
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>'
    )
    legend = (
        f'<rect class="income" x="{left}" y="0" width="12" height="12"/><text x="{left + 16}" y="11">收入</text>'
        f'<rect class="spending" fill="url(#spending-hatch-{year})" x="{left + 64}" y="0" width="12" height="12"/><text x="{left + 80}" y="11">支出</text>'
    )
    label = f"{year}年每月收入和支出（元）"
    # Spending is hatched as well as lighter, so the two bars differ without colour too.
    hatch = (
        f'<defs><pattern id="spending-hatch-{year}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#e8a06e"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a3b05" stroke-width="2"/></pattern></defs>'
    )
    return Markup(
        f'<svg class="finance-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{hatch}{legend}{axis}{''.join(bars)}</svg>"
    )


# -- the compliance calendar ------------------------------------------------------------------

# Each state's symbol and words: the calendar never tells them apart by colour alone.
CALENDAR_STATES = {"posted": ("✔", "已公开"), "missed": ("✘", "未公开"), "due": ("…", "未到期")}


@dataclass
class CalendarCell:
    period: Period | None
    state: str  # posted, missed, due (not yet due)
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


def calendar(items: list[Item], subjects: dict[str, tuple[str, str]], today_: dt.date) -> list[CalendarRow]:
    """(subject, cadence label, cells) for the last two years, from the first period the village disclosed."""
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
            elif period.end + dt.timedelta(days=GRACE_DAYS) < today_:
                cells.append(CalendarCell(period, "missed"))
            else:
                cells.append(CalendarCell(period, "due"))
        rows.append(CalendarRow(subject, CADENCES[cadence], cells))
    return rows


# -- the generator ----------------------------------------------------------------------------

class DisclosureGenerator(Generator):
    """Reads content/disclosures/ and writes the 公开栏 pages."""

    def generate_context(self):
        root = Path(self.settings["PATH"])
        folder = root / DISCLOSURE_DIR
        self.items: list[Item] = []
        drafts: list[Item] = []
        if folder.is_dir():
            reader = ItemReader(self.settings, root)
            for path in sorted(folder.rglob("*.md")):
                item = reader.read(path)
                if item is not None:
                    self.items.append(item)
            unused.claim(self.context, *reader.files)
            drafts = reader.drafts
        self.context["village_disclosure_drafts"] = drafts  # so a 四议两公开 step naming one says so
        self._check_unique()
        self.items.sort(key=lambda i: (i.date, i.index_number), reverse=True)
        self.subjects = subjects_of(self.settings)
        self.today = today(self.settings)
        self.calendar = calendar(self.items, self.subjects, self.today)
        finance = finance_by_month(self.items)
        self.charts = [(year, finance_chart(year, months), months) for year, months in sorted(finance.items(), reverse=True)]
        self.context["village_disclosures"] = self.items
        self.context["VILLAGE_DISCLOSURE_PAGES"] = self.sitemap_entries()
        self._warn_overdue()

    def _check_unique(self):
        seen: dict[str, Item] = {}
        for item in self.items:
            for key, label in ((item.index_number, "索引号"), (item.url, "网址")):
                other = seen.get(key)
                if other is not None:
                    report_of(self.settings).error(item.source_path, None, f"{label} {key} 和 {other.source_path} 重复了。请改一个文件名，或在文件头里写一行“索引号: …”指定。")
                seen[key] = item

    def _warn_overdue(self):
        report = report_of(self.settings)
        for subject, _, cells in self.calendar:
            for cell in cells:
                if cell.state == "missed":
                    due = cell.period.end + dt.timedelta(days=GRACE_DAYS)
                    report.warning(f"content/{DISCLOSURE_DIR}", None, f"{subject} {cell.period.label} 应在 {due:%Y-%m-%d} 前公开，还没有公开。")

    def sitemap_entries(self) -> list[tuple[str, str]]:
        entries = [(URL, ""), (f"{URL}rili/", "")]
        entries += [(f"{URL}{slug}/", "") for kind, slug in TYPES.items() if any(i.kind == kind for i in self.items)]
        entries += [(item.url, item.date.isoformat()) for item in self.items]
        return entries

    def render_key(self):
        """What the 公开栏 index can show of `archive` (the render cache fingerprints this)."""
        return [self.items, self.subjects, self.calendar, self.charts]

    def lists(self) -> list[dict]:
        """Every list page: by type, by subject, by year (grouped by month)."""
        pages = []
        for kind, slug in TYPES.items():
            own = [i for i in self.items if i.kind == kind]
            if own:
                pages.append({"group": "type", "url": f"{URL}{slug}/", "heading": f"{kind}公开", "items": own,
                              "charts": self.charts if kind == "财务" else []})
        for subject, (kind, cadence) in self.subjects.items():
            own = [i for i in self.items if i.subject == subject]
            if own:
                pages.append({"group": "subject", "url": own[0].subject_url, "heading": subject, "items": own,
                              "lead": f"{kind}公开，{CADENCES[cadence]}公开。",
                              "charts": self.charts if subject == "财务收支" else []})
        for year in sorted({i.date.year for i in self.items}, reverse=True):
            pages.append({"group": "year", "url": f"{URL}{year}/", "heading": f"{year}年公开的事项",
                          "items": [i for i in self.items if i.date.year == year], "by_month": True})
        return pages

    def generate_output(self, writer):
        # The index and calendar exist even before the first item: the header always links here.
        output = Path(self.output_path)
        lists = self.lists()
        writer.write_file(f"{URL}index.html", self.get_template("disclosure_index"), self.context,
                          archive=self, on_notice=[i for i in self.items if i.on_notice], lists=lists)
        for page in lists:
            writer.write_file(f"{page['url']}index.html", self.get_template("disclosure_list"), self.context,
                              heading=page["heading"], items=page["items"], lead=page.get("lead", ""),
                              charts=page.get("charts", []), by_month=page.get("by_month", False))
        writer.write_file(f"{URL}rili/index.html", self.get_template("disclosure_calendar"), self.context,
                          rows=self.calendar, today_label=chinese_date(self.today), legend=calendar_legend(),
                          grace_days=GRACE_DAYS)
        for item in self.items:
            for attachment in item.attachments:
                target = output / attachment.url
                write_attachment(attachment, target)
                attachment.size = target.stat().st_size  # the published (masked) copy's size
            writer.write_file(f"{item.url}index.html", self.get_template("disclosure_item"), self.context, item=item)


class DisclosureFeedItem:
    """A disclosure item as the feed writer sees a post."""

    def __init__(self, item: Item):
        self.title = item.title
        self.url = item.url
        self.date = item.date
        self.metadata = {"summary": Markup.escape(item.summary or item.title)}
        self.authors = [SimpleNamespace(name=item.publisher)] if item.publisher else []  # 发布机构
        self.tags: list = []
        self.category = SimpleNamespace(name=f"{item.kind}公开", slug=TYPES[item.kind], url=item.type_url)
        self.item = item

    def render_key(self):
        """Everything this feed entry shows comes from the item (for the render cache)."""
        return self.item

    def get_content(self, siteurl: str) -> str:
        item = self.item
        meta = f"<p>索引号：{item.index_number}；事项：{item.subject}；期间：{item.period.label}；发布机构：{Markup.escape(item.publisher)}；公示期：{item.notice_label}。</p>"
        return meta + str(item.content)


def has_disclosures(settings) -> bool:
    folder = Path(settings.get("PATH", "content")) / DISCLOSURE_DIR
    return folder.is_dir() and any(folder.rglob("*.md"))


def get_generators(pelican_object):
    return DisclosureGenerator
