"""The cards' Pelican generator: reads content/cards/, writes the cards' pages, vCards and print pages.

`on_initialized` reads the contact card when the build starts, before any post is read, so the
privacy guard knows the cadres' phones. The generator then reads the 明白卡 and 质询 folders, lists
the cards for the 公开栏 and the sitemap, and writes every page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from village.cards.chart import month_stats, year_chart
from village.cards.common import CARDS_DIR, MARKDOWN_SUFFIXES, PRINT_URL, URL, MonthPage
from village.cards.contacts import CONTACTS_PRINT_URL, CONTACTS_URL, ContactCard, contacts_file, read_contacts
from village.cards.inquiries import INQUIRIES_URL, INQUIRY_DIR, Inquiry, InquiryMonth, InquiryYear, has_inquiries, read_inquiry
from village.cards.monthly import MONTHLY_DIR, MONTHLY_URL, MonthlyCard, has_monthly, read_monthly
from village.cards.render import MarkdownRenderer
from village.cards.vcard import vcard
from village.editions import cards as edition_cards
from village.editions.translations import INQUIRY, MONTHLY, plan_of
from village.i18n import N_, Message
from village.i18n.catalogs import translations_of
from village.photos.markup import picture_html, process_photos
from village.source import privacy, unused
from village.source.dates import today
from village.state import report_of, state_of


@dataclass
class PrintMonth(MonthPage):
    """What one month's card print (A5) holds: its 明白卡 and its 质询回音卡."""

    key: str
    monthly: MonthlyCard | None
    inquiries: list[Inquiry]

    base_url = PRINT_URL

    @property
    def contents(self) -> str:
        if self.monthly and self.inquiries:
            return Message("村情明白卡 1 张，质询回音卡 %(count)s 张", count=len(self.inquiries))
        return Message("村情明白卡 1 张") if self.monthly else Message("质询回音卡 %(count)s 张", count=len(self.inquiries))


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


RECORDINGS = {".mp3", ".m4a", ".ogg"}  # the formats of 音频 (channels/audio.py)


