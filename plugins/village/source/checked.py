"""What a build already knows of a file while its size and modification time stay the same: its
hash (kept in this process: the six builds of a run and every rebuild of `invoke livereload`), and
whether a check found nothing wrong in it (kept in the cache folder). A file that had a problem
is never remembered as clean: it is checked on every build until fixed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from village.output.files import read_json, write_json

_hashes: dict[str, tuple[int, int, str]] = {}


def file_hash(path: str | Path) -> str:
    stat = os.stat(path)
    known = _hashes.get(str(path))
    if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    digest = hashlib.sha1(Path(path).read_bytes()).hexdigest()
    _hashes[str(path)] = (stat.st_mtime_ns, stat.st_size, digest)
    return digest


class CheckedFiles:
    def __init__(self, cache_path: str, name: str, version: str):
        self.path = Path(cache_path) / f"checked-{name}.json"
        self.version = version
        loaded = read_json(self.path)
        self.previous: dict[str, list[int]] = loaded["files"] if loaded.get("version") == version and isinstance(loaded.get("files"), dict) else {}
        self.current: dict[str, list[int]] = {}

    @staticmethod
    def _stamp(path: str | Path) -> list[int]:
        stat = os.stat(path)
        return [stat.st_size, stat.st_mtime_ns]

    def known_clean(self, key: str, path: str | Path) -> bool:
        stamp = self._stamp(path)
        if self.previous.get(key) == stamp:
            self.current[key] = stamp
            return True
        return False

    def clean(self, key: str, path: str | Path) -> None:
        self.current[key] = self._stamp(path)

    def save(self) -> None:
        write_json(self.path, {"version": self.version, "files": self.current})
