"""村情明白卡: one card a month (content/cards/明白卡/2026-03.md) with its four sections."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from village.cards.common import MonthPage, audio_ref, has_markdown, month_label, translation_marking
from village.cards.render import MarkdownRenderer
from village.content import FeedCategory, FeedEntry, VillageContent
from village.i18n import N_, Message
from village.source import cardfile, dates, frontmatter, keys, privacy, text, translation
from village.source.dates import chinese_date
from village.source.encoding import read_source
from village.source.translation import Marking
from village.state import report_of

MONTHLY_DIR = "明白卡"
MONTHLY_URL = "cards/monthly/"
MONTHLY_SECTIONS = (N_("中心工作"), N_("主要议程"), N_("项目建设"), N_("文化活动"))
_MONTH_FILE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")


@dataclass
class MonthlySection:
    name: str
    html: Markup
    extra: bool = False  # not one of the four sections: shown after them


@dataclass
class MonthlyCard(MonthPage, VillageContent):
    type_name = "村情明白卡"
    template = "card_monthly"

    key: str  # 2026-03
    title: str
    date: dt.datetime
    editor: str
    source_path: str
    intro: Markup = Markup("")
    sections: list[MonthlySection] = field(default_factory=list)
    summary: str = ""
    inquiries: list = field(default_factory=list)  # that month's 质询回音卡
    channels: Any = None  # channels/generator.py: 广播稿, share picture
    audio_ref: tuple | None = field(default=None, compare=False)  # (written, path, line) of 音频; shown through channels
    marking: Marking | None = field(default=None, compare=False)  # a translation's 语言/原文 (editions/)
    sample_translation: bool = False  # in an edition: 示例译文, said on the page

    base_url = MONTHLY_URL

    @property
    def slug(self) -> str:
        """What a translation's 原文 names: the month."""
        return self.key

    def take_address(self, url: str) -> None:
        """In an edition: a translation is its original's month (cards/monthly/2026-03/)."""
        self.key = url.rstrip("/").rsplit("/", 1)[-1]

    @property
    def locale_date(self) -> str:
        return chinese_date(self.date)

    def feed_entry(self) -> FeedEntry:
        """As the 村村响 podcast lists a card whose broadcast was recorded."""
        return FeedEntry(
            source=self, title=self.title, url=self.url, date=self.date, summary=html.escape(self.summary or self.title),
            category=FeedCategory("村情明白卡", "monthly", MONTHLY_URL), body=self.feed_html,
            authors=[self.editor] if self.editor else [],
        )

    def feed_html(self, siteurl: str) -> str:
        return self.intro + "".join(f"<h2>{html.escape(section.name)}</h2>{section.html}" for section in self.sections)


def has_monthly(settings) -> bool:
    return has_markdown(settings, MONTHLY_DIR)


def read_monthly(path: Path, settings, renderer: MarkdownRenderer) -> MonthlyCard | None:
    """A card, or its translation (语言/原文, named like 2026-03.ug.md: its marking is kept)."""
    report = report_of(settings)
    shown = str(path)
    source = read_source(path, report)
    if source is None:
        return None
    parsed = cardfile.parse(source, keys.MONTHLY)
    for level, line, message in parsed.problems:
        report.add(level, shown, line, message)
    marking = translation_marking(parsed, settings, shown, MONTHLY_SECTIONS)
    if translation.is_marked(parsed) and marking is None:
        return None  # its 语言/原文 lines are wrong (reported): neither a card nor a translation
    key = _month_key(path, report, marking)
    if key is None:
        return None
    date = _card_date(parsed, key, settings, shown)
    draft = frontmatter.is_draft(parsed, lambda line, message: report.error(shown, line, message))
    card = MonthlyCard(
        key=key,
        title=privacy.guard(parsed.value("title"), shown, settings, parsed.line("title") or 1)
        or Message("%(name)s村情明白卡（%(month)s）", name=settings["VILLAGE"]["name"], month=month_label(key)),
        date=date, editor=parsed.value("editor"), source_path=shown, audio_ref=audio_ref(parsed, path), marking=marking,
    )
    if parsed.intro:
        card.intro = renderer.render(parsed.intro.text, shown, parsed.intro.first_line)
    found, extras = _sort_sections(parsed, shown, report, max(len(source.splitlines()), 1))
    for name in MONTHLY_SECTIONS:
        if name in found:
            section = found[name]
            card.sections.append(MonthlySection(name, renderer.render(section.text, shown, section.first_line)))
    for section in extras:
        card.sections.append(MonthlySection(section.written, renderer.render(section.text, shown, section.first_line), extra=True))
    if card.sections:
        card.summary = text.summarize(text.plain_text(card.sections[0].html), settings["VILLAGE"].get("summary_length", 80))
    return None if draft else card  # a draft is checked like any card, but never published


