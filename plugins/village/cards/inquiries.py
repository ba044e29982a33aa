"""质询回音卡: one villager's inquiry per file (content/cards/质询/*.md), what was done and how it ended.

Rules the reader enforces: an inquiry settled (已办结) says what was done and when it was answered;
one deferred (暂缓办理), or still being handled after `inquiry_days`, states the objective reason.
Inquirers are shown as 张某 unless the card records their consent (同意公开: 是).
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from village.cards.chart import MonthStats
from village.cards.common import NAME, MonthPage, audio_ref, has_markdown, translation_marking
from village.cards.monthly import MonthlyCard
from village.cards.render import MarkdownRenderer, mask_names
from village.content import FeedCategory, FeedEntry, VillageContent
from village.i18n import Message
from village.source import cardfile, dates, frontmatter, keys, privacy, slugs, text, translation
from village.source.dates import chinese_date
from village.source.encoding import read_source
from village.source.names import masked_name
from village.source.translation import Marking
from village.state import report_of

INQUIRY_DIR = "质询"
INQUIRIES_URL = "cards/inquiries/"
STATUSES = ("已办结", "办理中", "暂缓办理")
DEFAULT_INQUIRY_DAYS = 30
INQUIRY_TEXTS = {"质询内容": "content", "办理措施": "measures", "客观原因": "reason"}  # a line or a ## section
YES = {"是", "同意", "yes", "y", "true"}
NO = {"否", "不同意", "no", "n", "false", ""}
_GROUP_SUFFIX = re.compile(r"等\s*(?:\d+|[一二两三四五六七八九十百]+)?\s*(?:人|户|名|位)?.*$")


def inquiry_days(settings) -> int:
    return int(settings.get("VILLAGE", {}).get("inquiry_days", DEFAULT_INQUIRY_DAYS))


def has_inquiries(settings) -> bool:
    return has_markdown(settings, INQUIRY_DIR)


@dataclass
class Inquiry(VillageContent):
    type_name = "质询回音卡"
    template = "card_inquiry"

    title: str
    received: dt.datetime
    inquirer: str  # as published: 张某, or the full name with consent
    consented: bool
    status: str
    source_path: str
    slug: str
    content: Markup = Markup("")
    measures: Markup = Markup("")
    reason: Markup = Markup("")
    answered: dt.datetime | None = None
    handler: str = ""
    summary: str = ""
    days_open: int = 0  # days from receiving to today, for one still being handled
    channels: Any = None  # channels/generator.py: 广播稿, share picture
    audio_ref: tuple | None = field(default=None, compare=False)  # (written, path, line) of 音频; shown through channels
    marking: Marking | None = field(default=None, compare=False)  # a translation's 语言/原文 (editions/)
    sample_translation: bool = False  # in an edition: 示例译文, said on the page
    address: str = ""  # in an edition: its original's address, which a translation takes

    @property
    def month(self) -> str:
        return f"{self.received:%Y-%m}"

    @property
    def date(self) -> dt.datetime:
        return self.received

    def feed_entry(self) -> FeedEntry:
        return FeedEntry(
            source=self, title=f"{self.title}（{self.status}）", url=self.url, date=self.received,
            summary=html.escape(self.summary or self.title), category=FeedCategory("质询回音卡", "inquiries", INQUIRIES_URL),
            body=self.feed_html, authors=[self.handler] if self.handler else [],  # 经办人, as published
            modified=self.modified,
        )

    def feed_html(self, siteurl: str) -> str:
        rows = [("收到日期", html.escape(self.received_label)), ("质询人", html.escape(self.inquirer)), ("质询内容", self.content)]
        if self.measures:
            rows.append(("办理措施", self.measures))
        rows.append(("办理状态", html.escape(self.status)))
        if self.answered:
            rows.append(("答复日期", html.escape(self.answered_label)))
        if self.reason:
            rows.append(("客观原因", self.reason))
        return "<dl>" + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows) + "</dl>"

    @property
    def url(self) -> str:
        return self.address or f"{INQUIRIES_URL}{self.month}/{self.slug}/"

    def take_address(self, url: str) -> None:
        """In an edition: a translation is published at its original's address."""
        self.address = url

    @property
    def days_to_answer(self) -> int | None:
        return (self.answered.date() - self.received.date()).days if self.answered else None

    @property
    def received_label(self) -> str:
        return chinese_date(self.received)

    @property
    def answered_label(self) -> str:
        return chinese_date(self.answered) if self.answered else ""

    @property
    def modified(self) -> dt.datetime:
        return self.answered or self.received

    @property
    def status_class(self) -> str:
        return {"已办结": "done", "办理中": "doing", "暂缓办理": "deferred"}[self.status]

    @property
    def open_label(self) -> str:
        """How long a card still being handled has been open, shown next to its status."""
        return Message("已 %(days)s 天", days=self.days_open) if self.days_open and self.status == "办理中" else ""


