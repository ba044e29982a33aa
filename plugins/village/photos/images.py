"""The photo pipeline: phone photos in, small private web images out.

For each source photo it writes, into a cache folder keyed by the photo's bytes and the settings,
every configured width (never upscaled) in every configured format, a full-size download, and a
manifest with sizes and a placeholder colour. Every output is turned upright (all eight EXIF
orientations) and carries no EXIF, XMP or GPS. A cached photo is never processed again, which
matters because git checkouts reset file times. markup.py and albums.py put the results in pages.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

try:  # iPhone photos; registering adds HEIC/HEIF to Image.open
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is in the lock file
    pillow_heif = None

PIPELINE_VERSION = 1  # bump when the outputs for the same settings change
EXTENSIONS = {"jpeg": ".jpg", "webp": ".webp", "avif": ".avif", "png": ".png", "gif": ".gif"}
SUPPORTED_SOURCES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".avif", ".tif", ".tiff"}


class ImageError(ValueError):
    """A photo that cannot be published; the message is for the official, in Chinese."""


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = (480, 960, 1600)
    formats: tuple[str, ...] = ("avif", "webp", "jpeg")  # the last one is the <img> fallback
    jpeg_quality: int = 82
    webp_quality: int = 78
    avif_quality: int = 55
    avif_speed: int = 8  # libavif's 0 (slowest) … 10; 8 keeps quality and cuts encode time
    full_size: int = 1920  # the download link: upright, stripped, at most this wide
    max_megapixels: int = 100
    animated_gif: str = "keep"  # or "first-frame"

    def fingerprint(self) -> str:
        return json.dumps([PIPELINE_VERSION, asdict(self)], sort_keys=True)


@dataclass
class Variant:
    width: int
    height: int
    format: str
    file: str  # relative to the photo's cache folder


@dataclass
class ProcessedImage:
    key: str
    width: int
    height: int
    color: str  # placeholder background while loading, "#rrggbb"
    lossless: bool
    animated: bool
    variants: list[Variant] = field(default_factory=list)
    full: str = ""
    cached: bool = field(default=False, compare=False)  # reused by this build: not part of the photo, nor of a page's fingerprint

    @classmethod
    def from_manifest(cls, data: dict) -> ProcessedImage:
        data = dict(data)
        data["variants"] = [Variant(**v) for v in data["variants"]]
        return cls(**data)


def source_key(data: bytes, settings: ImageSettings) -> str:
    return hashlib.sha256(data + settings.fingerprint().encode()).hexdigest()[:20]


def _draft_for_jpeg(image: Image.Image, display_width: int) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the widest output."""
    if image.format != "JPEG":
        return
    width, height = image.size
    rotated = image.getexif().get(0x0112) in (5, 6, 7, 8)
    shown_width = height if rotated else width
    if display_width >= shown_width:
        return
    scale = display_width / shown_width
    image.draft("RGB", (int(width * scale) + 1, int(height * scale) + 1))


def _open_checked(path: Path, settings: ImageSettings) -> Image.Image:
    """Open and fully decode, refusing bombs, broken files and unknown formats with a clear reason."""
    if path.suffix.lower() not in SUPPORTED_SOURCES:
        raise ImageError(f"不支持的图片格式“{path.suffix}”。请用 JPG、PNG、WebP 或 HEIC（苹果手机）照片。")
    limit = settings.max_megapixels * 1_000_000
    pillow_limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Pillow's own check is replaced by ours, made from the header before any decoding,
            # so the message can give the real size.
            Image.MAX_IMAGE_PIXELS = None
            # WeasyPrint (card printing) switches this on for the whole process when imported; a
            # half-uploaded photo must still be refused, never published with a grey bottom half.
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            image = Image.open(path)
            width, height = image.size
            if width * height > limit:
                raise ImageError(
                    f"图片太大（{width}×{height}，约 {width * height / 1e6:.0f} 百万像素，上限 {settings.max_megapixels}），"
                    "可能是异常文件。请用手机或电脑把它缩小后再放进来。"
                )
            _draft_for_jpeg(image, max(settings.full_size, *settings.widths))
            image.load()
            return image
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(
            f"图片太大（超过 {settings.max_megapixels} 百万像素的上限），可能是异常文件。请用手机或电脑把它缩小后再放进来。"
        ) from None
    except UnidentifiedImageError:
        raise ImageError("文件不是能识别的图片，可能已经损坏或扩展名写错了。请重新导出这张照片。") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"图片打不开或只传了一半（{type(exc).__name__}）。请重新导出或重新上传这张照片。") from None
    finally:
        Image.MAX_IMAGE_PIXELS = pillow_limit


