"""What every kind of content the plugin reads itself has in common, in the spirit of Pelican's
`Content`: albums, 公开 items, 四议两公开 matters, 明白卡 and 质询回音卡.

Each kind declares what officials call it and its default template, has the mandatory properties
(title, url, date, source_path) and gives the feeds one `FeedEntry`, the same shape output/feeds.py
makes from a Pelican post, so the feed writer has one way in instead of an adapter per type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

MANDATORY = ("title", "url", "date", "source_path")


class VillageContent:
    type_name: ClassVar[str]  # as officials call it: 相册, 公开事项…
    template: ClassVar[str]  # the template of its own page

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in ("type_name", "template"):
            if not isinstance(getattr(cls, name, None), str):
                raise TypeError(f"{cls.__name__} must name its {name}")
        declared = {name for klass in cls.__mro__ for name in getattr(klass, "__annotations__", {})}
        missing = [name for name in MANDATORY if name not in declared and not hasattr(cls, name)]
        if missing:
            raise TypeError(f"{cls.__name__} lacks {', '.join(missing)}")

    def feed_entry(self) -> FeedEntry:
        raise NotImplementedError(f"{type(self).__name__} is in no feed")


@dataclass(frozen=True)
class FeedCategory:
    name: str
    slug: str
    url: str  # site-relative


@dataclass(eq=False)
class FeedEntry:
    """One entry of a feed, whatever it was made from."""

    source: object  # what the entry shows: the render cache fingerprints this
    title: str
    url: str  # site-relative
    date: dt.datetime
    summary: str  # HTML
    category: FeedCategory
    body: Callable[[str], str]  # site URL -> HTML; called only when the feed is written
    authors: list[str] = field(default_factory=list)  # empty: the village speaks
    tags: list = field(default_factory=list)  # Pelican tags (name, slug, url)
    modified: dt.datetime | None = None

    def render_key(self):
        return self.source


def article_entry(article) -> FeedEntry:
    """A Pelican post or page as a feed entry."""
    return FeedEntry(
        source=article,
        title=article.title,
        url=article.url,
        date=article.date,
        summary=article.metadata.get("summary", "") or article.title,
        category=FeedCategory(article.category.name, article.category.slug, article.category.url),
        body=article.get_content,
        authors=[author.name for author in getattr(article, "authors", [])],
        tags=list(getattr(article, "tags", [])),
        modified=getattr(article, "modified", None),
    )
