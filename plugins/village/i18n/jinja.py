"""The theme's Jinja environments in the build's language: the i18n extension with the build's
catalog (newstyle gettext: `{{ _("首页") }}`, `{{ _("第 %(n)s 页", n=number) }}`) and the filters
that write dates and numbers the way the language does (CLDR, through Babel)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import pass_environment
from markupsafe import Markup

from village.editions.languages import LANGUAGES, language_of
from village.i18n import Day, Message
from village.i18n.catalogs import translations_of
from village.source.dates import chinese_date

# CLDR has no month words for mn_Mong (its long date is "2026 M03 5"): the pattern says 年 (on-u), 月 (sar-a-yin), 日.
DATE_PATTERNS = {"mn": "y 'ᠣᠨ ᠤ' M 'ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ' d"}


def install(env, settings) -> None:
    """Give `env` the build's catalog; every environment that renders theme templates calls this."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    translations = translations_of(settings)
    env.install_gettext_translations(translations, newstyle=True)
    env.village_gettext = translations.gettext  # for |tr: labels Python made
    env.village_local_date = LocalDate(language_of(settings).code)
    env.filters["tr"] = translate


def on_generator_init(generator) -> None:
    install(generator.env, generator.settings)


def _babel_locale(code: str) -> str:
    return LANGUAGES[code].babel_locale if code in LANGUAGES else ""  # "": the Chinese site


@dataclass(frozen=True)
class LocalDate:
    """`{{ day|local_date }}`: 2026年3月5日 in Chinese (as the site always wrote it), CLDR's long
    date in an edition. A class, not a closure: Pelican pickles its settings."""

    code: str

    def __call__(self, value) -> str:
        day = value.date() if isinstance(value, dt.datetime) else value
        locale = _babel_locale(self.code)
        if not locale:
            return chinese_date(day)
        return format_date(day, DATE_PATTERNS.get(self.code, "long"), locale=locale)


@dataclass(frozen=True)
class LocalNumber:
    """`{{ count|number }}`: the number as the language writes it (unchanged in Chinese)."""

    code: str

    def __call__(self, value) -> str:
        locale = _babel_locale(self.code)
        if not locale or not isinstance(value, (int, float, Decimal)):
            return str(value)
        return format_decimal(value, locale=locale)


def jinja_filters(settings) -> dict:
    """The filters Pelican adds to its environments (|tr comes with the catalog, from install)."""
    code = language_of(settings).code
    return {"local_date": LocalDate(code), "number": LocalNumber(code), "bdi": isolate}


def isolate(value) -> Markup:
    """`{{ name|bdi }}`: a name or number set apart from the sentence around it, so a Chinese
    name or a phone number keeps its order inside right-to-left text."""
    return Markup("<bdi>{}</bdi>").format(value)


@pass_environment
def translate(env, value):
    """`{{ label|tr }}`: a label Python made (N_() or Message) in the build's language."""
    gettext = getattr(env, "village_gettext", None) or (lambda s: s)
    local_date = getattr(env, "village_local_date", None)
    if isinstance(value, Message):
        return value.localize(gettext, local_date)
    if isinstance(value, Day):
        return local_date(value.day) if local_date else value
    if isinstance(value, str) and value and not isinstance(value, Markup):
        return gettext(value)
    return value
