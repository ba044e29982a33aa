"""Full-text search with Pagefind's extended binary, which segments Chinese words.

Indexed after every page (and its 繁體 mirror) is written. Pagefind keeps one index per page
language, so the simplified and traditional pages each search their own script. Only elements
marked data-pagefind-body (a post's or page's text) are indexed, never navigation or footers.

Pagefind cannot update an index, so the site is indexed in shards: one per year of posts (one per
quarter in a year of more than SHARD_PAGES posts) and one for everything else, each with both
scripts. A shard whose indexed pages did not change since the last good build is linked from it;
editing one post re-indexes only its year or quarter. The search page merges the shards listed in
pagefind/shards.json.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from village.output.files import files_under, link_tree, read_json, replace_file
from village.output.traditional import PREFIX as MIRROR_PREFIX
from village.source.checked import file_hash
from village.state import report_of, state_of

BUNDLE_DIR = "pagefind"
SHARDS_FILE = "shards.json"
STAMP_FILE = "village-shard.json"
INDEXED = b"data-pagefind-body"
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{2}$")
# Tibetan writes no spaces between words, only the tsheg (་) between syllables, and Pagefind splits
# words at spaces (not at zero-width ones): a Tibetan page is indexed with a space after each tsheg,
# so a word is found inside a phrase; search.js splits the query the same way and takes the spaces
# out of the excerpts it shows.
TSHEG, SPACE, TIBETAN_PAGE = "་".encode(), b" ", b'<html lang="bo'
SHARD_PAGES = 150  # posts in a year beyond which its shard is split into quarters
_CODE = file_hash(__file__)  # new indexing code: new shards


def pagefind_binary() -> Path | None:
    """The extended binary pinned in requirements.lock (pagefind[extended])."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    return Path(get_executable())


def _year_shards(year: Path) -> dict[str, list[str]]:
    """A year of posts as one shard, or as quarters when it has more than SHARD_PAGES posts, so
    editing one post of a busy year re-indexes a quarter; a small village's phones load few shards."""
    months = sorted(p.name for p in year.iterdir() if p.is_dir() and _MONTH.match(p.name))
    posts = sum(1 for month in months for _ in (year / month).glob("*/index.html"))
    if posts <= SHARD_PAGES:
        return {f"y{year.name}": [f"{year.name}/**/*.html"]}
    shards: dict[str, list[str]] = {}
    for month in months:
        shards.setdefault(f"y{year.name}q{(int(month) - 1) // 3 + 1}", []).append(f"{year.name}/{month}/**/*.html")
    return shards


def shard_globs(site: Path) -> dict[str, list[str]]:
    """Shard name -> the site-relative globs of its pages (both scripts)."""
    shards: dict[str, list[str]] = {}
    mirror = site / MIRROR_PREFIX
    for entry in sorted(site.iterdir()):
        if entry.name in (BUNDLE_DIR, MIRROR_PREFIX, "admin"):  # admin: the web editor
            continue
        if entry.is_dir() and _YEAR.match(entry.name):
            parts = _year_shards(entry)
        elif entry.is_dir():
            parts = {"site": [f"{entry.name}/**/*.html"]}
        elif entry.suffix == ".html":
            parts = {"site": [entry.name]}
        else:
            continue
        for name, globs in parts.items():
            # the 繁體 mirror has the same paths under its prefix: both scripts share a shard
            mirrored = [f"{MIRROR_PREFIX}/{g}" for g in globs] if mirror.is_dir() else []
            shards.setdefault(name, []).extend(globs + mirrored)
    return shards


_EVERY_PAGE = "/**/*.html"


def _candidates(site: Path, globs: list[str]) -> list[Path]:
    """The files a shard's globs match. "<folder>/**/*.html" is read with one os.walk: pathlib's
    glob took half a second for the 5,000 pages of a 2,000-post site, on every build."""
    found: set[Path] = set()
    for pattern in globs:
        if pattern.endswith(_EVERY_PAGE):
            found.update(files_under(site / pattern.removesuffix(_EVERY_PAGE), (".html",)))
        elif (site / pattern).is_file():
            found.add(site / pattern)
    return sorted(found)


def _indexed_pages(pages: list[Path]) -> list[tuple[Path, bytes]]:
    """The pages Pagefind indexes (those with a part marked for it), with their bytes."""
    read = ((p, p.read_bytes()) for p in pages)
    return [(p, data) for p, data in read if INDEXED in data]


def _code_digest(binary: Path):
    return hashlib.sha1(f"{binary.name}|{binary.stat().st_size}|{_CODE}".encode())


