"""For the public site: minified CSS and JavaScript, and .gz and .br copies of every text file.

Static servers (nginx's gzip_static and brotli_static, most hosting services) send the copies
as they are, so each request costs no compression time and villagers' phones download less.
Switched on by VILLAGE_PRECOMPRESS in publishconf.py.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import rcssmin
import rjsmin

from village.output.files import replace_file

TEXT_TYPES = {".html", ".css", ".js", ".xml", ".svg", ".txt", ".json", ".vcf"}
MIN_SIZE = 256  # smaller files gain nothing from compression


SKIPPED_DIRS = {"admin"}  # the web editor: officials only, Decap's bundle comes minified


def _public(output: Path, pattern: str):
    return (p for p in output.rglob(pattern) if p.relative_to(output).parts[0] not in SKIPPED_DIRS)


def minify(output: Path) -> None:
    for path in _public(output, "*.css"):
        replace_file(path, rcssmin.cssmin(path.read_text("utf-8")).encode())
    for path in _public(output, "*.js"):
        replace_file(path, rjsmin.jsmin(path.read_text("utf-8")).encode())


def precompress(output: Path) -> int:
    count = 0
    for path in _public(output, "*"):
        if path.suffix not in TEXT_TYPES or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        # mtime=0 keeps the .gz bytes the same from build to build.
        replace_file(path.with_name(path.name + ".gz"), gzip.compress(data, compresslevel=9, mtime=0))
        replace_file(path.with_name(path.name + ".br"), brotli.compress(data, quality=11))
        count += 1
    return count


def on_finalized(pelican) -> None:
    if not pelican.settings.get("VILLAGE_PRECOMPRESS"):
        return
    output = Path(pelican.output_path)
    minify(output)
    precompress(output)
