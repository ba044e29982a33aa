"""Files carried over from the last good site into the new one.

Unchanged pages, mirror pages and search shards are hard-linked rather than copied: the last good
site is discarded once the new one is in place, and nothing in a build rewrites a file in place
(precompress.py replaces files instead), so a link is as good as a copy and much cheaper.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path


def link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


def link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=link_or_copy, dirs_exist_ok=True)  # a recycled tree has the folders


def same_bytes(old: Path, new: Path, data: bytes | None = None) -> bool:
    """Whether the last site's `old` has the bytes of `new` (`data`, when already read). Often they
    are one file: the render cache links unchanged pages. OSError when `old` is missing."""
    return os.path.samefile(old, new) or old.read_bytes() == (new.read_bytes() if data is None else data)


def files_under(output: Path, suffixes: tuple[str, ...], skipped_top: tuple[str, ...] = ()) -> list[Path]:
    """Every file of the site whose name ends with one of `suffixes` (lower-case), except under the
    top-level folders `skipped_top`. Read with os.scandir, whose entries know their own type: the
    site has a folder per page, and os.walk (itself several times faster than rglob) asked the disk
    once more for each folder whether it was a link. Like os.walk, links to folders are not
    followed and unreadable folders are passed over."""
    found = []
    pending = [(str(output), True)]
    while pending:
        folder, top = pending.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir():
                        if not entry.is_symlink() and not (top and entry.name in skipped_top):
                            pending.append((entry.path, False))
                    elif entry.name.lower().endswith(suffixes):
                        found.append(Path(entry.path))
        except OSError:
            continue
    return sorted(found)


def replace_file(path: Path, data: bytes) -> None:
    """Write a new file under `path` (never into the old one, which may be linked to the last site).
    The temporary name is this process's and thread's own: villages built side by side share the
    font cache, and two of them once made the same subset under one temporary name."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.new")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read_json(path: Path) -> dict:
    """A JSON object the build wrote earlier (a cache, a stamp), or {} when it is missing or damaged:
    then whatever it remembered is simply done again."""
    try:
        loaded = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode())


CONTENT_KEYS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")


def withhold_static(generator, sources_of) -> None:
    """Pelican copies every file under STATIC_PATHS as it is; drop the ones content publishes its
    own way (`sources_of(item)`: photos made into variants, recordings with their tags removed)."""
    context = generator.context
    used = {os.path.abspath(path) for key in CONTENT_KEYS for item in context.get(key, []) for path in sources_of(item)}
    kept = [s for s in generator.staticfiles if os.path.abspath(s.source_path) not in used]
    generator.staticfiles = context["staticfiles"] = kept
