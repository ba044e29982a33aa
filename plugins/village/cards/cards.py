"""The three cards of 一博三卡: 便民联系卡, 村情明白卡 and 质询回音卡, as web pages and printable cards.

    content/cards/联系卡.yml            the contact card: 姓名, 职务, 电话, 分工, 类别, 照片 per person
    content/cards/明白卡/2026-03.md     one monthly card per month: ## 中心工作 / 主要议程 / 项目建设 / 文化活动
    content/cards/质询/*.md             one inquiry per file: 收到日期, 质询人, 办理状态, … and ## 质询内容

Every mistake is reported with file, line and what to write instead, all at once. The cadres'
phones are read when the build starts (`on_initialized`), before any post is read, so the privacy
guard publishes them unmasked everywhere while villagers' numbers stay masked. Inquirers are shown
as 张某 unless the card records their consent (同意公开: 是).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import markdown
import yaml
from markupsafe import Markup
from pelican.generators import Generator

from village.cards.chart import MonthStats, month_stats, year_chart
from village.cards.vcard import vcard
from village.photos.images import SUPPORTED_SOURCES
from village.photos.markup import picture_html, process_photos
from village.source import cardfile, dates, frontmatter, privacy, sanitize, slugs, text, unused
from village.source.dates import chinese_date, today
from village.source.encoding import UndecodableFile, decode_source
from village.source.names import masked_name
from village.state import report_of, state_of

CARDS_DIR = "cards"
CONTACT_FILES = ("联系卡.yml", "联系卡.yaml", "contacts.yml", "contacts.yaml")
MONTHLY_DIR = "明白卡"
INQUIRY_DIR = "质询"
URL = "cards/"
CONTACTS_URL = "cards/contacts/"
CONTACTS_PRINT_URL = "cards/contacts/print/"
MONTHLY_URL = "cards/monthly/"
INQUIRIES_URL = "cards/inquiries/"
PRINT_URL = "cards/print/"

GROUPS = {"村两委": "村两委成员", "驻村": "驻村干部"}  # 类别 as written -> heading on the card
MAX_PEOPLE_A6 = 10  # more people than this do not fit an A6 card: the sheet prints A5 cards
MAX_PEOPLE = 20
MONTHLY_SECTIONS = ("中心工作", "主要议程", "项目建设", "文化活动")
STATUSES = ("已办结", "办理中", "暂缓办理")
DEFAULT_INQUIRY_DAYS = 30

CONTACT_KEYS = {
    "姓名": "name", "name": "name", "职务": "title", "title": "title", "电话": "phone", "phone": "phone",
    "分工": "duties", "duties": "duties", "类别": "group", "group": "group", "照片": "photo", "photo": "photo",
    "单位": "org", "org": "org",
}
CONTACT_FILE_KEYS = {"标题": "title", "title": "title", "说明": "note", "note": "note", "人员": "people", "people": "people"}
MONTHLY_KEYS = {
    "标题": "title", "title": "title", "日期": "date", "date": "date", "编辑": "editor", "editor": "editor",
    "状态": "status", "status": "status",
}
INQUIRY_KEYS = {
    "标题": "title", "title": "title",
    "收到日期": "received", "received": "received",
    "质询人": "inquirer", "inquirer": "inquirer",
    "同意公开": "consent", "consent": "consent",
    "质询内容": "content", "content": "content",
    "办理措施": "measures", "measures": "measures",
    "办理状态": "status", "status": "status",
    "答复日期": "answered", "answered": "answered",
    "客观原因": "reason", "reason": "reason",
    "经办人": "handler", "handler": "handler",
    "状态": "publish",  # 草稿/发布, as for posts; "status" in English is 办理状态
}
INQUIRY_TEXTS = {"质询内容": "content", "办理措施": "measures", "客观原因": "reason"}  # a line or a ## section
YES = {"是", "同意", "yes", "y", "true"}
NO = {"否", "不同意", "no", "n", "false", ""}
_NAME = re.compile(r"^[\u3400-\u9fff·]{2,12}$")
_GROUP_SUFFIX = re.compile(r"等\s*(?:\d+|[一二两三四五六七八九十百]+)?\s*(?:人|户|名|位)?.*$")
_MONTH_FILE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")


# -- helpers ---------------------------------------------------------------------------------


def inquiry_days(settings) -> int:
    return int(settings.get("VILLAGE", {}).get("inquiry_days", DEFAULT_INQUIRY_DAYS))


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{int(year)}年{int(month)}月"


class PhoneError(ValueError):
    pass


def check_phone(written: str) -> tuple[str, str]:
    """(shown, tel) of a mainland mobile or landline number, or PhoneError saying what is wrong."""
    plain = re.sub(r"[\s\-－—–()（）]", "", written)
    if plain.startswith("+86"):
        plain = plain[3:]
    elif plain.startswith("0086"):
        plain = plain[4:]
    if not plain.isdigit():
        raise PhoneError(f"电话“{written}”里有数字以外的字。只写号码，例如 139 0000 0001 或 0871-6512 3456。")
    if plain.startswith("1"):
        if len(plain) == 11 and plain[1] in "3456789":
            return f"{plain[:3]} {plain[3:7]} {plain[7:]}", plain
        if len(plain) != 11:
            raise PhoneError(
                f"电话“{written}”有 {len(plain)} 位数字，手机号应当是 11 位（例如 139 0000 0001）。请核对后重写。"
            )
        raise PhoneError(f"电话“{written}”不是大陆手机号：手机号以 13 至 19 开头（例如 139 0000 0001）。请核对后重写。")
    if plain.startswith("0") and len(plain) > 3 and plain[1] != "0":
        area = plain[:3] if plain[1] in "12" else plain[:4]
        local = plain[len(area):]
        if 7 <= len(local) <= 8:
            return f"{area}-{local}", plain
        raise PhoneError(
            f"电话“{written}”不是有效的座机号码：区号 {area} 后面应当是 7 或 8 位号码，现在是 {len(local)} 位。"
            "请写成“区号-号码”，例如 0871-6512 3456。"
        )
    raise PhoneError(
        f"电话“{written}”不是有效的大陆电话号码。手机号是 11 位、以 13 至 19 开头（例如 139 0000 0001）；"
        "座机要带区号（例如 0871-6512 3456）。"
    )


def _read_text(path: Path, report) -> str | None:
    try:
        decoded = decode_source(path.read_bytes())
    except UndecodableFile as exc:
        report.error(str(path), None, str(exc))
        return None
    if decoded.encoding == "gb18030":
        report.warning(str(path), None, "文件是 GBK/GB18030 编码，已经按中文编码读取。建议另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）。")
    return decoded.text


class MarkdownRenderer:
    """Card text through the site's Markdown settings, the sanitiser and the privacy guard."""

    def __init__(self, settings):
        options = dict(settings.get("MARKDOWN", {}))
        self._markdown = markdown.Markdown(
            extensions=[e for e in options.get("extensions", []) if e != "markdown.extensions.meta"],
            extension_configs=options.get("extension_configs", {}),
            output_format=options.get("output_format", "html5"),
        )
        self.settings = settings
        self.report = report_of(settings)

    def render(self, source: str, path: str, first_line: int, names: dict[str, str] | None = None) -> Markup:
        """`names` maps full names that must not be published (inquirers) to their masked form."""
        for line in sanitize.dangerous_lines(source, first_line):
            self.report.warning(path, line, "这一行的 HTML 代码含有脚本或事件，发布时会被删除。请用 Markdown 书写。")
        rendered = self._markdown.reset().convert(source)
        for level, line, message in sanitize.content_problems(rendered, source, first_line):
            self.report.add(level, path, line, message)
        body = sanitize.clean_html(rendered)
        body = privacy.guard_html(
            source, body, self.settings,
            lambda line, message: self.report.error(path, line, message),
            lambda line, message: self.report.warning(path, line, message),
            first_line,
        )
        return Markup(mask_names(body, names or {}, source, path, first_line, self.report))


