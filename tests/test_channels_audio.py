"""Recorded broadcasts: checked with mutagen, published without tags, played on the page and
listed in the 村村响 podcast feed."""

from __future__ import annotations

import re

import mutagen
from audiofiles import tone_mp3
from conftest import messages
from feedcheck import check_feed
from lxml import etree

POST = "标题: 冬季用电安全提醒\n日期: 2026-11-20\n分类: 村务\n音频: {name}\n\n入冬以后请检查电热毯。\n"
PAGE = "2026/11/dong-ji-yong-dian-an-quan-ti-xing/"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def test_a_recording_is_published_without_tags_and_shown_with_its_length(site):
    site.write("posts/dian.md", POST.format(name="dian.mp3"))
    tone_mp3(site.content / "posts/dian.mp3", seconds=3.0)
    assert mutagen.File(site.content / "posts/dian.mp3").tags is not None
    result = site.build()
    assert result.ok, messages(result)
    published = site.output / PAGE / "luyin.mp3"
    assert mutagen.File(published).tags is None
    assert b"\xe6\x9e\x97" not in published.read_bytes()  # 林 of the owner's name is gone with the tags
    assert not list(site.output.rglob("dian.mp3"))  # Pelican's copy with tags is not published
    page = site.page(PAGE + "index.html")
    player = re.search(r"<audio [^>]*>", page).group(0)
    assert 'controls' in player and 'preload="metadata"' in player and "autoplay" not in player
    assert f'src="/{PAGE}luyin.mp3"' in player
    assert "收听本文" in page and "（时长 3秒）" in page


def test_the_podcast_feed_lists_the_recording_with_enclosure_and_duration(site):
    site.write("posts/dian.md", POST.format(name="dian.mp3"))
    size = tone_mp3(site.content / "posts/dian.mp3", seconds=65.0, tagged=False).stat().st_size
    site.write("posts/other.md", "标题: 没有录音\n日期: 2026-11-21\n分类: 村务\n\n正文。\n")
    result = site.build()
    assert result.ok, messages(result)
    feed = site.output / "feeds/cuncunxiang.rss.xml"
    assert check_feed(feed, "https://qinghe.example.cn") == []
    tree = etree.parse(str(feed))
    items = tree.findall("channel/item")
    assert [i.findtext("title") for i in items] == ["冬季用电安全提醒"]
    enclosure = items[0].find("enclosure")
    assert enclosure.get("url") == f"https://qinghe.example.cn/{PAGE}luyin.mp3"
    assert enclosure.get("type") == "audio/mpeg"
    assert int(enclosure.get("length")) == (site.output / PAGE / "luyin.mp3").stat().st_size <= size
    assert items[0].findtext(f"{ITUNES}duration") == "00:01:05"
    assert tree.find(f"channel/{ITUNES}category").get("text") == "Government"
    image = tree.find(f"channel/{ITUNES}image").get("href")
    assert image == "https://qinghe.example.cn/feeds/cuncunxiang.png"
    from PIL import Image

    with Image.open(site.output / "feeds/cuncunxiang.png") as cover:
        assert cover.size == (1400, 1400)
    assert 'href="/feeds/cuncunxiang.rss.xml"' in site.page("feeds/index.html")  # the 订阅 page lists it


def test_without_recordings_there_is_no_podcast_feed_and_no_player(site):
    site.write("posts/other.md", "标题: 没有录音\n日期: 2026-11-21\n分类: 村务\n\n正文。\n")
    assert site.build().ok
    assert not (site.output / "feeds/cuncunxiang.rss.xml").exists()
    assert "cuncunxiang" not in site.page("feeds/index.html")
    assert "<audio" not in site.page("2026/11/mei-you-lu-yin/index.html")


def test_a_recording_on_a_disclosure_item_plays_there_too(site):
    site.write("disclosures/2026/2026-10.md", (
        "类型: 财务\n事项: 财务收支\n期间: 2026年10月\n发布日期: 2026-11-05\n公示期: 15天\n发布机构: 青禾村村民委员会\n"
        "审核: 村务监督委员会 何德明、周秀英 2026-11-03\n音频: 2026-10.mp3\n\n十月份收支情况公示如下。\n"
    ))
    tone_mp3(site.content / "disclosures/2026/2026-10.mp3")
    result = site.build()
    assert result.ok, messages(result)
    page = next(site.output.glob("gongkai/2026/*/index.html"))
    assert "<audio controls" in page.read_text("utf-8")
    assert mutagen.File(page.parent / "luyin.mp3").tags is None


