"""村村响: every recorded broadcast in one podcast feed (RSS with the iTunes tags podcast apps
read), written with feedgen's podcast extension."""

from __future__ import annotations

import os
from pathlib import Path

from village.content import article_entry
from village.output.feeds import FEEDS_DIR, EntryTimes, absolutize, entry_id, set_links

FEED_FILE = f"{FEEDS_DIR}/cuncunxiang.rss.xml"
COVER_FILE = f"{FEEDS_DIR}/cuncunxiang.png"


def write(context, settings, output_path: str, entries: list) -> None:
    """The feed of every item with a recording (newest first); nothing when there is none."""
    if not entries:
        return
    from feedgen.feed import FeedGenerator

    from village.channels import share

    village = settings["VILLAGE"]
    site_url = village["site_url"]
    items = sorted((e.item for e in entries), key=lambda i: i.date, reverse=True)
    times = EntryTimes()
    times.add(items)
    cover = Path(output_path) / COVER_FILE
    cover.parent.mkdir(parents=True, exist_ok=True)
    share.podcast_cover(settings, cover, share.cache_dir(settings))
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.load_extension("dc", atom=False, rss=True)
    fg.title(f"{village['name']}·村村响")
    fg.description(f"{village['name']}大喇叭播过的通知和消息的录音，错过了广播可以在这里补听。")
    fg.author({"name": village["name"]})
    set_links(fg, f"{site_url}/{FEED_FILE}", site_url)
    fg.language("zh-CN")
    fg.generator("村务网站（Pelican + feedgen）")
    fg.image(url=f"{site_url}/{COVER_FILE}", title=f"{village['name']}·村村响", link=f"{site_url}/")
    fg.podcast.itunes_image(f"{site_url}/{COVER_FILE}")
    fg.podcast.itunes_category("Government")
    fg.podcast.itunes_author(village["name"])
    fg.podcast.itunes_explicit("no")
    fg.podcast.itunes_summary(village["description"] or village["name"])
    newest = max(times[i][1] for i in items)
    fg.lastBuildDate(newest)
    for item in items:
        audio = item.channels.audio
        url = f"{site_url}/{item.url}"
        shown = item.feed_entry() if hasattr(item, "feed_entry") and not hasattr(item, "metadata") else article_entry(item)
        entry = fg.add_entry(order="append")
        entry.guid(entry_id(site_url, item), permalink=False)
        entry.title(item.title)
        entry.link(href=url)
        entry.published(times[item][0])
        entry.description(f"{item.title}（时长{audio.duration_label}）。全文和广播稿：{url}")
        entry.content(absolutize(shown.body(site_url), url), type="CDATA")
        entry.enclosure(f"{site_url}/{audio.url}", str(audio.size), audio.mime)
        entry.category(term=shown.category.slug, label=shown.category.name, scheme=f"{site_url}/{shown.category.url}")
        for name in shown.authors or [village["name"]]:
            entry.dc.dc_creator(name)
        entry.podcast.itunes_duration(audio.itunes_duration)
        entry.podcast.itunes_explicit("no")
    target = os.path.join(output_path, FEED_FILE)
    fg.rss_file(target, pretty=True)
