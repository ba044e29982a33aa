"""The ways a villager reaches the village (the inspection's veto item "no channel for the public
to ask"): the 互动 page, the 我要反映 block under every 回音卡 and 公开 item, and the 纠错 link on
every page — phone (tap to call), the WeChat QR image the village uploads, email with the page's
title and address filled in, office hours. All from village.yml `channels:`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from pelican.generators import Generator

URL = "hudong/"


@dataclass(frozen=True)
class Channels:
    phone: str = ""
    email: str = ""
    wechat_qr: str = ""  # site-relative image path
    hours: str = ""

    @property
    def any(self) -> bool:
        return bool(self.phone or self.email or self.wechat_qr)

    @property
    def tel(self) -> str:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+") if self.phone else ""

    def mailto(self, subject: str, body: str) -> str:
        if not self.email:
            return ""
        return f"mailto:{self.email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def channels_of(village: dict) -> Channels:
    given = village.get("channels") or {}
    return Channels(
        phone=str(given.get("phone") or village.get("office_phone") or ""), email=str(given.get("email") or ""),
        wechat_qr=str(given.get("wechat_qr") or ""), hours=str(given.get("hours") or ""),
    )


@dataclass(frozen=True)
class Ask:
    """What one page offers: 我要反映 and 纠错 links that carry the page's title and address."""

    channels: Channels
    report_href: str  # 我要反映: an email about this page, or the phone
    correction_href: str  # 纠错


class AskLinks:
    """The `ask` filter (a class: Pelican pickles its settings): output_file|ask(title) -> Ask."""

    def __init__(self, settings):
        self.village = settings["VILLAGE"]

    def __call__(self, output_file: str, title: str) -> Ask:
        from village.posts.page_meta import page_path

        channels = channels_of(self.village)
        url = f"{self.village['site_url']}/{page_path(output_file)}"
        title = " ".join(str(title).split())
        report = channels.mailto(f"我要反映：{title}", f"页面：{title}\n网址：{url}\n\n我要反映的情况：\n\n我的称呼和联系方式（不公开）：\n")
        correction = channels.mailto(f"纠错：{title}", f"页面：{title}\n网址：{url}\n\n哪里有错，应当怎么改：\n")
        return Ask(channels, report or channels.tel, correction or channels.tel)


def jinja_filters(settings) -> dict:
    return {"ask": AskLinks(settings)}


def warn_without_channel(settings, report) -> None:
    if not channels_of(settings["VILLAGE"]).any:
        report.warning(
            "village.yml", None,
            "没有写村民反映问题的渠道（channels 里的电话、邮箱或微信二维码，或 office_phone）。检查时“没有互动渠道”一票否决。"
            "请至少写一个村委会办公电话。",
        )


class InteractionGenerator(Generator):
    """Writes the 互动 page: every channel and how an inquiry becomes a 回音卡."""

    def generate_context(self):
        from village.state import report_of

        warn_without_channel(self.settings, report_of(self.settings))
        self.context.setdefault("VILLAGE_DISCLOSURE_PAGES", []).append((URL, ""))  # into the sitemap

    def generate_output(self, writer):
        writer.write_file(f"{URL}index.html", self.get_template("hudong"), self.context,
                          channels=channels_of(self.settings["VILLAGE"]))


def get_generators(pelican_object):
    return InteractionGenerator
