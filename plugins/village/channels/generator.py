"""Writes each published post's, 公开 item's and card's channel files next to its page: the 广播稿
(guangbo.txt), and records for `invoke broadcast` / `invoke share` which page came from which file.

The links are set on every item before any page is written (on_all_content_known), so templates
only print them; the files are written after the pages, with the render cache's fingerprints.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from village.channels import audio as recordings
from village.channels import broadcast, podcast, share
from village.channels.model import Channels
from village.editions.translations import in_edition
from village.output.files import link_or_copy, replace_file, withhold_static
from village.output.generator import OutputGenerator
from village.output.render_cache import cache_of
from village.photos.markup import OUTPUT_DIR as PHOTOS_DIR
from village.photos.markup import image_cache
from village.source import unused
from village.source.dates import chinese_date, today
from village.state import state_of

MANIFEST = "channels.json"  # source file and URL -> the page's channel files, for tools/channels.py


@dataclass
class Published:
    item: object
    kind: str  # 文章, 公开事项, 村情明白卡, 质询回音卡
    script: object  # item, village -> broadcast.Script

    @property
    def label(self) -> str:
        """What the share picture names under the date: the category, 财务公开, the card."""
        if self.kind == "文章":
            return str(self.item.category)
        if self.kind == "公开事项":
            return f"{self.item.kind}公开"
        return self.kind

    @property
    def summary(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", str(getattr(self.item, "summary", "") or "")))


def published(context) -> list[Published]:
    """Everything that gets a 广播稿, in the order the site lists it."""
    found = [Published(a, "文章", broadcast.article_script) for a in context.get("articles", [])]
    found += [Published(i, "公开事项", broadcast.item_script) for i in context.get("village_disclosures", [])]
    cards = context.get("village_cards")
    if cards is not None:
        found += [Published(c, "村情明白卡", broadcast.monthly_script) for c in cards.monthly]
    found += [Published(i, "质询回音卡", broadcast.inquiry_script) for i in context.get("village_inquiries", [])]
    return found


def _set_channels(item, channels: Channels) -> None:
    item.channels = channels  # a dataclass field on the site's own types, an attribute on posts


def audio_ref(item) -> tuple | None:
    """(written, path, line) of the item's 音频, from a post's metadata or a 公开 item's field."""
    metadata = getattr(item, "metadata", None)
    if isinstance(metadata, dict):
        return metadata.get(recordings.REF_KEY)
    return getattr(item, "audio_ref", None)


def audio_cache(settings) -> Path:
    return Path(settings.get("CACHE_PATH") or ".cache") / "audio"


def on_static_files_known(generator) -> None:
    """Pelican would copy a recording with its tags; only the tag-free copy is published."""
    withhold_static(generator, lambda item: [ref[1]] if (ref := audio_ref(item)) else [])


def on_all_content_known(generators) -> None:
    """Check every recording and set each item's channel links before any page is written."""
    if not generators:
        return
    settings = generators[0].settings
    if in_edition(settings):
        return  # 广播稿, share pictures and recordings are the Chinese edition's (its generator does not run)
    context = generators[0].context
    state = state_of(settings)
    state.channel_files = {}
    asked = {os.path.abspath(p) for p in settings.get("VILLAGE_SHARE_FOR", ())}  # `invoke share` of an older page
    # A picture takes 30-60 ms; a village with thousands of posts makes them for the recent ones
    # (village.yml share_picture_days), `invoke share` for any other.
    recent = settings["VILLAGE"].get("share_picture_days", 90)
    for entry in published(context):
        item = entry.item
        url = item.url
        audio = None
        ref = audio_ref(item)
        if ref:
            written, path, line = ref
            unused.claim(context, path)
            checked = recordings.check(written, Path(path), url, audio_cache(settings))
            if checked.error:
                state.report.error(item.source_path, line, checked.error)
            else:
                audio = checked.audio
                state.channel_files[audio.url] = checked.cached
        picture = ""
        wanted = (recent is None or (today(settings) - item.date.date()).days <= recent) or os.path.abspath(item.source_path) in asked
        if share.font_file() and wanted:
            picture = f"{url}{share.FILE_NAME}"
            with state.stopwatch.stage("share"):
                state.channel_files[picture] = share.cached_render(share_picture(entry, settings), share.cache_dir(settings))
        _set_channels(item, Channels(broadcast=f"{url}{broadcast.FILE_NAME}", share_image=picture, audio=audio))
    if any(entry.item.channels.audio for entry in published(context)):  # the 订阅 page lists it
        state.podcast = {"title": f"{settings['VILLAGE']['name']}·村村响", "rss": podcast.FEED_FILE}


