"""Recorded broadcasts (`音频: 文件名.mp3` in a post or 公开 item): checked, published without tags.

mutagen reads the file's own headers, so a renamed WAV or a broken download is refused by what
it is, not by its name; the published copy loses its tags (ID3, MP4 or Vorbis comments), which
phone recorders fill with the device, the owner's name and sometimes where it was recorded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from village.channels.model import Audio

TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg"}
MAX_MB = 20  # 40 minutes of speech at 64 kbps; villagers listen on slow rural networks
MAX_SECONDS = 60 * 60
PUBLISHED_NAME = "luyin"  # the copy next to the page: <page>/luyin.mp3
REF_KEY = "village_audio_ref"  # metadata: (written, absolute path, line)


@dataclass(frozen=True)
class Checked:
    audio: Audio | None
    error: str | None
    cached: Path | None = None  # the tag-free copy, ready to be linked into the site


def _kind_of(parsed) -> str:
    name = type(parsed).__name__
    if name in ("MP3", "EasyMP3"):
        return ".mp3"
    if name in ("MP4", "EasyMP4"):
        return ".m4a"
    if name.startswith("Ogg"):
        return ".ogg"
    return ""


def _formats() -> str:
    return "MP3（.mp3）、M4A（.m4a）或 OGG（.ogg）"


def problem(written: str, path: Path) -> str | None:
    """What is wrong with a recording, in words an official can act on; None when it is fine."""
    import mutagen

    suffix = path.suffix.lower()
    if suffix not in TYPES:
        return f"录音“{written}”的格式（{suffix or '没有扩展名'}）不支持。请转成 {_formats()}，再写到“音频:”里。"
    if not path.is_file():
        return f"找不到录音文件“{written}”。请把录音放在这篇文章旁边（同一个文件夹），文件名要和“音频:”里写的一字不差。"
    size = path.stat().st_size
    if size > MAX_MB * 1024 * 1024:
        return (
            f"录音“{written}”有 {size / 1024 / 1024:.1f} MB，超过了 {MAX_MB} MB 的上限，村民用流量听太费。"
            "请用录音软件导出成 64 kbps 的 MP3（十分钟大约 5 MB）再放进来。"
        )
    try:
        parsed = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError, IndexError, KeyError, struct.error):  # a broken file
        parsed = None
    if parsed is None or not getattr(parsed, "info", None) or not getattr(parsed.info, "length", 0):
        return f"录音“{written}”打不开，不是完整的 {suffix[1:].upper()} 录音（可能下载不完整，或者只是改了扩展名）。请用录音软件重新导出成 {_formats()}。"
    actual = _kind_of(parsed)
    if actual != suffix:
        real = {".mp3": "MP3", ".m4a": "M4A", ".ogg": "OGG"}.get(actual, type(parsed).__name__)
        return f"录音“{written}”其实是 {real} 格式，扩展名却是 {suffix}。请把文件名改成 {path.stem}{actual or '.mp3'}，“音频:”也一起改。"
    if parsed.info.length > MAX_SECONDS:
        return f"录音“{written}”长 {parsed.info.length / 60:.0f} 分钟，超过了一小时。请剪成几段，分别写进不同的文章。"
    return None


def strip_tags(path: Path) -> None:
    """Remove every tag the file carries; the sound itself is not touched."""
    import mutagen
    from mutagen import apev2, id3

    if path.suffix.lower() == ".mp3":
        id3.delete(path, delete_v1=True, delete_v2=True)
        try:
            apev2.delete(path)
        except apev2.error:
            pass
        return
    parsed = mutagen.File(path)
    if parsed is not None and parsed.tags is not None:
        parsed.delete()


def check(written: str, path: Path, url: str, cache_dir: Path) -> Checked:
    """Check `path` and make its published, tag-free copy in `cache_dir` (kept by content, so an
    unchanged recording costs one hash per build)."""
    import mutagen

    error = problem(written, path)
    if error:
        return Checked(None, error)
    data = path.read_bytes()
    suffix = path.suffix.lower()
    digest = hashlib.sha256(data).hexdigest()[:20]
    cached = cache_dir / f"{digest}{suffix}"
    if not cached.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_name(cached.name + ".tmp" + suffix)
        shutil.copyfile(path, temporary)
        strip_tags(temporary)
        os.replace(temporary, cached)
    published = cached.read_bytes()
    seconds = mutagen.File(cached).info.length
    audio = Audio(
        url=f"{url}{PUBLISHED_NAME}{suffix}", mime=TYPES[suffix], seconds=round(seconds, 1), size=len(published),
        digest=hashlib.sha256(published).hexdigest()[:16],
    )
    return Checked(audio, None, cached)
