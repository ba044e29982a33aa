"""The photo pipeline: pixels the right way up, no metadata, every format, bad files refused."""

from __future__ import annotations

import struct
import zlib

import pytest
from PIL import Image
from village.photos.images import ImageError, ImageSettings, process_all, process_image

QUADRANTS = {"top-left": (220, 30, 30), "top-right": (30, 200, 30), "bottom-left": (30, 30, 220), "bottom-right": (240, 240, 240)}
# How a camera stores a picture so that applying EXIF orientation N shows it upright.
STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def _upright_picture(width=120, height=80) -> Image.Image:
    image = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    for (_name, colour), box in zip(
        QUADRANTS.items(),
        [(0, 0, half_w, half_h), (half_w, 0, width, half_h), (0, half_h, half_w, height), (half_w, half_h, width, height)],
    ):
        image.paste(colour, box)
    return image


def _gps_exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (30.0, 15.0, 12.5)  # latitude: where the photo was taken
    return exif.tobytes()


def _assert_quadrants(path):
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        assert width > height  # landscape again
        points = {
            "top-left": (width // 4, height // 4), "top-right": (3 * width // 4, height // 4),
            "bottom-left": (width // 4, 3 * height // 4), "bottom-right": (3 * width // 4, 3 * height // 4),
        }
        for name, point in points.items():
            got = rgb.getpixel(point)
            assert all(abs(a - b) < 40 for a, b in zip(got, QUADRANTS[name])), (path.name, name, got)


def _assert_no_metadata(path):
    with Image.open(path) as image:
        assert len(image.getexif()) == 0, path.name
        for key in ("exif", "xmp", "XML:com.adobe.xmp"):
            assert not image.info.get(key), (path.name, key)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_comes_out_upright_without_metadata(tmp_path, orientation):
    stored = _upright_picture()
    if STORE_FOR_ORIENTATION[orientation] is not None:  # FLIP_LEFT_RIGHT is 0, so test for None
        stored = stored.transpose(STORE_FOR_ORIENTATION[orientation])
    source = tmp_path / f"o{orientation}.jpg"
    stored.save(source, quality=95, exif=_gps_exif(orientation))
    result = process_image(source, tmp_path / "cache")
    folder = tmp_path / "cache" / result.key
    assert (result.width, result.height) == (120, 80)
    outputs = [folder / v.file for v in result.variants] + [folder / result.full]
    assert {v.format for v in result.variants} == {"avif", "webp", "jpeg"}
    for path in outputs:
        _assert_quadrants(path)
        _assert_no_metadata(path)
        assert b"PhoneMaker" not in path.read_bytes()


def test_widths_are_never_upscaled_and_cascade(tmp_path):
    source = tmp_path / "big.jpg"
    _upright_picture(2000, 1000).save(source, quality=90)
    result = process_image(source, tmp_path / "cache")
    assert sorted({v.width for v in result.variants}) == [480, 960, 1600]
    assert {(v.width, v.height) for v in result.variants} == {(480, 240), (960, 480), (1600, 800)}
    small = tmp_path / "small.jpg"
    _upright_picture(300, 200).save(small)
    assert {v.width for v in process_image(small, tmp_path / "cache").variants} == {300}


def test_cache_hit_reprocesses_nothing_and_settings_change_the_key(tmp_path):
    source = tmp_path / "a.jpg"
    _upright_picture().save(source)
    first = process_image(source, tmp_path / "cache")
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*")}
    again = process_image(source, tmp_path / "cache")
    assert again.cached and again.key == first.key
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("*")} == stamps
    other = process_image(source, tmp_path / "cache", ImageSettings(jpeg_quality=60))
    assert other.key != first.key and not other.cached


def test_png_screenshots_stay_lossless(tmp_path):
    screenshot = Image.new("RGB", (200, 100), "white")
    for x in range(0, 200, 2):
        screenshot.putpixel((x, 50), (0, 0, 0))  # one-pixel lines that lossy codecs would blur
    source = tmp_path / "shot.png"
    screenshot.save(source)
    result = process_image(source, tmp_path / "cache")
    assert result.lossless
    assert {v.format for v in result.variants} == {"avif", "webp", "png"}  # no JPEG for screenshots
    for fmt in ("webp", "png"):
        variant = next(v for v in result.variants if v.format == fmt)
        with Image.open(tmp_path / "cache" / result.key / variant.file) as out:
            assert out.convert("RGB").tobytes() == screenshot.tobytes(), fmt


def test_cmyk_and_16_bit_sources_convert_correctly(tmp_path):
    cmyk = tmp_path / "print.jpg"
    Image.new("CMYK", (64, 64), (0, 255, 255, 0)).save(cmyk)  # pure red in print colours
    result = process_image(cmyk, tmp_path / "cache")
    with Image.open(tmp_path / "cache" / result.key / result.full) as out:
        red, green, blue = out.convert("RGB").getpixel((32, 32))
        assert out.mode == "RGB" and red > 200 and green < 60 and blue < 60
    deep = tmp_path / "deep.png"
    gradient = Image.new("I;16", (256, 8))
    for x in range(256):
        for y in range(8):
            gradient.putpixel((x, y), x * 256)
    gradient.save(deep)
    result = process_image(deep, tmp_path / "cache")
    with Image.open(tmp_path / "cache" / result.key / result.full) as out:
        row = [out.convert("L").getpixel((x, 4)) for x in (0, 128, 255)]
        assert row[0] < 10 and 100 < row[1] < 160 and row[2] > 240  # a gradient, not all white


def test_heic_from_iphones(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif", reason="没有安装 pillow-heif，不能读 iPhone 的 HEIC 照片（pip install pillow-heif）")
    source = tmp_path / "iphone.heic"
    pillow_heif.from_pillow(_upright_picture(160, 120)).save(source, quality=90)
    result = process_image(source, tmp_path / "cache")
    assert {v.format for v in result.variants} == {"avif", "webp", "jpeg"}
    _assert_no_metadata(tmp_path / "cache" / result.key / result.full)


@pytest.mark.parametrize("setting", ["keep", "first-frame"])
def test_animated_gif(tmp_path, setting):
    frames = [Image.new("RGB", (40, 30), (i * 60, 255 - i * 60, 90)) for i in range(4)]
    source = tmp_path / "anim.gif"
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=120, loop=0)
    result = process_image(source, tmp_path / "cache", ImageSettings(animated_gif=setting))
    assert result.animated == (setting == "keep")
    with Image.open(tmp_path / "cache" / result.key / result.full) as out:
        assert getattr(out, "n_frames", 1) == (4 if setting == "keep" else 1)


def _png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims enormous dimensions, as a decompression bomb does."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.png", _png_claiming_size(40000, 40000), "图片太大"),
        ("bomb2.png", _png_claiming_size(12000, 10000), "图片太大（12000×10000，约 120 百万像素，上限 100）"),
        ("truncated.jpg", None, "只传了一半"),
        ("random.jpg", b"not an image at all" * 20, "不是能识别的图片"),
        ("scan.bmp", None, "不支持的图片格式“.bmp”"),
    ],
)
def test_bad_photos_are_refused_with_chinese_reasons(tmp_path, name, data, message):
    path = tmp_path / name
    if name == "truncated.jpg":
        _upright_picture(800, 600).save(path, quality=95)
        path.write_bytes(path.read_bytes()[:2000])
    elif name == "scan.bmp":
        _upright_picture().save(path)
    else:
        path.write_bytes(data)
    with pytest.raises(ImageError, match=message):
        process_image(path, tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*")) if (tmp_path / "cache").exists() else True


def test_process_all_uses_workers_and_reports_each_bad_file(tmp_path):
    good = []
    for i in range(4):
        path = tmp_path / f"g{i}.jpg"
        _upright_picture(100 + i, 80).save(path)
        good.append(path)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"garbage" * 50)
    results, errors = process_all(good + [bad], tmp_path / "cache", workers=2)
    assert set(results) == {str(p) for p in good}
    assert list(errors) == [str(bad)] and "不是能识别的图片" in errors[str(bad)]


def test_an_image_replaced_after_a_clean_build_loses_its_metadata_too(site):
    # The safety net remembers images it found clean; a replaced file must be looked at again.
    site.write("posts/a.md", "标题: 村徽\n日期: 2024-05-01\n分类: 村务\n\n正文。\n")
    picture = site.content / "images" / "banner.jpg"
    picture.parent.mkdir(parents=True)
    _upright_picture().save(picture, quality=90)
    assert site.build().ok
    _assert_no_metadata(site.output / "images" / "banner.jpg")
    _upright_picture().save(picture, quality=90, exif=_gps_exif(1))
    assert site.build().ok
    _assert_no_metadata(site.output / "images" / "banner.jpg")
    assert b"PhoneMaker" not in (site.output / "images" / "banner.jpg").read_bytes()