def mask_names(value: str, names: dict[str, str], source: str, path: str, first_line: int, report) -> str:
    """Replace an inquirer's full name in published text, and say where it was written."""
    for full, masked in names.items():
        if full == masked or full not in value:
            continue
        line = next((first_line + i for i, t in enumerate(source.split("\n")) if full in t), first_line)
        report.warning(path, line, f"这里写了质询人的全名“{full}”，本人没有同意公开，发布时已改为“{masked}”。建议原文也改成“{masked}”。")
        value = value.replace(full, masked)
    return value


# -- 便民联系卡 --------------------------------------------------------------------------------


@dataclass
class Contact:
    name: str
    title: str
    phone: str  # as shown: 139 0000 0001
    tel: str  # digits, for tel: links and vCards
    group: str  # 驻村 or 村两委
    duties: str = ""
    org: str = ""
    slug: str = ""
    photo_path: str = ""
    picture: Markup = Markup("")
    line: int = 0

    @property
    def vcf_url(self) -> str:
        return f"{CONTACTS_URL}{self.slug}.vcf"


@dataclass
class ContactCard:
    source_path: str
    title: str
    note: str
    people: list[Contact] = field(default_factory=list)

    url = CONTACTS_URL
    print_url = CONTACTS_PRINT_URL
    all_vcf_url = f"{CONTACTS_URL}all.vcf"

    @property
    def groups(self) -> list[tuple[str, list[Contact]]]:
        return [(label, [p for p in self.people if p.group == key]) for key, label in GROUPS.items() if any(p.group == key for p in self.people)]

    @property
    def size(self) -> str:
        """The printed card: A6 (four on an A4 sheet) or, for a long list, A5 (two on a sheet)."""
        return "a6" if len(self.people) <= MAX_PEOPLE_A6 else "a5"

    @property
    def copies(self) -> range:
        return range(4 if self.size == "a6" else 2)


def _scalar(node) -> str:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""


def _fullwidth_colons(source: str) -> str:
    # Chinese input methods type "姓名：林晓禾"; YAML needs "姓名: 林晓禾".
    return re.sub(r"^(\s*(?:-\s+)?[^\s:：#\-][^:：\n]{0,19})：[ \t]*", r"\1: ", source, flags=re.M)


