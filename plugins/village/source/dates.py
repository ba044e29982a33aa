"""Parses the date forms officials type, in the village's time zone."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

_DATE = r"(?P<y>\d{4})(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日)"
_TIME = r"(?:[ T]+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?"
_PATTERN = re.compile(rf"^{_DATE}{_TIME}$")

EXAMPLES = "2024-05-01、2024-05-01 19:30、2024/5/1、2024.5.1、2024年5月1日 或 2024年5月1日 19:30"


class BadDate(ValueError):
    pass


def parse_date(text: str, timezone: str = "Asia/Shanghai") -> dt.datetime:
    """Return an aware datetime, or raise BadDate with a Chinese explanation."""
    value = text.strip()
    match = _PATTERN.match(value)
    if not match:
        raise BadDate(f"日期“{value}”的格式无法识别。请写成 {EXAMPLES}。")
    parts = match.groupdict()
    year = int(parts["y"])
    month = int(parts["m"] or parts["m2"])
    day = int(parts["d"] or parts["d2"])
    hour, minute, second = (int(parts[k] or 0) for k in ("H", "M", "S"))
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise BadDate(
            f"日期“{value}”不存在（{year} 年没有 {month} 月 {day} 日）。请检查月份（1-12）和日子。"
        ) from None
    if hour > 23 or minute > 59 or second > 59:
        raise BadDate(f"日期“{value}”中的时间不存在。时间请写成 0:00 到 23:59 之间，例如 19:30。")
    return dt.datetime(date.year, date.month, date.day, hour, minute, second, tzinfo=ZoneInfo(timezone))


def chinese_date(day: dt.date) -> str:
    """How the site writes a day: 2026年3月5日 (no leading zeros, as people write it)."""
    return f"{day.year}年{day.month}月{day.day}日"


def today(settings) -> dt.date:
    """The build's "today": VILLAGE_TODAY when a test or a re-run of an old day sets it."""
    value = settings.get("VILLAGE_TODAY")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        return dt.date.fromisoformat(value.strip())
    return dt.datetime.now(ZoneInfo(settings.get("TIMEZONE", "Asia/Shanghai"))).date()
