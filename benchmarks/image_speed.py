"""`invoke bench-images --count N`: our photo pipeline against a naive Pillow one, in one run.

Both make the same files from the same N twelve-megapixel photos (every width in every format,
plus a full-size download). Then ours runs again with nothing changed, which must process nothing.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from PIL import Image, ImageEnhance, ImageOps
from village.photos.images import EXTENSIONS, ImageSettings, process_all

from .common import verdict, work_folder

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = ROOT.parent / "shared" / "photos"
TARGET_SPEEDUP = 2.0
TARGET_WARM_SECONDS = 1.0


def make_photos(folder: Path, count: int, seed: int = 7, sources: list[Path] | None = None) -> list[Path]:
    """Twelve-megapixel JPEGs made from the shared photos: cropped, flipped, tinted, some rotated."""
    sources = sources or sorted(PHOTOS.glob("*.jpg"))
    if not sources:
        raise SystemExit(f"找不到示例照片文件夹 {PHOTOS}。")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        with Image.open(sources[index % len(sources)]) as original:
            base = ImageOps.exif_transpose(original).convert("RGB")
        width, height = base.size
        left, top = rng.randint(0, width // 8), rng.randint(0, height // 8)
        photo = base.crop((left, top, left + width * 7 // 8, top + height * 7 // 8)).resize((4000, 3000), Image.Resampling.BICUBIC)
        if rng.random() < 0.5:
            photo = ImageOps.mirror(photo)
        photo = ImageEnhance.Brightness(photo).enhance(rng.uniform(0.85, 1.15))
        exif = Image.Exif()
        if index % 4 == 1:  # a phone held upright: stored sideways with orientation 6 or 8
            orientation = rng.choice((6, 8))
            photo = photo.transpose(Image.Transpose.ROTATE_90 if orientation == 6 else Image.Transpose.ROTATE_270)
            exif[0x0112] = orientation
        exif.get_ifd(0x8825)[2] = (30.0, rng.uniform(0, 59), 0.0)
        path = folder / f"photo-{index:04d}.jpg"
        photo.save(path, quality=90, exif=exif.tobytes())
        paths.append(path)
    return paths


def naive_pipeline(paths: list[Path], out: Path, settings: ImageSettings) -> None:
    """What a plugin does without care: decode in full, resize every width from the original."""
    for path in paths:
        with Image.open(path) as image:
            upright = ImageOps.exif_transpose(image).convert("RGB")
        width, height = upright.size
        folder = out / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        for target in settings.widths:
            resized = upright.resize((target, round(height * target / width)), Image.Resampling.LANCZOS)
            for fmt in settings.formats:
                resized.save(folder / f"{target}{EXTENSIONS[fmt]}", format=fmt.upper())
        full = upright.resize((settings.full_size, round(height * settings.full_size / width)), Image.Resampling.LANCZOS)
        full.save(folder / "full.jpg", format="JPEG")


def run(count: int, keep: bool = False) -> dict:
    settings = ImageSettings()
    with work_folder("village-bench-images-", keep) as work:
        print(f"生成 {count} 张 1200 万像素的测试照片（固定随机种子）……")
        paths = make_photos(work / "photos", count)
        started = time.perf_counter()
        naive_pipeline(paths, work / "naive", settings)
        naive_s = time.perf_counter() - started

        started = time.perf_counter()
        results, errors = process_all(paths, work / "cache", settings)
        cold_s = time.perf_counter() - started
        if errors:
            raise SystemExit("基准测试中有照片处理失败：" + "；".join(errors.values()))

        started = time.perf_counter()
        again, _ = process_all(paths, work / "cache", settings)
        warm_s = time.perf_counter() - started
        reprocessed = sum(1 for r in again.values() if not r.cached)

        speedup = naive_s / cold_s
        print(f"照片数：{count}，每张生成 {len(settings.widths)} 种宽度 × {len(settings.formats)} 种格式 + 原图下载")
        print(f"朴素 Pillow 流程（单进程）：{naive_s:.1f} 秒")
        print(f"本项目流程（冷，{len(results)} 张）：{cold_s:.1f} 秒")
        print(f"加速倍数（朴素 / 本项目）：{speedup:.2f}（目标 ≥ {TARGET_SPEEDUP}，{verdict(speedup >= TARGET_SPEEDUP)}）")
        ok_warm = reprocessed == 0 and warm_s < TARGET_WARM_SECONDS
        print(f"不改动再跑一次：重新处理 {reprocessed} 张，用时 {warm_s:.2f} 秒（目标 0 张且 < {TARGET_WARM_SECONDS} 秒，{verdict(ok_warm)}）")
        return {"naive": naive_s, "cold": cold_s, "warm": warm_s, "speedup": speedup, "reprocessed": reprocessed}
