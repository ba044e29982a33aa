"""Read a large site's posts on every core before Pelican asks for them one by one.

Reading a post (Markdown, sanitising, the privacy guard, pinyin) is pure Python and a function of
the file and the settings alone. When a generator starts, the files it will read and that the
reader cache does not already hold are read by forked copies of the build; Pelican's own reading
loop then takes each result from the build state instead of reading the file again. Everything
else about a post (its content object, checks, caching) still happens in Pelican's loop, in order.
"""

from __future__ import annotations

import io
import os
import pickle

from village.output.forked import fork_map
from village.state import state_of

FILES_PER_PROCESS = 150  # below this a forked reader costs more than it saves
_SETTINGS = "settings"


class _Pickler(pickle.Pickler):
    """Tags, categories and authors hold the settings (with the build state): they travel as a
    reference and are joined to this process's own settings again."""

    def __init__(self, file, settings):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def persistent_id(self, obj):
        return _SETTINGS if obj is self.settings else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, settings):
        super().__init__(file)
        self.settings = settings

    def persistent_load(self, pid):
        if pid != _SETTINGS:
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self.settings


def on_articles_init(generator) -> None:
    _prefetch(generator, _unread(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES"))


def on_pages_init(generator) -> None:
    _prefetch(generator, _unread(generator, "PAGE_PATHS", "PAGE_EXCLUDES"))


def _prefetch(generator, todo: list) -> None:
    settings = generator.settings
    workers = settings.get("VILLAGE_READ_WORKERS") or os.cpu_count() or 1
    count = min(workers, len(todo) // FILES_PER_PROCESS)
    if count < 2:
        return

    def read(part: list) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, settings).dump([(path, reader.read(path)) for path, reader in part])
        return buffer.getvalue()

    prefetched = state_of(settings).prefetched
    for data in fork_map(read, [todo[start::count] for start in range(count)]):
        prefetched.update(_Unpickler(io.BytesIO(data), settings).load())


def _unread(generator, paths_key: str, excludes_key: str) -> list:
    """(absolute path, reader) of each file the generator will read that no cache holds."""
    readers = generator.readers
    todo = []
    for relative in generator.get_files(generator.settings[paths_key], exclude=generator.settings[excludes_key]):
        path = os.path.abspath(os.path.join(generator.path, relative))
        reader = readers.readers.get(os.path.splitext(path)[1][1:])
        if not getattr(reader, "prefetchable", False) or generator.get_cached_data(relative, None) is not None:
            continue
        if readers.get_cached_data(path, (None, None))[0] is None:
            todo.append((path, reader))
    return todo