def share_picture(entry: Published, settings) -> share.Picture:
    """What the share picture of `entry` shows: its first photo, else the village emblem."""
    village = settings["VILLAGE"]
    item = entry.item
    photo = ""
    first = getattr(item, "share_image", None)  # a post's first photo, as photos/markup.py published it
    if first:
        photo = str(image_cache(settings) / Path(first).relative_to(PHOTOS_DIR))
    if not photo or not os.path.isfile(photo):
        photo = share.emblem_path(settings)
    return share.Picture(
        village=village["name"], region=village.get("region", ""), title=item.title,
        date_line=f"{chinese_date(item.date)} · {entry.label}", summary=entry.summary or item.title,
        url=f"{village['site_url']}/{item.url}", photo=photo, photo_digest=share.file_digest(photo),
    )


def manifest_path(project: Path) -> Path:
    """Beside the caches, not in CACHE_PATH: that folder's name follows the code and the cards."""
    return project / ".cache" / MANIFEST


def write_manifest(settings, entries: list[dict]) -> None:
    path = manifest_path(Path(settings["PATH"]).resolve().parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, json.dumps(entries, ensure_ascii=False, indent=1).encode("utf-8"))


def read_manifest(project: Path) -> list[dict]:
    try:
        return json.loads(manifest_path(project).read_text("utf-8"))
    except (OSError, ValueError):
        return []


def poster_fields(entry: Published) -> dict:
    """What the notice-board poster (tools/poster.py) shows of an item besides its title."""
    item = entry.item
    fields = {"date": item.date.date().isoformat(), "label": entry.label, "summary": entry.summary}
    if entry.kind == "公开事项":
        fields |= {"index_number": item.index_number, "notice": item.notice_label, "publisher": item.publisher}
    elif entry.kind == "质询回音卡":
        fields |= {"status": item.status, "inquirer": item.inquirer}
    elif entry.kind == "村情明白卡":
        fields["sections"] = [
            {"name": section.name, "lines": [line.rstrip("。") for line in _plain_lines(str(section.html))]}
            for section in item.sections
        ]
    return fields


def _plain_lines(html_text: str) -> list[str]:
    import lxml.html

    if not html_text.strip():
        return []
    root = lxml.html.fragment_fromstring(html_text, create_parent="div")
    blocks = root.xpath(".//li | .//p[not(ancestor::li)]")
    return [re.sub(r"\s+", " ", b.text_content()).strip() for b in blocks if b.text_content().strip()]


def _script_text(entry: Published, village: dict) -> str:
    return entry.script(entry.item, village).text()


class ChannelsGenerator(OutputGenerator):
    def generate_output(self, writer):
        village = self.settings["VILLAGE"]
        cache = cache_of(self.settings)
        manifest = []
        with state_of(self.settings).stopwatch.stage("channels"):
            for entry in published(self.context):
                channels = entry.item.channels
                name = channels.broadcast
                # written with the pages, on every core: a large site has thousands
                cache.defer(
                    name,
                    functools.partial(cache.key, "broadcast", {**self.context, "output_file": name, "item": entry.item}, {"item"}),
                    functools.partial(_script_text, entry, village),
                )
                manifest.append({
                    "source": os.path.abspath(entry.item.source_path), "url": entry.item.url, "kind": entry.kind,
                    "title": entry.item.title, "broadcast": name, "share_image": channels.share_image,
                    "share_text": share.share_text(entry.item.title, entry.summary, f"{village['site_url']}/{entry.item.url}", village["name"]),
                    **poster_fields(entry),
                })
            for url, cached in state_of(self.settings).channel_files.items():
                target = Path(self.output_path) / url
                target.parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(cached, target)
            podcast.write(self.context, self.settings, self.output_path, [e for e in published(self.context) if e.item.channels.audio])
        write_manifest(self.settings, manifest)


def get_generators(pelican):
    return ChannelsGenerator