def _stat_fingerprint(site: Path, candidates: list[Path], binary: Path) -> str:
    """Every page the shard's globs match, by size and modification time: a page the build left as
    it was is the last site's file, linked with its time, so a shard none of whose pages was
    written afresh is known without reading them."""
    digest = _code_digest(binary)
    for page in candidates:
        stat = page.stat()
        digest.update(f"{page.relative_to(site).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _content_fingerprint(site: Path, pages: list[tuple[Path, bytes]], binary: Path) -> str:
    """The indexed pages' bytes: a shard whose listing pages changed but none of its posts is
    not indexed again."""
    digest = _code_digest(binary)
    for page, data in pages:
        digest.update(page.relative_to(site).as_posix().encode() + b"\0" + data)
    return digest.hexdigest()


def _write_stamp(shard_dir: Path, stat: str, content: str) -> None:
    # replaced, never written into: a reused shard's files are links to the last site's
    replace_file(shard_dir / STAMP_FILE, json.dumps({"stat": stat, "content": content}).encode())


def build_index(site: Path, previous: Path | None = None, workers: int | None = None) -> tuple[str | None, int]:
    """Index `site` into site/pagefind/<shard>/; returns (Chinese error or None, shards indexed).
    `previous` may be `site` itself: then shards are brought up to date where they are (the
    preview indexes after the new site is in place, see update_in_place).

    Pagefind indexes on about one core, so the shards to index run side by side, one per core,
    the largest first.
    """
    binary = pagefind_binary()
    if binary is None:
        return "没有安装 Pagefind 扩展版，无法生成站内搜索。请运行 make setup（会按 requirements.lock 安装 pagefind[extended]）。", 0
    in_place = previous is not None and previous.resolve() == site.resolve()
    names, todo = [], []
    for shard, globs in shard_globs(site).items():
        candidates = _candidates(site, globs)
        stat = _stat_fingerprint(site, candidates, binary)
        old = previous / BUNDLE_DIR / shard if previous is not None else None
        stamp = read_json(old / STAMP_FILE) if old is not None else {}
        target = site / BUNDLE_DIR / shard
        if stamp.get("stat") == stat and old.is_dir():
            if not in_place:
                link_tree(old, target)
            names.append(shard)
            continue
        pages = _indexed_pages(candidates)
        if not pages:
            continue
        names.append(shard)
        content = _content_fingerprint(site, pages, binary)
        if stamp.get("content") == content and old.is_dir():
            if not in_place:
                link_tree(old, target)
            _write_stamp(target, stat, content)
            continue
        todo.append((len(pages), shard, [page for page, _ in pages], stat, content))
    todo.sort(key=lambda item: -item[0])
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        problems = list(pool.map(lambda item: _index_shard(binary, site, *item[1:]), todo))
    problem = next((p for p in problems if p), None)
    if problem:
        return problem, 0
    (site / BUNDLE_DIR).mkdir(exist_ok=True)
    replace_file(site / BUNDLE_DIR / SHARDS_FILE, json.dumps({"shards": names}).encode())
    if in_place:
        for stale in (site / BUNDLE_DIR).iterdir():
            if stale.is_dir() and stale.name not in names:
                shutil.rmtree(stale, ignore_errors=True)
    return None, len(todo)


def update_in_place(site: Path) -> tuple[str | None, int]:
    """The preview's search: the site is already swapped in with the last index linked (see
    on_finalized), and the shards whose posts changed are indexed now, each into a new folder that
    replaces the old one, so a search meanwhile finds the last index rather than none."""
    return build_index(site, previous=site)


def _index_shard(binary: Path, site: Path, shard: str, pages: list[Path], stat: str, content: str) -> str | None:
    # Pagefind is shown only the pages it indexes, linked into a folder of their own at the same
    # relative paths (so their URLs are unchanged): listing pages, most of a site, are not parsed.
    with tempfile.TemporaryDirectory(prefix=f".pagefind-{shard}-", dir=site.parent) as folder:
        for page in pages:
            link = Path(folder) / page.relative_to(site)
            link.parent.mkdir(parents=True, exist_ok=True)
            data = page.read_bytes()
            if TSHEG in data and TIBETAN_PAGE in data[:400]:
                link.write_bytes(data.replace(TSHEG, TSHEG + SPACE))  # each syllable a word (see TSHEG)
                continue
            try:
                os.link(page, link)
            except OSError:  # a file system without hard links
                shutil.copyfile(page, link)
        made = Path(folder + "-index")
        result = subprocess.run(  # the pinned binary on our own output folder
            [str(binary), "--site", folder, "--output-path", str(made), "--silent"],
            capture_output=True, text=True, check=False,
        )
    if result.returncode != 0:
        shutil.rmtree(made, ignore_errors=True)
        detail = (result.stderr or result.stdout).strip().splitlines()
        return f"生成站内搜索索引失败：{detail[-1] if detail else '退出码 ' + str(result.returncode)}。"
    _write_stamp(made, stat, content)
    target = site / BUNDLE_DIR / shard
    target.parent.mkdir(parents=True, exist_ok=True)
    replaced = target.with_name(f".{shard}-old-{os.getpid()}")
    if target.exists():
        target.rename(replaced)
    made.rename(target)
    shutil.rmtree(replaced, ignore_errors=True)
    return None


def on_finalized(pelican) -> None:
    settings = pelican.settings
    if not settings.get("VILLAGE_SEARCH", True):
        return
    state = state_of(settings)
    previous = state.previous_output
    if state.index_after_swap:
        # The preview: the last index now, the changed shards once the site is in place.
        if previous and (Path(previous) / BUNDLE_DIR).is_dir():
            link_tree(Path(previous) / BUNDLE_DIR, Path(pelican.output_path) / BUNDLE_DIR)
        return
    problem, indexed = build_index(Path(pelican.output_path), Path(previous) if previous else None)
    report_of(settings).counts["search_shards_indexed"] = indexed
    if problem:
        report_of(settings).error("", None, problem)
