"""What a page shows of its channels: the 广播稿 link, the share picture and the recording."""

from __future__ import annotations

from dataclasses import dataclass

from village.i18n import Message


@dataclass(frozen=True)
class Audio:
    url: str  # site-relative, the published copy without metadata
    mime: str  # audio/mpeg, audio/mp4, audio/ogg
    seconds: float
    size: int  # bytes of the published copy
    digest: str  # of the published copy: a changed recording changes the page

    @property
    def duration_label(self) -> str:
        """3分05秒, as the page shows it next to the player."""
        total = round(self.seconds)
        minutes, seconds = divmod(total, 60)
        if minutes:
            return Message("%(minutes)s分%(seconds)02d秒", minutes=minutes, seconds=seconds)
        return Message("%(seconds)s秒", seconds=seconds)

    @property
    def itunes_duration(self) -> str:
        total = round(self.seconds)
        return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


@dataclass(frozen=True)
class Channels:
    broadcast: str  # site-relative URL of the 广播稿 text file
    share_image: str = ""  # site-relative URL of the share picture (PNG); empty when not made
    audio: Audio | None = None
