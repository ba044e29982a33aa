"""Self-hosted fonts for the editions in minority scripts, cut to what the built pages use.

A phone in a village has a Chinese font but seldom one for Uyghur, Mongolian, Tibetan or Hangul,
and a font from another host may never arrive. So an edition build publishes its own: after the
pages are written, every written page (and script) is read, the characters of the edition's
script are collected, and the open-licensed font from a Debian package is subset with HarfBuzz to
exactly those characters (with the glyphs its shaping rules reach), as WOFF2. The stylesheet has
a fixed name (`theme/fonts/<code>.css`, linked from base.html while pages are rendered, before the
characters are known); the font file's name carries its content hash. Subsets are cached by
(font file, this code, character set), so a build whose text did not change does not subset again.

The Chinese site uses the phone's own fonts and gets none of this.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from village.editions.languages import Language
from village.output.files import link_or_copy, replace_file
from village.source.checked import file_hash
from village.state import state_of

FONTS_DIR = "theme/fonts"  # under the output, beside the theme's css/ and js/
OFL_TEXT = Path(__file__).with_name("OFL-1.1.txt")
NOTO = "/usr/share/fonts/truetype/noto"
_CODE = file_hash(__file__)  # new subsetting code: new subsets

# Joiners and Mongolian's narrow no-break space shape the letters around them: kept when used.
_SHAPING = ((0x200C, 0x200D), (0x202F, 0x202F))


@dataclass(frozen=True)
class Face:
    name: str  # the font as its makers call it, for the licence file and messages
    file: str  # where the Debian package installs it
    package: str  # the Debian package (scripts/bootstrap.sh installs it)
    ranges: tuple[tuple[int, int], ...]  # the script's blocks: only these characters go into the subset
    reserved: str = ""  # the licence's Reserved Font Names (from the package's copyright file)

    def covers(self, char: str) -> bool:
        code = ord(char)
        return any(low <= code <= high for low, high in self.ranges + _SHAPING)


_ARABIC = Face(
    "Noto Naskh Arabic", f"{NOTO}/NotoNaskhArabic-Regular.ttf", "fonts-noto-core",
    ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
)
FACES: dict[str, Face] = {
    "ug": _ARABIC,
    "kk": _ARABIC,
    "mn": Face(
        "Noto Sans Mongolian", f"{NOTO}/NotoSansMongolian-Regular.ttf", "fonts-noto-core",
        ((0x1800, 0x18AF), (0x11660, 0x1167F)),
    ),
    "bo": Face(
        "Noto Serif Tibetan", f"{NOTO}/NotoSerifTibetan-Regular.ttf", "fonts-noto-core",
        ((0x0F00, 0x0FFF),),
    ),
    "ko": Face(
        "NanumGothic", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "fonts-nanum",
        ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF)),
        reserved="Nanum, Naver Nanum, NanumGothic, Naver NanumGothic, NanumMyeongjo, Naver NanumMyeongjo",
    ),
}


def family(code: str) -> str:
    """The subset's own family name. A subset is a modified version under the OFL, which may not
    carry a Reserved Font Name (Nanum has them), so every subset is renamed alike."""
    return f"Village {code}"


def links(language: Language) -> dict | None:
    """What every page of this build links (VILLAGE_BUILD.fonts): the font, its stylesheet and the licence.
    None for the Chinese site and any language whose script the phone's own fonts cover."""
    if language.code not in FACES:
        return None
    code = language.code
    return {"css": f"{FONTS_DIR}/{code}.css", "woff2": f"{FONTS_DIR}/{code}.woff2", "licence": f"{FONTS_DIR}/{code}-LICENSE.txt"}


def used_characters(output: Path, face: Face) -> set[str]:
    """Every character of the face's script in the written pages and scripts (the search bundle's
    text comes from the same pages)."""
    chars: set[str] = set()
    for folder, dirs, files in os.walk(output):
        dirs[:] = [d for d in dirs if d != "pagefind"]
        for name in files:
            if name.endswith((".html", ".js")):
                text = Path(folder, name).read_text("utf-8", errors="ignore")
                chars.update(c for c in set(text) if face.covers(c))
    return chars


def unicode_range(chars: set[str]) -> str:
    """The characters as CSS unicode-range, consecutive code points joined: U+600-602,U+627."""
    codes = sorted(ord(c) for c in chars)
    spans: list[list[int]] = []
    for code in codes:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ",".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


# Name records the subset keeps: copyright, style, version, licence and its address travel with
# the file; family, unique, full and PostScript names (1, 3, 4, 6) are then rewritten to ours.
# HarfBuzz keeps the US English records only, the ones setName replaces.
_KEPT_NAMES = (0, 1, 2, 3, 4, 5, 6, 13, 14)
_DROPPED_TABLES = ("TSI0", "TSI1", "TSI2", "TSI3", "TSI5")  # hinting tools' sources (Noto Serif Tibetan)


