"""质询回音卡 in the site's feeds (output/feeds.py writes them with the posts' feed code)."""

from __future__ import annotations

import html
from types import SimpleNamespace

from village.cards.inquiries import INQUIRIES_URL, Inquiry


class InquiryFeedItem:
    """A 质询回音卡 as the feed writer sees a post: title, address, dates, summary and HTML."""

    def __init__(self, inquiry: Inquiry):
        self.inquiry = inquiry
        self.title = f"{inquiry.title}（{inquiry.status}）"
        self.url = inquiry.url
        self.date = inquiry.received
        self.modified = inquiry.modified
        self.metadata = {"summary": html.escape(inquiry.summary or inquiry.title)}
        self.authors = [SimpleNamespace(name=inquiry.handler)] if inquiry.handler else []  # 经办人, as published
        self.tags: list = []
        self.category = SimpleNamespace(name="质询回音卡", slug="inquiries", url=INQUIRIES_URL)

    def render_key(self):
        """Everything this feed entry shows comes from the inquiry (for the render cache)."""
        return self.inquiry

    def get_content(self, siteurl: str) -> str:
        item = self.inquiry
        rows = [("收到日期", html.escape(item.received_label)), ("质询人", html.escape(item.inquirer)), ("质询内容", item.content)]
        if item.measures:
            rows.append(("办理措施", item.measures))
        rows.append(("办理状态", html.escape(item.status)))
        if item.answered:
            rows.append(("答复日期", html.escape(item.answered_label)))
        if item.reason:
            rows.append(("客观原因", item.reason))
        return "<dl>" + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows) + "</dl>"
