"""The monthly finance chart: income and spending from 财务收支 tables' 合计 rows, as an SVG."""

from __future__ import annotations

from markupsafe import Markup, escape

from village.gongkai.items import Item
from village.gongkai.tables import amount_of, format_amount


def finance_by_month(items: list[Item]) -> dict[int, dict[int, tuple[float, float]]]:
    """year -> month -> (income, spending) from monthly 财务收支 tables' 合计 rows."""
    result: dict[int, dict[int, tuple[float, float]]] = {}
    for item in items:
        if item.kind != "财务" or item.period.kind != "monthly":
            continue
        for attachment in item.attachments:
            table = attachment.table
            total = table.total_row() if table else None
            income_col, spending_col = (table.column("收入"), table.column("支出")) if table else (None, None)
            if total is None or income_col is None or spending_col is None:
                continue
            income, spending = amount_of(total[income_col]) or 0.0, amount_of(total[spending_col]) or 0.0
            result.setdefault(item.period.year, {})[item.period.number] = (income, spending)
    return result


def finance_rows(months: dict[int, tuple[float, float]]) -> list[tuple[int, float | None, float | None, float | None]]:
    """The table under the chart: (month, income, spending, balance) from January to the last month
    with figures; a month in between that was never disclosed has None (shown as 未公开, never 0)."""
    last = max(months, default=0)
    rows: list[tuple[int, float | None, float | None, float | None]] = []
    for month in range(1, last + 1):
        if month in months:
            income, spending = months[month]
            rows.append((month, income, spending, income - spending))
        else:
            rows.append((month, None, None, None))
    return rows


def finance_chart(year: int, months: dict[int, tuple[float, float]], _=lambda text: text) -> Markup:
    """Income and spending per month as horizontal bars in an SVG drawn at build time (no JavaScript).

    Horizontal, one month a row, so a phone shows it at nearly its drawn size: its 15-unit text stays
    about 13 CSS px on a 360 px screen. A month never disclosed says 未公开 instead of an empty bar.
    """
    # The words, outside the f-strings below (extraction cannot look inside an f-string).
    month_label, missing = _("%(month)s月"), escape(_("未公开"))
    bar_title, income_label, spending_label = _("%(month)s月%(name)s %(amount)s 元"), _("收入"), _("支出")
    peak_label = _("最长 %(amount)s 万元")
    width, left, right, row, bar, top = 360, 44, 8, 40, 14, 30
    rows = finance_rows(months)
    height = top + row * len(rows) + 4
    peak = max((max(v) for v in months.values()), default=0) or 1
    span = width - left - right
    hatch_fill = f"url(#spending-hatch-{year})"
    parts = []
    for index, (month, income, spending, _balance) in enumerate(rows):
        y = top + index * row
        parts.append(f'<text x="{left - 6}" y="{y + row / 2 + 5:.1f}" text-anchor="end">{escape(month_label % {"month": month})}</text>')
        if income is None or spending is None:
            parts.append(
                f'<rect class="missing" x="{left}" y="{y + 4}" width="{span}" height="{row - 10}"/>'
                f'<text x="{left + 8}" y="{y + row / 2 + 5:.1f}">{missing}</text>'
            )
            continue
        for offset, (value, cls, name) in enumerate(((income, "income", income_label), (spending, "spending", spending_label))):
            w = max(value / peak * span, 1)
            fill = f' fill="{hatch_fill}"' if cls == "spending" else ""
            parts.append(
                f'<rect class="{cls}"{fill} x="{left}" y="{y + 4 + offset * (bar + 2)}" width="{w:.1f}" height="{bar}">'
                f"<title>{escape(bar_title % {'month': month, 'name': name, 'amount': format_amount(value)})}</title></rect>"
            )
    axis = f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - 4}" class="axis"/>'
    legend = (
        f'<rect class="income" x="{left}" y="4" width="14" height="14"/><text x="{left + 20}" y="17">{escape(income_label)}</text>'
        f'<rect class="spending" fill="{hatch_fill}" x="{left + 72}" y="4" width="14" height="14"/><text x="{left + 92}" y="17">{escape(spending_label)}</text>'
        f'<text x="{width - right}" y="17" text-anchor="end">{escape(peak_label % {"amount": f"{peak / 10000:.1f}"})}</text>'
    )
    label = _("%(year)s年每月收入和支出（元）") % {"year": year}
    # Spending is hatched as well as lighter, so the two bars differ without colour too.
    hatch = (
        f'<defs><pattern id="spending-hatch-{year}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#e8a06e"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a3b05" stroke-width="2"/></pattern></defs>'
    )
    return Markup(
        f'<svg class="finance-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{hatch}{legend}{axis}{''.join(parts)}</svg>"
    )
