"""Fingerprints of what a build reads: the code (theme, plugin, settings files) and, for an edition,
every input its pages can show, so an edition whose inputs are unchanged is linked from the last
good site instead of being built again.

Files are hashed once while their size and modification time stay the same (source/checked.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path, PurePath

import pelican

from village import config
from village.output.files import link_tree, read_json, write_json
from village.source.checked import file_hash
from village.source.dates import today

PLUGIN_PACKAGE = Path(__file__).resolve().parent.parent  # the whole village package
EDITION_STAMP = "edition-inputs.json"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def code_digest(settings) -> str:
    """The plugin's code (config.code_digest), with the settings files and every theme file."""
    root = Path(settings["PATH"]).resolve().parent
    files = [root / "village.yml", *sorted(root.glob("*conf.py")), *sorted(p for p in Path(settings["THEME"]).glob("**/*") if p.is_file())]
    return config.code_digest(PLUGIN_PACKAGE, *files)


def _plain(value):
    """A stable JSON form of a setting: values by value, code objects by name (their code is in
    code_digest), never by a memory address that differs from one run to the next."""
    if isinstance(value, (dt.date, PurePath)):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return getattr(value, "__qualname__", type(value).__qualname__)


def _git_head(root: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


@dataclasses.dataclass
class SharedInputs:
    """What every edition's fingerprint shares, gathered once a build: the files under content/ as
    (absolute path, relative path, size, mtime, optional), and the code, libraries and commit."""

    files: list[tuple[str, str, int, int, bool]]
    common: list


def shared_inputs(chinese_settings) -> SharedInputs:
    """Optional files are the Markdown of posts and pages, which an edition reads only when its plan
    names the file (a post edited in Chinese only changes no edition)."""
    content = Path(chinese_settings["PATH"]).resolve()
    folders = [content / p for p in (*chinese_settings["ARTICLE_PATHS"], *chinese_settings["PAGE_PATHS"])]
    files = []
    for folder, _dirs, names in os.walk(content):
        in_posts = any(Path(folder).is_relative_to(posts) for posts in folders)
        for name in names:
            path = os.path.join(folder, name)
            stat = os.stat(path)
            optional = in_posts and name.lower().endswith(MARKDOWN_SUFFIXES)
            files.append((os.path.abspath(path), os.path.relpath(path, content), stat.st_size, stat.st_mtime_ns, optional))
    lock = content.parent / "requirements.lock"  # the pinned libraries: Babel writes an edition's dates
    common = [code_digest(chinese_settings), pelican.__version__, sys.version, _git_head(content.parent),
              file_hash(lock) if lock.is_file() else ""]
    return SharedInputs(sorted(files), common)


def edition_fingerprint(edition_settings, plan: dict, shared: SharedInputs, ignored: tuple[str, ...]) -> str:
    """Everything an edition's pages can depend on: its settings (`ignored` ones differ every run),
    with its plan (which files, at which addresses, every pairing); the content it may read, the
    code, libraries and commit (inspection pages read git history), from `shared`; its script's
    font and the day."""
    from village.output.fonts import FACES

    face = Path(FACES[plan["code"]].file) if plan["code"] in FACES else None
    kept = {*plan["sources"], *plan["originals"]}
    read = [(relative, size, mtime) for path, relative, size, mtime, optional in shared.files if not optional or path in kept]
    settings = {key: value for key, value in edition_settings.items() if key not in ignored}
    payload = json.dumps([
        shared.common, str(today(edition_settings)), settings, read, file_hash(face) if face and face.is_file() else "",
    ], sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha1(payload.encode()).hexdigest()


def reuse_edition(cache_path: str, fingerprint: str, previous: Path, target: Path) -> bool:
    """Link the last good site's edition into `target` when it was built from the same inputs."""
    if read_json(Path(cache_path) / EDITION_STAMP).get("inputs") != fingerprint or not previous.is_dir():
        return False
    link_tree(previous, target)
    return True


def forget_edition(cache_path: str) -> None:
    (Path(cache_path) / EDITION_STAMP).unlink(missing_ok=True)


def remember_edition(cache_path: str, fingerprint: str) -> None:
    """Only once the site is swapped in: the stamp says what output/<code>/ was built from."""
    write_json(Path(cache_path) / EDITION_STAMP, {"inputs": fingerprint})
