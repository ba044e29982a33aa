"""便民联系卡: the cadres' names, positions, phones and photos, read from content/cards/联系卡.yml.

The card is read when the build starts (generator.on_initialized), before any post, so the privacy
guard publishes these work phones unmasked everywhere while villagers' numbers stay masked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markupsafe import Markup

from village.cards.common import CARDS_DIR, NAME
from village.i18n import N_
from village.photos.images import SUPPORTED_SOURCES
from village.source import keys, privacy, slugs, translation, yamltext
from village.source.encoding import read_source
from village.state import report_of

CONTACT_FILES = ("联系卡.yml", "联系卡.yaml", "contacts.yml", "contacts.yaml")
CONTACTS_URL = "cards/contacts/"
CONTACTS_PRINT_URL = "cards/contacts/print/"

GROUPS = {"村两委": N_("村两委成员"), "驻村": N_("驻村干部")}  # 类别 as written -> heading on the card (|tr in an edition)
MAX_PEOPLE_A6 = 10  # more people than this do not fit an A6 card: the sheet prints A5 cards
MAX_PEOPLE = 20

CONTACT_KEYS = {
    "姓名": "name", "name": "name", "职务": "title", "title": "title", "电话": "phone", "phone": "phone",
    "分工": "duties", "duties": "duties", "类别": "group", "group": "group", "照片": "photo", "photo": "photo",
    "单位": "org", "org": "org",
}
CONTACT_FILE_KEYS = {"标题": "title", "title": "title", "说明": "note", "note": "note", "人员": "people", "people": "people",
                     **keys.TRANSLATION, **keys.TRANSLATION_ENGLISH}  # a translation (editions/): 语言, 原文, 示例译文


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
    marking: dict[str, tuple[str, int]] = field(default_factory=dict)  # a translation's 语言, 原文, 示例译文 with lines
    sample_translation: bool = False

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


# -- phones ----------------------------------------------------------------------------------


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


# -- reading the card ------------------------------------------------------------------------


def _scalar(node) -> str:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""


def _fullwidth_colons(source: str) -> str:
    # Chinese input methods type "姓名：林晓禾"; YAML needs "姓名: 林晓禾".
    return re.sub(r"^(\s*(?:-\s+)?[^\s:：#\-][^:：\n]{0,19})：[ \t]*", r"\1: ", source, flags=re.M)


def contacts_file(content: Path) -> Path | None:
    folder = content / CARDS_DIR
    return next((folder / name for name in CONTACT_FILES if (folder / name).is_file()), None)


def read_contacts(path: Path, settings) -> ContactCard | None:
    report = report_of(settings)
    shown = str(path)
    source = read_source(path, report)
    if source is None:
        return None
    try:
        root = yamltext.compose(_fullwidth_colons(source))
    except yaml.YAMLError as exc:
        report.error(
            shown, yamltext.error_line(exc, source),
            "联系卡的写法有误。每人一段，第一行以“- ”开头，下面几行缩进两个空格，写成“键: 值”，冒号后面空一格；缩进只用空格，不用 Tab。",
        )
        return None
    card = ContactCard(shown, "", "")
    people_node = _read_header(root, card, settings) if isinstance(root, yaml.MappingNode) else root
    if not isinstance(people_node, yaml.SequenceNode) or not people_node.value:
        report.error(shown, 1, "联系卡里没有人员。请写“人员:”，下面每人一段：\n人员:\n  - 姓名: 林晓禾\n    职务: 村委委员\n    电话: 139 0000 0004\n    类别: 村两委")
        return card
    if len(people_node.value) > MAX_PEOPLE:
        report.error(shown, people_node.start_mark.line + 1, f"联系卡上有 {len(people_node.value)} 人，一张卡片最多印 {MAX_PEOPLE} 人。请只留驻村干部和村两委成员，其他人的电话写在“联系我们”页面里。")
    card.people = _read_people(people_node, path, settings)
    card.title = card.title or f"{settings['VILLAGE']['name']}便民联系卡"
    return card


def _read_header(root: yaml.MappingNode, card: ContactCard, settings) -> yaml.Node | None:
    """标题 and 说明 into `card`; returns the 人员 list (a file may also be just the list)."""
    people_node = None
    for key_node, value_node in root.value:
        key = CONTACT_FILE_KEYS.get(_scalar(key_node)) or CONTACT_FILE_KEYS.get(_scalar(key_node).lower())
        if key == "people":
            people_node = value_node
        elif key in translation.KEYS:
            card.marking[key] = (_scalar(value_node), key_node.start_mark.line + 1)
        elif key in ("title", "note"):
            setattr(card, key, privacy.guard(_scalar(value_node), card.source_path, settings, key_node.start_mark.line + 1))
        else:
            report_of(settings).warning(card.source_path, key_node.start_mark.line + 1, f"不认识的设置“{_scalar(key_node)}”，会被忽略。联系卡文件里可以写：标题、说明、人员。")
    return people_node


def _read_people(people_node: yaml.SequenceNode, path: Path, settings) -> list[Contact]:
    """Everyone written correctly, each with an address of their own (林晓禾, 林晓禾-2)."""
    report = report_of(settings)
    people: list[Contact] = []
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
            report.warning(str(path), person.line, f"{person.name}和{seen_phones[person.tel]}的电话一样（{person.phone}）。请核对是不是抄错了。")
        seen_phones.setdefault(person.tel, person.name)
        people.append(person)
    return people


# -- one person ------------------------------------------------------------------------------

Values = dict[str, tuple[str, int]]  # key -> (value as written, its line)


def _read_person(node, path: Path, settings) -> Contact | None:
    report = report_of(settings)
    shown = str(path)
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        report.error(shown, line, "这一项不是一个人的信息。每人写成几行“键: 值”：姓名、职务、电话、类别，可以加分工、照片。")
        return None
    values = _person_values(node, shown, report)
    name = _check_name(values, shown, line, report)
    who = name or "这个人"
    title = values.get("title", ("", line))[0]
    if not title:
        report.error(shown, line, f"{who}没有写职务。请加一行“职务: 村委委员”（印在联系卡上）。")
    phone, tel = _read_phone(values, who, shown, line, report)
    group = _check_group(values, who, shown, line, report)
    photo_path = _find_photo(values, path, report)
    if not (name and title and tel and group in GROUPS):
        return None
    duties = values.get("duties", ("", 0))
    return Contact(
        name=name, title=privacy.guard(title, shown, settings, values["title"][1]), phone=phone, tel=tel, group=group,
        duties=privacy.guard(duties[0], shown, settings, duties[1] or line),
        org=values.get("org", ("", 0))[0], photo_path=photo_path, line=line,
    )


def _person_values(node: yaml.MappingNode, shown: str, report) -> Values:
    """The person's known keys; unknown and repeated keys are reported."""
    values: Values = {}
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
    return values


