"""The 政策解读 link of a 公开 item: a post or another item of this site, found once every piece
of content is known, so a link that would lead nowhere is an error, not a dead link."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from village.state import report_of


def on_all_generators_finalized(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    content_root = os.path.abspath(settings["PATH"])
    targets: dict[str, tuple[str, str]] = {}  # content path or site address -> (title, url)
    items = []
    for generator in generators:
        for thing in list(getattr(generator, "articles", [])) + list(getattr(generator, "pages", [])):
            found = (str(thing.title), thing.url)
            targets[os.path.relpath(os.path.abspath(thing.source_path), content_root).replace(os.sep, "/")] = found
            targets[thing.url.strip("/")] = found
        if hasattr(generator, "calendar"):  # the 公开栏
            items = generator.items
            for item in items:
                found = (item.title, item.url)
                targets[os.path.relpath(os.path.abspath(item.source_path), content_root).replace(os.sep, "/")] = found
                targets[item.url.strip("/")] = found
                targets[item.index_number] = found
    site_path = urlsplit(settings["VILLAGE"]["site_url"]).path.strip("/")
    for item in items:
        written = item.record.interpretation
        if not written:
            continue
        key = written.removeprefix("content/").strip()
        if key.startswith(("http://", "https://")):
            key = urlsplit(key).path
        key = key.strip("/").removeprefix(site_path).strip("/")
        found = targets.get(key)
        if found is None or found[1] == item.url:
            report_of(settings).error(
                item.source_path, item.record.interpretation_line,
                f"政策解读“{written}”在本站找不到。请写解读文章或另一项公开的文件路径（例如 posts/2026/2026-07-28-cundao-yinghua.md）、"
                "网址（例如 /2026/07/cundao-yinghua/）或索引号；还没有解读就删掉这一行。",
            )
            continue
        item.interpretation = found
