"""The three cards in the editions.

The 便民联系卡's translation is a file beside 联系卡.yml named 联系卡.<code>.yml (for example
联系卡.ug.yml); a 明白卡's is 明白卡/2026-03.ug.md, a 回音卡's any file in 质询/ with 语言 and 原文.
Each is read by its original's reader (phones, names, privacy, every rule) and published in its
edition at the original's address.
"""

from __future__ import annotations

import os
from pathlib import Path

from village.cards.common import CARDS_DIR
from village.cards.contacts import CONTACT_FILES, CONTACTS_URL, ContactCard, read_contacts
from village.editions.translations import CONTACTS, plan_of
from village.source.translation import read_marking
from village.state import report_of, state_of

ORIGINAL_SLUG = "联系卡"  # what a translation's 原文 says


class _Header:
    """A contact card's translation lines as the readers' headers offer them."""

    def __init__(self, marking: dict[str, tuple[str, int]]):
        self.marking = marking

    def value(self, key, default=""):
        return self.marking.get(key, (default, None))[0]

    def line(self, key):
        return self.marking.get(key, ("", None))[1]


def translation_files(content_root: Path) -> list[Path]:
    """联系卡.ug.yml and the like: a contact file's name with a language between name and suffix."""
    folder = content_root / CARDS_DIR
    stems = {Path(name).stem for name in CONTACT_FILES}
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in (".yml", ".yaml") and "." in p.stem and p.stem.rsplit(".", 1)[0] in stems
    )


def _read(path: Path, settings) -> tuple[ContactCard | None, object]:
    card = read_contacts(path, settings)
    if card is None:
        return None, None
    report = report_of(settings)
    marking = read_marking(_Header(card.marking), settings, lambda line, message: report.error(str(path), line, message))
    if marking is None and not card.marking:
        report.error(str(path), 1, f"{path.name} 看起来是联系卡的译文，但没有写“语言:”和“原文: {ORIGINAL_SLUG}”。请加上这两行，或把文件改名。")
    return card, marking


def register(settings, original: ContactCard | None) -> list[Path]:
    """The Chinese build: read and check every translation of the contact card; returns their files."""
    files = translation_files(Path(settings["PATH"]))
    registry = state_of(settings).translations
    if original is not None:
        original.slug = ORIGINAL_SLUG
        registry.add_original(CONTACTS, original)
    for path in files:
        card, marking = _read(path, settings)
        if card is not None and marking is not None:
            registry.add_translation(CONTACTS, str(path), marking.as_dict(), card.title)
    return files


def edition_card(settings) -> ContactCard | None:
    """An edition's build: its translated contact card, if the Chinese build planned one."""
    for path, entry in edition_sources(settings, CONTACTS):
        card, _ = _read(path, settings)
        if card is not None:
            card.sample_translation = entry["sample"]
        return card
    return None


def originals(settings, kind: str, cards: list) -> list:
    """The Chinese build: of the 明白卡 or 回音卡 read, the originals (each may be translated);
    the translations among them are registered for pairing and never listed here."""
    registry = state_of(settings).translations
    kept = []
    for card in cards:
        if card.marking is None:
            registry.add_original(kind, card)
            kept.append(card)
        else:
            registry.add_translation(kind, card.source_path, card.marking.as_dict(), card.title)
    return kept


def edition_sources(settings, kind: str) -> list[tuple[Path, dict]]:
    """An edition's build: the translated files of one kind of card its plan publishes."""
    plan = plan_of(settings)
    return [(Path(source), entry) for source, entry in sorted(plan["sources"].items())
            if entry["kind"] == kind and os.path.isfile(source)]


def edition_translations(settings, kind: str, read) -> list:
    """An edition's 明白卡 or 回音卡: each translation its plan publishes, read by `read(path)` and
    placed at its original's address."""
    cards = []
    for path, entry in edition_sources(settings, kind):
        card = read(path)
        if card is not None:
            card.sample_translation = entry["sample"]
            card.take_address(entry["url"])
            cards.append(card)
    return cards


__all__ = ["CONTACTS_URL", "edition_card", "edition_translations", "originals", "register", "translation_files"]


def unpublished_matter(shown: str, text: str, data: dict, lines: dict, settings) -> bool:
    """A translation of a 四议两公开 matter (a .yml with 语言/原文): checked like the card ones and
    reported as not published yet. False for a matter."""
    from village.source import keys, privacy

    marking = {}
    for written, value in data.items():
        key = keys.TRANSLATION.get(str(written)) or keys.TRANSLATION_ENGLISH.get(str(written).lower())
        if key:
            marking[key] = (str(value if value is not None else ""), lines.get(written))
    if not marking:
        return False
    report = report_of(settings)
    read_marking(_Header(marking), settings, lambda line, message: report.error(shown, line, message))
    privacy.guard(text, shown, settings)
    report.warning(shown, marking.get("language", ("", 1))[1] or 1,
                   "四议两公开的译文还不能发布：民族文字版本里有文章、页面、公开事项和三张卡片的译文。"
                   "这个文件会检查，但不会出现在网站上；不需要的话可以删掉。")
    return True

