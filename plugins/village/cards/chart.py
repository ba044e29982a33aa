"""Counts of 质询回音卡 for the notice board, and the yearly chart as inline SVG drawn at build time.

The chart never relies on colour alone: each status has its own fill pattern, a legend in words,
numbers above the bars, and the same figures in a table under the chart.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from village.i18n import N_, Message

STATUS_ORDER = (N_("已办结"), N_("办理中"), N_("暂缓办理"))
# fill, and the pattern that tells the statuses apart without colour
_FILLS = {"已办结": "#2e6b30", "办理中": "url(#chart-hatch)", "暂缓办理": "url(#chart-dots)"}


@dataclass
class MonthStats:
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    answered: int = 0  # cards with an answer date
    median_days: float | None = None

    @property
    def resolved(self) -> int:
        return self.counts.get("已办结", 0)

    @property
    def share(self) -> int | None:
        """已办结 as a whole percentage of all cards, or None for a month without cards."""
        return round(100 * self.resolved / self.total) if self.total else None

    @property
    def share_text(self) -> str:
        if not self.total:
            return Message("没有质询")
        return Message("办结率 %(share)s%%（共 %(total)s 件，已办结 %(resolved)s 件）", share=self.share, total=self.total, resolved=self.resolved)

    @property
    def median_label(self) -> str:
        if self.median_days is None:
            return ""
        return Message("%(days)s 天", days=format(self.median_days, "g"))

    @property
    def median_text(self) -> str:
        if self.median_days is None:
            return Message("还没有答复的质询")
        return Message("从收到到答复，用时中位数 %(median)s（按已答复的 %(answered)s 件计算）", median=self.median_label, answered=self.answered)

    @property
    def counts_text(self) -> str:
        done, doing, deferred = (self.counts.get(status, 0) for status in STATUS_ORDER)
        return Message("收到质询 %(total)s 件：已办结 %(done)s 件，办理中 %(doing)s 件，暂缓办理 %(deferred)s 件",
                       total=self.total, done=done, doing=doing, deferred=deferred)


def month_stats(inquiries) -> MonthStats:
    days = [i.days_to_answer for i in inquiries if i.days_to_answer is not None]
    counts = {status: sum(1 for i in inquiries if i.status == status) for status in STATUS_ORDER}
    return MonthStats(len(inquiries), counts, len(days), statistics.median(days) if days else None)


def _step(largest: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100):
        if largest / step <= 5:
            return step
    return 200


def year_chart(year: int, months: list[tuple[str, MonthStats]], _=lambda text: text) -> Markup:
    """Stacked bars of the cards received each month, by status; `_` is the build's gettext."""
    width, height = 640, 300
    left, right, top, bottom = 44, 10, 56, 250
    largest = max((stats.total for _key, stats in months), default=0) or 1
    step = _step(largest)
    ceiling = -(-largest // step) * step
    scale = (bottom - top) / ceiling
    slot = (width - left - right) / len(months)
    bar = min(30.0, slot * 0.6)
    total = sum(stats.total for _key, stats in months)
    resolved = sum(stats.resolved for _key, stats in months)
    # The words, outside the f-strings below (extraction cannot look inside an f-string).
    title = escape(_("%(year)s年每月收到的质询件数（按办理状态）") % {"year": year})
    bar_title, month_label = _("%(month)s月 %(status)s %(count)s 件"), _("%(month)s月")
    axis_label = escape(_("件数（柱子上的数字是当月收到的总件数）"))
    summary = _("%(year)s年共收到质询 %(total)s 件，已办结 %(resolved)s 件。每月的件数见下表。") % {"year": year, "total": total, "resolved": resolved}
    parts = [
        f'<svg class="card-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{title}</title>',
        f'<desc id="chart-desc">{escape(summary)}</desc>',
        "<defs>"
        '<pattern id="chart-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffe1a8"/><rect width="3" height="6" fill="#8a4b00"/></pattern>'
        '<pattern id="chart-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#e3e6ea"/><circle cx="3" cy="3" r="1.6" fill="#3c4043"/></pattern>'
        "</defs>",
    ]
    # Legend: a swatch and the status in words.
    x = left
    for status in STATUS_ORDER:
        parts.append(f'<rect x="{x}" y="12" width="16" height="16" fill="{_FILLS[status]}" stroke="#1c1e21" stroke-width="1"/>')
        parts.append(f'<text x="{x + 22}" y="25" font-size="14" fill="#1c1e21">{status}</text>')
        x += 112
    for value in range(0, ceiling + 1, step):
        y = bottom - value * scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#c9ccd1" stroke-width="1"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="#3c4043">{value}</text>')
    for index, (key, stats) in enumerate(months):
        month = int(key[5:])
        center = left + slot * index + slot / 2
        y = float(bottom)
        for status in STATUS_ORDER:
            count = stats.counts.get(status, 0)
            if not count:
                continue
            h = count * scale
            label = escape(bar_title % {"month": month, "status": _(status), "count": count})
            y -= h
            parts.append(
                f'<rect x="{center - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{_FILLS[status]}"'
                f' stroke="#1c1e21" stroke-width="1"><title>{label}</title></rect>'
            )
        if stats.total:
            parts.append(f'<text x="{center:.1f}" y="{y - 6:.1f}" font-size="13" text-anchor="middle" fill="#1c1e21">{stats.total}</text>')
        parts.append(f'<text x="{center:.1f}" y="{bottom + 20}" font-size="13" text-anchor="middle" fill="#1c1e21">{escape(month_label % {"month": month})}</text>')
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}" stroke="#1c1e21" stroke-width="1.5"/>')
    parts.append(f'<text x="{left}" y="{height - 8}" font-size="12" fill="#3c4043">{axis_label}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
