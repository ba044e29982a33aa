"""Atom and RSS 2.0 feeds written with feedgen (Pelican's own feeds are switched off).

Feeds always use the public site URL from village.yml, so ids and links are absolute and stable
even in a local preview build.
"""

from __future__ import annotations

import datetime
import os
import re
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from pelican import signals

from village.i18n import N_, Message
from village.cards.inquiries import has_inquiries
from village.config import feed_domain
from village.content import FeedEntry, article_entry
from village.editions.translations import in_edition
from village.gongkai.decisions import has_decisions
from village.gongkai.items import has_disclosures
from village.output.generator import OutputGenerator
from village.output.render_cache import cache_of
from village.state import state_of

FEEDS_DIR = "feeds"


def feed_list(settings) -> list[dict]:
    """Every feed the site publishes: title and the site-relative paths of its Atom and RSS files."""
    village = settings["VILLAGE"]
    feeds = [{"key": "all", "title": Message("%(name)s·全部文章", name=village["name"]), "description": village["description"]}]
    feeds += [
        {"key": c["slug"], "title": Message("%(name)s·%(category)s", name=village["name"], category=c["name"]), "description": c["description"], "category": c["name"]}
        for c in settings["VILLAGE_CATEGORIES"]
    ]
    feeds.append({"key": "albums", "title": Message("%(name)s·相册", name=village["name"]), "description": N_("村里的照片集"), "albums": True})
    if has_inquiries(settings):  # the 质询回音卡 feed, once the village has written any
        feeds.append({"key": "inquiries", "title": Message("%(name)s·质询回音卡", name=village["name"]), "description": N_("村民质询的办理措施和结果"), "inquiries": True})
    if has_disclosures(settings):
        feeds.append({"key": "gongkai", "title": Message("%(name)s·公开栏", name=village["name"]), "description": N_("党务、村务、财务公开"), "disclosures": True})
    if has_decisions(settings):
        feeds.append({"key": "juece", "title": Message("%(name)s·四议两公开", name=village["name"]), "description": N_("村里重大事项的决策过程"), "decisions": True})
    if in_edition(settings):  # an edition has posts and 公开 items only; albums and cards are Chinese pages
        feeds = [feed for feed in feeds if not (feed.get("albums") or feed.get("inquiries") or feed.get("decisions"))]
    for feed in feeds:
        feed["atom"] = f"{FEEDS_DIR}/{feed['key']}.atom.xml"
        feed["rss"] = f"{FEEDS_DIR}/{feed['key']}.rss.xml"
    return feeds


_PICTURE_WRAPPER = re.compile(r"</?picture>|<source\b[^>]*>")


def absolutize(html: str, base: str) -> str:
    """Make every link and image in an article's HTML absolute, as feed readers need.

    Feed readers rarely know <picture>, so each photo becomes its plain <img> (JPEG or PNG).
    """
    import lxml.html  # only needed when a feed changed

    if not html.strip():
        return html
    fragment = lxml.html.fragment_fromstring(_PICTURE_WRAPPER.sub("", html), create_parent="div")
    fragment.make_links_absolute(base, resolve_base_href=False)
    for image in fragment.iter("img"):
        if image.get("srcset"):
            candidates = [c.strip().split(" ", 1) for c in image.get("srcset").split(",")]
            image.set("srcset", ", ".join(" ".join([urljoin(base, c[0]), *c[1:]]) for c in candidates))
    inner = (fragment.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in fragment
    )
    return inner


_MINUTE = datetime.timedelta(minutes=1)


class EntryTimes:
    """Published and updated time of every feed entry, no two alike within a feed.

    Feed readers order and de-duplicate by these times, and items written with a date only all
    sit at 00:00. Going from the oldest item, one whose time is already taken moves on a minute at
    a time, so items of one day get 00:00, 00:01, … in the order the site lists them, and an
    explicit time of day stays as written unless another item holds it. Derived from the content
    alone (never the clock), so every build writes the same bytes.
    """

    def __init__(self):
        self.times: dict[int, tuple[datetime.datetime, datetime.datetime]] = {}
        self._published: set = set()
        self._updated: set = set()

    def add(self, items) -> None:
        """Take `items` (newest first, as the feeds list them) after those added before."""
        for item in reversed(items):
            published = self._free(item.date, self._published)
            updated = self._free(max(getattr(item, "modified", None) or item.date, published), self._updated)
            self.times[id(item)] = (published, updated)

    def next_feed(self) -> None:
        """Items added from now on appear in other feeds than those before: their times may repeat."""
        self._published, self._updated = set(), set()

    @staticmethod
    def _free(when: datetime.datetime, taken: set) -> datetime.datetime:
        while when in taken:
            when += _MINUTE
        taken.add(when)
        return when

    def __getitem__(self, item) -> tuple[datetime.datetime, datetime.datetime]:
        return self.times[id(item)]


def entry_id(site_url: str, article) -> str:
    """A tag: URI (RFC 4151) that stays the same however often the feed is rebuilt."""
    return f"tag:{feed_domain(site_url)},{article.date:%Y-%m-%d}:/{article.url}"


