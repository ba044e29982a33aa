"""A small JSON summary of one village's build, for the county portal (county/portal.py).

Written only when VILLAGE_SUMMARY names a file (the county build sets it), into the site itself so
the summary is swapped in with the pages it describes and travels with them as a CI artifact. The
portal reads these files instead of re-reading every village's content.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from markupsafe import Markup

from village.cards.inquiries import inquiry_days
from village.gongkai.calendar import GRACE_DAYS, calendar
from village.gongkai.items import subjects_of
from village.output.generator import OutputGenerator
from village.source.dates import today
from village.state import state_of

SUMMARY_VERSION = 1
LATEST = 20  # posts per village the portal's timeline can draw from


def _iso(value) -> str:
    return value.isoformat() if value else ""


def compliance(items: list, subjects: dict, today_: dt.date) -> dict:
    """Disclosure calendar figures: periods due so far, how many were disclosed on time, overdue."""
    due = on_time = missed = 0
    for row in calendar(items, subjects, today_):
        for cell in row.cells:
            if cell.state == "due":
                continue
            due += 1
            if cell.state == "missed":
                missed += 1
            elif cell.item.date.date() <= cell.period.end + dt.timedelta(days=GRACE_DAYS):
                on_time += 1
    return {"periods_due": due, "on_time": on_time, "overdue_periods": missed,
            "on_time_rate": round(on_time / due, 3) if due else None}


def summary(context: dict, settings) -> dict:
    village = settings["VILLAGE"]
    today_ = today(settings)
    articles = list(context.get("articles", []))
    items = list(context.get("village_disclosures", []))
    limit = inquiry_days(settings)
    inquiries = list(context.get("village_inquiries", []))
    columns: dict[str, str] = {}
    for article in articles:  # newest first: the first post of a category is its last update
        columns.setdefault(str(article.category), _iso(article.date))
    state = state_of(settings)
    updated = context.get("VILLAGE_UPDATED")
    return {
        "version": SUMMARY_VERSION,
        "name": village["name"],
        "site_url": village["site_url"],
        "emblem": village.get("emblem", ""),
        "today": today_.isoformat(),
        "updated": _iso(updated),
        "days_since_update": (today_ - updated.date()).days if updated else None,
        "posts": len(articles),
        "latest": [
            {"title": a.title, "url": a.url, "date": _iso(a.date), "category": str(a.category),
             "summary": Markup(getattr(a, "summary", "") or "").striptags()[:120]}
            for a in articles[:LATEST]
        ],
        "on_notice": [
            {"title": i.title, "url": i.url, "date": _iso(i.date), "subject": i.subject, "notice_end": _iso(i.notice_end)}
            for i in items if i.on_notice
        ],
        "compliance": {
            **compliance(items, subjects_of(settings), today_),
            "disclosures": len(items),
            "columns": columns,
            "inquiries_open": sum(1 for q in inquiries if q.status == "办理中"),
            "inquiries_past_limit": sum(1 for q in inquiries if q.status == "办理中" and q.days_open > limit),
            "inquiry_days": limit,
        },
        "feeds": [{"title": f["title"], "atom": f["atom"], "rss": f["rss"]} for f in state.feeds],
    }


class SummaryGenerator(OutputGenerator):
    def generate_output(self, writer):
        name = self.settings.get("VILLAGE_SUMMARY")
        if not name:
            return
        data = summary(self.context, self.settings)
        with open(os.path.join(self.output_path, name), "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)


def get_generators(pelican_object):
    return SummaryGenerator
