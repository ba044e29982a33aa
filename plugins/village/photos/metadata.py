"""Published images never carry EXIF (GPS position, camera serial, time) or XMP.

Phones write where a photo was taken into it, often a villager's home. Photos in posts go through
the photo pipeline; this is the safety net for any other image that reaches the output (theme,
extra files): every one that still has metadata is re-saved without it, upright first.
"""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image, ImageOps

from village.output.files import files_under
from village.photos.markup import OUTPUT_DIR
from village.source.checked import CheckedFiles, file_hash
from village.state import report_of

PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
CODE = file_hash(__file__)  # a new check: every image again


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
    # Opening a PNG to look for EXIF decodes all of it, and the same theme icons return every build.
    checked = CheckedFiles(pelican.settings["CACHE_PATH"], "image-metadata", CODE)
    # photos/ is made by the photo pipeline, which writes no metadata
    for path in files_under(output, PHOTO_EXTENSIONS, skipped_top=(OUTPUT_DIR,)):
        key = path.relative_to(output).as_posix()
        if path.is_symlink() or checked.known_clean(key, path):
            continue
        try:
            if not strip_metadata(path):
                checked.clean(key, path)
        except OSError:
            # Static files keep their content/ path in the output, so name the official's file.
            source = Path(pelican.settings["PATH"]) / path.relative_to(output)
            report.error(str(source), None, "图片打不开，可能已经损坏或只传了一半。请重新导出或重新上传这张图片。")
    checked.save()
