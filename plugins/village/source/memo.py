"""Results of slow steps that depend on nothing but what they are given (Markdown text to HTML, a
table file's rows, a masked table's published workbook), kept in the build's cache folder.

The preview rebuilds the whole demo on every save; these steps gave the same answer each time.
An entry is named by the hash of everything its result depends on, so an edited text or file
simply has another name. The cache folder's own name follows the plugin code (pelicanconf.py), so
new code never reads an old entry. A build that trusts no cache (LOAD_CONTENT_CACHE off, as a
release is built) reads none, and stores them for the next.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path


def stable_name(value) -> str:
    """A JSON form for what JSON cannot hold, the same from one run to the next: a function by
    its qualified name (its code is in the cache folder's name), never by its memory address."""
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"


class DiskMemo:
    def __init__(self, settings, name: str):
        cache = settings.get("CACHE_PATH")
        self.folder = Path(cache) / f"memo-{name}" if cache else None
        self.reads = self.folder is not None and bool(settings.get("LOAD_CONTENT_CACHE", True))
        self.writes = self.folder is not None and bool(settings.get("CACHE_CONTENT", False))

    def result(self, key_parts: list, make: Callable[[], bytes]) -> bytes:
        """`make()`, or what it returned in an earlier build for the same `key_parts`."""
        if self.folder is None:
            return make()
        name = hashlib.sha1(json.dumps(key_parts, ensure_ascii=False, sort_keys=True, default=stable_name).encode()).hexdigest()
        entry = self.folder / name[:2] / name
        if self.reads:
            try:
                data = entry.read_bytes()
            except OSError:
                pass
            else:
                if self.writes:
                    with contextlib.suppress(OSError):
                        os.utime(entry)  # still in use: prune() keeps it
                return data
        data = make()
        if self.writes:
            partial = entry.with_name(f"{name}.{os.getpid()}.part")  # two processes may make it at once
            try:
                entry.parent.mkdir(parents=True, exist_ok=True)
                partial.write_bytes(data)
                os.replace(partial, entry)
            except OSError:  # a full or read-only disk: the result is still right, just not kept
                with contextlib.suppress(OSError):
                    partial.unlink()
        return data


def prune(cache_folder: Path, older_than: float) -> None:
    """Delete the entries of `cache_folder`'s memos that no build has read or made since the time
    `older_than`: an edited text or table leaves its old entry behind, and the folder is kept for
    as long as the plugin code does not change."""
    for memo in cache_folder.glob("memo-*"):
        for folder, _dirs, names in os.walk(memo):
            for name in names:
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    if os.stat(path).st_mtime < older_than:
                        os.unlink(path)