def has_inquiries(settings) -> bool:
    folder = Path(settings.get("PATH", "content")) / CARDS_DIR / INQUIRY_DIR
    return folder.is_dir() and any(p.suffix.lower() in (".md", ".markdown") for p in folder.rglob("*"))


def contacts_file(content: Path) -> Path | None:
    folder = content / CARDS_DIR
    return next((folder / name for name in CONTACT_FILES if (folder / name).is_file()), None)


def read_contacts(path: Path, settings) -> ContactCard | None:
    report = report_of(settings)
    shown = str(path)
    source = _read_text(path, report)
    if source is None:
        return None
    try:
        root = yaml.compose(_fullwidth_colons(source))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.error(
            shown, mark.line + 1 if mark is not None else None,
            "联系卡的写法有误。每人一段，第一行以“- ”开头，下面几行缩进两个空格，写成“键: 值”，冒号后面空一格；缩进只用空格，不用 Tab。",
        )
        return None
    card = ContactCard(shown, "", "")
    people_node = root
    if isinstance(root, yaml.MappingNode):
        people_node = None
        for key_node, value_node in root.value:
            key = CONTACT_FILE_KEYS.get(_scalar(key_node)) or CONTACT_FILE_KEYS.get(_scalar(key_node).lower())
            if key == "people":
                people_node = value_node
            elif key in ("title", "note"):
                setattr(card, key, privacy.guard(_scalar(value_node), shown, settings, key_node.start_mark.line + 1))
            else:
                report.warning(shown, key_node.start_mark.line + 1, f"不认识的设置“{_scalar(key_node)}”，会被忽略。联系卡文件里可以写：标题、说明、人员。")
    if not isinstance(people_node, yaml.SequenceNode) or not people_node.value:
        report.error(shown, 1, "联系卡里没有人员。请写“人员:”，下面每人一段：\n人员:\n  - 姓名: 林晓禾\n    职务: 村委委员\n    电话: 139 0000 0004\n    类别: 村两委")
        return card
    if len(people_node.value) > MAX_PEOPLE:
        report.error(shown, people_node.start_mark.line + 1, f"联系卡上有 {len(people_node.value)} 人，一张卡片最多印 {MAX_PEOPLE} 人。请只留驻村干部和村两委成员，其他人的电话写在“联系我们”页面里。")
    seen_slugs: set[str] = set()
    seen_phones: dict[str, str] = {}
    for item in people_node.value:
        person = _read_person(item, path, settings)
        if person is None:
            continue
        base = slugs.slugify(person.name) or "contact"
        person.slug = base
        number = 2
        while person.slug in seen_slugs:
            person.slug = f"{base}-{number}"
            number += 1
        seen_slugs.add(person.slug)
        if person.tel in seen_phones:
            report.warning(shown, person.line, f"{person.name}和{seen_phones[person.tel]}的电话一样（{person.phone}）。请核对是不是抄错了。")
        seen_phones.setdefault(person.tel, person.name)
        card.people.append(person)
    card.title = card.title or f"{settings['VILLAGE']['name']}便民联系卡"
    return card


def _read_person(node, path: Path, settings) -> Contact | None:
    report = report_of(settings)
    shown = str(path)
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        report.error(shown, line, "这一项不是一个人的信息。每人写成几行“键: 值”：姓名、职务、电话、类别，可以加分工、照片。")
        return None
    values: dict[str, tuple[str, int]] = {}
    for key_node, value_node in node.value:
        written = _scalar(key_node)
        key = CONTACT_KEYS.get(written) or CONTACT_KEYS.get(written.lower())
        key_line = key_node.start_mark.line + 1
        if key is None:
            chinese = [k for k in CONTACT_KEYS if not k.isascii()]
            guess = difflib.get_close_matches(written, chinese, n=1, cutoff=0.5)
            hint = f"是不是想写“{guess[0]}”？" if guess else f"可以用的键有：{'、'.join(chinese)}。"
            report.error(shown, key_line, f"不认识的键“{written}”。{hint}")
            continue
        if key in values:
            report.error(shown, key_line, f"“{written}”写了两次（第 {values[key][1]} 行已经有了）。请删掉其中一行。")
            continue
        values[key] = (_scalar(value_node), key_line)
    name = values.get("name", ("", line))[0]
    who = name or "这个人"
    if not name:
        report.error(shown, line, "这个人没有写姓名。请加一行“姓名: 林晓禾”。")
    elif not _NAME.match(name):
        report.warning(shown, values["name"][1], f"姓名“{name}”里有汉字以外的字，请核对是不是只写了姓名。")
    title = values.get("title", ("", line))[0]
    if not title:
        report.error(shown, line, f"{who}没有写职务。请加一行“职务: 村委委员”（印在联系卡上）。")
    phone, tel = "", ""
    if "phone" not in values or not values["phone"][0]:
        report.error(shown, values.get("phone", ("", line))[1], f"{who}没有写电话。请加一行“电话: 139 0000 0001”（手机）或“电话: 0871-6512 3456”（座机）。")
    else:
        try:
            phone, tel = check_phone(values["phone"][0])
        except PhoneError as exc:
            report.error(shown, values["phone"][1], str(exc))
    allowed = "、".join(GROUPS)
    group, group_line = values.get("group", ("", line))
    if not group:
        report.error(shown, group_line, f"{who}没有写类别。请加一行“类别: 村两委”，类别只能写：{allowed}。")
    elif group not in GROUPS:
        guess = next((g for g in GROUPS if g in group), None) or next(iter(difflib.get_close_matches(group, list(GROUPS), n=1, cutoff=0.4)), None)
        hint = f"是不是“{guess}”？" if guess else ""
        report.error(shown, group_line, f"类别“{group}”不认识。{hint}类别只能写：{allowed}。")
    photo_path = ""
    if values.get("photo", ("", 0))[0]:
        written, photo_line = values["photo"]
        candidate = path.parent / written
        if not candidate.is_file():
            existing = sorted(p.name for p in path.parent.rglob("*") if p.suffix.lower() in SUPPORTED_SOURCES)
            guess = difflib.get_close_matches(Path(written).name, existing, n=1, cutoff=0.5)
            hint = f"是不是“{guess[0]}”？" if guess else ""
            report.error(shown, photo_line, f"照片“{written}”找不到。{hint}照片放在 content/{CARDS_DIR}/ 文件夹里（和联系卡文件在一起），这里写文件名（包括大小写和扩展名）。")
        elif candidate.suffix.lower() not in SUPPORTED_SOURCES:
            report.error(shown, photo_line, f"照片“{written}”不是支持的格式。请用 JPG、PNG、WebP 或 HEIC。")
        else:
            photo_path = str(candidate)
    if not (name and title and tel and group in GROUPS):
        return None
    duties = values.get("duties", ("", 0))
    return Contact(
        name=name, title=privacy.guard(title, shown, settings, values["title"][1]), phone=phone, tel=tel, group=group,
        duties=privacy.guard(duties[0], shown, settings, duties[1] or line),
        org=values.get("org", ("", 0))[0], photo_path=photo_path, line=line,
    )


