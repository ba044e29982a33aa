"""A disclosure item (公开事项) and its attachments, as the 公开栏's pages show them.

Each item gets a 索引号 (index number) that depends only on the item itself — prefix, type,
publication date and a short hash of its file name — so adding, removing or back-dating other
items never changes it; `索引号:` in the file pins one by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from village.content import FeedCategory, FeedEntry, VillageContent
from village.gongkai.periods import Period
from village.gongkai.records import Record
from village.gongkai.review import Review
from village.gongkai.tables import TABLE_FILES, Table, write_masked
from village.i18n import N_, Day, Message
from village.photos.metadata import PHOTO_EXTENSIONS, strip_metadata
from village.source import slugs
from village.source.dates import chinese_date
from village.source.memo import DiskMemo

DISCLOSURE_DIR = "disclosures"
URL = "gongkai/"
FILES_URL = f"{URL}files/"
TYPES = {N_("党务"): "dangwu", N_("村务"): "cunwu", N_("财务"): "caiwu"}
TYPE_CODES = {"党务": "DW", "村务": "CW", "财务": "CZ"}
CADENCES = {"monthly": N_("每月"), "quarterly": N_("每季度"), "yearly": N_("每年"), "event": N_("随时")}  # event: not in the calendar
DEFAULT_SUBJECTS = {
    N_("财务收支"): ("财务", "monthly"), N_("集体资产资源"): ("村务", "quarterly"), N_("惠农补贴"): ("村务", "quarterly"),
    N_("公益事业"): ("村务", "quarterly"), N_("社会救助"): ("村务", "quarterly"), N_("发展党员"): ("党务", "quarterly"),
    N_("党费收缴"): ("党务", "quarterly"), N_("民主评议"): ("党务", "yearly"), N_("重大事项"): ("村务", "event"),
}
ATTACHMENT_FILES = TABLE_FILES | {".pdf", ".jpg", ".jpeg", ".png", ".webp", ".doc", ".docx", ".xls"}


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
        # Always KB (villagers compare downloads in KB/MB, never in bytes); small files keep one decimal.
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        kb = self.size / 1024
        return f"{kb:.0f} KB" if kb >= 10 else f"{max(kb, 0.1):.1f} KB"


@dataclass
class Item(VillageContent):
    type_name = "公开事项"
    template = "disclosure_item"

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
    channels: Any = None  # channels/generator.py: 广播稿, recording, share picture
    audio_ref: tuple | None = field(default=None, compare=False)  # (written, path, line) of 音频; shown through channels
    review: Review | None = None  # 审核: who signed a finance item, and when
    record: Record = field(default_factory=Record)  # 主题分类, 成文日期, 文号…
    interpretation: tuple[str, str] | None = None  # 政策解读 as (title, url), once found
    backfill: str = ""  # 补录: why it was posted late
    change_note: str = ""  # 修改说明: why its 发布日期 changed after publication
    honesty: object = None  # inspection.history.Honesty: 补录于, 修改记录 from git

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
        return Message("%(month)s月%(day)s日至%(end)s", month=self.date.month, day=self.date.day, end=Day(self.notice_end))

    def feed_entry(self) -> FeedEntry:
        return FeedEntry(
            source=self, title=self.title, url=self.url, date=self.date, summary=Markup.escape(self.summary or self.title),
            category=FeedCategory(f"{self.kind}公开", TYPES[self.kind], self.type_url), body=self.feed_html,
            authors=[self.publisher] if self.publisher else [],  # 发布机构
        )

    def feed_html(self, siteurl: str) -> str:
        meta = (
            f"<p>索引号：{self.index_number}；事项：{self.subject}；期间：{self.period.label}；"
            f"发布机构：{Markup.escape(self.publisher)}；公示期：{self.notice_label}。</p>"
        )
        return meta + str(self.content)


def index_number(prefix: str, kind: str, date: dt.date, source_name: str) -> str:
    """Depends only on this item, so it never changes when other items come and go."""
    short = hashlib.sha1(source_name.encode()).hexdigest()[:3].upper()
    return f"{prefix}-{TYPE_CODES[kind]}-{date:%Y%m%d}-{short}"


def subjects_of(settings) -> dict[str, tuple[str, str]]:
    configured = settings["VILLAGE"].get("disclosure_subjects") or {}
    return {name: (spec["type"], spec["cadence"]) for name, spec in configured.items()} or dict(DEFAULT_SUBJECTS)


def write_attachment(attachment: Attachment, target: Path, memo: DiskMemo) -> None:
    """The published copy: tables with every personal number masked, other files as they are."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if attachment.masked is None:
        shutil.copyfile(attachment.path, target)
        if target.suffix.lower() in PHOTO_EXTENSIONS:
            strip_metadata(target)  # now, so the size shown next to the link is the published one
    else:
        write_masked(attachment.masked, target, memo)


def has_disclosures(settings) -> bool:
    folder = Path(settings.get("PATH", "content")) / DISCLOSURE_DIR
    return folder.is_dir() and any(folder.rglob("*.md"))
