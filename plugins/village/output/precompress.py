"""For the public site: minified CSS and JavaScript, and .gz and .br copies of every text file.

Static servers (nginx's gzip_static and brotli_static, most hosting services) send the copies
as they are, so each request costs no compression time and villagers' phones download less.
Switched on by VILLAGE_PRECOMPRESS in publishconf.py.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import rcssmin
import rjsmin

from village.output.files import files_under, link_or_copy, replace_file, same_bytes
from village.output.forked import fork_map
from village.state import report_of, state_of

TEXT_TYPES = {".html", ".css", ".js", ".xml", ".svg", ".txt", ".json", ".vcf"}
MIN_SIZE = 256  # smaller files gain nothing from compression
COPIES = (".gz", ".br")
FILES_PER_PROCESS = 500  # below this a forked child costs more than it saves


SKIPPED_DIRS = {"admin"}  # the web editor: officials only, Decap's bundle comes minified


def _public(output: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return files_under(output, suffixes, skipped_top=tuple(SKIPPED_DIRS))


def minify(output: Path) -> None:
    for path in _public(output, (".css",)):
        replace_file(path, rcssmin.cssmin(path.read_text("utf-8")).encode())
    for path in _public(output, (".js",)):
        replace_file(path, rjsmin.jsmin(path.read_text("utf-8")).encode())


def precompress(output: Path, previous: Path | None = None) -> tuple[int, int]:
    """A .gz and a .br beside every public text file of at least MIN_SIZE bytes; returns (files
    compressed now, files whose copies came from the last good site in `previous`).

    Brotli at its best setting takes about 20 ms a page: a 2,000-post site (7,600 files) took
    2.8 minutes on one core in every public build. A file with the same bytes as in the last site
    takes that site's copies; the rest is shared among the cores."""
    files = _public(output, tuple(TEXT_TYPES))
    workers = min(os.cpu_count() or 1, max(1, len(files) // FILES_PER_PROCESS))
    done = fork_map(lambda part: _compress(output, previous, part), [files[start::workers] for start in range(workers)])
    return sum(made for made, _ in done), sum(reused for _, reused in done)


def _compress(output: Path, previous: Path | None, files: list[Path]) -> tuple[int, int]:
    made = reused = 0
    for path in files:
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        if previous is not None and _reuse_copies(previous / path.relative_to(output), path, data):
            reused += 1
            continue
        # mtime=0 keeps the .gz bytes the same from build to build.
        replace_file(path.with_name(path.name + ".gz"), gzip.compress(data, compresslevel=9, mtime=0))
        replace_file(path.with_name(path.name + ".br"), brotli.compress(data, quality=11))
        made += 1
    return made, reused


def _reuse_copies(old: Path, path: Path, data: bytes) -> bool:
    """Link the last site's .gz and .br of `old` beside `path` when both files have the same bytes."""
    try:
        if not same_bytes(old, path, data):
            return False
        for suffix in COPIES:
            target = path.with_name(path.name + suffix)
            target.unlink(missing_ok=True)  # never write through a link into the last site
            link_or_copy(old.with_name(old.name + suffix), target)
    except OSError:  # no such file there, or no copies of it: compressed afresh
        return False
    return True


def on_finalized(pelican) -> None:
    if not pelican.settings.get("VILLAGE_PRECOMPRESS"):
        return
    output = Path(pelican.output_path)
    minify(output)
    last_site = state_of(pelican.settings).last_site
    made, reused = precompress(output, Path(last_site) if last_site else None)
    counts = report_of(pelican.settings).counts
    counts["files_precompressed"], counts["precompressed_reused"] = made, reused
