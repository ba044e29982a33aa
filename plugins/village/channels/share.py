"""WeChat sharing: the text to paste into a village group and the share picture (PNG).

The picture is sized for a phone screen and stays legible after WeChat recompresses it: large
type, the post's first photo or the village emblem, the date, and the page's QR code, which a
villager long-presses to open the page. Pictures are kept in the cache by what they show.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from village.output import qr
from village.output.files import link_or_copy, replace_file

WIDTH, HEIGHT = 750, 1200  # 2x a 375-point phone screen: fills it, and WeChat keeps it sharp
MARGIN = 40
GREEN, INK, GREY, PALE = (47, 107, 47), (26, 26, 26), (90, 90, 90), (238, 245, 236)
SUMMARY_CHARS = 40  # two lines of a WeChat message on a phone, at its default text size
FILE_NAME = "fenxiang.png"  # next to the page's index.html
STYLE = "2"  # bump when the layout changes: cached pictures are made again
FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
_SENTENCE = re.compile(r"[^。！？!?；;]*[。！？!?；;]")


@functools.cache
def font_file() -> str | None:
    """A font with Chinese characters: the usual Debian ones, else whatever fontconfig offers."""
    for path in FONT_FILES:
        if os.path.isfile(path):
            return path
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans:lang=zh-cn"], capture_output=True, text=True, check=False).stdout
        if found and os.path.isfile(found):
            return found
    return None


def two_line_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Whole sentences up to `limit` characters; a first sentence longer than that is cut at its
    last comma before the limit, with …… where it was cut."""
    text = re.sub(r"\s+", "", text or "")
    sentences = _SENTENCE.findall(text)
    rest = text[sum(len(s) for s in sentences):]
    if rest:
        sentences.append(rest)
    chosen = ""
    for sentence in sentences:
        if len(chosen) + len(sentence) > limit:
            break
        chosen += sentence
    if chosen:
        return chosen
    head = text[:limit]
    comma = max(head.rfind("，"), head.rfind("、"), head.rfind(","))
    return (head[:comma] if comma > limit // 3 else head[: limit - 2]) + "……"


def share_text(title: str, summary: str, url: str, village: str) -> str:
    """The message for a village WeChat group: title, two lines, the public address."""
    return f"【{village}】{title}\n{two_line_summary(summary)}\n全文：{url}"


@dataclass(frozen=True)
class Picture:
    """Everything a share picture shows: two equal ones are the same file."""

    village: str
    region: str
    title: str
    date_line: str  # 2026年11月20日 · 村务
    summary: str
    url: str
    photo: str  # path of the photo (or emblem) to show; "" for none
    photo_digest: str  # of the photo's bytes

    def key(self) -> str:
        parts = [STYLE, font_file() or "", *(str(v) for v in self.__dict__.values())]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(font_file(), size)


def _wrap(draw, text: str, font, width: int, lines: int) -> list[str]:
    out, current = [], ""
    for char in text:
        if draw.textlength(current + char, font=font) > width:
            out.append(current)
            current = char
            if len(out) == lines:
                break
        else:
            current += char
    else:
        if current:
            out.append(current)
        return out
    last = out[-1]
    while last and draw.textlength(last + "…", font=font) > width:
        last = last[:-1]
    out[-1] = last + "…"
    return out


@functools.lru_cache(maxsize=4)
def _emblem_ground(path: str, digest: str, box: tuple[int, int]):
    """The SVG emblem centred on a pale ground: the same for every picture without a photo, so
    drawn once per build (`digest` makes a changed emblem a new entry)."""
    import cairosvg
    from PIL import Image

    data = cairosvg.svg2png(url=path, output_width=box[1] * 3 // 4, output_height=box[1] * 3 // 4)
    emblem = Image.open(io.BytesIO(data)).convert("RGBA")
    ground = Image.new("RGB", box, PALE)
    ground.paste(emblem, ((box[0] - emblem.width) // 2, (box[1] - emblem.height) // 2), emblem)
    return ground


def _picture_image(path: str, digest: str, box: tuple[int, int]):
    """The photo filling `box` (cropped to it), or an emblem centred on a pale ground."""
    from PIL import Image, ImageOps

    if not path:
        return None
    if path.lower().endswith(".svg"):
        return _emblem_ground(path, digest, box)
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        return ImageOps.fit(image, box, Image.Resampling.LANCZOS)


def render(picture: Picture) -> bytes:
    """The PNG of one share picture."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 130), fill=GREEN)
    draw.text((MARGIN, 24), picture.village, font=_font(46), fill="white")
    draw.text((MARGIN, 84), picture.region, font=_font(26), fill=(225, 240, 222))
    y = 165
    title_font = _font(52)
    for line in _wrap(draw, picture.title, title_font, inner, 3):
        draw.text((MARGIN, y), line, font=title_font, fill=INK, stroke_width=1, stroke_fill=INK)
        y += 68
    y += 12
    draw.text((MARGIN, y), picture.date_line, font=_font(30), fill=GREY)
    y += 58
    shown = _picture_image(picture.photo, picture.photo_digest, (inner, 360))
    if shown is not None:
        image.paste(shown, (MARGIN, y))
        y += 360 + 24
    summary_font = _font(30)
    for line in _wrap(draw, picture.summary, summary_font, inner, 2 if shown is not None else 5):
        draw.text((MARGIN, y), line, font=summary_font, fill=(51, 51, 51))
        y += 44
    qr_size = 250
    top = HEIGHT - qr_size - MARGIN
    draw.line((MARGIN, top - 24, WIDTH - MARGIN, top - 24), fill=(210, 210, 210), width=2)
    code = qr.image(picture.url, qr_size)
    image.paste(code, (MARGIN, top + (qr_size - code.height) // 2))
    left = MARGIN + qr_size + 30
    draw.text((left, top + 40), "长按识别二维码", font=_font(36), fill=INK)
    draw.text((left, top + 96), "或微信扫一扫，阅读全文", font=_font(28), fill=GREY)
    host = re.sub(r"^https?://", "", picture.url).split("/", 1)[0]
    draw.text((left, top + 150), host, font=_font(24), fill=GREY)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # level 6 took 5x as long for 5% less
    return buffer.getvalue()


def cache_dir(settings) -> Path:
    return Path(settings.get("CACHE_PATH") or ".cache") / "share"


def cached_render(picture: Picture, folder: Path) -> Path:
    """The picture's PNG in the cache `folder`, made only when nothing it shows has changed since."""
    return _cached(folder / f"{picture.key()}.png", lambda: render(picture))


def _cached(path: Path, make) -> Path:
    """`path` in the share cache, made by `make()` (PNG bytes) only when it is not there yet."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, make())
    return path


def file_digest(path: str) -> str:
    if not path or not os.path.isfile(path):
        return ""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def emblem_path(settings) -> str:
    emblem = settings["VILLAGE"].get("emblem") or ""
    return str(Path(settings["PATH"]) / emblem) if emblem else ""


def podcast_cover(settings, target: Path, folder: Path) -> None:
    """The 村村响 feed's square picture (podcast apps want 1400 pixels or more), from the cache
    while the village's name, emblem and font are the same."""
    village = settings["VILLAGE"]
    emblem = emblem_path(settings)
    key = hashlib.sha256("\n".join([STYLE, font_file() or "", village["name"], emblem, file_digest(emblem)]).encode()).hexdigest()[:24]
    link_or_copy(_cached(folder / f"cover-{key}.png", lambda: _podcast_cover(village["name"], emblem)), target)


def _podcast_cover(name: str, emblem: str) -> bytes:
    from PIL import Image, ImageDraw

    size = 1400
    image = Image.new("RGB", (size, size), GREEN)
    if emblem and os.path.isfile(emblem):
        shown = _picture_image(emblem, file_digest(emblem), (760, 760))
        if shown is not None:
            image.paste(shown, ((size - 760) // 2, 170))
    if font_file():
        draw = ImageDraw.Draw(image)
        for text, y, font_size in ((name, 990, 130), ("村村响", 1170, 110)):
            font = _font(font_size)
            draw.text(((size - draw.textlength(text, font=font)) / 2, y), text, font=font, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