# -- 村情明白卡 --------------------------------------------------------------------------------


@dataclass
class MonthlySection:
    name: str
    html: Markup
    extra: bool = False  # not one of the four sections: shown after them


@dataclass
class MonthlyCard:
    key: str  # 2026-03
    title: str
    date: dt.datetime
    editor: str
    source_path: str
    intro: Markup = Markup("")
    sections: list[MonthlySection] = field(default_factory=list)
    summary: str = ""
    inquiries: list = field(default_factory=list)  # that month's 质询回音卡

    @property
    def url(self) -> str:
        return f"{MONTHLY_URL}{self.key}/"

    @property
    def print_url(self) -> str:
        return f"{PRINT_URL}{self.key}/"

    @property
    def label(self) -> str:
        return month_label(self.key)

    @property
    def locale_date(self) -> str:
        return chinese_date(self.date)


def read_monthly(path: Path, settings, renderer: MarkdownRenderer) -> MonthlyCard | None:
    report = report_of(settings)
    shown = str(path)
    match = _MONTH_FILE.match(path.stem)
    if not match or not 1 <= int(match.group("m")) <= 12:
        report.error(shown, None, f"明白卡的文件名要写成“年-月”，例如 2026-03.md，现在是“{path.name}”。一个月一个文件。")
        return None
    key = f"{match.group('y')}-{int(match.group('m')):02d}"
    source = _read_text(path, report)
    if source is None:
        return None
    parsed = cardfile.parse(source, MONTHLY_KEYS)
    for level, line, message in parsed.problems:
        report.add(level, shown, line, message)
    timezone = settings.get("TIMEZONE", "Asia/Shanghai")
    date = dt.datetime(int(key[:4]), int(key[5:]), 1, tzinfo=ZoneInfo(timezone))
    if "date" in parsed.fields:
        try:
            date = dates.parse_date(parsed.value("date"), timezone)
        except dates.BadDate as exc:
            report.error(shown, parsed.line("date"), str(exc))
    draft = frontmatter.is_draft(parsed, lambda line, message: report.error(shown, line, message))
    card = MonthlyCard(
        key=key,
        title=privacy.guard(parsed.value("title"), shown, settings, parsed.line("title") or 1)
        or f"{settings['VILLAGE']['name']}村情明白卡（{month_label(key)}）",
        date=date, editor=parsed.value("editor"), source_path=shown,
    )
    if parsed.intro:
        card.intro = renderer.render(parsed.intro.text, shown, parsed.intro.first_line)
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
    for name in MONTHLY_SECTIONS:
        if name not in found:
            report.error(shown, None, f"明白卡缺少“{name}”。请加一行“## {name}”，下面写本月的{name}；这个月没有就写“本月无”。")
    for name in MONTHLY_SECTIONS:
        if name in found:
            section = found[name]
            card.sections.append(MonthlySection(name, renderer.render(section.text, shown, section.first_line)))
    for section in extras:
        card.sections.append(MonthlySection(section.written, renderer.render(section.text, shown, section.first_line), extra=True))
    if card.sections:
        card.summary = text.summarize(text.plain_text(card.sections[0].html), settings["VILLAGE"].get("summary_length", 80))
    return None if draft else card  # a draft is checked like any card, but never published


# -- 质询回音卡 --------------------------------------------------------------------------------


