"""The county portal, written at the top of output/ from the villages' build summaries.

It never reads a village's content: each village's build leaves village-summary.json (posts,
正在公示, compliance figures, feeds) and its feeds; the portal is made from those alone, so a
one-village edit rebuilds that village and this, nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from jinja2 import Environment, FileSystemLoader, select_autoescape
from village.source.slugs import slugify

from county.build import STATE_DIR, SUMMARY_FILE
from county.config import County, Village

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
THEME_SEARCH_JS = Path(__file__).resolve().parent.parent / "theme" / "static" / "js" / "search.js"
TIMELINE = 60  # posts on each timeline page
FEED_ITEMS = 50
STALE_DAYS = 14  # a news column silent two weeks fails the national inspection


@dataclass
class Entry:
    """A village as the portal shows it."""

    village: Village
    summary: dict | None  # None: never built successfully
    status: dict = field(default_factory=dict)  # the last run's result (county/build.py)
    url: str = ""

    @property
    def failed(self) -> bool:
        return self.status.get("result") == "failed"

    @property
    def status_label(self) -> str:
        if self.summary is None:
            return "还没有生成成功"
        if self.failed:
            return "最近一次生成失败，显示的是上次成功的版本"
        days = self.summary.get("days_since_update")
        if days is not None and days > STALE_DAYS:
            return f"已 {days} 天没有更新"
        return "正常"

    @property
    def status_class(self) -> str:
        return "ok" if self.status_label == "正常" else "warn"

    @property
    def compliance(self) -> dict:
        return (self.summary or {}).get("compliance", {})

    @property
    def stale_columns(self) -> list[tuple[str, int]]:
        """Columns silent longer than STALE_DAYS, with their days."""
        today_ = dt.date.fromisoformat(self.summary["today"]) if self.summary else dt.date.today()
        columns = [(name, (today_ - dt.datetime.fromisoformat(when).date()).days) for name, when in self.compliance.get("columns", {}).items()]
        return sorted([c for c in columns if c[1] > STALE_DAYS], key=lambda c: -c[1])

    def behind(self) -> tuple:
        """Sort key: the village most behind first."""
        c = self.compliance
        rate = c.get("on_time_rate")
        # Never built, then never disclosed anything (its calendar cannot even start), then overdue periods…
        return (self.summary is not None, bool(c.get("disclosures")), -(c.get("overdue_periods") or 0), 1.0 if rate is None else rate,
                -(c.get("inquiries_past_limit") or 0), -((self.summary or {}).get("days_since_update") or 0))


def _entries(county: County, output: Path, base: str) -> list[Entry]:
    entries = []
    for village in county.villages:
        summary_file = output / village.township_slug / village.slug / SUMMARY_FILE
        summary = json.loads(summary_file.read_text("utf-8")) if summary_file.is_file() else None
        status_file = county.root / STATE_DIR / "status" / f"{village.township_slug}.{village.slug}.json"
        status = json.loads(status_file.read_text("utf-8")) if status_file.is_file() else {}
        entries.append(Entry(village, summary, status, f"{base}/{village.key}/"))
    return entries


def _posts(entries: list[Entry]) -> list[dict]:
    """Every village's latest posts, newest first, each knowing its village."""
    posts = []
    for entry in entries:
        for post in (entry.summary or {}).get("latest", []):
            posts.append({**post, "village": entry, "href": entry.url + post["url"], "category_slug": slugify(post["category"]) or "other",
                          "day": post["date"][:10]})
    return sorted(posts, key=lambda p: p["date"], reverse=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def build_portal(county: County, output: Path, publish: bool = False) -> Path:
    """Write the portal pages, OPML, county feeds and search page at the top of output/."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    base = county.site_url if publish else ""
    entries = _entries(county, output, base)
    posts = _posts(entries)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(), trim_blocks=True, lstrip_blocks=True)
    townships = {}
    for entry in entries:
        townships.setdefault(entry.village.township_slug, entry.village.township)
    categories = {}
    for post in posts:
        categories.setdefault(post["category_slug"], post["category"])
    on_notice = sorted(
        ({**item, "village": e, "href": e.url + item["url"]} for e in entries for item in (e.summary or {}).get("on_notice", [])),
        key=lambda i: i["notice_end"],
    )
    common = {"county": county, "base": base, "townships": townships, "categories": categories}

    def page(relative: str, template: str, **context) -> None:
        _write(output / relative, env.get_template(template).render(**common, **context))

    page("index.html", "index.html", entries=entries, posts=posts[:20], on_notice=on_notice[:10])
    page("dongtai/index.html", "timeline.html", posts=posts[:TIMELINE], heading="全县动态", current="")
    for slug, name in townships.items():
        own = [p for p in posts if p["village"].village.township_slug == slug]
        page(f"dongtai/{slug}/index.html", "timeline.html", posts=own[:TIMELINE], heading=f"{name}动态", current=slug)
    for slug, name in categories.items():
        own = [p for p in posts if p["category_slug"] == slug]
        page(f"dongtai/fenlei/{slug}/index.html", "timeline.html", posts=own[:TIMELINE], heading=f"{name}·全县动态", current=f"fenlei/{slug}")
    page("gongshi/index.html", "on_notice.html", items=on_notice)
    page("gongkai-qingkuang/index.html", "compliance.html", entries=sorted(entries, key=Entry.behind), stale_days=STALE_DAYS)
    page("search/index.html", "search.html")
    _write(output / "search" / "bundles.json", json.dumps({"bundles": _bundles(entries, output)}, ensure_ascii=False))
    _write(output / "feeds.opml", opml(county, entries))
    _county_feeds(county, entries, output)
    shutil.copytree(STATIC, output / "county-static", dirs_exist_ok=True)
    # the villages' own search script: it merges the bundles listed in search/bundles.json
    shutil.copy(THEME_SEARCH_JS, output / "county-static" / "search.js")
    return output


def _bundles(entries: list[Entry], output: Path) -> list[str]:
    """Every shard of every village's Pagefind index, for the county search to merge."""
    bundles = []
    for entry in entries:
        shards = output / entry.village.key / "pagefind" / "shards.json"
        if entry.summary is not None and shards.is_file():
            bundles += [f"{entry.url}pagefind/{name}/" for name in json.loads(shards.read_text("utf-8"))["shards"]]
    return bundles


def opml(county: County, entries: list[Entry]) -> str:
    """OPML 2.0 listing every village's feeds (Atom), grouped by township, for officials' readers."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_x(county.name)}·各村订阅源</title></head>", "  <body>"]
    by_township: dict[str, list[Entry]] = {}
    for entry in entries:
        by_township.setdefault(entry.village.township, []).append(entry)
    for township, own in by_township.items():
        lines.append(f"    <outline text={quoteattr(township)}>")
        for entry in own:
            if entry.summary is None:
                continue
            site = entry.summary["site_url"]
            lines.append(f"      <outline text={quoteattr(entry.village.name)}>")
            for feed in entry.summary["feeds"]:
                lines.append(f'        <outline type="rss" text={quoteattr(feed["title"])} title={quoteattr(feed["title"])}'
                             f' xmlUrl={quoteattr(site + "/" + feed["atom"])} htmlUrl={quoteattr(site + "/")}/>')
            lines.append("      </outline>")
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _x(text: str) -> str:
    return quoteattr(text)[1:-1]


ATOM = "{http://www.w3.org/2005/Atom}"


def _village_feed_entries(entry: Entry, output: Path) -> list[dict]:
    """The entries of a village's 全部文章 Atom feed (already absolute and checked by its build)."""
    from lxml import etree

    path = output / entry.village.key / "feeds" / "all.atom.xml"
    if entry.summary is None or not path.is_file():
        return []
    items = []
    for node in etree.parse(str(path)).getroot().findall(f"{ATOM}entry"):
        link = next((lnk.get("href") for lnk in node.findall(f"{ATOM}link") if lnk.get("rel", "alternate") == "alternate"), "")
        items.append({
            "id": node.findtext(f"{ATOM}id"), "title": node.findtext(f"{ATOM}title"), "link": link,
            "published": dt.datetime.fromisoformat(node.findtext(f"{ATOM}published") or node.findtext(f"{ATOM}updated")),
            "updated": dt.datetime.fromisoformat(node.findtext(f"{ATOM}updated")),
            "content": node.findtext(f"{ATOM}content") or "", "summary": node.findtext(f"{ATOM}summary") or "",
            "authors": [a.findtext(f"{ATOM}name") for a in node.findall(f"{ATOM}author")] or [entry.village.name],
            "categories": [(c.get("term"), c.get("label")) for c in node.findall(f"{ATOM}category")],
            "village": entry.village,
        })
    return items


def _county_feeds(county: County, entries: list[Entry], output: Path) -> None:
    """feeds/all.atom.xml and feeds/all.rss.xml: the newest posts of every village."""
    from feedgen.feed import FeedGenerator

    items = sorted((i for e in entries for i in _village_feed_entries(e, output)), key=lambda i: i["published"], reverse=True)[:FEED_ITEMS]
    # Feed readers sort by time: two villages' posts of the same minute get distinct times.
    taken: set = set()
    for item in sorted(items, key=lambda i: (i["published"], i["id"])):
        while item["published"] in taken:
            item["published"] += dt.timedelta(minutes=1)
        taken.add(item["published"])
    taken_updated: set = set()
    for item in sorted(items, key=lambda i: (i["updated"], i["id"])):
        item["updated"] = max(item["updated"], item["published"])
        while item["updated"] in taken_updated:
            item["updated"] += dt.timedelta(minutes=1)
        taken_updated.add(item["updated"])
    site = county.site_url
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(f"{site}/feeds/all.atom.xml")
    fg.title(f"{county.name}·各村动态")
    fg.subtitle(county.description or county.name)
    fg.author({"name": county.name})
    fg.link(href=f"{site}/feeds/all.atom.xml", rel="self", replace=True)
    fg.link(href=f"{site}/", rel="alternate")
    fg.language("zh-CN")
    fg.generator("村务网站县级门户（feedgen）")
    updated = max((i["updated"] for i in items), default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    fg.updated(updated)
    fg.lastBuildDate(updated)
    for item in items:
        fe = fg.add_entry(order="append")  # feedgen prepends by default, which would reverse the order
        fe.id(item["id"])
        fe.guid(item["id"], permalink=False)
        fe.title(f"{item['village'].name}：{item['title']}")
        fe.link(href=item["link"], rel="alternate")
        fe.published(item["published"])
        fe.updated(item["updated"])
        fe.summary(item["summary"] or item["title"], type="html")
        fe.description(item["summary"] or item["title"])
        fe.content(item["content"], type="html")
        for name in item["authors"]:
            fe.author({"name": name})
            fe.dc.dc_creator(name)
        for term, label in item["categories"]:
            fe.category(term=term, label=label)
        fe.category(term=item["village"].township_slug, label=item["village"].township)
    (output / "feeds").mkdir(exist_ok=True)
    fg.atom_file(str(output / "feeds" / "all.atom.xml"), pretty=True)
    fg.link(href=f"{site}/feeds/all.rss.xml", rel="self", replace=True)
    fg.link(href=f"{site}/", rel="alternate")
    fg.rss_file(str(output / "feeds" / "all.rss.xml"), pretty=True)
