"""The state of one build: what the plugin's parts hand to each other while one site is built.

Pelican gives every signal handler the build's settings, so the state travels under one settings
key, created fresh for each build. Nothing is kept at module level: livereload builds many times in
one process, and a county builds many villages in one process.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from village.diagnostics import Report
from village.editions.languages import CHINESE, Language
from village.editions.translations import Editions, Registry

if TYPE_CHECKING:
    import datetime as dt

    from village.output.render_cache import RenderCache
    from village.photos.images import PhotoPool, ProcessedImage

STATE_KEY = "VILLAGE_BUILD"


@dataclass(frozen=True)
class Claim:
    label: str  # what the site writes there, as an official would call it
    source: str | None  # the content file that asked for it; None for the site's own pages
    line: int | None = None  # where in that file the address comes from
    written: bool = True  # a 网址 line; False when the address was made from the 标题


@dataclass
class OutputRegistry:
    """Every file the build writes, claimed by whoever writes it, so two claims on one path (a page
    with 网址: albums and the album index, say) are named together with their files."""

    claims: dict[str, list[Claim]] = field(default_factory=lambda: defaultdict(list))
    folders: dict[str, str] = field(default_factory=dict)  # folder/ -> label; all of it is the site's

    def claim(self, save_as: str, label: str, source: str | None = None, line: int | None = None, written: bool = True) -> None:
        if save_as:
            self.claims[save_as].append(Claim(label, source, line, written))

    def claim_folder(self, folder: str, label: str) -> None:
        self.folders[folder.strip("/") + "/"] = label

    def owner_of_folder(self, save_as: str) -> str | None:
        return next((label for folder, label in self.folders.items() if save_as.startswith(folder)), None)

    def check(self, report: Report) -> None:
        for save_as, claims in self.claims.items():
            url = "/" + save_as.removesuffix("index.html")
            sourced = [c for c in claims if c.source]
            site_label = next((c.label for c in claims if not c.source), None) or self.owner_of_folder(save_as)
            if site_label:
                for claim in sourced:
                    report.error(claim.source, claim.line, f"网址 {url} 是网站自己要用的（{site_label}）。{_another_address(url, claim)}")
                continue
            if len(sourced) < 2:
                continue
            names = [report.relative(c.source) for c in sourced]
            for claim in sourced:
                others = "、".join(n for n in names if n != report.relative(claim.source))
                report.error(claim.source, claim.line, f"网址 {url} 和 {others} 重复了，只能有一篇用它。{_another_address(url, claim)}")


def _another_address(url: str, claim: Claim) -> str:
    """What to write instead: change the 网址 line, or add one when the address came from the title."""
    example = f"网址: {url.strip('/').rsplit('/', 1)[-1] or 'page'}-2"
    if claim.written:
        return f"请把这一行改成另一个英文网址，例如“{example}”。"
    return f"这个网址是按标题生成的，请在文件头加一行“{example}”（或别的英文网址）。"


@dataclass
class Stopwatch:
    """Seconds spent in each stage of one build, printed by `invoke bench`."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    marks: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - started

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.perf_counter())

    def between(self, first: str, second: str) -> float:
        if first in self.marks and second in self.marks:
            return self.marks[second] - self.marks[first]
        return 0.0


@dataclass
class BuildState:
    report: Report
    previous_output: str | None = None  # the last good site: unchanged pages are copied from it
    # the same site even when a build trusts no cache (a release): a file with the same bytes takes
    # its compressed copies (output/precompress.py)
    last_site: str | None = None
    render_cache: RenderCache | None = None
    outputs: OutputRegistry = field(default_factory=OutputRegistry)
    feeds: list[dict] = field(default_factory=list)  # every feed the site writes, for links and pages
    podcast: dict | None = None  # the 村村响 podcast feed (title, rss), once a recording is published
    mirror: dict | None = None  # the 繁體 mirror's prefix and language, when it is on
    language: Language = CHINESE  # what this build writes: the Chinese site or one edition
    catalog: Any = None  # i18n/catalogs.py: the language's gettext catalog, loaded once a build (never pickled)
    fonts: dict | None = None  # an edition's self-hosted font stylesheet and licence (output/fonts.py)
    editions: Editions = field(default_factory=Editions)  # every edition, and which pages each has (hreflang, switcher)
    translations: Registry = field(default_factory=Registry)  # the Chinese build's translations and originals
    edition_plans: dict[str, dict] = field(default_factory=dict)  # code -> what that edition's build publishes
    contact_card: Any = None  # the 便民联系卡, read before any post
    cadre_phones: frozenset[str] = frozenset()  # public work numbers the privacy guard lets through
    photos: dict[str, ProcessedImage] = field(default_factory=dict)  # every photo in use, by source path
    photo_pool: PhotoPool | None = None  # one pool of worker processes for every photo of the build
    prefetched: dict[str, tuple] = field(default_factory=dict)  # source path -> what the reader made of it
    qr_codes: dict[str, str] = field(default_factory=dict)  # page URL -> inline SVG, as this build's pages show them
    qr_codes_kept: dict[str, str] = field(default_factory=dict)  # the same, kept from earlier builds
    channel_files: dict[str, Any] = field(default_factory=dict)  # channels/: site path -> cached file to publish
    static_svg_sources: dict[str, str] = field(default_factory=dict)  # site path of a content SVG -> its file, for errors
    updated: dt.datetime | None = None  # newest publication or change, shown in the footer
    stopwatch: Stopwatch = field(default_factory=Stopwatch)
    # what each template file reads, as the Chinese build analysed it: its editions use the same theme
    template_reads: dict[str, list] = field(default_factory=dict)
    index_after_swap: bool = False  # the preview: search is brought up to date after the swap (output/search.py)

    @property
    def site_feed(self) -> dict | None:
        """The feed of every post, linked from each page's <head>."""
        return next((f for f in self.feeds if f["key"] == "all"), None)

    def render_key(self):
        """What templates show of the build (VILLAGE_BUILD): the feed lists and the mirror."""
        return [self.feeds, self.podcast, self.mirror, self.language, self.fonts, self.editions.render_key()]

    def __reduce__(self):
        # Pelican's reader cache pickles the settings that every Author, Tag and Category holds, and
        # this state with them (5 MB at 2,000 posts, read back and written again on every build). A
        # build's state never outlives it: what is pickled is an empty one.
        return (_left_behind, ())


def _left_behind() -> BuildState:
    """The state a cached Author, Tag or Category comes back with: nothing of the build it was from."""
    return BuildState(report=Report(root=""))


def report_of(settings) -> Report:
    return state_of(settings).report


def state_of(settings) -> BuildState:
    """The build's state, created on first use so the plugin also works under plain `pelican`."""
    state = settings.get(STATE_KEY)
    if state is None:
        root = os.path.dirname(os.path.abspath(settings.get("PATH", ".")))
        state = settings[STATE_KEY] = BuildState(report=Report(root=root))
    return state
