"""Files carried over from the last good site into the new one.

Unchanged pages, mirror pages and search shards are hard-linked rather than copied: the last good
site is discarded once the new one is in place, and nothing in a build rewrites a file in place
(precompress.py replaces files instead), so a link is as good as a copy and much cheaper.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


def link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=link_or_copy)


def replace_file(path: Path, data: bytes) -> None:
    """Write a new file under `path` (never into the old one, which may be linked to the last site)."""
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_bytes(data)
    os.replace(temporary, path)
