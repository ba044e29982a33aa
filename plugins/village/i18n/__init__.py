"""Interface text in the build's language: gettext catalogs (theme/translations/<code>/LC_MESSAGES/
messages.po, the Chinese text is the msgid), Jinja's i18n extension on every environment that
renders the theme, and dates and numbers written by Babel (CLDR) for that language.

Python code that puts a label on a page marks a fixed one with `N_()` and makes a composed one a
`Message` (msgid plus values); the template translates either with `|tr` at render time, so no
object of the build holds another language's text, and str() of a Message stays the Chinese
(feeds, broadcasts and the county summary use it).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


def N_(message: str) -> str:
    """Marks a label for extraction; the template translates it (`{{ label|tr }}`)."""
    return message


@dataclass(frozen=True)
class Message:
    """A label with values, e.g. Message("已 %(days)s 天", days=12): the msgid is what extraction
    finds (the keyword `Message`), the values are put in after translation."""

    msgid: str
    values: tuple = ()

    def __init__(self, msgid: str, **values):
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "values", tuple(sorted(values.items())))

    def __str__(self) -> str:
        return self.msgid % dict(self.values)

    def __html__(self) -> str:  # printed without |tr: the Chinese, escaped as any text
        return Markup.escape(str(self))

    def translate(self, gettext) -> str:
        values = {k: v.translate(gettext) if isinstance(v, Message) else v for k, v in self.values}
        return gettext(self.msgid) % values
