"""Kinds of setting shared by village.yml and county.yml: each checks its own value and says in
Chinese what is wrong and what to write instead (the way MkDocs' config_options do)."""

from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Option:
    """One setting of village.yml: its label, its default, and how a value is checked. Each kind of
    setting is a subclass whose `check` returns the value to use and the problems, in Chinese.
    A setting without a default must be filled in."""

    def __init__(self, label: str, default=None):
        self.label = label
        self.default = default

    def check(self, value, label: str, at, data: dict) -> tuple[object, list[str]]:
        return value, []


def _not_text(value, label: str) -> list[str]:
    """A list or mapping where one line of text belongs (YAML reads [..] and {..} as such)."""
    if isinstance(value, (list, dict)):
        return [f"{label}应当是一行文字，写在冒号后面，不要用方括号、花括号或分几行的列表。现在写的是“{value}”。"]
    return []


class Text(Option):
    def check(self, value, label, at, data):
        problems = _not_text(value, label)
        return value, problems or ([] if str(value).strip() else [f"{label}不能是空的。"])


class OptionalText(Option):
    def __init__(self, label: str, default=""):
        super().__init__(label, default)

    def check(self, value, label, at, data):
        return str(value).strip(), _not_text(value, label)


class Url(Option):
    def check(self, value, label, at, data):
        parts = urlsplit(str(value))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return str(value), [f"{label}应当是完整网址，以 https:// 开头，例如 https://qinghe.example.cn。"]
        return str(value).rstrip("/"), []


class TimeZone(Option):
    def check(self, value, label, at, data):
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            return value, [f"{label}“{value}”不是时区名称。中国大陆写 Asia/Shanghai。"]
        return value, []


class PositiveInt(Option):
    def check(self, value, label, at, data):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return value, [f"{label}应当是一个正整数，例如 {self.default}，现在写的是“{value}”。"]
        return value, []


class DaysOrOff(Option):
    def check(self, value, label, at, data):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return value, [f"{label}应当是天数，例如 {self.default}；写 0 表示不提醒。现在写的是“{value}”。"]
        return value, []


class Choice(Option):
    def __init__(self, label: str, default: str, choices: tuple[str, ...]):
        super().__init__(label, default)
        self.choices = choices

    def check(self, value, label, at, data):
        if str(value) not in self.choices:
            return value, [f"{label}只能写 {' 或 '.join(self.choices)}，现在写的是“{value}”。"]
        return value, []


class OptionalDay(Option):
    """A day written 2026-12-01 (YAML reads it as a date) or left empty."""

    def check(self, value, label, at, data):
        import datetime as dt

        if value in ("", None):
            return None, []
        if isinstance(value, dt.date):
            return value, []
        try:
            return dt.date.fromisoformat(str(value).strip()), []
        except ValueError:
            return None, [f"{label}应当是一个日期，例如 2026-12-01；不需要就留空。现在写的是“{value}”。"]


def check_options(data: dict, options: dict[str, Option], at, default_of=None) -> tuple[dict, list[str]]:
    """Every option's value from `data` (its default when not written, or `default_of(option)`),
    checked; a missing value without a default is an error."""
    result: dict = {}
    errors: list[str] = []
    for key, option in options.items():
        value = data.get(key)
        if value is None:
            value = default_of(option) if default_of else option.default
        label = f"{at(key)}{key}（{option.label}）"
        if value is None:
            errors.append(f"{label}没有填写，这一项必须填。")
            continue
        result[key], problems = option.check(value, label, at, data)
        errors += problems
    return result, errors
