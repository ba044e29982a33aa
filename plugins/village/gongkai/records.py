"""The record fields a government disclosure page carries besides the basic ones (政府信息公开
目录): 主题分类, 成文日期, 文号, 有效性, 公开形式, 公开责任部门 and a 政策解读 link. All optional;
each is checked when written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from village.i18n import N_, Day
from village.source.dates import parse_date

VALIDITY = ("有效", "失效", "废止")
FORMS = ("主动公开", "依申请公开")
# 青村发〔2026〕3号: the year in 六角括号 〔〕; [] () 【】 are the usual slips of an input method.
_DOC_NUMBER = re.compile(r"^\S+〔\d{4}〕\d+号$")
_DOC_NUMBER_SLIP = re.compile(r"^(\S+?)[\[(（【](\d{4})[\])）】](\d+)号?$")


@dataclass(frozen=True)
class Record:
    topic: str = ""  # 主题分类
    written: dt.date | None = None  # 成文日期
    doc_number: str = ""  # 文号
    validity: str = ""  # 有效性
    form: str = ""  # 公开形式
    department: str = ""  # 公开责任部门
    interpretation: str = ""  # 政策解读 as written: an address or a content file
    interpretation_line: int | None = None

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) of every field written, in the order government sites show them."""
        rows = [(N_("主题分类"), self.topic), (N_("成文日期"), Day(self.written) if self.written else ""), (N_("文号"), self.doc_number),
                (N_("有效性"), self.validity), (N_("公开形式"), self.form), (N_("公开责任部门"), self.department)]
        return [(label, value) for label, value in rows if value]


def read_record(fm, published: dt.date | None, timezone: str, error) -> Record:
    """The record fields of an item's header; `error(line, message)` for each bad one."""

    def value(key: str) -> str:
        return str(fm.value(key, "") or "").strip()

    written = None
    if value("written"):
        try:
            written = parse_date(value("written"), timezone).date()
        except ValueError as exc:
            error(fm.line("written"), f"成文日期“{value('written')}”有误：{exc}")
        if written and published and written > published:
            error(fm.line("written"), f"成文日期 {written:%Y-%m-%d} 晚于发布日期 {published:%Y-%m-%d}。文件要先成文才能公开，请改正其中一个日期。")
    number = value("doc_number")
    if number and not _DOC_NUMBER.match(number):
        slip = _DOC_NUMBER_SLIP.match(number)
        fix = f"“{slip.group(1)}〔{slip.group(2)}〕{slip.group(3)}号”" if slip else "“青村发〔2026〕3号”"
        error(fm.line("doc_number"), f"文号“{number}”写法不对：年份要用六角括号〔〕，最后写“号”。请写成{fix}。")
    validity = value("validity")
    if validity and validity not in VALIDITY:
        error(fm.line("validity"), f"有效性“{validity}”不认识。只能写：{'、'.join(VALIDITY)}。")
    form = value("form")
    if form and form not in FORMS:
        error(fm.line("form"), f"公开形式“{form}”不认识。只能写：{'、'.join(FORMS)}（村务公开一般写“主动公开”）。")
    return Record(value("topic"), written, number, validity, form, value("department"), value("interpretation"),
                  fm.line("interpretation"))
