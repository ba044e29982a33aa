"""The monthly finance chart: income and spending from 财务收支 tables' 合计 rows, as an SVG."""

from __future__ import annotations

from markupsafe import Markup

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


def finance_rows(months: dict[int, tuple[float, float]]) -> list[tuple[int, float, float, float]]:
    """The table under the chart: (month, income, spending, balance) for each month with figures."""
    return [(month, income, spending, income - spending) for month, (income, spending) in sorted(months.items())]


def finance_chart(year: int, months: dict[int, tuple[float, float]]) -> Markup:
    """Income and spending per month as an SVG bar chart, drawn at build time (no JavaScript)."""
    width, height, left, bottom, top = 640, 260, 56, 36, 16
    peak = max((max(v) for v in months.values()), default=0) or 1
    scale = (height - bottom - top) / peak
    slot = (width - left - 8) / 12
    bars = []
    for month in range(1, 13):
        x = left + (month - 1) * slot
        if month in months:
            for offset, (value, cls) in enumerate(zip(months[month], ("income", "spending"))):
                h = value * scale
                fill = f' fill="url(#spending-hatch-{year})"' if cls == "spending" else ""
                bars.append(
                    f'<rect class="{cls}"{fill} x="{x + 4 + offset * (slot / 2 - 4):.1f}" y="{height - bottom - h:.1f}" '
                    f'width="{slot / 2 - 6:.1f}" height="{h:.1f}"><title>{month}月{"收入" if offset == 0 else "支出"} {format_amount(value)} 元</title></rect>'
                )
        bars.append(f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle">{month}月</text>')
    axis = (
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}" class="axis"/>'
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak / 10000:.1f}万</text>'
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>'
    )
    legend = (
        f'<rect class="income" x="{left}" y="0" width="12" height="12"/><text x="{left + 16}" y="11">收入</text>'
        f'<rect class="spending" fill="url(#spending-hatch-{year})" x="{left + 64}" y="0" width="12" height="12"/><text x="{left + 80}" y="11">支出</text>'
    )
    label = f"{year}年每月收入和支出（元）"
    # Spending is hatched as well as lighter, so the two bars differ without colour too.
    hatch = (
        f'<defs><pattern id="spending-hatch-{year}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#e8a06e"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a3b05" stroke-width="2"/></pattern></defs>'
    )
    return Markup(
        f'<svg class="finance-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{hatch}{legend}{axis}{''.join(bars)}</svg>"
    )