@dataclass
class InquiryMonth(MonthPage):
    key: str
    inquiries: list[Inquiry]
    stats: MonthStats
    monthly: MonthlyCard | None = None

    base_url = INQUIRIES_URL

    @property
    def year(self) -> int:
        return int(self.key[:4])


@dataclass
class InquiryYear:
    year: int
    months: list[tuple[str, MonthStats]]  # every month of the year, 01 … 12, with its counts
    total: MonthStats
    chart: Markup
    rows: list[tuple[str, str, MonthStats]] = field(default_factory=list)  # the table under the chart

    @property
    def url(self) -> str:
        return f"{INQUIRIES_URL}{self.year}/"


def read_inquiry(path: Path, settings, renderer: MarkdownRenderer, now: dt.date) -> Inquiry | None:
    source = read_source(path, report_of(settings))
    if source is None:
        return None
    return _InquiryReader(path, source, settings, renderer, now).read()


def _inquirers(written: str) -> tuple[list[str], str]:
    """The names in a 质询人 field ('张桂兰、李大山等 5 户') and what follows them."""
    rest_match = _GROUP_SUFFIX.search(written)
    rest = rest_match.group(0) if rest_match else ""
    names = [n.strip() for n in re.split(r"[、，,；;]", written[: len(written) - len(rest)]) if n.strip()]
    return names, rest


