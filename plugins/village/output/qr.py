"""QR codes of page addresses: inline SVG for pages and print, a picture for share images.

Made by zxing-cpp (its writer is zint, in C): under a millisecond a code, where pure-Python
segno took several and a large site shows one on every page. Error correction M, the best mask
chosen by the encoder.
"""

from __future__ import annotations

import re
from importlib.metadata import version as _package_version

import zxingcpp

BORDER = 2  # modules of quiet zone; phones need some, paper cards have little room
_DARK_RUN = re.compile(rb"\x00+")  # zxing-cpp's image: 0 for a dark module, 255 for a light one


def matrix(url: str) -> tuple[int, bytes]:
    """The code's modules, row by row: (side, one byte a module, 0 = dark)."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    return image.shape[0], bytes(image)


def svg(url: str, scale: int = 3) -> str:
    """An inline SVG: one path of horizontal runs of dark modules on a white square."""
    side, modules = matrix(url)
    runs = []
    for y in range(side):
        x = None  # where the pen stands in this row: later runs move relative to it (a shorter path)
        for run in _DARK_RUN.finditer(modules[y * side:(y + 1) * side]):
            start, length = run.start() + BORDER, run.end() - run.start()
            runs.append(f"M{start} {y + BORDER}.5h{length}" if x is None else f"m{start - x} 0h{length}")
            x = start + length
    total = side + 2 * BORDER
    return (
        f'<svg width="{total * scale}" height="{total * scale}" viewBox="0 0 {total} {total}" class="qr" '
        f'xmlns="http://www.w3.org/2000/svg"><path fill="#fff" d="M0 0h{total}v{total}h-{total}z"/>'
        f'<path stroke="#000" d="{"".join(runs)}"/></svg>'
    )


def image(url: str, size: int):
    """A black-on-white PIL image of the code, about `size` pixels square (whole pixels a module)."""
    from PIL import Image, ImageOps

    side, modules = matrix(url)
    code = ImageOps.expand(Image.frombytes("L", (side, side), modules), border=BORDER, fill=255)
    scale = max(1, size // code.width)
    return code.resize((code.width * scale, code.height * scale), Image.Resampling.NEAREST).convert("RGB")


def version() -> str:
    """Changes when the codes would: kept codes are keyed by it."""
    return f"zxing-cpp {_package_version('zxing-cpp')}|{BORDER}"