def _card_files(folder: Path, report, not_markdown: str) -> Iterator[Path]:
    """The files of a card folder in order; any that is not Markdown is reported (`not_markdown`, with {name})."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith((".", "_")):
            if path.suffix.lower() in RECORDINGS:
                continue  # a card's 音频 (channels/generator.py reports one no card names)
            if path.suffix.lower() not in MARKDOWN_SUFFIXES:
                report.error(str(path), None, not_markdown.format(name=path.name))
                continue
            yield path


def _warn_unnamed_recordings(root: Path, report) -> None:
    """A recording in a card folder that no card names (音频: …) would never be published."""
    for folder in (root / MONTHLY_DIR, root / INQUIRY_DIR):
        if not folder.is_dir():
            continue
        named = "".join(p.read_text("utf-8", errors="replace") for p in folder.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES)
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in RECORDINGS and p.name not in named):
            report.warning(str(path), None, f"录音“{path.name}”没有哪张卡片用到，不会发布。请在卡片里加一行“音频: {path.name}”，或删掉它。")


class CardGenerator(Generator):
    """Reads content/cards/ and writes the cards' pages, vCards and print pages."""

    def generate_context(self):
        settings = self.settings
        if plan_of(settings) is not None:
            self._edition_context()
            return
        root = Path(self.path) / CARDS_DIR
        renderer = MarkdownRenderer(settings)
        self.contacts: ContactCard | None = state_of(settings).contact_card
        unused.claim(self.context, *edition_cards.register(settings, self.contacts))  # its translations (editions/)
        self._claim_files(root)
        _warn_unnamed_recordings(root, report_of(settings))
        self.monthly: list[MonthlyCard] = self._read_monthly(root / MONTHLY_DIR, renderer)
        self.inquiries: list[Inquiry] = self._read_inquiries(root / INQUIRY_DIR, renderer)
        self._order()
        by_month: dict[str, list[Inquiry]] = {}
        for inquiry in self.inquiries:
            by_month.setdefault(inquiry.month, []).append(inquiry)
        monthly_by_key = {card.key: card for card in self.monthly}
        for key, items in by_month.items():
            if key in monthly_by_key:
                monthly_by_key[key].inquiries = items
        self.months = [InquiryMonth(key, by_month[key], month_stats(by_month[key]), monthly_by_key.get(key)) for key in sorted(by_month, reverse=True)]
        self.years = self._years()
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
        report_of(settings).counts["cards"] = len(self.monthly) + len(self.inquiries) + (1 if self.contacts else 0)

    def _edition_context(self) -> None:
        """An edition has the cards translated into it; the lists, months and prints are Chinese pages."""
        settings = self.settings
        renderer = MarkdownRenderer(settings)
        now = today(settings)
        self.contacts = edition_cards.edition_card(settings)
        self.monthly = edition_cards.edition_translations(settings, MONTHLY, lambda path: read_monthly(path, settings, renderer))
        self.inquiries = edition_cards.edition_translations(settings, INQUIRY, lambda path: read_inquiry(path, settings, renderer, now))
        self._order()
        self.months, self.years, self.month_rows, self.prints = [], [], [], []
        self.feed = None
        self._process_photos()
        self.context["village_cards"] = self
        self.context["village_inquiries"] = []
        self.context["VILLAGE_CARD_SECTIONS"] = self.sections()
        pages = [(CONTACTS_URL, "")] if self.contacts and self.contacts.people else []
        pages += [(card.url, card.date.isoformat()) for card in self.monthly]
        pages += [(inquiry.url, inquiry.modified.isoformat()) for inquiry in self.inquiries]
        self.context["VILLAGE_CARD_PAGES"] = pages

    def _order(self) -> None:
        """明白卡 newest first; 回音卡 in the order they were received."""
        self.monthly.sort(key=lambda c: c.key, reverse=True)
        self.inquiries.sort(key=lambda i: (i.received, i.url))

    def _claim_files(self, root: Path) -> None:
        # Every file in the two card folders is read or reported; the contact card's photos are its own.
        unused.claim(self.context, *(p for folder in (MONTHLY_DIR, INQUIRY_DIR) if (root / folder).is_dir() for p in (root / folder).rglob("*")))
        if contacts_file(Path(self.path)):
            unused.claim(self.context, contacts_file(Path(self.path)))
        unused.claim(self.context, *(p.photo_path for p in (self.contacts.people if self.contacts else []) if p.photo_path))

    def _read_monthly(self, folder: Path, renderer: MarkdownRenderer) -> list[MonthlyCard]:
        not_markdown = "明白卡文件夹里的“{name}”不是 .md 文件，不会发布。明白卡写成 2026-03.md 这样的文件。"
        cards = (read_monthly(path, self.settings, renderer) for path in _card_files(folder, report_of(self.settings), not_markdown))
        return edition_cards.originals(self.settings, MONTHLY, [card for card in cards if card])

    def _read_inquiries(self, folder: Path, renderer: MarkdownRenderer) -> list[Inquiry]:
        """Every inquiry published, each at an address of its own (translations are paired instead)."""
        report = report_of(self.settings)
        now = today(self.settings)
        read = (read_inquiry(path, self.settings, renderer, now)
                for path in _card_files(folder, report, "质询文件夹里的“{name}”不是 .md 文件，不会发布。每件质询写一个 .md 文件。"))
        inquiries: list[Inquiry] = []
        seen: dict[str, str] = {}
        for inquiry in edition_cards.originals(self.settings, INQUIRY, [inquiry for inquiry in read if inquiry]):
            if inquiry.url in seen:
                report.error(inquiry.source_path, None, f"网址 /{inquiry.url} 和 {report.relative(seen[inquiry.url])} 重复了。请改一个文件名（只用字母、数字和连字符）。")
                continue
            seen[inquiry.url] = inquiry.source_path
            inquiries.append(inquiry)
        return inquiries

    def _years(self) -> list[InquiryYear]:
        """Each year with inquiries, newest first: its twelve months' counts, chart and table."""
        years = []
        urls = {m.key: m.url for m in self.months}
        for year in sorted({m.year for m in self.months}, reverse=True):
            items = [i for i in self.inquiries if i.received.year == year]
            months = [(f"{year}-{m:02d}", month_stats([i for i in items if i.received.month == m])) for m in range(1, 13)]
            rows = [(Message("%(month)s月", month=int(key[5:])), urls.get(key, ""), stats) for key, stats in months]
            total = month_stats(items)
            years.append(InquiryYear(year, months, total, year_chart(year, months, translations_of(self.settings).gettext), rows + [(Message("全年"), "", total)]))
        return years

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
            sections.append({"name": N_("便民联系卡"), "url": CONTACTS_URL, "description": N_("驻村干部和村两委成员的职务、分工和电话，点一下就能拨打")})
        if self.monthly:
            sections.append({"name": N_("村情明白卡"), "url": MONTHLY_URL, "description": N_("每月的中心工作、主要议程、项目建设和文化活动")})
        if self.inquiries:
            sections.append({"name": N_("质询回音卡"), "url": INQUIRIES_URL, "description": N_("村民质询的办理措施和结果，每月汇总张贴在村务公开栏")})
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

        if plan_of(self.settings) is not None:  # an edition: its translated cards, each page alone
            self._write_edition(write)
            return
        write(URL, "cards", sections=sections)
        if self.contacts and self.contacts.people:
            write(CONTACTS_URL, "card_contacts", contacts=self.contacts)
            write(CONTACTS_PRINT_URL, "card_contacts_print", contacts=self.contacts)
            self._write_vcards()
        if self.monthly:
            write(MONTHLY_URL, "card_monthly_list", monthly=self.monthly)
            for index, card in enumerate(self.monthly):
                write(
                    card.url, card.template, card=card, inquiry_month=next((m for m in self.months if m.key == card.key), None),
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
                write(inquiry.url, inquiry.template, inquiry=inquiry, month=next(m for m in self.months if m.key == inquiry.month))
        for sheet in self.prints:
            write(sheet.url, "card_print_month", sheet=sheet)

    def _write_edition(self, write) -> None:
        """An edition's card pages: the lists, months and prints they link to are the Chinese ones."""
        if self.contacts and self.contacts.people:
            write(CONTACTS_URL, "card_contacts", contacts=self.contacts)
            write(CONTACTS_PRINT_URL, "card_contacts_print", contacts=self.contacts)
            self._write_vcards()
        for index, card in enumerate(self.monthly):
            write(card.url, card.template, card=card, inquiry_month=None,
                  newer=self.monthly[index - 1] if index else None,
                  older=self.monthly[index + 1] if index + 1 < len(self.monthly) else None)
        for inquiry in self.inquiries:
            write(inquiry.url, inquiry.template, inquiry=inquiry, month=None)

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