@dataclass
class Inquiry:
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

    @property
    def month(self) -> str:
        return f"{self.received:%Y-%m}"

    @property
    def url(self) -> str:
        return f"{INQUIRIES_URL}{self.month}/{self.slug}/"

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
        return f"已 {self.days_open} 天" if self.days_open and self.status == "办理中" else ""


def _inquirers(written: str) -> tuple[list[str], str]:
    """The names in a 质询人 field ('张桂兰、李大山等 5 户') and what follows them."""
    rest_match = _GROUP_SUFFIX.search(written)
    rest = rest_match.group(0) if rest_match else ""
    names = [n.strip() for n in re.split(r"[、，,；;]", written[: len(written) - len(rest)]) if n.strip()]
    return names, rest


def read_inquiry(path: Path, settings, renderer: MarkdownRenderer, now: dt.date) -> Inquiry | None:
    report = report_of(settings)
    shown = str(path)
    source = _read_text(path, report)
    if source is None:
        return None
    parsed = cardfile.parse(source, INQUIRY_KEYS)
    for level, line, message in parsed.problems:
        report.add(level, shown, line, message)
    timezone = settings.get("TIMEZONE", "Asia/Shanghai")

    def date_of(key: str, label: str) -> dt.datetime | None:
        if not parsed.value(key):
            return None
        try:
            value = dates.parse_date(parsed.value(key), timezone)
        except dates.BadDate as exc:
            report.error(shown, parsed.line(key), str(exc))
            return None
        if value.date() > now:
            report.error(shown, parsed.line(key), f"{label}“{parsed.value(key)}”还没到（今天是 {now.isoformat()}）。请检查年份、月份和日子。")
            return None
        return value

    received = date_of("received", "收到日期")
    if "received" not in parsed.fields or not parsed.value("received"):
        report.error(shown, parsed.line("received") or 1, "缺少收到日期。请加一行“收到日期: 2026-03-05”（收到质询的那一天）。")
    answered = date_of("answered", "答复日期")

    written_people = parsed.value("inquirer")
    names, rest = _inquirers(written_people)
    if not written_people:
        report.error(shown, parsed.line("inquirer") or 1, "缺少质询人。请加一行“质询人: 张桂兰”。网站上只显示“张某”，本人同意公开时再加一行“同意公开: 是”。")
    elif not names or any(not _NAME.match(n) for n in names):
        report.error(
            shown, parsed.line("inquirer"),
            f"质询人“{written_people}”请只写姓名，几个人用顿号隔开，例如“张桂兰、李大山”；人多时写“张桂兰等 12 户”。",
        )
    consent_word = parsed.value("consent").strip().lower()
    consented = consent_word in YES
    if consent_word not in YES | NO:
        report.error(shown, parsed.line("consent"), f"同意公开只能写“是”或“否”，现在写的是“{parsed.value('consent')}”。不写就是不公开姓名（显示为“张某”）。")
    hidden = {} if consented else {n: masked_name(n) for n in names if _NAME.match(n)}
    shown_people = "、".join(n if consented else masked_name(n) for n in names) + rest

    texts: dict[str, Markup] = {}
    plain: dict[str, str] = {}
    for label, key in INQUIRY_TEXTS.items():
        section = next((s for s in parsed.sections if s.title == label), None)
        if section is not None and key in parsed.fields:
            report.error(shown, section.line, f"“{label}”写了两次：第 {parsed.line(key)} 行和这里的“## {label}”。请只留一处。")
        if section is not None and section.text.strip():
            texts[key] = renderer.render(section.text, shown, section.first_line, hidden)
            plain[key] = section.text
        elif parsed.value(key):
            texts[key] = renderer.render(parsed.value(key), shown, parsed.line(key), hidden)
            plain[key] = parsed.value(key)
        elif section is not None:
            report.error(shown, section.line, f"“## {label}”下面没有内容。请写上{label}，或删掉这个小标题。")
    for section in parsed.sections:
        if section.title not in INQUIRY_TEXTS:
            guess = difflib.get_close_matches(section.title, list(INQUIRY_TEXTS), n=1, cutoff=0.4)
            hint = f"是不是想写“{guess[0]}”？" if guess else ""
            report.warning(shown, section.line, f"小标题“{section.written}”不认识，这一段不会发布。{hint}可以写的小标题：{'、'.join(INQUIRY_TEXTS)}。")
    if parsed.intro:
        report.warning(shown, parsed.intro.line, "文件头下面的这段文字不在任何小标题下，不会发布。请放到“## 质询内容”或“## 办理措施”下面。")
    if "content" not in texts:
        report.error(shown, 1, "缺少质询内容。请加一段：\n## 质询内容\n村民问的是什么事（照原意写清楚）。")

    status = parsed.value("status")
    allowed = "、".join(STATUSES)
    if not status:
        report.error(shown, parsed.line("status") or 1, f"缺少办理状态。请加一行“办理状态: 已办结”，可以写：{allowed}。")
    elif status not in STATUSES:
        guess = difflib.get_close_matches(status, STATUSES, n=1, cutoff=0.3)
        hint = f"是不是“{guess[0]}”？" if guess else ""
        keep = "不想发布这张卡，请另加一行“状态: 草稿”。" if status.lower() in frontmatter.DRAFT_WORDS else ""
        report.error(shown, parsed.line("status"), f"办理状态“{status}”不认识。{hint}办理状态只能写：{allowed}。{keep}")
    if status == "已办结":
        if "answered" not in parsed.fields:
            report.error(shown, parsed.line("status"), "办理状态是“已办结”，但没有写答复日期。请加一行“答复日期: 2026-03-12”（把办理结果答复质询人的那一天）。")
        if "measures" not in texts:
            report.error(shown, parsed.line("status"), "办理状态是“已办结”，但没有写办理措施。请加一段：\n## 办理措施\n村里做了什么、结果怎样。")
    if status == "暂缓办理" and "reason" not in texts:
        report.error(shown, parsed.line("status"), "办理状态是“暂缓办理”，必须写明客观原因。请加一段：\n## 客观原因\n为什么现在办不了、要等什么、大约什么时候能办。")
    days_open = (now - received.date()).days if received else 0
    limit = inquiry_days(settings)
    if status == "办理中" and received and days_open > limit and "reason" not in texts:
        report.error(
            shown, parsed.line("status"),
            f"这件质询 {received:%Y-%m-%d} 收到，已经 {days_open} 天还是“办理中”，超过了 {limit} 天（village.yml 里的 inquiry_days）。"
            "请写明客观原因（加一段“## 客观原因”），或者办完后把办理状态改成“已办结”并写上答复日期。",
        )
    if received and answered and answered.date() < received.date():
        report.error(shown, parsed.line("answered"), f"答复日期 {answered:%Y-%m-%d} 比收到日期 {received:%Y-%m-%d} 还早。请检查这两个日期。")
        answered = None

    draft = "publish" in parsed.fields and frontmatter.status_is_draft(
        parsed.value("publish"), parsed.line("publish"), lambda line, message: report.error(shown, line, message)
    )
    if received is None or "content" not in texts or status not in STATUSES or draft:
        return None
    title_source = parsed.value("title") or text.title_from_text(text.plain_text(texts["content"]), settings["VILLAGE"].get("title_length", 20))
    title = mask_names(privacy.guard(title_source, shown, settings, parsed.line("title") or 1), hidden, source, shown, parsed.line("title") or 1, report)
    stem = path.stem
    return Inquiry(
        title=title, received=received, inquirer=shown_people, consented=consented, status=status, source_path=shown,
        slug=stem if slugs.VALID_SLUG.match(stem) else (slugs.slugify(stem) or "inquiry"),
        content=texts["content"], measures=texts.get("measures", Markup("")), reason=texts.get("reason", Markup("")),
        answered=answered, handler=mask_names(parsed.value("handler"), hidden, source, shown, 1, report),
        summary=text.summarize(text.plain_text(texts["content"]), settings["VILLAGE"].get("summary_length", 80)),
        days_open=days_open if status == "办理中" else 0,
    )