def test_recordings_on_the_two_cards_play_on_their_pages(site):
    from test_cards import MONTHLY, inquiry

    site.pin_today("2026-03-31")
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-30\n分类: 村务\n\n正文。\n")
    site.write("cards/明白卡/2026-03.md", MONTHLY.replace("编辑: 林晓禾\n", "编辑: 林晓禾\n音频: 2026-03.mp3\n"))
    tone_mp3(site.content / "cards/明白卡/2026-03.mp3")
    site.write("cards/质询/a.md", inquiry(extra="音频: a.mp3"))
    tone_mp3(site.content / "cards/质询/a.mp3")
    site.write("cards/质询/b.md", inquiry(extra="音频: 没有这个文件.mp3", content="二组的水渠堵了。"))
    tone_mp3(site.content / "cards/质询/c.mp3")  # named by no card
    result = site.build()
    errors = messages(result)
    assert any(e.startswith("错误  content/cards/质询/b.md 第 5 行") and "没有这个文件.mp3" in e for e in errors), errors
    assert any("content/cards/质询/c.mp3" in w and "音频: c.mp3" in w for w in messages(result, "warning"))
    site.write("cards/质询/b.md", inquiry(content="二组的水渠堵了。"))
    result = site.build()
    assert result.ok, messages(result)
    for page in ("cards/monthly/2026-03/index.html", "cards/inquiries/2026-03/a/index.html"):
        html = site.page(page)
        assert "<audio controls" in html and "收听本文" in html, page
        audio = re.search(r'<audio controls preload="metadata" src="/([^"]+)"', html).group(1)
        assert mutagen.File(site.output / audio).tags is None  # published without its tags
    assert "<audio" not in site.page("cards/inquiries/2026-03/b/index.html")
    feed = site.output / "feeds/cuncunxiang.rss.xml"  # both recordings are in the 村村响 podcast
    assert check_feed(feed, "https://qinghe.example.cn") == []
    assert len(etree.parse(str(feed)).findall("channel/item")) == 2


def test_bad_recordings_are_refused_in_chinese(site):
    site.write("posts/a.md", POST.format(name="a.wav").replace("冬季用电安全提醒", "甲"))
    site.write("posts/a.wav", b"RIFF....WAVEfmt ")
    site.write("posts/b.md", POST.format(name="b.mp3").replace("冬季用电安全提醒", "乙"))
    site.write("posts/b.mp3", "这不是录音，是改了扩展名的文字。" * 20)
    site.write("posts/c.md", POST.format(name="c.mp3").replace("冬季用电安全提醒", "丙"))
    site.write("posts/d.md", POST.format(name="d.ogg").replace("冬季用电安全提醒", "丁"))
    tone_mp3(site.content / "posts/d.ogg")
    result = site.build()
    assert not result.ok
    errors = messages(result)
    assert "错误  content/posts/a.md 第 4 行：录音“a.wav”的格式（.wav）不支持。请转成 MP3（.mp3）、M4A（.m4a）或 OGG（.ogg），再写到“音频:”里。" in errors
    assert any(e.startswith("错误  content/posts/b.md 第 4 行：录音“b.mp3”打不开") for e in errors), errors
    assert any(e.startswith("错误  content/posts/c.md 第 4 行：找不到录音文件“c.mp3”") for e in errors), errors
    assert "错误  content/posts/d.md 第 4 行：录音“d.ogg”其实是 MP3 格式，扩展名却是 .ogg。请把文件名改成 d.mp3，“音频:”也一起改。" in errors


def test_an_oversized_recording_is_refused(site, monkeypatch):
    from village.channels import audio

    monkeypatch.setattr(audio, "MAX_MB", 0.001)  # about 1 KB, so a small real file is "too big"
    site.write("posts/a.md", POST.format(name="a.mp3"))
    tone_mp3(site.content / "posts/a.mp3")
    result = site.build()
    assert not result.ok
    assert any("超过了 0.001 MB 的上限" in e and "content/posts/a.md 第 4 行" in e for e in messages(result)), messages(result)


def test_a_replaced_recording_renders_its_page_again(site):
    """The render cache sees the recording, not only the post's text: a new take shows its length."""
    site.write("posts/dian.md", POST.format(name="dian.mp3"))
    tone_mp3(site.content / "posts/dian.mp3", seconds=3.0)
    assert site.build().ok
    tone_mp3(site.content / "posts/dian.mp3", seconds=7.0)
    result = site.build()
    assert result.ok, messages(result)
    assert f"{PAGE}index.html" in result.rendered
    assert "（时长 7秒）" in site.page(PAGE + "index.html")
    assert abs(mutagen.File(site.output / PAGE / "luyin.mp3").info.length - 7.0) < 0.2