def _month_key(path: Path, report, marking=None) -> str | None:
    """2026-03 from the file name 2026-3.md or 2026-03.md (a translation's: 2026-03.ug.md)."""
    stem = path.stem
    if marking is not None and stem.endswith(f".{marking.language}"):
        stem = stem[: -len(marking.language) - 1]
    match = _MONTH_FILE.match(stem)
    if not match or not 1 <= int(match.group("m")) <= 12:
        if marking is not None:
            report.error(str(path), None, f"明白卡译文的文件名要写成“年-月.语种.md”，例如 {marking.original}.{marking.language}.md，"
                                          f"现在是“{path.name}”。请改文件名。")
        else:
            report.error(str(path), None, f"明白卡的文件名要写成“年-月”，例如 2026-03.md，现在是“{path.name}”。一个月一个文件。")
        return None
    return f"{match.group('y')}-{int(match.group('m')):02d}"


def _card_date(parsed: cardfile.CardFile, key: str, settings, shown: str) -> dt.datetime:
    """The 日期 written on the card, or the first of its month."""
    timezone = settings.get("TIMEZONE", "Asia/Shanghai")
    date = dt.datetime(int(key[:4]), int(key[5:]), 1, tzinfo=ZoneInfo(timezone))
    if "date" in parsed.fields:
        try:
            date = dates.parse_date(parsed.value("date"), timezone)
        except dates.BadDate as exc:
            report_of(settings).error(shown, parsed.line("date"), str(exc))
    return date


def _sort_sections(parsed: cardfile.CardFile, shown: str, report, last_line: int) -> tuple[dict[str, cardfile.Section], list[cardfile.Section]]:
    """The four sections by name and any other sections, reporting repeated, empty and missing ones
    (a missing one at the line where it belongs)."""
    found: dict[str, cardfile.Section] = {}
    extras: list[cardfile.Section] = []
    for section in parsed.sections:
        if section.title in found:
            report.error(shown, section.line, f"“{section.title}”写了两次（第 {found[section.title].line} 行已经有了）。请把两段合成一段。")
            continue
        if section.title in MONTHLY_SECTIONS:
            found[section.title] = section
            if not section.text.strip():
                report.error(shown, section.line, f"“{section.title}”下面没有内容。请写上本月的{section.title}；这个月没有就写“本月无”。")
        else:
            guess = difflib.get_close_matches(section.title, MONTHLY_SECTIONS, n=1, cutoff=0.4)
            hint = f"是不是想写“{guess[0]}”？" if guess else ""
            report.warning(
                shown, section.line,
                f"小标题“{section.written}”不是明白卡的四个部分之一。{hint}明白卡的四个部分是：{'、'.join(MONTHLY_SECTIONS)}；这一段会排在四个部分后面。",
            )
            extras.append(section)
    for index, name in enumerate(MONTHLY_SECTIONS):
        if name in found:
            continue
        # where it belongs: before the next of the four that is there, else at the end of the file
        later = next((found[n] for n in MONTHLY_SECTIONS[index + 1:] if n in found), None)
        line, where = (later.line, f"在“## {later.written}”这一行前面") if later else (last_line, "在文件末尾")
        report.error(shown, line, f"明白卡缺少“{name}”。请{where}加一行“## {name}”，下面写本月的{name}；这个月没有就写“本月无”。")
    return found, extras
