"""The safe swap: a build goes into a folder of its own and replaces the site with renames, so the
site is never half written and a failed build leaves the last good one whole.

Making a folder costs about as much as writing a small file (an inode on the disk), and a site has
one folder per page: a one-post rebuild of 2,000 posts would make 5,000 folders for a few new
files. So the replaced site is not thrown away: a background job deletes its files, keeps its
folders, and leaves the empty tree for the next build to build into ("recycled").
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

# Deletes the old site's files and keeps its folders for the next build; anything short of that
# (a file that would not go, another tree already waiting) deletes the old site whole instead.
_RECYCLE = 'find "$1" ! -type d -delete && mv -T -- "$1" "$2" 2>/dev/null || rm -rf -- "$1"'


def recycled_tree(target: Path, cache_dir: Path) -> Path:
    """Where the emptied tree of `target` waits: beside the content caches (so on the same disk,
    out of the published folder, and gone when the caches are deleted for a cold build)."""
    digest = hashlib.sha1(str(target).encode()).hexdigest()[:10]
    return cache_dir / f"empty-site-{digest}"


def staging_folder(target: Path, recycled: Path | None) -> tuple[Path, bool]:
    """The folder to build into, and whether it is a recycled tree (then its unused folders are
    removed before the swap, see drop_empty_folders)."""
    if recycled is not None:
        staging = target.with_name(f".{target.name}-new-{os.getpid()}-{time.time_ns()}")
        with contextlib.suppress(OSError):  # none waiting, or it is on another disk
            recycled.rename(staging)
            return staging, True
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent)), False


def drop_empty_folders(site: Path) -> None:
    """The folders of pages this build no longer makes (a deleted post): empty, they would answer
    "forbidden" instead of "not found"."""
    for folder, _, files in os.walk(site, topdown=False):
        if not files and folder != str(site):
            with contextlib.suppress(OSError):  # not empty: it holds folders that stay
                os.rmdir(folder)


def replace_dir(new: Path, target: Path, recycled: Path | None = None) -> None:
    """Swap a finished build into place with renames, so the site is never half written."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}-{time.time_ns()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        _clear_in_background(old, recycled)


def wait_for_clearing(target: Path, seconds: float = 60) -> None:
    """Wait until the background job has cleared every replaced copy of `target` (and moved its
    empty tree into the caches): whoever deletes the caches for a cold build must wait, or the
    tree lands in the folder being deleted."""
    deadline = time.monotonic() + seconds
    while list(target.parent.glob(f".{target.name}-old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)


def _clear_in_background(folder: Path, recycled: Path | None) -> None:
    """The new site is already in place; clearing thousands of old files need not hold it up."""
    shell, find, rm = shutil.which("sh"), shutil.which("find"), shutil.which("rm")
    if recycled is not None and shell and find:
        recycled.parent.mkdir(parents=True, exist_ok=True)
        command = [shell, "-c", _RECYCLE, "sh", str(folder), str(recycled)]
    elif rm is not None:
        command = [rm, "-rf", "--", str(folder)]
    else:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(  # fixed commands on folders we created
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
