"""What the home page's first screen shows: pinned notices (置顶), items 正在公示, this month's
明白卡 and whom to call. Collected once every generator has read its content.

The result is plain data (titles, addresses, dates), so the render cache fingerprints the home
page by exactly what it shows: a new day that ends a pin or a 公示期 re-renders it.
"""

from __future__ import annotations

import datetime as dt

from village.i18n import Day
from village.source.dates import chinese_date, today
from village.state import report_of

ON_NOTICE_SHOWN = 3  # more than this and the first screen is gone; the rest are one tap away


def pinned_posts(articles: list, day: dt.date) -> tuple[list, list]:
    """(still pinned, pin expired): posts with 置顶, newest first. A pin lasts through its day."""
    pinned = [a for a in articles if getattr(a, "pinned_until", None)]
    pinned.sort(key=lambda a: a.date, reverse=True)
    return [a for a in pinned if a.pinned_until >= day], [a for a in pinned if a.pinned_until < day]


def warn_expired(settings, expired: list) -> None:
    for article in expired:
        report_of(settings).warning(
            article.source_path, getattr(article, "pinned_line", None),
            f"置顶已经在 {chinese_date(article.pinned_until)} 到期，首页不再置顶这篇文章（文章照常保留）。"
            "请删掉“置顶:”这一行；还要继续置顶，就改成新的截止日期，例如“置顶: "
            f"{(today(settings) + dt.timedelta(days=7)).isoformat()}”。",
        )


def home_now(context: dict, articles: list, day: dt.date) -> dict:
    """The first screen's blocks, as plain values for the template."""
    pinned, _ = pinned_posts(articles, day)
    items = [i for i in context.get("village_disclosures", []) if i.on_notice]
    cards = context.get("village_cards")
    monthly = cards.monthly[0] if cards is not None and cards.monthly else None
    contacts = cards.contacts if cards is not None and cards.contacts and cards.contacts.people else None
    contact_page = context.get("VILLAGE_CONTACT")
    return {
        "pinned": [
            {"title": a.title, "url": a.url, "until": a.pinned_until.isoformat(), "until_label": Day(a.pinned_until)}
            for a in pinned
        ],
        "on_notice": [
            {"title": i.title, "url": i.url, "until_label": Day(i.notice_end)} for i in items[:ON_NOTICE_SHOWN]
        ],
        "on_notice_more": max(len(items) - ON_NOTICE_SHOWN, 0),
        "disclosure_url": context["VILLAGE"].get("disclosure_url") if context.get("village_disclosures") else None,
        "monthly": {"label": monthly.label, "url": monthly.url} if monthly else None,
        "contacts_url": contacts.url if contacts else None,
        "contact_url": contact_page.url if contact_page else None,
    }


def on_all_content_known(generators) -> None:
    articles = next((g.articles for g in generators if hasattr(g, "articles")), [])
    settings = generators[0].settings
    context = generators[0].context
    day = today(settings)
    _, expired = pinned_posts(articles, day)
    warn_expired(settings, expired)
    now = home_now(context, articles, day)
    for generator in generators:
        generator.context["VILLAGE_NOW"] = now