def _web_mode(image: Image.Image) -> Image.Image:
    """RGB or RGBA that every browser shows the same: CMYK, 16-bit and palette images converted."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale to 8 bits instead of clipping everything above 255 to white.
        return image.point(lambda value: value / 256).convert("L").convert("RGB")
    if image.mode in ("P", "LA", "PA") or "transparency" in image.info:
        return image.convert("RGBA")
    return image.convert("RGB")  # CMYK, L, YCbCr…


def _save(image: Image.Image, path: Path, fmt: str, settings: ImageSettings, lossless: bool) -> None:
    if fmt == "jpeg":
        options = {"quality": settings.jpeg_quality, "optimize": True, "progressive": True}
        image = image.convert("RGB")
    elif fmt == "webp":
        options = {"lossless": True} if lossless else {"quality": settings.webp_quality, "method": 4}
    elif fmt == "avif":
        options = {"quality": 100 if lossless else settings.avif_quality, "speed": settings.avif_speed}
    else:  # png
        options = {"optimize": True}
    # No exif= argument: Pillow 13 writes no EXIF unless asked, which is what we want.
    image.save(path, format=fmt.upper(), **options)


def _dominant_color(image: Image.Image) -> str:
    red, green, blue = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{red:02x}{green:02x}{blue:02x}"


def _process_animated_gif(image: Image.Image, folder: Path, key: str) -> ProcessedImage:
    frames = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append(image.convert("RGBA"))
    target = folder / "full.gif"
    frames[0].save(target, save_all=True, append_images=frames[1:], loop=image.info.get("loop", 0),
                   duration=image.info.get("duration", 100), disposal=2)
    width, height = frames[0].size
    variant = Variant(width, height, "gif", target.name)
    return ProcessedImage(key, width, height, _dominant_color(frames[0]), True, True, [variant], target.name)


def cached_image(source: str | Path, cache_dir: str | Path, settings: ImageSettings) -> ProcessedImage | None:
    """The web versions of `source` made by an earlier build, or None."""
    key = source_key(Path(source).read_bytes(), settings)
    manifest = Path(cache_dir) / key / "manifest.json"
    if not manifest.is_file():
        return None
    result = ProcessedImage.from_manifest(json.loads(manifest.read_text("utf-8")))
    result.cached = True
    return result


def process_image(source: str | Path, cache_dir: str | Path, settings: ImageSettings = ImageSettings()) -> ProcessedImage:
    """Make (or find in the cache) every web version of one photo."""
    source = Path(source)
    cached = cached_image(source, cache_dir, settings)
    if cached is not None:
        return cached
    key = source_key(source.read_bytes(), settings)
    folder = Path(cache_dir) / key
    image = _open_checked(source, settings)
    staging = folder.with_name(f".{key}-{os.getpid()}")
    staging.mkdir(parents=True, exist_ok=True)
    try:
        animated = getattr(image, "is_animated", False) and image.format == "GIF"
        if animated and settings.animated_gif == "keep":
            result = _process_animated_gif(image, staging, key)
        else:
            if animated:
                image.seek(0)
            result = _process_still(image, staging, key, settings)
        (staging / "manifest.json").write_text(json.dumps(asdict(result), ensure_ascii=False), "utf-8")
        try:
            staging.rename(folder)  # atomic: a half-written cache entry is never seen
        except OSError:
            pass  # another worker finished the same photo first
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return result


def _process_still(image: Image.Image, folder: Path, key: str, settings: ImageSettings) -> ProcessedImage:
    lossless = image.format in ("PNG", "GIF") or image.info.get("compression") == "lossless"
    upright = _web_mode(ImageOps.exif_transpose(image))
    # Encoders copy image.info into the file (the AVIF writer even re-applies orientation from it):
    # keep only what is not about the photographer.
    upright.info = {k: v for k, v in image.info.items() if k in ("icc_profile", "transparency")}
    width, height = upright.size
    formats = [f for f in settings.formats if not (lossless and f == "jpeg")] + (["png"] if lossless else [])
    widths = sorted({w for w in settings.widths if w < width} | {min(width, max(settings.widths))}, reverse=True)

    variants = []
    current = upright
    for target_width in widths:  # largest first, each resized from the previous: far less work
        target_height = max(1, round(height * target_width / width))
        if current.size != (target_width, target_height):
            current = current.resize((target_width, target_height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt in formats:
            name = f"{target_width}{EXTENSIONS[fmt]}"
            _save(current, folder / name, fmt, settings, lossless)
            variants.append(Variant(target_width, target_height, fmt, name))

    full = upright
    if width > settings.full_size:
        full = upright.resize((settings.full_size, round(height * settings.full_size / width)), Image.Resampling.LANCZOS)
    full_name = "full.png" if lossless else "full.jpg"
    _save(full, folder / full_name, "png" if lossless else "jpeg", settings, lossless)
    return ProcessedImage(key, width, height, _dominant_color(current), lossless, False, variants, full_name)


def _process_one(args):
    source, cache_dir, settings = args
    try:
        return source, process_image(source, cache_dir, settings), None
    except ImageError as exc:
        return source, None, str(exc)


class PhotoPool:
    """One pool of worker processes for all the photos of a build (posts, albums, cards), started
    the first time photos need work, not once per content type; cached photos never reach it."""

    def __init__(self, cache_dir: str | Path, settings: ImageSettings = ImageSettings(), workers: int | None = None):
        self.cache_dir = str(cache_dir)
        self.settings = settings
        self.workers = workers or os.cpu_count() or 1
        self._executor: ProcessPoolExecutor | None = None

    def process(self, sources) -> tuple[dict[str, ProcessedImage], dict[str, str]]:
        """{source: ProcessedImage} and {source: Chinese error} for `sources`."""
        outcomes, jobs = [], []
        for source in dict.fromkeys(str(s) for s in sources):
            try:
                cached = cached_image(source, self.cache_dir, self.settings)
            except OSError:
                cached = None  # the worker says why in Chinese
            if cached is not None:
                outcomes.append((source, cached, None))
            else:
                jobs.append((source, self.cache_dir, self.settings))
        if len(jobs) > 1 and self.workers > 1:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(max_workers=self.workers)
            outcomes += self._executor.map(_process_one, jobs, chunksize=1)
        else:
            outcomes += map(_process_one, jobs)
        results = {source: result for source, result, error in outcomes if error is None}
        errors = {source: error for source, _, error in outcomes if error is not None}
        return results, errors

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None


def process_all(sources, cache_dir, settings: ImageSettings = ImageSettings(), workers: int | None = None):
    """Process photos on every core; returns {source: ProcessedImage} and {source: Chinese error}."""
    pool = PhotoPool(cache_dir, settings, workers)
    try:
        return pool.process(sources)
    finally:
        pool.close()