def subset(face: Face, code: str, chars: set[str]) -> bytes:
    """The face cut to `chars` (and the glyphs its shaping rules reach from them), as WOFF2.

    HarfBuzz's subsetter does the cutting: fontTools' took 3.2 s for the Tibetan face, most of it
    walking every table in Python; HarfBuzz keeps the same glyphs, and with fontTools renaming the
    font and writing the WOFF2 the whole takes a quarter of that."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    request = hb.SubsetInput()
    request.unicode_set.update(ord(c) for c in chars)
    features = request.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.invert()  # every feature: Arabic joining forms, Mongolian variants, Tibetan stacks
    names = request.sets(hb.SubsetInputSets.NAME_ID)
    names.clear()
    names.update(_KEPT_NAMES)
    request.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(int.from_bytes(t.encode(), "big") for t in _DROPPED_TABLES)
    # phones hint or scale themselves (hints are a third of the bytes); .notdef keeps its box
    request.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    cut = hb.subset(hb.Face(hb.Blob.from_file_path(face.file)), request)
    if cut is None:
        raise ValueError(f"HarfBuzz could not subset {face.file}")
    font = TTFont(io.BytesIO(cut.blob.data))
    font.recalcTimestamp = False  # the same characters give the same bytes, on any machine
    name = font["name"]
    for name_id, value in ((1, family(code)), (3, f"{family(code)} subset"), (4, family(code)), (6, f"Village-{code}")):
        name.setName(value, name_id, 3, 1, 0x409)
    font.flavor = "woff2"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def cache_folder(settings) -> Path:
    return Path(settings.get("VILLAGE_FONT_CACHE") or Path(settings["CACHE_PATH"]) / "fonts")


def cached_subset(face: Face, code: str, chars: set[str], cache: Path) -> tuple[Path, bool]:
    """The subset's file in the cache, made only when (font bytes, code, characters) are new; and
    whether it was made now."""
    digest = hashlib.sha256(Path(face.file).read_bytes())
    digest.update(f"{_CODE}|{code}".encode())
    digest.update("".join(sorted(chars)).encode())
    path = cache / f"{digest.hexdigest()[:32]}.woff2"
    if path.is_file():
        return path, False
    cache.mkdir(parents=True, exist_ok=True)
    replace_file(path, subset(face, code, chars))
    return path, True


def stylesheet(code: str, face: Face, woff2: str, chars: set[str]) -> str:
    return (
        f"/* {face.name} ({face.package}), cut to the {len(chars)} characters this edition uses. "
        f"SIL Open Font License 1.1: {code}-LICENSE.txt */\n"
        "@font-face {\n"
        f'  font-family: "{family(code)}";\n'
        f'  src: url("{woff2}") format("woff2");\n'
        "  font-display: swap;\n"
        f"  unicode-range: {unicode_range(chars)};\n"
        "}\n"
        f':root {{ --script-font: "{family(code)}"; }}\n'
    )


def licence(code: str, face: Face) -> str:
    """The licence file beside the subset: which font, whose copyright (as the font states it),
    the Reserved Font Names, and the full OFL text."""
    from fontTools.ttLib import TTFont

    notice = TTFont(face.file, lazy=True)["name"].getDebugName(0) or ""
    reserved = f"Reserved Font Names: {face.reserved}.\n" if face.reserved else ""
    return (
        f"The font theme/fonts/{code}.woff2 is a subset of {face.name}, from the Debian package "
        f"{face.package} ({face.file}), renamed \"{family(code)}\" as the licence asks of a modified version.\n"
        f"{notice}\n{reserved}"
        "It is licensed under the SIL Open Font License, Version 1.1, as follows.\n\n"
        + OFL_TEXT.read_text("utf-8")
    )


def on_finalized(pelican) -> None:
    settings = pelican.settings
    state = state_of(settings)
    code = state.language.code
    face = FACES.get(code)
    if face is None or state.fonts is None:
        return
    if not Path(face.file).is_file():
        state.report.error(
            "", None,
            f"{state.language.chinese_name}版要用字体 {face.name}（{face.file}），这台电脑上没有。"
            f"请运行 make setup（或 apt-get install {face.package}）后再生成。",
        )
        return
    output = Path(pelican.output_path)
    chars = used_characters(output, face)
    folder = output / FONTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{code}-LICENSE.txt").write_text(licence(code, face), "utf-8")
    if not chars:  # nothing in the script yet: the pages link an empty stylesheet, no font
        (folder / f"{code}.css").write_text(f"/* No {face.name} characters on these pages. */\n", "utf-8")
        return
    cached, made = cached_subset(face, code, chars, cache_folder(settings))
    state.report.counts["font_subsets_made"] = state.report.counts.get("font_subsets_made", 0) + int(made)
    # One name whatever the characters: every page preloads it before the stylesheet names it
    # (a font found only through the CSS arrives after first paint and shifts the text).
    woff2 = f"{code}.woff2"
    (folder / woff2).unlink(missing_ok=True)
    link_or_copy(cached, folder / woff2)
    (folder / f"{code}.css").write_text(stylesheet(code, face, woff2, chars), "utf-8")