class _InquiryReader:
    """Reads one inquiry file in named steps, reporting every mistake with its line."""

    def __init__(self, path: Path, source: str, settings, renderer: MarkdownRenderer, now: dt.date):
        self.path = path
        self.shown = str(path)
        self.source = source
        self.settings = settings
        self.renderer = renderer
        self.now = now
        self.report = report_of(settings)
        self.parsed = cardfile.parse(source, keys.INQUIRY)
        for level, line, message in self.parsed.problems:
            self.report.add(level, self.shown, line, message)

    def error(self, line: int | None, message: str) -> None:
        self.report.error(self.shown, line, message)

    def read(self) -> Inquiry | None:
        """An inquiry, or its translation (语言/原文: its marking is kept)."""
        parsed = self.parsed
        marking = translation_marking(parsed, self.settings, self.shown, list(INQUIRY_TEXTS))
        if translation.is_marked(parsed) and marking is None:
            return None  # its 语言/原文 lines are wrong (reported): neither an inquiry nor a translation
        received = self._date("received", "收到日期")
        if "received" not in parsed.fields or not parsed.value("received"):
            self.error(parsed.line("received") or 1, "缺少收到日期。请加一行“收到日期: 2026-03-05”（收到质询的那一天）。")
        answered = self._date("answered", "答复日期")
        inquirer, hidden, consented = self._inquirer()
        texts = self._texts(hidden)
        status = self._status()
        days_open = self._check_handling(status, texts, received)
        if received and answered and answered.date() < received.date():
            self.error(parsed.line("answered"), f"答复日期 {answered:%Y-%m-%d} 比收到日期 {received:%Y-%m-%d} 还早。请检查这两个日期。")
            answered = None
        draft = "publish" in parsed.fields and frontmatter.status_is_draft(parsed.value("publish"), parsed.line("publish"), self.error)
        if received is None or "content" not in texts or status not in STATUSES or draft:
            return None
        title_source = parsed.value("title") or text.title_from_text(text.plain_text(texts["content"]), self.settings["VILLAGE"].get("title_length", 20))
        title_line = parsed.line("title") or 1
        title = mask_names(privacy.guard(title_source, self.shown, self.settings, title_line), hidden, self.source, self.shown, title_line, self.report)
        stem = self.path.stem
        return Inquiry(
            title=title, received=received, inquirer=inquirer, consented=consented, status=status, source_path=self.shown,
            slug=stem if slugs.VALID_SLUG.match(stem) else (slugs.slugify(stem) or "inquiry"),
            content=texts["content"], measures=texts.get("measures", Markup("")), reason=texts.get("reason", Markup("")),
            answered=answered, handler=mask_names(parsed.value("handler"), hidden, self.source, self.shown, 1, self.report),
            summary=text.summarize(text.plain_text(texts["content"]), self.settings["VILLAGE"].get("summary_length", 80)),
            days_open=days_open if status == "办理中" else 0, audio_ref=audio_ref(parsed, self.path), marking=marking,
        )

    def _date(self, key: str, label: str) -> dt.datetime | None:
        """A date field, or None when it is missing, unreadable or still in the future."""
        written = self.parsed.value(key)
        if not written:
            return None
        try:
            value = dates.parse_date(written, self.settings.get("TIMEZONE", "Asia/Shanghai"))
        except dates.BadDate as exc:
            self.error(self.parsed.line(key), str(exc))
            return None
        if value.date() > self.now:
            self.error(self.parsed.line(key), f"{label}“{written}”还没到（今天是 {self.now.isoformat()}）。请检查年份、月份和日子。")
            return None
        return value

    def _inquirer(self) -> tuple[str, dict[str, str], bool]:
        """The inquirers as published, the full names to hide (-> 张某), and whether they consented."""
        parsed = self.parsed
        written = parsed.value("inquirer")
        names, rest = _inquirers(written)
        if not written:
            self.error(parsed.line("inquirer") or 1, "缺少质询人。请加一行“质询人: 张桂兰”。网站上只显示“张某”，本人同意公开时再加一行“同意公开: 是”。")
        elif not names or any(not NAME.match(n) for n in names):
            self.error(
                parsed.line("inquirer"),
                f"质询人“{written}”请只写姓名，几个人用顿号隔开，例如“张桂兰、李大山”；人多时写“张桂兰等 12 户”。",
            )
        consent_word = parsed.value("consent").strip().lower()
        consented = consent_word in YES
        if consent_word not in YES | NO:
            self.error(parsed.line("consent"), f"同意公开只能写“是”或“否”，现在写的是“{parsed.value('consent')}”。不写就是不公开姓名（显示为“张某”）。")
        hidden = {} if consented else {n: masked_name(n) for n in names if NAME.match(n)}
        shown_people = "、".join(n if consented else masked_name(n) for n in names) + rest
        return shown_people, hidden, consented

    def _texts(self, hidden: dict[str, str]) -> dict[str, Markup]:
        """质询内容, 办理措施 and 客观原因, each written on one line or under its ## heading."""
        parsed = self.parsed
        texts: dict[str, Markup] = {}
        for label, key in INQUIRY_TEXTS.items():
            section = next((s for s in parsed.sections if s.title == label), None)
            if section is not None and key in parsed.fields:
                self.error(section.line, f"“{label}”写了两次：第 {parsed.line(key)} 行和这里的“## {label}”。请只留一处。")
            if section is not None and section.text.strip():
                texts[key] = self.renderer.render(section.text, self.shown, section.first_line, hidden)
            elif parsed.value(key):
                texts[key] = self.renderer.render(parsed.value(key), self.shown, parsed.line(key), hidden)
            elif section is not None:
                self.error(section.line, f"“## {label}”下面没有内容。请写上{label}，或删掉这个小标题。")
        for section in parsed.sections:
            if section.title not in INQUIRY_TEXTS:
                guess = difflib.get_close_matches(section.title, list(INQUIRY_TEXTS), n=1, cutoff=0.4)
                hint = f"是不是想写“{guess[0]}”？" if guess else ""
                self.report.warning(self.shown, section.line, f"小标题“{section.written}”不认识，这一段不会发布。{hint}可以写的小标题：{'、'.join(INQUIRY_TEXTS)}。")
        if parsed.intro:
            self.report.warning(self.shown, parsed.intro.line, "文件头下面的这段文字不在任何小标题下，不会发布。请放到“## 质询内容”或“## 办理措施”下面。")
        if "content" not in texts:
            self.error(1, "缺少质询内容。请加一段：\n## 质询内容\n村民问的是什么事（照原意写清楚）。")
        return texts

    def _status(self) -> str:
        """办理状态 as written; a missing or unknown one is reported."""
        status = self.parsed.value("status")
        allowed = "、".join(STATUSES)
        if not status:
            self.error(self.parsed.line("status") or 1, f"缺少办理状态。请加一行“办理状态: 已办结”，可以写：{allowed}。")
        elif status not in STATUSES:
            guess = difflib.get_close_matches(status, STATUSES, n=1, cutoff=0.3)
            hint = f"是不是“{guess[0]}”？" if guess else ""
            keep = "不想发布这张卡，请另加一行“状态: 草稿”。" if status.lower() in frontmatter.DRAFT_WORDS else ""
            self.error(self.parsed.line("status"), f"办理状态“{status}”不认识。{hint}办理状态只能写：{allowed}。{keep}")
        return status

    def _check_handling(self, status: str, texts: dict[str, Markup], received: dt.datetime | None) -> int:
        """What each 办理状态 requires; returns the days the inquiry has been open."""
        parsed = self.parsed
        if status == "已办结":
            if "answered" not in parsed.fields:
                self.error(parsed.line("status"), "办理状态是“已办结”，但没有写答复日期。请加一行“答复日期: 2026-03-12”（把办理结果答复质询人的那一天）。")
            if "measures" not in texts:
                self.error(parsed.line("status"), "办理状态是“已办结”，但没有写办理措施。请加一段：\n## 办理措施\n村里做了什么、结果怎样。")
        if status == "暂缓办理" and "reason" not in texts:
            self.error(parsed.line("status"), "办理状态是“暂缓办理”，必须写明客观原因。请加一段：\n## 客观原因\n为什么现在办不了、要等什么、大约什么时候能办。")
        days_open = (self.now - received.date()).days if received else 0
        limit = inquiry_days(self.settings)
        if status == "办理中" and received and days_open > limit and "reason" not in texts:
            self.error(
                parsed.line("status"),
                f"这件质询 {received:%Y-%m-%d} 收到，已经 {days_open} 天还是“办理中”，超过了 {limit} 天（village.yml 里的 inquiry_days）。"
                "请写明客观原因（加一段“## 客观原因”），或者办完后把办理状态改成“已办结”并写上答复日期。",
            )
        return days_open
