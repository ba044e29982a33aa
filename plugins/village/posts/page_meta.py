"""What the templates show around a post: neighbours, related posts, the share QR code, the
canonical address, Open Graph and JSON-LD data, and when the site last changed.

Computed here, in Python, so the templates only print values.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import heapq
import json
import os
from pathlib import Path

from markupsafe import Markup

from village.i18n import Message
from village.output import qr
from village.source.dates import today
from village.state import report_of, state_of

RELATED_COUNT = 4


def page_path(output_file: str) -> str:
    """The site-relative URL of a written page: 'a/b/index.html' -> 'a/b/', 'index.html' -> ''."""
    output_file = str(output_file or "")
    if output_file == "index.html":
        return ""
    if output_file.endswith("/index.html"):
        return output_file[: -len("index.html")]
    return output_file


def qr_code_svg(url: str) -> str:
    return qr.svg(url)


def load_qr_codes(codes: dict[str, str], cache_file: Path | None, wanted: set[str]) -> None:
    """The codes kept from earlier builds for the addresses in `wanted`: a page's address, hence
    its code, rarely changes. The rest are made while the pages are written, on every core
    (output/render_cache.py)."""
    if cache_file is None:
        return
    try:
        stored = json.loads(cache_file.read_text("utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(stored, dict) and stored.get("key") == qr.version() and isinstance(stored.get("codes"), dict):
        codes.update((url, svg) for url, svg in stored["codes"].items() if url in wanted)


def save_qr_codes(codes: dict[str, str], cache_file: Path) -> None:
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache_file.with_suffix(".tmp")
    temporary.write_text(json.dumps({"key": qr.version(), "codes": codes}), "utf-8")
    os.replace(temporary, cache_file)


def _qr_cache_file(settings) -> Path | None:
    return Path(settings["CACHE_PATH"]) / "qr-codes.json" if settings.get("CACHE_PATH") else None


def qr_svg(url: str, label: str = "本页网址的二维码", *, state) -> Markup:
    """An inline SVG QR code of `url`, for 微信扫一扫 on screen and on paper."""
    svg = state.qr_codes.get(url)
    if svg is None:
        svg = state.qr_codes[url] = state.qr_codes_kept.get(url) or qr_code_svg(url)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1))


def _absolute(site_url: str, path: str) -> str:
    return f"{site_url}/{path}"


def article_jsonld(article, village: dict) -> Markup:
    """schema.org NewsArticle data for search engines, as a <script> body."""
    site_url = village["site_url"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "author": [{"@type": "Person", "name": author.name} for author in getattr(article, "authors", [])],
        "publisher": {"@type": "Organization", "name": village["name"], "url": f"{site_url}/"},
        "mainEntityOfPage": _absolute(site_url, article.url),
        "inLanguage": "zh-CN",
        "articleSection": str(article.category),
    }
    if getattr(article, "share_image", None):
        data["image"] = [_absolute(site_url, article.share_image)]
    if getattr(article, "tags", None):
        data["keywords"] = [tag.name for tag in article.tags]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "<" could start a closing or nested tag: JSON's \u escapes read the same.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def link_neighbours_and_related(articles: list) -> None:
    """Set older/newer neighbours and up to four related posts (most shared tags, then newest)."""
    by_tag: dict[str, list[int]] = collections.defaultdict(list)
    for index, article in enumerate(articles):  # newest first, as Pelican orders them
        for tag in getattr(article, "tags", []):
            by_tag[tag.name].append(index)
    count = len(articles)
    for index, article in enumerate(articles):
        article.newer_post = articles[index - 1] if index > 0 else None
        article.older_post = articles[index + 1] if index + 1 < count else None
        shared: collections.Counter = collections.Counter()
        for tag in getattr(article, "tags", []):
            shared.update(by_tag[tag.name])  # counted in C: sites with big tags stay fast
        shared.pop(index, None)
        # More shared tags first, then the newer post (a smaller index).
        best = heapq.nlargest(RELATED_COUNT, shared.items(), key=lambda item: item[1] * count - item[0])
        article.related_posts = [articles[i] for i, _ in best]


def last_updated(articles: list, pages: list) -> dt.datetime | None:
    """When the published content last changed: the newest publication or modification date."""
    dates = [d for item in list(articles) + list(pages) for d in (getattr(item, "date", None), getattr(item, "modified", None)) if d]
    return max(dates) if dates else None


def warn_if_stale(settings, updated: dt.datetime | None) -> None:
    """A home page older than stale_days (village.yml, 0 = off) looks abandoned to villagers."""
    limit = settings["VILLAGE"].get("stale_days", 14)
    if updated is None or not limit:
        return
    days = (today(settings) - updated.date()).days
    if days > limit:
        report_of(settings).warning(
            "content/posts", None,
            f"网站已经 {days} 天没有更新了（最近一次是 {updated:%Y-%m-%d}）。超过 {limit} 天不更新，"
            "村民会以为没人管。请发一条村里的近况，最快的办法是 invoke new --kind 微博 --category 村务。",
        )


def on_all_content_known(generators) -> None:
    articles, pages = [], []
    for generator in generators:
        if hasattr(generator, "articles"):
            articles = generator.articles
        if hasattr(generator, "pages"):
            pages = generator.pages
    link_neighbours_and_related(articles)
    settings = generators[0].settings
    state = state_of(settings)
    with state.stopwatch.stage("qr"):
        site_url = settings["VILLAGE"]["site_url"]
        load_qr_codes(state.qr_codes_kept, _qr_cache_file(settings), {f"{site_url}/{item.url}" for item in [*articles, *pages]})
    updated = last_updated(articles, pages)
    warn_if_stale(settings, updated)
    contact = contact_page(generators[0].settings, pages)
    # Pelican writes no page for a category without posts: the header must not link to one.
    used = {str(article.category) for article in articles}
    for category in generators[0].settings["VILLAGE_CATEGORIES"]:
        category["has_posts"] = category["name"] in used
    for generator in generators:
        generator.context["VILLAGE_UPDATED"] = updated
        generator.context["VILLAGE_CONTACT"] = contact


def on_finalized(pelican) -> None:
    """Keep the codes of this site's pages for the next build: those shown now, and those of pages
    carried over unchanged (which asked for none)."""
    settings = pelican.settings
    cache_file = _qr_cache_file(settings)
    state = state_of(settings)
    if cache_file is None or not state.qr_codes:
        return
    with state.stopwatch.stage("qr"):
        save_qr_codes({**state.qr_codes_kept, **state.qr_codes}, cache_file)


def contact_page(settings, pages: list):
    """The page 联系我们 links to (village.yml contact_page), or None when it is not set."""
    slug = settings["VILLAGE"].get("contact_page", "")
    if not slug:
        return None
    page = next((p for p in pages if p.slug == slug), None)
    if page is None:
        known = "、".join(sorted(p.slug for p in pages)) or "（还没有页面）"
        report_of(settings).error(
            "village.yml", None,
            f"contact_page（“联系我们”页面）写的是“{slug}”，但 content/pages/ 里没有网址名为 {slug} 的页面。"
            f"现有页面的网址名：{known}。请写其中一个，或新建这个页面，或留空不显示“联系我们”。",
        )
    return page


def period_label(period_num: tuple[int, ...]) -> str:
    """A year or month archive's name as a villager says it: 2026年 / 2026年11月 (Pelican's own
    period names the month in English)."""
    if len(period_num) > 1:
        return Message("%(year)s年%(month)s月", year=period_num[0], month=period_num[1])
    return Message("%(year)s年", year=period_num[0])


def jinja_filters(state) -> dict:
    """Filters for one build: QR codes come from that build's state."""
    return {
        "page_path": page_path, "qr_svg": functools.partial(qr_svg, state=state), "article_jsonld": article_jsonld,
        "period_label": period_label,
    }
