"""Disclosure items in the 公开栏's Atom and RSS feeds."""

from __future__ import annotations

from types import SimpleNamespace

from markupsafe import Markup

from village.gongkai.items import TYPES, Item


class DisclosureFeedItem:
    """A disclosure item as the feed writer sees a post."""

    def __init__(self, item: Item):
        self.title = item.title
        self.url = item.url
        self.date = item.date
        self.metadata = {"summary": Markup.escape(item.summary or item.title)}
        self.authors = [SimpleNamespace(name=item.publisher)] if item.publisher else []  # 发布机构
        self.tags: list = []
        self.category = SimpleNamespace(name=f"{item.kind}公开", slug=TYPES[item.kind], url=item.type_url)
        self.item = item

    def render_key(self):
        """Everything this feed entry shows comes from the item (for the render cache)."""
        return self.item

    def get_content(self, siteurl: str) -> str:
        item = self.item
        meta = f"<p>索引号：{item.index_number}；事项：{item.subject}；期间：{item.period.label}；发布机构：{Markup.escape(item.publisher)}；公示期：{item.notice_label}。</p>"
        return meta + str(item.content)
