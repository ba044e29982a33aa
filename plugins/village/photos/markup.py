"""Puts the photo pipeline into the pages: every local photo becomes a <picture> with AVIF and
WebP sources and a JPEG (or PNG) fallback, in every width, with its size set so nothing jumps.

Runs once all content is known: it processes every photo a published post or page uses (on all
cores, cached by content), rewrites their HTML, and later copies only those outputs into the
site, so a deleted photo's files are never published. The originals of the photos posts use are
taken out of Pelican's static files: only their upright, metadata-free copies are published.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from village.output.files import link_or_copy, withhold_static
from village.photos.images import SUPPORTED_SOURCES, ImageSettings, PhotoPool, ProcessedImage
from village.posts.reader import REFS_KEY
from village.source import assets
from village.state import report_of, state_of

OUTPUT_DIR = "photos"
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif"}
# Article text is at most about 44rem wide (see site.css); photos fill the phone's width below that.
CONTENT_SIZES = "(min-width: 48rem) 44rem, 100vw"

_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
_HREF = re.compile(r'href="(\{static\}[^"]+)"')


def image_cache(settings) -> Path:
    return Path(settings.get("VILLAGE_IMAGE_CACHE") or Path(settings["CACHE_PATH"]) / "images")


def image_settings(settings) -> ImageSettings:
    return ImageSettings(**settings.get("VILLAGE_IMAGE_SETTINGS", {}))


def _published(generators):
    for generator in generators:
        for attr in ("articles", "translations", "hidden_articles", "pages", "hidden_pages"):
            yield from getattr(generator, attr, [])


def _photo_refs(item) -> list[str]:
    return [
        path for _, path, _, is_image in item.metadata.get(REFS_KEY, [])
        if is_image and Path(path).suffix.lower() in SUPPORTED_SOURCES and os.path.isfile(path)
    ]


def photo_url(base: str, result: ProcessedImage, file: str) -> str:
    return f"{base}/{OUTPUT_DIR}/{result.key}/{file}"


def picture_html(result: ProcessedImage, attrs: dict, base: str, sizes: str, loading: str = "lazy") -> str:
    """A <picture> for one processed photo; `attrs` are the original <img>'s attributes."""
    if result.animated:
        variant = result.variants[0]
        return (
            f'<img src="{photo_url(base, result, variant.file)}" width="{variant.width}" height="{variant.height}"'
            f' alt="{html.escape(attrs.get("alt", ""), quote=True)}" loading="lazy">'
        )
    by_format: dict[str, list] = {}
    for variant in result.variants:
        by_format.setdefault(variant.format, []).append(variant)
    fallback_format = list(by_format)[-1]
    sizes = attrs.get("sizes", sizes)

    def srcset(variants):
        return ", ".join(f"{photo_url(base, result, v.file)} {v.width}w" for v in sorted(variants, key=lambda v: v.width))

    sources = "".join(
        f'<source type="{MIME[fmt]}" srcset="{srcset(variants)}" sizes="{sizes}">'
        for fmt, variants in by_format.items() if fmt != fallback_format
    )
    fallback = sorted(by_format[fallback_format], key=lambda v: v.width)
    middle = fallback[len(fallback) // 2]
    largest = fallback[-1]
    extra = "".join(
        f' {name}="{html.escape(attrs[name], quote=True)}"' for name in ("class", "title", "id") if name in attrs
    )
    return (
        f'<picture>{sources}<img src="{photo_url(base, result, middle.file)}" srcset="{srcset(fallback)}"'
        f' sizes="{sizes}" width="{largest.width}" height="{largest.height}"'
        f' alt="{html.escape(attrs.get("alt", ""), quote=True)}" loading="{loading}" decoding="async"'
        f' style="background-color:{result.color}"{extra}></picture>'  # the photo's colour while it loads
    )


# A photo alone in its paragraph (`![说明](照片.jpg)` on a line of its own), maybe inside a link.
_LONE_PICTURE = re.compile(r"<p>\s*((?:<a\b[^>]*>\s*)?<picture>(?:(?!</picture>).)*</picture>(?:\s*</a>)?)\s*</p>", re.DOTALL)
_ALT = re.compile(r'<img\b[^>]*\balt="([^"]*)"')


def _figure(match: re.Match) -> str:
    """The photo as a figure with its 说明 under it: villagers see what the alt text says."""
    alt = _ALT.search(match.group(1))
    if alt is None or not alt.group(1).strip():
        return match.group(0)
    return f'<figure class="photo">{match.group(1)}<figcaption>{alt.group(1)}</figcaption></figure>'


def rewrite(content: str, source_path: str, content_root: str, results: dict, base: str) -> tuple[str, list[str]]:
    """Replace local <img> tags by <picture>, and links to photos by their full-size download."""
    source_dir = os.path.dirname(source_path)
    used: list[str] = []

    def result_for(url: str):
        path = assets.resolve(url, source_dir, content_root)
        return results.get(path) if path else None

    def replace_img(match: re.Match) -> str:
        attrs = dict(_ATTR.findall(match.group(0)))
        result = result_for(attrs.get("src", ""))
        if result is None:
            return match.group(0)
        used.append(result.key)
        # A post's first photo is usually on the first screen: load it at once, the rest lazily.
        return picture_html(result, attrs, base, CONTENT_SIZES, "eager" if len(used) == 1 else "lazy")

    def replace_href(match: re.Match) -> str:
        result = result_for(match.group(1))
        if result is None:
            return match.group(0)
        return f'href="{photo_url(base, result, result.full)}"'

    content = _IMG.sub(replace_img, content)
    content = _HREF.sub(replace_href, content)
    content = _LONE_PICTURE.sub(_figure, content)
    return content, list(dict.fromkeys(used))  # in order of use: the first is the share image


def share_image(result: ProcessedImage) -> str:
    """Site-relative path of the medium JPEG (or PNG) of a photo, for Open Graph and JSON-LD."""
    fallback = sorted((v for v in result.variants if v.format in ("jpeg", "png")), key=lambda v: v.width)
    variant = fallback[len(fallback) // 2] if fallback else result.variants[0]
    return f"{OUTPUT_DIR}/{result.key}/{variant.file}"


def process_photos(settings, sources) -> dict[str, ProcessedImage]:
    """Photos of posts, albums or cards through the build's one pool: errors reported with their
    files, results kept in the build state so one finalizer copies them all into the site."""
    state = state_of(settings)
    if state.photo_pool is None:
        state.photo_pool = PhotoPool(image_cache(settings), image_settings(settings))
    with state.stopwatch.stage("photos"):
        results, errors = state.photo_pool.process(sources)
    for path, message in errors.items():
        state.report.error(path, None, message)
    counts = state.report.counts
    counts["photos"] = counts.get("photos", 0) + len(results)
    counts["photos_processed"] = counts.get("photos_processed", 0) + sum(1 for r in results.values() if not r.cached)
    state.photos.update(results)
    return results


def on_static_files_known(generator) -> None:
    """Pelican would copy the originals (any photo a post links to); keep only other files."""
    withhold_static(generator, _photo_refs)


def on_all_content_known(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    report = report_of(settings)
    items = list(_published(generators))
    for item in items:
        for written, path, line, is_image in item.metadata.get(REFS_KEY, []):
            suffix = Path(path).suffix.lower()
            if is_image and suffix not in SUPPORTED_SOURCES and suffix != ".svg" and os.path.isfile(path):
                report.error(item.source_path, line, f"图片“{written}”的格式（{suffix}）不支持。请另存为 JPG 或 PNG 后再插入。")
    results = process_photos(settings, sorted({path for item in items for path in _photo_refs(item)}))
    content_root = os.path.abspath(settings["PATH"])
    base = settings.get("SITEURL", "")
    for item in items:
        item._content, keys = rewrite(item._content, item.source_path, content_root, results, base)
        item.village_photo_keys = keys  # the render cache must see a changed photo
        if keys:
            first = next(r for r in results.values() if r.key == keys[0])
            item.share_image = share_image(first)


def on_finalized(pelican) -> None:
    """Copy the outputs of the photos in use into the site."""
    results = state_of(pelican.settings).photos  # posts', albums' and cards'
    cache_dir = image_cache(pelican.settings)
    for result in {r.key: r for r in results.values()}.values():
        target = Path(pelican.output_path) / OUTPUT_DIR / result.key
        target.mkdir(parents=True, exist_ok=True)
        for file in {v.file for v in result.variants} | {result.full}:
            link_or_copy(cache_dir / result.key / file, target / file)  # cache entries are never rewritten
