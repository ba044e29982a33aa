"""The languages a village can publish an edition in, and what each needs from the page.

`code` is what officials write in village.yml and in a translation's 语言: line, and the edition's
URL prefix; `tag` is the BCP 47 tag written into lang and hreflang (Kazakh and Mongolian in China
are written in the Arabic and the traditional Mongolian script, not the Cyrillic the bare codes
imply).
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "zh-CN"  # the Chinese original every edition translates from; Pelican's DEFAULT_LANG of the main site


@dataclass(frozen=True)
class Language:
    code: str
    tag: str  # BCP 47, for lang= and hreflang=
    name: str  # its own name, as the edition switcher shows it
    chinese_name: str  # as officials call it: 维吾尔文
    direction: str = "ltr"  # "rtl" mirrors the whole layout
    vertical: bool = False  # traditional Mongolian is set top to bottom, lines left to right
    babel_locale: str = ""  # CLDR's locale in the script China writes it (bare kk and mn are Cyrillic); "" = Chinese
    comment_lang: str = SOURCE  # the 留言 widget's (Isso's) language: it has Korean, none of the other four

    @property
    def og_locale(self) -> str:
        """Open Graph's language_TERRITORY form (zh_CN, ug_CN), for the page's og:locale."""
        return f"{self.code.split('-')[0]}_CN"


LANGUAGES: dict[str, Language] = {
    "ug": Language("ug", "ug-Arab-CN", "ئۇيغۇرچە", "维吾尔文", direction="rtl", babel_locale="ug_CN"),
    "kk": Language("kk", "kk-Arab-CN", "قازاقشا", "哈萨克文", direction="rtl", babel_locale="kk_Arab_CN"),
    "mn": Language("mn", "mn-Mong-CN", "ᠮᠣᠩᠭᠣᠯ", "蒙古文", vertical=True, babel_locale="mn_Mong_CN"),
    "bo": Language("bo", "bo-CN", "བོད་ཡིག", "藏文", babel_locale="bo_CN"),
    "ko": Language("ko", "ko-CN", "조선어", "朝鲜文", babel_locale="ko_CN", comment_lang="ko"),
}

CHINESE = Language(SOURCE, SOURCE, "简体中文", "简体中文")


def language_of(settings) -> Language:
    """The language this build writes: Pelican's DEFAULT_LANG is zh-CN for the main site and an
    edition's code (ug, kk, mn, bo, ko) for that edition's build."""
    return LANGUAGES.get(settings.get("DEFAULT_LANG"), CHINESE)