def _check_name(values: Values, shown: str, line: int, report) -> str:
    name = values.get("name", ("", line))[0]
    if not name:
        report.error(shown, line, "这个人没有写姓名。请加一行“姓名: 林晓禾”。")
    elif not NAME.match(name):
        report.warning(shown, values["name"][1], f"姓名“{name}”里有汉字以外的字，请核对是不是只写了姓名。")
    return name


def _read_phone(values: Values, who: str, shown: str, line: int, report) -> tuple[str, str]:
    """(shown, tel) of the person's phone, or two empty strings when it is missing or wrong."""
    if "phone" not in values or not values["phone"][0]:
        report.error(shown, values.get("phone", ("", line))[1], f"{who}没有写电话。请加一行“电话: 139 0000 0001”（手机）或“电话: 0871-6512 3456”（座机）。")
        return "", ""
    try:
        return check_phone(values["phone"][0])
    except PhoneError as exc:
        report.error(shown, values["phone"][1], str(exc))
        return "", ""


def _check_group(values: Values, who: str, shown: str, line: int, report) -> str:
    allowed = "、".join(GROUPS)
    group, group_line = values.get("group", ("", line))
    if not group:
        report.error(shown, group_line, f"{who}没有写类别。请加一行“类别: 村两委”，类别只能写：{allowed}。")
    elif group not in GROUPS:
        guess = next((g for g in GROUPS if g in group), None) or next(iter(difflib.get_close_matches(group, list(GROUPS), n=1, cutoff=0.4)), None)
        hint = f"是不是“{guess}”？" if guess else ""
        report.error(shown, group_line, f"类别“{group}”不认识。{hint}类别只能写：{allowed}。")
    return group


def _find_photo(values: Values, path: Path, report) -> str:
    """The photo's path next to the contact card, or "" when none is written or it is unusable."""
    if not values.get("photo", ("", 0))[0]:
        return ""
    written, photo_line = values["photo"]
    candidate = path.parent / written
    if not candidate.is_file():
        existing = sorted(p.name for p in path.parent.rglob("*") if p.suffix.lower() in SUPPORTED_SOURCES)
        guess = difflib.get_close_matches(Path(written).name, existing, n=1, cutoff=0.5)
        hint = f"是不是“{guess[0]}”？" if guess else ""
        report.error(str(path), photo_line, f"照片“{written}”找不到。{hint}照片放在 content/{CARDS_DIR}/ 文件夹里（和联系卡文件在一起），这里写文件名（包括大小写和扩展名）。")
        return ""
    if candidate.suffix.lower() not in SUPPORTED_SOURCES:
        report.error(str(path), photo_line, f"照片“{written}”不是支持的格式。请用 JPG、PNG、WebP 或 HEIC。")
        return ""
    return str(candidate)
