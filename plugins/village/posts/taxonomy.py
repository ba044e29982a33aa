"""Stable, collision-free slugs for tags, authors, posts and pages; categories' descriptions and feeds.

Pinyin turns homophones into one slug (致富 and 支付 are both zhi-fu) and Pelican would silently
merge their pages; names sharing a toneless slug get tone-numbered slugs instead (zhi4-fu4, zhi1-fu4).
Posts (one month's) and pages that would share an address get distinct ones the same way.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from village.posts.reader import AUTO_SLUG_KEY
from village.source import slugs
from village.state import report_of


def assign_slugs(wrappers) -> None:
    """Give every URL wrapper (Tag or Author) a slug no other name shares."""
    by_name = defaultdict(list)
    for wrapper in wrappers:
        by_name[wrapper.name].append(wrapper)
    groups = defaultdict(set)
    for name in by_name:
        groups[slugs.slugify(name) or "x"].add(name)
    final: dict[str, str] = {}
    for plain, names in groups.items():
        if len(names) == 1:
            final[next(iter(names))] = plain
            continue
        toned = {name: slugs.slugify(name, tones=True) or plain for name in names}
        for name, slug in toned.items():
            if list(toned.values()).count(slug) > 1:  # same sound and tone: fall back to a hash
                slug = f"{slug}-{hashlib.sha1(name.encode()).hexdigest()[:6]}"
            final[name] = slug
    for name, items in by_name.items():
        for wrapper in items:
            wrapper.slug = final[name]


def on_pretaxonomy(generator) -> None:
    articles = (
        generator.articles + generator.translations + generator.drafts
        + generator.drafts_translations + generator.hidden_articles + generator.hidden_translations
    )
    assign_slugs([tag for article in articles for tag in getattr(article, "tags", [])])
    assign_slugs([author for article in articles for author in getattr(article, "authors", [])])
    describe_categories([article.category for article in articles], generator.settings["VILLAGE_CATEGORIES"])
    distinct_addresses(articles, report_of(generator.settings))


def on_pages_read(generator) -> None:
    pages = generator.pages + generator.translations + generator.hidden_pages + generator.hidden_translations + generator.draft_pages + generator.draft_translations
    distinct_addresses(pages, report_of(generator.settings))


def _save_as(item) -> str:
    try:
        return item._expand_settings("save_as")  # the published address, whatever the item's status
    except (KeyError, ValueError, AttributeError):
        return item.slug


def distinct_addresses(items, report) -> None:
    """Posts or pages whose slugs came from titles that read alike get distinct addresses.

    The earliest (by date, then file name) keeps its plain slug, so a post added later never moves
    one already published; the others get tone numbers (zhi1-fu4), and the same title gets -2, -3.
    A slug written by hand (网址:) is never changed: two of those clashing is validation's error.
    """
    groups = defaultdict(list)
    for item in items:
        # drafts (and posts whose date is wrong) are written nowhere (DRAFT_SAVE_AS = ""): no clash
        address = None if hasattr(item, "override_save_as") else _save_as(item)
        if address:
            groups[address].append(item)
    taken = set(groups)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda i: (
            bool(i.metadata.get(AUTO_SLUG_KEY)), i.date.timestamp() if getattr(i, "date", None) else 0.0, i.source_path,
        ))
        for index, item in enumerate(group[1:], start=1):
            if not item.metadata.get(AUTO_SLUG_KEY):
                continue
            plain, plain_address = item.slug, _save_as(item).removesuffix("index.html")
            twin = next((other for other in group[:index] if other.title == item.title), None)
            toned = [] if twin else [slugs.slugify(item.title, tones=True)]  # tones cannot tell a title from itself
            candidates = toned + [f"{plain}-{n}" for n in range(2, 1000)]
            for candidate in candidates:
                item.slug = candidate
                if candidate and candidate != plain and _save_as(item) not in taken:
                    break
            taken.add(_save_as(item))
            item.metadata["slug"] = item.slug
            address = f"/{_save_as(item).removesuffix('index.html')}"
            if twin is not None:
                report.warning(
                    item.source_path, None,
                    f"和 {report.relative(twin.source_path)} 标题相同，网址本来会重复，这一篇的网址自动改成了 {address}。"
                    "如果是同一篇文章存了两份，请删掉一份；想用别的网址，请加一行“网址: 英文网址”。",
                )
            elif item.slug not in toned:  # not a homophone told apart by its tones: the official expects the plain one
                report.warning(
                    item.source_path, None,
                    f"按标题生成的网址 /{plain_address} 已经是 {report.relative(group[0].source_path)} 的，"
                    f"这一篇的网址自动改成了 {address}。想用别的网址，请加一行“网址: 英文网址”。",
                )


def describe_categories(categories, configured: list[dict]) -> None:
    """Hand each Category its village.yml description and its feed, so templates print them
    instead of searching the category list for a match."""
    by_slug = {c["slug"]: c for c in configured}
    for category in categories:
        config = by_slug.get(category.slug)
        if config is not None:
            category.description = config["description"]
            category.feed = config.get("feed")