@dataclass
class InquiryMonth:
    key: str
    inquiries: list[Inquiry]
    stats: MonthStats
    monthly: MonthlyCard | None = None

    @property
    def url(self) -> str:
        return f"{INQUIRIES_URL}{self.key}/"

    @property
    def print_url(self) -> str:
        return f"{PRINT_URL}{self.key}/"

    @property
    def label(self) -> str:
        return month_label(self.key)

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


@dataclass
class PrintMonth:
    """What one month's card print (A5) holds: its 明白卡 and its 质询回音卡."""

    key: str
    monthly: MonthlyCard | None
    inquiries: list[Inquiry]

    @property
    def url(self) -> str:
        return f"{PRINT_URL}{self.key}/"

    @property
    def label(self) -> str:
        return month_label(self.key)

    @property
    def contents(self) -> str:
        parts = (["村情明白卡 1 张"] if self.monthly else []) + ([f"质询回音卡 {len(self.inquiries)} 张"] if self.inquiries else [])
        return "，".join(parts)


# -- the build -------------------------------------------------------------------------------


def has_monthly(settings) -> bool:
    folder = Path(settings.get("PATH", "content")) / CARDS_DIR / MONTHLY_DIR
    return folder.is_dir() and any(p.suffix.lower() in (".md", ".markdown") for p in folder.rglob("*"))


def on_initialized(pelican) -> None:
    """Read the contact card before any post: the privacy guard must know the cadres' phones."""
    settings = pelican.settings
    path = contacts_file(Path(settings["PATH"]))
    card = read_contacts(path, settings) if path else None
    state = state_of(settings)
    state.contact_card = card
    phones = [person.phone for person in card.people] if card else []
    state.cadre_phones = frozenset(phones)
    # Other pages depend on the cards: posts are masked with the cadres' phones, the feeds page
    # lists the inquiries feed, the 公开栏 lists the card sections. Pelican's reader cache and
    # the render cache see none of that, so each such state of the cards gets caches of its own
    # (a removed cadre's number is masked again at once).
    state = sorted(privacy.digits_of(p) for p in phones) + [f"monthly={has_monthly(settings)}", f"inquiries={has_inquiries(settings)}"]
    if (card or has_monthly(settings) or has_inquiries(settings)) and settings.get("CACHE_PATH"):
        digest = hashlib.sha1("\n".join(state).encode()).hexdigest()[:8]
        settings["CACHE_PATH"] = f"{settings['CACHE_PATH']}-cards-{digest}"


