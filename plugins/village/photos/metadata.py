"""Published images never carry EXIF (GPS position, camera serial, time) or XMP.

Phones write where a photo was taken into it, often a villager's home. Photos in posts go through
the photo pipeline; this is the safety net for any other image that reaches the output (theme,
extra files): every one that still has metadata is re-saved without it, upright first.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PIL import Image, ImageOps

from village.photos.markup import OUTPUT_DIR
from village.state import report_of

PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
CLEAN_FILE = "images-without-metadata.json"


def has_metadata(image: Image.Image) -> bool:
    return bool(image.getexif()) or any(k in image.info for k in ("exif", "xmp", "XML:com.adobe.xmp"))


def strip_metadata(path: Path) -> bool:
    """Rewrite the image without metadata; return whether anything was removed."""
    with Image.open(path) as image:
        if not has_metadata(image):
            return False
        upright = ImageOps.exif_transpose(image)
        fmt = image.format
        icc = image.info.get("icc_profile")
        options = {"icc_profile": icc} if icc else {}
        if fmt == "JPEG":
            options.update(quality=90, optimize=True, progressive=True)
        upright.save(path.with_suffix(path.suffix + ".tmp"), format=fmt, **options)
    os.replace(path.with_suffix(path.suffix + ".tmp"), path)
    return True


def on_finalized(pelican) -> None:
    report = report_of(pelican.settings)
    output = Path(pelican.output_path)
    clean_path = Path(pelican.settings["CACHE_PATH"]) / CLEAN_FILE
    known_clean = _load_clean(clean_path)
    clean = {}
    for folder, dirs, names in os.walk(output):
        if folder == str(output) and OUTPUT_DIR in dirs:
            dirs.remove(OUTPUT_DIR)  # made by the photo pipeline, which writes no metadata
        for name in names:
            path = Path(folder, name)
            if path.suffix.lower() not in PHOTO_EXTENSIONS or path.is_symlink():
                continue
            stat = path.stat()
            key, stamp = path.relative_to(output).as_posix(), [stat.st_size, stat.st_mtime_ns]
            if known_clean.get(key) == stamp:
                clean[key] = stamp
                continue
            try:
                if not strip_metadata(path):
                    clean[key] = stamp
            except OSError:
                # Static files keep their content/ path in the output, so name the official's file.
                source = Path(pelican.settings["PATH"]) / path.relative_to(output)
                report.error(str(source), None, "图片打不开，可能已经损坏或只传了一半。请重新导出或重新上传这张图片。")
    clean_path.parent.mkdir(parents=True, exist_ok=True)
    clean_path.write_text(json.dumps(clean), "utf-8")


def _load_clean(path: Path) -> dict:
    """Images found without metadata by an earlier build, by size and modification time: opening a
    PNG to look for EXIF decodes all of it, and the same theme icons come back every build."""
    try:
        loaded = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
