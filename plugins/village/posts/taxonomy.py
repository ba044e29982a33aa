"""Stable, collision-free slugs for tags and authors; categories' descriptions and feeds.

Pinyin turns homophones into one slug (致富 and 支付 are both zhi-fu) and Pelican would silently
merge their pages; names sharing a toneless slug get tone-numbered slugs instead (zhi4-fu4, zhi1-fu4).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from village.source import slugs


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


def describe_categories(categories, configured: list[dict]) -> None:
    """Hand each Category its village.yml description and its feed, so templates print them
    instead of searching the category list for a match."""
    by_slug = {c["slug"]: c for c in configured}
    for category in categories:
        config = by_slug.get(category.slug)
        if config is not None:
            category.description = config["description"]
            category.feed = config.get("feed")
