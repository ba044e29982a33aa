"""The 繁體 mirror: every HTML page again in Traditional Chinese under /zh-hant/.

Converted with OpenCC (variant from village.yml: s2t, s2twp or s2hk) once the simplified site is
written. Only what people read is converted: text, and the alt, title, aria-label, placeholder
and description attributes. URLs, code, scripts and styles are left exactly as they are; links to
other pages are pointed at their mirror so a reader stays in the script they chose.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

import opencc

from village.config import TRADITIONAL_LANGS
from village.output.files import files_under, link_or_copy, same_bytes
from village.state import state_of

PREFIX = "zh-hant"
SKIPPED_DIRS = {PREFIX, "pagefind", "admin"}  # admin: the web editor, not a public page
SIMPLIFIED_LANG = "zh-CN"
SWITCH_TO_SIMPLIFIED = "简体"

# Tags (quoted values may contain '>'), comments, and blocks whose text must stay as it is.
# The whole token is captured so that re.split hands back text, token, block name in turn; the
# tag's attributes are matched as runs between quoted values (one step per run, not per char).
_TOKEN = re.compile(
    r"(<!--.*?-->|<(script|style|pre|code|textarea)\b.*?</\2\s*>|<[A-Za-z/!?][^\"'>]*(?:(?:\"[^\"]*\"|'[^']*')[^\"'>]*)*>)",
    re.DOTALL | re.IGNORECASE,
)
_ATTR = re.compile(r"""(?P<name>[A-Za-z_:][-\w:.]*)(?P<eq>\s*=\s*)(?P<q>["'])(?P<value>.*?)(?P=q)""", re.DOTALL)
_READABLE_ATTRS = {"alt", "title", "aria-label", "placeholder", "data-label"}
_URL_ATTRS = {"href", "src", "action"}
_READABLE_META = {"description", "og:title", "og:description", "og:site_name", "twitter:title", "twitter:description"}
# The 政府网站发展指引 tags (inspection/meta.py): their text is read like the page's, Url points at the mirror.
_READABLE_META |= {"SiteName", "ColumnName", "ColumnDescription", "ColumnKeywords", "ArticleTitle", "ContentSource",
                   "Keywords", "Author", "Description"}
_MARK = "\ue000"  # a private-use character OpenCC leaves alone: joins text runs into one call


@lru_cache(maxsize=4)
def converter(variant: str) -> opencc.OpenCC:
    return opencc.OpenCC(variant)


def signature(variant: str, overrides: dict[str, str] | None = None) -> str:
    """Changes when the conversion would: this code, the variant, the village's overrides or OpenCC's version."""
    digest = hashlib.sha1(Path(__file__).read_bytes())
    digest.update(f"{variant}|{getattr(opencc, '__version__', '')}|{sorted((overrides or {}).items())}".encode())
    return digest.hexdigest()[:12]


class Converter:
    """OpenCC with the village's own corrections (village.yml traditional_overrides).

    Each listed word is swapped for a private-use character OpenCC leaves alone before converting,
    and for the village's spelling after: longer words first, so 并到 wins over a shorter 并.
    """

    def __init__(self, variant: str, overrides: dict[str, str] | None = None):
        self.opencc = converter(variant)
        words = sorted((overrides or {}).items(), key=lambda pair: len(pair[0]), reverse=True)
        self.words = [(simplified, chr(0xE100 + i), traditional) for i, (simplified, traditional) in enumerate(words)]

    def convert(self, text: str) -> str:
        for simplified, mark, _ in self.words:
            text = text.replace(simplified, mark)
        text = self.opencc.convert(text)
        for _, mark, traditional in self.words:
            text = text.replace(mark, traditional)
        return text


class Mirror:
    """Converts pages of one site; knows which URLs are pages that have a mirror."""

    def __init__(self, pages: set[str], variant: str, bases: list[str], overrides: dict[str, str] | None = None):
        self.pages = pages
        self.variant = variant
        self.converter = Converter(variant, overrides)
        self.lang = TRADITIONAL_LANGS[variant]
        self.sign = signature(variant, overrides)
        # Longest first: the public site URL before the empty preview base.
        self.bases = sorted({b.rstrip("/") for b in bases}, key=len, reverse=True)
        self._tags: dict[str, str] = {}
        self._attr_texts: dict[str, str] = {}  # each call into OpenCC costs ~0.1 ms, however short

    # -- URLs ------------------------------------------------------------------------------------

    def page_file(self, path: str) -> str | None:
        """The output file of a site-relative path if it is a page with a mirror."""
        path = path.lstrip("/")
        candidate = path + "index.html" if path == "" or path.endswith("/") else path
        if candidate.split("/", 1)[0] in SKIPPED_DIRS:
            return None
        return candidate if candidate in self.pages else None

    def mirror_url(self, url: str) -> str:
        for base in self.bases:
            if base and not url.startswith(base + "/"):
                continue
            if not base and not url.startswith("/"):
                continue
            path, tail = re.match(r"([^?#]*)(.*)", url[len(base):]).groups()
            if self.page_file(path) is None:
                return url
            return f"{base}/{PREFIX}/{path.lstrip('/')}{tail}"
        return url

    # -- one page --------------------------------------------------------------------------------

    def _tag(self, tag: str) -> str:
        """One start tag with its readable attributes converted and its page links mirrored.

        Pages share most tags (header, navigation, footer), so each distinct tag is done once.
        """
        done = self._tags.get(tag)
        if done is None:
            done = self._tags[tag] = self._convert_tag(tag) if "=" in tag else tag
        return done

    def _convert_tag(self, tag: str) -> str:
        if " data-keep" in tag:  # the switch back to the simplified page
            return tag.replace(" data-keep", "")
        name = re.match(r"<\s*([A-Za-z0-9]+)", tag)
        element = name.group(1).lower() if name else ""
        attrs = {m.group("name").lower(): m.group("value") for m in _ATTR.finditer(tag)}
        if element == "html":
            return re.sub(r'\blang="[^"]*"', f'lang="{self.lang}" data-mirror="{self.sign}"', tag, count=1)
        if element == "link" and "hreflang" in attrs:
            return tag  # the alternates name both versions on purpose
        readable_meta = element == "meta" and (attrs.get("name") or attrs.get("property")) in _READABLE_META
        url_meta = element == "meta" and (attrs.get("property") == "og:url" or attrs.get("name") == "Url")
        opencc_ = self.converter

        def replace(match: re.Match) -> str:
            name, value = match.group("name").lower(), match.group("value")
            if name in _READABLE_ATTRS or (name == "content" and readable_meta):
                done = self._attr_texts.get(value)
                if done is None:
                    done = self._attr_texts[value] = opencc_.convert(value)
                value = done
            elif name == "href" and value.startswith("mailto:"):
                value = self._mailto(value)
            elif name in _URL_ATTRS or (name == "content" and url_meta):
                value = self.mirror_url(value)
            return f"{match.group('name')}{match.group('eq')}{match.group('q')}{value}{match.group('q')}"

        return _ATTR.sub(replace, tag)

    def _mailto(self, href: str) -> str:
        """A prefilled mail (我要反映, 纠错) in this script, naming the mirror page's address."""
        address, _, query = href.partition("?")
        fields = []
        for field in query.split("&amp;"):
            key, _, text = field.partition("=")
            text = self.converter.convert(unquote(text))
            text = re.sub(r"https?://[^\s]+", lambda match: self.mirror_url(match.group(0)), text)
            fields.append(f"{key}={quote(text, safe='')}")
        return f"{address}?{'&amp;'.join(fields)}" if query else href

    def convert(self, page: str) -> str:
        parts = _TOKEN.split(self._switch_back(page))
        texts = parts[0::3]
        done, tag = self._tags, self._tag
        tags = [
            token if block or token.startswith("<!") else (done.get(token) or tag(token))
            for token, block in zip(parts[1::3], parts[2::3])
        ]
        # One OpenCC call per page for all its text, the runs joined by a marker it leaves alone.
        converted = self.converter.convert(_MARK.join(texts)).split(_MARK)
        if len(converted) != len(texts):  # pragma: no cover - OpenCC keeps U+E000
            raise RuntimeError("OpenCC changed the separator")
        out = [""] * (len(converted) + len(tags))
        out[0::2] = converted
        out[1::2] = tags
        return "".join(out)

    def _switch_back(self, page: str) -> str:
        """The 简/繁 switch on a mirror page leads back to the simplified page."""

        def back(match: re.Match) -> str:
            href = match.group("href")
            for base in self.bases:
                marker = f"{base}/{PREFIX}/"
                if href.startswith(marker):
                    href = f"{base}/" + href[len(marker):]
                    break
            # data-keep: the tag pass below must not point this link at the mirror again.
            return (
                f'<a class="script-switch" href="{href}" hreflang="{SIMPLIFIED_LANG}" lang="{SIMPLIFIED_LANG}"'
                f' data-script-switch data-keep>{SWITCH_TO_SIMPLIFIED}</a>'
            )

        return re.sub(r'<a class="script-switch" href="(?P<href>[^"]*)"[^>]*>[^<]*</a>', back, page)


def build_mirror(
    output: Path, variant: str, bases: list[str], previous: Path | None = None, workers: int | None = None,
    overrides: dict[str, str] | None = None,
) -> tuple[int, int]:
    """Write the mirror of every page in `output`; returns (pages converted, pages reused).

    Large sites are split over every core: each page is converted on its own.
    """
    # files_under: pathlib's rglob took a sixth of a second for a 2,000-post site, on every build
    pages = {p.relative_to(output).as_posix() for p in files_under(output, (".html",), skipped_top=tuple(SKIPPED_DIRS))}
    ordered = sorted(pages)
    if workers is None:
        workers = min(os.cpu_count() or 1, max(1, len(ordered) // 300))
    if workers == 1:
        return _mirror_pages(output, ordered, pages, variant, bases, previous, overrides)
    chunks = [ordered[i::workers] for i in range(workers)]
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        done = pool.map(_mirror_pages, *zip(*[(output, c, pages, variant, bases, previous, overrides) for c in chunks]))
        counts = list(done)
    return sum(c for c, _ in counts), sum(r for _, r in counts)


def _mirror_pages(
    output: Path, relatives: list[str], pages: set[str], variant: str, bases: list[str], previous: Path | None,
    overrides: dict[str, str] | None = None,
) -> tuple[int, int]:
    mirror = Mirror(pages, variant, bases, overrides)
    marker = f'data-mirror="{mirror.sign}"'.encode()
    converted = reused = 0
    for relative in relatives:
        source = output / relative
        target = output / PREFIX / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if previous is not None and _reuse(previous, relative, source, target, marker):
            reused += 1
            continue
        target.write_text(mirror.convert(source.read_text("utf-8")), "utf-8")
        converted += 1
    return converted, reused


def _reuse(previous: Path, relative: str, source: Path, target: Path, marker: bytes) -> bool:
    """An unchanged simplified page whose last mirror came from the same code is copied, not converted.
    A page the render cache linked from the last site is the same file: no need to read either."""
    try:
        if not same_bytes(previous / relative, source):
            return False
        old = previous / PREFIX / relative
        with open(old, "rb") as handle:
            if marker not in handle.read(400):
                return False
        link_or_copy(old, target)
        return True
    except OSError:
        return False


def enabled(settings) -> bool:
    return settings["VILLAGE"].get("traditional", "none") != "none"


def on_finalized(pelican) -> None:
    settings = pelican.settings
    if not enabled(settings):
        return
    previous = state_of(settings).previous_output
    build_mirror(
        Path(pelican.output_path),
        settings["VILLAGE"]["traditional"],
        [settings.get("SITEURL", ""), settings["VILLAGE"]["site_url"]],
        Path(previous) if previous else None,
        overrides=settings["VILLAGE"].get("traditional_overrides") or {},
    )
