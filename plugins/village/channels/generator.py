"""Writes each published post's, 公开 item's and card's channel files next to its page: the 广播稿
(guangbo.txt), and records for `invoke broadcast` / `invoke share` which page came from which file.

The links are set on every item before any page is written (on_all_content_known), so templates
only print them; the files are written after the pages, with the render cache's fingerprints.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from village.channels import broadcast
from village.channels.model import Channels
from village.output.generator import OutputGenerator
from village.output.render_cache import cache_of
from village.state import state_of

MANIFEST = "channels.json"  # in CACHE_PATH: source file and URL -> the page's channel files


@dataclass
class Published:
    item: object
    kind: str  # 文章, 公开事项, 村情明白卡, 质询回音卡
    script: object  # item, village -> broadcast.Script


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


def on_all_content_known(generators) -> None:
    if not generators:
        return
    context = generators[0].context
    for entry in published(context):
        url = entry.item.url
        current = getattr(entry.item, "channels", None)
        audio = current.audio if current else None
        _set_channels(entry.item, Channels(broadcast=f"{url}{broadcast.FILE_NAME}", audio=audio))


def write_manifest(settings, entries: list[dict]) -> None:
    if not settings.get("CACHE_PATH"):
        return
    path = Path(settings["CACHE_PATH"]) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(entries, ensure_ascii=False, indent=1), "utf-8")
    os.replace(temporary, path)


def read_manifest(cache_path: Path) -> list[dict]:
    try:
        return json.loads((cache_path / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return []


class ChannelsGenerator(OutputGenerator):
    def generate_output(self, writer):
        village = self.settings["VILLAGE"]
        cache = cache_of(self.settings)
        manifest = []
        with state_of(self.settings).stopwatch.stage("channels"):
            for entry in published(self.context):
                channels = entry.item.channels
                name = channels.broadcast
                key = cache.key("broadcast", {**self.context, "output_file": name, "item": entry.item}, {"item"})
                if not cache.reuse_files((name,), key, self.output_path):
                    target = Path(self.output_path) / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(entry.script(entry.item, village).text(), "utf-8")
                manifest.append({
                    "source": os.path.abspath(entry.item.source_path), "url": entry.item.url, "kind": entry.kind,
                    "title": entry.item.title, "broadcast": name, "share_image": channels.share_image,
                })
        write_manifest(self.settings, manifest)


def get_generators(pelican):
    return ChannelsGenerator