def set_links(fg, self_url: str, site_url: str) -> None:
    """rel=self is the file being written: the Atom feed's own address, then the RSS feed's."""
    fg.link(href=self_url, rel="self", replace=True)
    fg.link(href=f"{site_url}/", rel="alternate")  # feedgen's RSS <link> is the last one set


class VillageFeedGenerator(OutputGenerator):
    """A Pelican generator that writes the feeds after the articles are known."""

    def _feed(self, feed: dict, entries: list[FeedEntry], site_updated, times: EntryTimes):
        from feedgen.feed import FeedGenerator  # slow import, skipped when feeds are unchanged

        village = self.settings["VILLAGE"]
        site_url = village["site_url"]
        fg = FeedGenerator()
        fg.load_extension("dc", atom=False, rss=True)
        fg.id(f"{site_url}/{feed['atom']}")
        fg.title(feed["title"])
        fg.subtitle(feed["description"] or feed["title"])
        fg.author({"name": village["name"]})
        set_links(fg, f"{site_url}/{feed['atom']}", site_url)
        fg.language(state_of(self.settings).language.tag)  # RSS <language>, Atom xml:lang: the edition's
        fg.generator("村务网站（Pelican + feedgen）")
        fg.rights(f"© {village['name']}")
        # An empty feed still needs <updated>; the site's newest post keeps it reproducible.
        updated = max((times[e][1] for e in entries), default=site_updated)
        fg.updated(updated)
        fg.lastBuildDate(updated)
        for item in entries:
            url = f"{site_url}/{item.url}"
            entry = fg.add_entry(order="append")
            entry.id(entry_id(site_url, item))
            entry.guid(entry_id(site_url, item), permalink=False)
            entry.title(item.title)
            entry.link(href=url, rel="alternate")
            published, modified = times[item]
            entry.published(published)
            entry.updated(modified)
            entry.summary(item.summary, type="html")
            entry.description(item.summary)
            entry.content(absolutize(item.body(site_url), url), type="html")
            # Every entry names who published it; the village itself when the content names nobody.
            for name in item.authors or [village["name"]]:
                entry.author({"name": name})
                entry.dc.dc_creator(name)
            entry.category(term=item.category.slug, label=item.category.name, scheme=f"{site_url}/{item.category.url}")
            for tag in item.tags:
                entry.category(term=tag.slug, label=tag.name, scheme=f"{site_url}/{tag.url}")
        return fg

    def generate_output(self, writer):
        limit = self.settings["VILLAGE"]["feed_items"]
        articles = [article_entry(a) for a in self.context.get("articles", [])]  # published only, newest first
        albums = [album.feed_entry() for album in self.context.get("albums", [])]
        inquiries = sorted((i.feed_entry() for i in self.context.get("village_inquiries", [])), key=lambda e: e.modified, reverse=True)
        disclosures = [item.feed_entry() for item in self.context.get("village_disclosures", [])]
        decisions = [matter.feed_entry() for matter in self.context.get("village_decisions", [])]
        everything = sorted(articles + albums, key=lambda item: item.date, reverse=True)
        # Posts first, so their times depend on posts alone (what the feed cache keys on); albums
        # share the 全部文章 feed with them and so their times. The other feeds each stand alone.
        times = EntryTimes()
        times.add(articles)
        times.add(albums)
        for separate in (inquiries, disclosures, decisions):
            times.next_feed()
            times.add(separate)
        os.makedirs(os.path.join(self.output_path, FEEDS_DIR), exist_ok=True)
        site_updated = max(
            (a.modified or a.date for a in articles),
            default=datetime.datetime(2000, 1, 1, tzinfo=ZoneInfo(self.settings["TIMEZONE"])),
        )
        cache = cache_of(self.settings)
        for feed in feed_list(self.settings):
            if feed.get("albums"):
                chosen = albums[:limit]
            elif feed.get("inquiries"):
                chosen = inquiries[:limit]
            elif feed.get("disclosures"):
                chosen = disclosures[:limit]
            elif feed.get("decisions"):
                chosen = decisions[:limit]
            elif feed.get("category"):
                chosen = [a for a in articles if a.category.name == feed["category"]][:limit]
            else:
                chosen = everything[:limit]
            key = cache.key("feed", {**self.context, "output_file": feed["atom"], "articles": chosen}, {"articles"})
            if cache.reuse_files((feed["atom"], feed["rss"]), key, self.output_path):
                continue
            fg = self._feed(feed, chosen, site_updated, times)
            fg.atom_file(os.path.join(self.output_path, feed["atom"]), pretty=True)
            set_links(fg, f"{self.settings['VILLAGE']['site_url']}/{feed['rss']}", self.settings["VILLAGE"]["site_url"])
            fg.rss_file(os.path.join(self.output_path, feed["rss"]), pretty=True)


def get_generators(pelican):
    return VillageFeedGenerator
