"""Interface text in the build's language: gettext catalogs (theme/translations/<code>/LC_MESSAGES/
messages.po, the Chinese text is the msgid), Jinja's i18n extension on every environment that
renders the theme, and dates and numbers written by Babel (CLDR) for that language.

Python code that puts a label on a page marks a fixed one with `N_()` and makes a composed one a
`Message` (a str: the Chinese, with its msgid and values); the template translates either with
`|tr` at render time, so no object of the build holds another language's text.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a label for extraction; the template translates it (`{{ label|tr }}`)."""
    return message


class Message(str):
    """A label Python puts on a page, e.g. Message("已 %(days)s 天", days=12). It *is* the Chinese
    text (so feeds, broadcasts, warnings and the county summary use it as any str), and carries its
    msgid (extraction finds the keyword `Message`) and values, so a template translates it with
    `|tr`. A value that is a Message (a status, a kind of 公开) is translated too."""

    msgid: str
    values: dict

    def __new__(cls, msgid: str, **values):
        self = super().__new__(cls, msgid % values if values else msgid)
        self.msgid, self.values = msgid, values
        return self

    def __reduce__(self):  # Pelican pickles content into its cache; forked writers send labels back
        return (_message, (self.msgid, self.values))

    def localize(self, gettext, local_date=None) -> str:  # not translate(): str.translate is in use
        text = gettext(self.msgid)
        if not self.values:
            return text

        def value(v):
            if isinstance(v, Message):
                return v.localize(gettext, local_date)
            return local_date(v.day) if isinstance(v, Day) and local_date else v

        return text % {k: value(v) for k, v in self.values.items()}


def _message(msgid: str, values: dict) -> Message:
    return Message(msgid, **values)


class Day(str):
    """A day inside a label: 2026年3月5日 as str, written by Babel in an edition (`|tr`)."""

    day: object

    def __new__(cls, day):
        self = super().__new__(cls, f"{day.year}年{day.month}月{day.day}日")  # as source.dates.chinese_date
        self.day = day
        return self

    def __reduce__(self):
        return (Day, (self.day,))
