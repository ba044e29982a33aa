"""Real recordings for tests: a tone encoded to MP3 with LAME (lameenc), tagged like a phone's."""

from __future__ import annotations

import math
import struct
from pathlib import Path


def tone_mp3(path: Path, seconds: float = 2.0, rate: int = 22050, freq: float = 440.0, tagged: bool = True) -> Path:
    import lameenc
    from mutagen.id3 import ID3, TIT2, TPE1

    samples = int(seconds * rate)
    pcm = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / rate))) for i in range(samples))
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(7)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encoder.encode(pcm) + encoder.flush())
    if tagged:
        tags = ID3()
        tags.add(TIT2(text="录音 何大爷家门口"))
        tags.add(TPE1(text="林晓禾的手机"))
        tags.save(path)
    return path
