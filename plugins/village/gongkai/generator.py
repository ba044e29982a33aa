"""The 公开栏's Pelican generator: reads content/disclosures/ and writes its pages (index, lists
by type, subject and year, the calendar, one page per item) and their sitemap entries."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from village.editions.content import edition_items
from village.editions.translations import plan_of
from village.gongkai.calendar import GRACE_DAYS, calendar, calendar_legend, warn_overdue
from village.gongkai.chart import finance_by_month, finance_chart, finance_rows
from village.gongkai.items import CADENCES, DISCLOSURE_DIR, TYPES, URL, Item, subjects_of, write_attachment
from village.gongkai.reading import ItemReader
from village.i18n import Message
from village.i18n.catalogs import translations_of
from village.source import unused
from village.source.dates import chinese_date, today
from village.source.memo import DiskMemo
from village.state import report_of


class DisclosureGenerator(Generator):
    """Reads content/disclosures/ and writes the 公开栏 pages."""

    def generate_context(self):
        root = Path(self.settings["PATH"])
        folder = root / DISCLOSURE_DIR
        self.items: list[Item] = []
        drafts: list[Item] = []
        plan = plan_of(self.settings)
        if folder.is_dir():
            reader = ItemReader(self.settings, root)
            for path in sorted(folder.rglob("*.md")):
                if plan is not None and str(path.resolve()) not in plan["sources"] and str(path.resolve()) not in plan["originals"]:
                    continue  # an edition reads only its translations and their originals
                item = reader.read(path)
                if item is not None:
                    self.items.append(item)
            unused.claim(self.context, *reader.files)
            drafts = reader.drafts
            self.items = edition_items(self.settings, self.items, reader.translations)
        self.context["village_disclosure_drafts"] = drafts  # so a 四议两公开 step naming one says so
        self._check_unique()
        self.items.sort(key=lambda i: (i.date, i.index_number), reverse=True)
        self.subjects = subjects_of(self.settings)
        self.today = today(self.settings)
        unsigned = [d for d in drafts if d.kind == "财务" and d.review is None]
        self.calendar = calendar(self.items, self.subjects, self.today, unsigned)
        finance = finance_by_month(self.items)
        self.charts = [(year, finance_chart(year, months, translations_of(self.settings).gettext), finance_rows(months)) for year, months in sorted(finance.items(), reverse=True)]
        self.context["village_disclosures"] = self.items
        self.context["VILLAGE_DISCLOSURE_PAGES"] = self.sitemap_entries()
        warn_overdue(self.calendar, report_of(self.settings), self.today)

    def _check_unique(self):
        seen: dict[str, Item] = {}
        for item in self.items:
            for key, label in ((item.index_number, "索引号"), (item.url, "网址")):
                other = seen.get(key)
                if other is not None:
                    report_of(self.settings).error(item.source_path, None, f"{label} {key} 和 {other.source_path} 重复了。请改一个文件名，或在文件头里写一行“索引号: …”指定。")
                seen[key] = item

    def sitemap_entries(self) -> list[tuple[str, str]]:
        if plan_of(self.settings) is not None:
            return [(item.url, item.date.isoformat()) for item in self.items]
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
                pages.append({"group": "type", "url": f"{URL}{slug}/", "heading": Message("%(kind)s公开", kind=Message(kind)), "items": own,
                              "charts": self.charts if kind == "财务" else []})
        for subject, (kind, cadence) in self.subjects.items():
            own = [i for i in self.items if i.subject == subject]
            if own:
                pages.append({"group": "subject", "url": own[0].subject_url, "heading": Message(subject), "items": own,
                              "lead": Message("%(kind)s公开，%(cadence)s公开。", kind=Message(kind), cadence=Message(CADENCES[cadence])),
                              "charts": self.charts if subject == "财务收支" else []})
        for year in sorted({i.date.year for i in self.items}, reverse=True):
            pages.append({"group": "year", "url": f"{URL}{year}/", "heading": Message("%(year)s年公开的事项", year=year),
                          "items": [i for i in self.items if i.date.year == year], "by_month": True})
        return pages

    def generate_output(self, writer):
        # The index and calendar exist even before the first item: the header always links here.
        output = Path(self.output_path)
        memo = DiskMemo(self.settings, "tables")
        if plan_of(self.settings) is not None:  # an edition: its translated items only
            for item in self.items:
                self._write_item(writer, output, item, memo)
            return
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
            self._write_item(writer, output, item, memo)

    def _write_item(self, writer, output: Path, item: Item, memo: DiskMemo) -> None:
        for attachment in item.attachments:
            target = output / attachment.url
            write_attachment(attachment, target, memo)
            attachment.size = target.stat().st_size  # the published (masked) copy's size
        writer.write_file(f"{item.url}index.html", self.get_template(item.template), self.context, item=item)


def get_generators(pelican_object):
    return DisclosureGenerator
