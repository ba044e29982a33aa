"""Translations and the editions they make: which file translates which, checked against every
original the build read, and what each edition's build and each page's hreflang links need.

The Chinese build reads every file, translations included (through the same readers, so every
check applies to them), pairs each translation with its original, keeps translations out of its
own listings, feeds, search and sitemap, and hands tools/build.py a plan per edition: the files
that edition publishes and at which addresses. Each edition's build (DEFAULT_LANG = its code)
reads only those files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from village.editions.languages import CHINESE, LANGUAGES, Language

PLAN_KEY = "VILLAGE_EDITION_PLAN"  # Pelican setting of an edition's build (a plain dict: settings are pickled)
TRANSLATION_KEY = "village_translation"  # a post's or page's metadata: its Marking as a dict

POST, PAGE, DISCLOSURE, CONTACTS = "文章", "页面", "公开事项", "便民联系卡"
MONTHLY, INQUIRY = "村情明白卡", "质询回音卡"
WHERE = {POST: "content/posts/", PAGE: "content/pages/", DISCLOSURE: "content/disclosures/", CONTACTS: "content/cards/",
         MONTHLY: "content/cards/明白卡/", INQUIRY: "content/cards/质询/"}


@dataclass
class Original:
    kind: str
    slug: str
    url: str  # relative to the site root, as the edition publishes it too
    save_as: str
    source: str
    date: dt.datetime | None = None


@dataclass
class Translation:
    kind: str
    source: str
    language: str
    original: str  # the 原文 slug as written
    line: int | None
    sample: bool
    title: str = ""
    paired: Original | None = None


@dataclass
class Editions:
    """What pages show of the editions (VILLAGE_BUILD.editions): every edition the village
    publishes, and for each page address the editions that have it."""

    enabled: list[Language] = field(default_factory=list)
    current: Language = CHINESE
    chinese_siteurl: str = ""  # links to the Chinese edition (root-relative in preview)
    chinese_site_url: str = ""  # absolute, for hreflang and the sitemap
    alternates: dict[str, list[str]] = field(default_factory=dict)  # page address -> codes of its translations
    own: frozenset[str] = frozenset()  # in an edition: the addresses of the translations it publishes

    SHARED = ("", "search/", "feeds/")  # pages every edition has

    @property
    def on(self) -> bool:
        return bool(self.enabled)

    def base(self, code: str, absolute: bool = True) -> str:
        root = self.chinese_site_url if absolute else self.chinese_siteurl
        return root if code == CHINESE.code else f"{root}/{code}"

    def languages_of(self, here: str) -> list[str]:
        """The codes of the editions that publish page `here` (the Chinese one first)."""
        if here in self.SHARED:
            return [CHINESE.code, *(lang.code for lang in self.enabled)]
        codes = self.alternates.get(here)
        return [CHINESE.code, *codes] if codes else []

    def hreflang(self, here: str, mirror=None) -> list[dict]:
        """<link rel=alternate hreflang> of page `here`: each edition that has it, and x-default
        (the Chinese page's own link is already there when the 繁體 `mirror` is on)."""
        codes = self.languages_of(here)
        if len(codes) < 2:
            return []
        links = [{"hreflang": _lang(code).tag, "href": f"{self.base(code)}/{here}"} for code in codes if not (mirror and code == CHINESE.code)]
        links.append({"hreflang": "x-default", "href": f"{self.chinese_site_url}/{here}"})
        return links

    def switcher(self, here: str) -> list[dict]:
        """The edition switcher: each edition by its own name; to this page where that edition has
        it, else to that edition's home page."""
        has = set(self.languages_of(here))
        items = []
        for lang in [CHINESE, *self.enabled]:
            path = here if lang.code in has else ""
            items.append({
                # 中文, not 简体中文: the 繁體 mirror shows this switcher too, beside its own 简/繁 link
                "name": "中文" if lang.code == CHINESE.code else lang.name, "tag": lang.tag, "dir": lang.direction, "current": lang.code == self.current.code,
                "href": f"{self.base(lang.code, absolute=False)}/{path}",
            })
        return items

    def href(self, path: str, siteurl: str) -> str:
        """A link to a post, page, 公开 item or card: in an edition, to its translation when the
        edition has one, else to the Chinese page (never to a page the edition lacks)."""
        if self.current.code == CHINESE.code or path in self.own:
            return f"{siteurl}/{path}"
        return self.chinese(path)

    def chinese(self, path: str) -> str:
        """A page only the Chinese edition has (the 公开栏, albums…), linked from an edition."""
        return f"{self.chinese_siteurl}/{path}"

    def render_key(self):
        return [[lang.code for lang in self.enabled], self.current.code, self.chinese_siteurl, self.chinese_site_url,
                sorted(self.alternates.items()), sorted(self.own)]


def _lang(code: str) -> Language:
    return CHINESE if code == CHINESE.code else LANGUAGES[code]


def editions_of(settings) -> Editions:
    """The editions as this build sees them: from village.yml in the Chinese build (alternates are
    filled once every original is read), from the plan in an edition's build."""
    village = settings.get("VILLAGE") or {}
    plan = settings.get(PLAN_KEY)
    enabled = [LANGUAGES[code] for code in village.get("editions") or []]
    if plan is None:
        return Editions(enabled, CHINESE, settings.get("SITEURL", ""), village.get("site_url", ""))
    return Editions(enabled, LANGUAGES[plan["code"]], plan["chinese_siteurl"], plan["chinese_site_url"],
                    {url: list(codes) for url, codes in plan["alternates"].items()},
                    frozenset(source["url"] for source in plan["sources"].values()))


# -- the Chinese build: pairing and checking ----------------------------------------------------


@dataclass
class Registry:
    """Every translation and every original the Chinese build read (BuildState.translations)."""

    translations: list[Translation] = field(default_factory=list)
    originals: dict[tuple[str, str], Original] = field(default_factory=dict)
    _read: list[tuple[str, object]] = field(default_factory=list)

    def add_original(self, kind: str, item) -> None:
        """A post, page, 公开 item or card that may be translated; its address is taken when pairing
        (taxonomy may still change a post's slug). Needs slug, url and source_path."""
        self._read.append((kind, item))

    def add_translation(self, kind: str, source: str, marking: dict, title: str) -> None:
        self.translations.append(Translation(kind, source, marking["language"], marking["original"], marking["line"],
                                             marking["sample"], title))

    def pair(self, report, settings) -> None:
        """Each translation with its original (same type), one language once per original; warns
        when the original changed after its translation."""
        from village.source.translation import last_changes

        for kind, item in self._read:
            url = item.url
            save_as = getattr(item, "save_as", None) or url + "index.html"
            self.originals.setdefault((kind, item.slug), Original(kind, item.slug, url, save_as, item.source_path, getattr(item, "date", None)))
            for alias in getattr(item, "translation_aliases", ()):  # a 公开 item is also found by its 索引号
                self.originals.setdefault((kind, alias), self.originals[(kind, item.slug)])
        seen: dict[tuple[str, str, str], Translation] = {}
        for t in sorted(self.translations, key=lambda t: t.source):
            original = self.originals.get((t.kind, t.original))
            if original is None:
                other = next((o for (kind, slug), o in self.originals.items() if slug == t.original), None)
                if other is not None:
                    report.error(t.source, t.line, f"“原文: {t.original}”是一篇{other.kind}（{Path(other.source).name}），"
                                                   f"这个译文却是{t.kind}。译文要和原文是同一种内容，放在原文旁边。")
                else:
                    same_kind = [slug for kind, slug in self.originals if kind == t.kind]
                    guess = difflib.get_close_matches(t.original, same_kind, n=1, cutoff=0.6)
                    hint = f"是不是“{guess[0]}”？" if guess else ""
                    report.error(t.source, t.line, f"找不到原文“{t.original}”：{hint}{WHERE[t.kind]} 里没有网址名是 {t.original} 的{t.kind}。"
                                                   f"请把“原文:”写成原文网页网址的最后一段（{_example(t.kind)}）。")
                continue
            key = (t.kind, t.original, t.language)
            first = seen.get(key)
            if first is not None:
                report.error(t.source, t.line, f"{LANGUAGES[t.language].chinese_name}译文“原文: {t.original}”已经有一篇：{Path(first.source).name}。"
                                               "一篇原文每种文字只能有一篇译文，请删掉其中一个文件，或改正“原文:”。")
                continue
            seen[key] = t
            t.paired = original
        paired = [t for t in self.translations if t.paired is not None]
        if paired:
            changed = last_changes(sorted({t.source for t in paired} | {t.paired.source for t in paired}), Path(settings["PATH"]))
            for t in paired:
                if changed[t.paired.source] > changed[t.source]:
                    report.warning(t.source, t.line, f"译文可能已过时：原文 {Path(t.paired.source).name} 在 {changed[t.paired.source]:%Y-%m-%d %H:%M} 改过，"
                                                     f"这篇译文最后改于 {changed[t.source]:%Y-%m-%d %H:%M}。请对照原文更新译文；改好提交后这条提醒就消失。")

    def alternates(self, enabled: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for t in self.translations:
            if t.paired is not None and t.language in enabled:
                found.setdefault(t.paired.url, []).append(t.language)
        return {url: sorted(codes, key=list(LANGUAGES).index) for url, codes in sorted(found.items())}

    def plans(self, settings) -> dict[str, dict]:
        """Per enabled edition, the plan its build reads (PLAN_KEY): which files, at which address."""
        village = settings.get("VILLAGE") or {}
        enabled = list(village.get("editions") or [])
        alternates = self.alternates(enabled)
        plans = {}
        for code in enabled:
            sources = {}
            for t in self.translations:
                if t.language == code and t.paired is not None:
                    o = t.paired
                    sources[os.path.abspath(t.source)] = {"kind": t.kind, "url": o.url, "save_as": o.save_as, "original": o.source, "sample": t.sample}
            plans[code] = {
                "code": code, "chinese_siteurl": settings.get("SITEURL", ""), "chinese_site_url": village.get("site_url", ""),
                "alternates": alternates, "sources": sources,
                "originals": sorted({os.path.abspath(s["original"]) for s in sources.values()}),
            }
        return plans


def plan_paths(plan: dict, content_root: str) -> dict:
    """An edition's ARTICLE_PATHS and PAGE_PATHS: its translated posts and pages, file by file
    (Pelican takes files there as well as folders), so its build neither lists nor hashes the
    thousands of posts it does not publish."""
    root = os.path.abspath(content_root)
    wanted = {POST: [], PAGE: []}
    for source, entry in sorted(plan["sources"].items()):
        if entry["kind"] in wanted:
            wanted[entry["kind"]].append(os.path.relpath(source, root).replace(os.sep, "/"))
    return {"ARTICLE_PATHS": wanted[POST], "PAGE_PATHS": wanted[PAGE]}


def _example(kind: str) -> str:
    return {
        POST: "例如网址 /2026/03/chun-geng/ 就写“原文: chun-geng”",
        PAGE: "例如网址 /about/ 就写“原文: about”",
        DISCLOSURE: "公开事项写原文的文件名（不带 .md），例如“原文: 2026-03-caiwu”",
        CONTACTS: "便民联系卡写“原文: 联系卡”",
        MONTHLY: "明白卡写原文的月份，例如“原文: 2026-11”",
        INQUIRY: "质询回音卡写原文的文件名（不带 .md），例如“原文: 2026-03-09-citang-loushui”",
    }[kind]


def plan_of(settings) -> dict | None:
    return settings.get(PLAN_KEY)


def in_edition(settings) -> bool:
    return settings.get(PLAN_KEY) is not None