class CardGenerator(Generator):
    """Reads content/cards/ and writes the cards' pages, vCards and print pages."""

    def generate_context(self):
        settings = self.settings
        report = report_of(settings)
        root = Path(self.path) / CARDS_DIR
        renderer = MarkdownRenderer(settings)
        now = today(settings)
        self.contacts: ContactCard | None = state_of(settings).contact_card
        self.monthly: list[MonthlyCard] = []
        self.inquiries: list[Inquiry] = []
        # Every file in the two card folders is read or reported; the contact card's photos are its own.
        unused.claim(self.context, *(p for folder in (MONTHLY_DIR, INQUIRY_DIR) if (root / folder).is_dir() for p in (root / folder).rglob("*")))
        if contacts_file(Path(self.path)):
            unused.claim(self.context, contacts_file(Path(self.path)))
        unused.claim(self.context, *(p.photo_path for p in (self.contacts.people if self.contacts else []) if p.photo_path))
        if (root / MONTHLY_DIR).is_dir():
            for path in sorted((root / MONTHLY_DIR).rglob("*")):
                if path.is_file() and not path.name.startswith((".", "_")):
                    if path.suffix.lower() not in (".md", ".markdown"):
                        report.error(str(path), None, f"明白卡文件夹里的“{path.name}”不是 .md 文件，不会发布。明白卡写成 2026-03.md 这样的文件。")
                        continue
                    card = read_monthly(path, settings, renderer)
                    if card:
                        self.monthly.append(card)
        if (root / INQUIRY_DIR).is_dir():
            seen: dict[str, str] = {}
            for path in sorted((root / INQUIRY_DIR).rglob("*")):
                if path.is_file() and not path.name.startswith((".", "_")):
                    if path.suffix.lower() not in (".md", ".markdown"):
                        report.error(str(path), None, f"质询文件夹里的“{path.name}”不是 .md 文件，不会发布。每件质询写一个 .md 文件。")
                        continue
                    inquiry = read_inquiry(path, settings, renderer, now)
                    if inquiry is None:
                        continue
                    if inquiry.url in seen:
                        report.error(inquiry.source_path, None, f"网址 /{inquiry.url} 和 {report.relative(seen[inquiry.url])} 重复了。请改一个文件名（只用字母、数字和连字符）。")
                        continue
                    seen[inquiry.url] = inquiry.source_path
                    self.inquiries.append(inquiry)
        self.monthly.sort(key=lambda c: c.key, reverse=True)
        self.inquiries.sort(key=lambda i: (i.received, i.slug))
        by_month: dict[str, list[Inquiry]] = {}
        for inquiry in self.inquiries:
            by_month.setdefault(inquiry.month, []).append(inquiry)
        monthly_by_key = {card.key: card for card in self.monthly}
        for key, items in by_month.items():
            if key in monthly_by_key:
                monthly_by_key[key].inquiries = items
        self.months = [InquiryMonth(key, by_month[key], month_stats(by_month[key]), monthly_by_key.get(key)) for key in sorted(by_month, reverse=True)]
        self.years = []
        for year in sorted({m.year for m in self.months}, reverse=True):
            items = [i for i in self.inquiries if i.received.year == year]
            months = [(f"{year}-{m:02d}", month_stats([i for i in items if i.received.month == m])) for m in range(1, 13)]
            urls = {m.key: m.url for m in self.months}
            rows = [(f"{int(key[5:])}月", urls.get(key, ""), stats) for key, stats in months]
            total = month_stats(items)
            self.years.append(InquiryYear(year, months, total, year_chart(year, months), rows + [("全年", "", total)]))
        self.month_rows = [(m.label, m.url, m.stats) for m in self.months]
        self.feed = next((f for f in state_of(settings).feeds if f.get("key") == "inquiries"), None)
        self.prints = [
            PrintMonth(key, monthly_by_key.get(key), by_month.get(key, []))
            for key in sorted(set(monthly_by_key) | set(by_month), reverse=True)
        ]
        self._process_photos()

        self.context["village_cards"] = self
        self.context["village_inquiries"] = list(reversed(self.inquiries))  # newest first, for the feed
        self.context["VILLAGE_CARD_SECTIONS"] = self.sections()
        self.context["VILLAGE_CARD_PAGES"] = self.sitemap_entries()
        report.counts["cards"] = len(self.monthly) + len(self.inquiries) + (1 if self.contacts else 0)

    def _process_photos(self) -> None:
        people = [p for p in (self.contacts.people if self.contacts else []) if p.photo_path]
        results = process_photos(self.settings, [p.photo_path for p in people])
        base = self.settings.get("SITEURL", "")
        for person in people:
            if person.photo_path in results:
                person.picture = Markup(picture_html(results[person.photo_path], {"alt": f"{person.name}的照片"}, base, "4.5rem"))

    def render_key(self):
        """What the card templates can show of `cards` (the render cache fingerprints this)."""
        return [self.contacts, self.monthly, self.inquiries, self.months, self.years, self.month_rows, self.feed, self.prints]

    def sections(self) -> list[dict]:
        """The three cards as the 公开栏 (disclosure archive) lists them."""
        sections = []
        if self.contacts and self.contacts.people:
            sections.append({"name": "便民联系卡", "url": CONTACTS_URL, "description": "驻村干部和村两委成员的职务、分工和电话，点一下就能拨打"})
        if self.monthly:
            sections.append({"name": "村情明白卡", "url": MONTHLY_URL, "description": "每月的中心工作、主要议程、项目建设和文化活动"})
        if self.inquiries:
            sections.append({"name": "质询回音卡", "url": INQUIRIES_URL, "description": "村民质询的办理措施和结果，每月汇总张贴在村务公开栏"})
        return sections

    def sitemap_entries(self) -> list[tuple[str, str]]:
        entries: list[tuple[str, str]] = []
        if self.sections():
            entries.append((URL, ""))
        if self.contacts and self.contacts.people:
            entries.append((CONTACTS_URL, ""))  # a file's time says nothing after a git checkout
        if self.monthly:
            entries.append((MONTHLY_URL, self.monthly[0].date.isoformat()))
            entries += [(card.url, card.date.isoformat()) for card in self.monthly]
        if self.inquiries:
            entries.append((INQUIRIES_URL, max(i.modified for i in self.inquiries).isoformat()))
            entries += [(month.url, max(i.modified for i in month.inquiries).isoformat()) for month in self.months]
            entries += [(year.url, "") for year in self.years]
            entries += [(inquiry.url, inquiry.modified.isoformat()) for inquiry in self.inquiries]
        return entries

    def generate_output(self, writer):
        sections = self.context["VILLAGE_CARD_SECTIONS"]
        if not sections:
            return

        def write(url: str, template: str, **kwargs):
            writer.write_file(url + "index.html", self.get_template(template), self.context, cards=self, **kwargs)

        write(URL, "cards", sections=sections)
        if self.contacts and self.contacts.people:
            write(CONTACTS_URL, "card_contacts", contacts=self.contacts)
            write(CONTACTS_PRINT_URL, "card_contacts_print", contacts=self.contacts)
            self._write_vcards()
        if self.monthly:
            write(MONTHLY_URL, "card_monthly_list", monthly=self.monthly)
            for index, card in enumerate(self.monthly):
                write(
                    card.url, "card_monthly", card=card, inquiry_month=next((m for m in self.months if m.key == card.key), None),
                    newer=self.monthly[index - 1] if index else None,
                    older=self.monthly[index + 1] if index + 1 < len(self.monthly) else None,
                )
        if self.inquiries:
            write(INQUIRIES_URL, "card_inquiries", months=self.months, years=self.years)
            for month in self.months:
                write(month.url, "card_inquiry_month", month=month)
            for year in self.years:
                write(year.url, "card_inquiry_year", year=year)
            for inquiry in self.inquiries:
                write(inquiry.url, "card_inquiry", inquiry=inquiry, month=next(m for m in self.months if m.key == inquiry.month))
        for sheet in self.prints:
            write(sheet.url, "card_print_month", sheet=sheet)

    def _write_vcards(self) -> None:
        village = self.settings["VILLAGE"]
        folder = Path(self.output_path) / CONTACTS_URL
        folder.mkdir(parents=True, exist_ok=True)
        everyone = []
        for person in self.contacts.people:
            card = vcard(person, village, f"{village['site_url']}/{CONTACTS_URL}")
            everyone.append(card)
            (Path(self.output_path) / person.vcf_url).write_bytes(card.encode("utf-8"))
        (Path(self.output_path) / self.contacts.all_vcf_url).write_bytes("".join(everyone).encode("utf-8"))


