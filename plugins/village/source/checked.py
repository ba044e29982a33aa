"""Files a check found nothing wrong in, remembered by size and modification time in the cache
folder, so a rebuild does not read thousands of unchanged files again to find nothing again.

A file that had a problem is never remembered: it is checked on every build until fixed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


class CheckedFiles:
    def __init__(self, cache_path: str, name: str, version: str):
        self.path = Path(cache_path) / f"checked-{name}.json"
        self.version = version
        self.previous: dict[str, list[int]] = {}
        self.current: dict[str, list[int]] = {}
        try:
            loaded = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(loaded, dict) and loaded.get("version") == version and isinstance(loaded.get("files"), dict):
            self.previous = loaded["files"]

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"version": self.version, "files": self.current}), "utf-8")
        os.replace(temporary, self.path)
