"""CSV and XLSX attachments of a disclosure item: read as text cells, checked (row widths, 合计
rows and columns), shown as accessible tables, and published with personal numbers masked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from markupsafe import Markup

from village.diagnostics import ERROR, WARNING
from village.source import privacy
from village.source.checked import file_hash
from village.source.encoding import UndecodableFile, decode_source
from village.source.memo import DiskMemo
from village.state import report_of

TABLE_FILES = {".csv", ".xlsx"}
TOTAL_WORDS = ("合计", "总计")

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


def padded(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def numbered_rows(path: Path, memo: DiskMemo) -> list[tuple[int, list[str]]]:
    """The non-blank rows with the line (CSV) or row (XLSX) each starts on, cells as written.
    CSV: UTF-8 with or without BOM, or GB18030. XLSX: the first sheet, kept in `memo` for the
    file's bytes, as openpyxl reads a workbook slowly."""
    if path.suffix.lower() == ".xlsx":
        read = memo.result(["rows", version("openpyxl"), file_hash(path)], lambda: json.dumps(_sheet_rows(path)).encode())
        rows = [(number, cells) for number, cells in json.loads(read)]
    else:
        text = decode_source(path.read_bytes()).text
        reader = csv.reader(io.StringIO(text))
        rows, start = [], 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1  # a quoted cell may span lines
    return [(n, r) for n, r in rows if any(c.strip() for c in r)]


_NOT_A_WORKBOOK = "这不是完整的 XLSX 文件（可能没有复制完整、是把旧的 .xls 改了扩展名，或者设了打开密码）"


def _sheet_rows(path: Path) -> list[tuple[int, list[str]]]:
    import openpyxl  # only for villages that publish spreadsheets
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError) as exc:  # KeyError: a zip without a workbook's parts
        raise ValueError(_NOT_A_WORKBOOK) from exc
    rows = [
        (number, ["" if v is None else _cell_text(v) for v in row])
        for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
    ]
    book.close()
    return rows


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


def table_html(table: Table, caption: str, ident: str = "table", _=lambda text: text) -> Markup:
    """The table in a labelled scroll region: on a phone it slides sideways with its first column held."""
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
    hint = Markup.escape(_("表格较宽，左右滑动查看"))  # outside the f-string: extraction finds it
    return Markup(
        f'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{ident}">'
        f'<p class="table-hint" aria-hidden="true">{hint}</p>'
        f'<table class="data"><caption id="{ident}">{Markup.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def read_checked(path: Path, name: str, settings) -> tuple[Table, list[list[str]]] | None:
    """The table (personal numbers masked) and the published copy's rows, or None when unreadable.

    Every problem goes to the build's report, with the attachment's own path and row.
    """
    report = report_of(settings)
    where = str(path)
    try:
        numbered = numbered_rows(path, DiskMemo(settings, "tables"))
        rows = padded([cells for _, cells in numbered])
    except (UndecodableFile, OSError, ValueError, KeyError, csv.Error) as exc:
        report.error(where, getattr(exc, "line", None), f"表格读不出来：{str(exc).rstrip('。')}。请用 Excel 或 WPS 另存为 CSV（UTF-8）或 XLSX。")
        return None
    if len(rows) < 2:
        report.error(where, None, "表格是空的或只有表头。第一行写表头，下面每行一条记录。")
        return None
    masked = [[privacy.guard(cell, where, settings, number) for cell in row] for number, row in enumerate(rows, 1)]
    header, body = masked[0], masked[1:]
    numeric = [is_amount_column(header[i], [r[i] for r in body]) for i in range(len(header))]
    table = Table(name, header, body, numeric)
    # XLSX cells cannot split; a CSV row that did would make any 合计 check point at the wrong row.
    widths = width_problems(numbered) if path.suffix.lower() == ".csv" else []
    for level, row_number, message in widths:
        report.add(level, where, row_number, message)
    if not any(level == ERROR for level, _, _ in widths):
        for row_number, message in check_totals(table):
            report.error(where, row_number, message)
    return table, masked


def _workbook(rows: list[list[str]]) -> bytes:
    import openpyxl  # only for villages that publish spreadsheets

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([amount_of(c) if amount_of(c) is not None and len(c) < 15 else c for c in row])
    saved = io.BytesIO()
    book.save(saved)
    return _without_save_time(saved.getvalue())


_SAVE_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _without_save_time(xlsx: bytes) -> bytes:
    """The same rows always make the same file. openpyxl writes the moment of saving into the
    workbook's properties and into every zip entry, so the published copy, the size shown beside
    its link and every page showing that size changed from one build to the next."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _SAVE_TIMES.sub(b"", data)
            copy.writestr(zipfile.ZipInfo(entry.filename, date_time=_ZIP_EPOCH), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_masked(rows: list[list[str]], target: Path, memo: DiskMemo | None = None) -> None:
    """The published copy of a table, in the attachment's own format; a workbook made by an earlier
    build from the same rows is taken from `memo`."""
    if target.suffix.lower() == ".xlsx":
        made = memo.result(["workbook", version("openpyxl"), rows], lambda: _workbook(rows)) if memo else _workbook(rows)
        target.write_bytes(made)
    else:
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