def get_generators(pelican_object):
    return CardGenerator


class InquiryFeedItem:
    """A 质询回音卡 as the feed writer sees a post: title, address, dates, summary and HTML."""

    def __init__(self, inquiry: Inquiry):
        self.inquiry = inquiry
        self.title = f"{inquiry.title}（{inquiry.status}）"
        self.url = inquiry.url
        self.date = inquiry.received
        self.modified = inquiry.modified
        self.metadata = {"summary": html.escape(inquiry.summary or inquiry.title)}
        self.authors = [SimpleNamespace(name=inquiry.handler)] if inquiry.handler else []  # 经办人, as published
        self.tags: list = []
        self.category = SimpleNamespace(name="质询回音卡", slug="inquiries", url=INQUIRIES_URL)

    def render_key(self):
        """Everything this feed entry shows comes from the inquiry (for the render cache)."""
        return self.inquiry

    def get_content(self, siteurl: str) -> str:
        item = self.inquiry
        rows = [("收到日期", html.escape(item.received_label)), ("质询人", html.escape(item.inquirer)), ("质询内容", item.content)]
        if item.measures:
            rows.append(("办理措施", item.measures))
        rows.append(("办理状态", html.escape(item.status)))
        if item.answered:
            rows.append(("答复日期", html.escape(item.answered_label)))
        if item.reason:
            rows.append(("客观原因", item.reason))
        return "<dl>" + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows) + "</dl>"
