"""WeChat sharing: the message to paste into a village group and the phone-sized share picture,
whose QR code must open the page (decoded with zbarimg, as a phone's scanner would)."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import messages, scanned
from PIL import Image
from village.channels.share import HEIGHT, SUMMARY_CHARS, WIDTH, share_text, two_line_summary

SITE_URL = "https://qinghe.example.cn"
needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg（zbar-tools）没有安装：scripts/bootstrap.sh test")


@pytest.mark.parametrize(("text", "expected"), [
    ("入冬以后，全村老人家里换了电热毯。村里给每户补贴50元。11月25日电工上门检查，请家里留人。", "入冬以后，全村老人家里换了电热毯。村里给每户补贴50元。"),
    ("短短一句。", "短短一句。"),
    ("这是一句非常非常长的话，里面有很多很多的内容，一直写一直写，写到超过两行也没有句号，再写一些，继续写下去，直到超过上限为止还不停，还要再写上好多好多字才够", None),
])
def test_the_summary_is_two_lines_cut_at_a_sentence_end(text, expected):
    summary = two_line_summary(text)
    assert len(summary) <= SUMMARY_CHARS
    if expected is not None:
        assert summary == expected
    else:  # no sentence end within the limit: cut at a comma, marked
        assert summary.endswith("……") and text.startswith(summary[:-2])
        assert text[len(summary) - 2] == "，"  # cut where the sentence pauses


def test_the_message_has_title_summary_and_public_address():
    text = share_text("冬季用电安全提醒", "入冬以后请检查电热毯。就这些。", f"{SITE_URL}/2026/11/a/", "青禾村")
    assert text.split("\n") == ["【青禾村】冬季用电安全提醒", "入冬以后请检查电热毯。就这些。", f"全文：{SITE_URL}/2026/11/a/"]


def _photo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (1200, 800), (120, 160, 90))
    image.paste((200, 80, 40), (300, 200, 900, 600))
    image.save(path, "JPEG")


PHOTO_POST = "标题: 村委会门口新修了停车场\n日期: 2026-11-18\n分类: 村务\n\n停车场能停二十辆车。晚上有路灯。\n\n![新停车场](ting.jpg)\n"
PLAIN_POST = "标题: 冬季用电安全提醒\n日期: 2026-11-20\n分类: 村务\n\n入冬以后，全村老人家里换了电热毯。村里给每户补贴50元。11月25日电工上门检查。\n"
ITEM = (
    "类型: 村务\n事项: 惠农补贴\n期间: 2026年第三季度\n发布日期: 2026-11-10\n公示期: 7天\n发布机构: 青禾村村民委员会\n\n"
    "第三季度耕地地力保护补贴发放情况公示如下。\n"
)


@pytest.fixture
def shared_site(site):
    site.pin_today("2026-11-25")
    site.write("posts/ting.md", PHOTO_POST)
    _photo(site.content / "posts/ting.jpg")
    site.write("posts/dian.md", PLAIN_POST)
    site.write("disclosures/2026/butie.md", ITEM)
    result = site.build()
    assert result.ok, messages(result)
    return site


@needs_zbar
def test_each_page_gets_a_phone_sized_share_picture_whose_qr_opens_it(shared_site):
    site = shared_site
    pages = ["2026/11/cun-wei-hui-men-kou-xin-xiu-le-ting-che-chang/", "2026/11/dong-ji-yong-dian-an-quan-ti-xing/"]
    pages.append(next(site.output.glob("gongkai/2026/*/index.html")).parent.relative_to(site.output).as_posix() + "/")
    for page in pages:
        png = site.output / page / "fenxiang.png"
        with Image.open(png) as image:
            assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
        assert scanned(png) == [f"{SITE_URL}/{page}"]
        html = site.page(page + "index.html")
        assert f'href="/{page}fenxiang.png" download>保存分享图</a>' in html


def test_the_share_picture_is_og_image_only_where_the_post_has_no_photo(shared_site):
    site = shared_site
    with_photo = site.page("2026/11/cun-wei-hui-men-kou-xin-xiu-le-ting-che-chang/index.html")
    og = re.search(r'<meta property="og:image" content="([^"]+)">', with_photo).group(1)
    assert "/photos/" in og and "fenxiang" not in og
    plain = site.page("2026/11/dong-ji-yong-dian-an-quan-ti-xing/index.html")
    og = re.search(r'<meta property="og:image" content="([^"]+)">', plain).group(1)
    assert og == f"{SITE_URL}/2026/11/dong-ji-yong-dian-an-quan-ti-xing/fenxiang.png"


def test_the_picture_shows_the_first_photo(shared_site):
    """The photo's red square is in the picture of the post with a photo, not in the other."""
    site = shared_site

    def reds(page):
        with Image.open(site.output / page / "fenxiang.png") as image:
            return sum(1 for r, g, b in image.convert("RGB").get_flattened_data() if r > 180 and g < 110 and b < 70)

    assert reds("2026/11/cun-wei-hui-men-kou-xin-xiu-le-ting-che-chang/") > 10000
    assert reds("2026/11/dong-ji-yong-dian-an-quan-ti-xing/") == 0


@needs_zbar
def test_invoke_share_prints_the_message_and_saves_the_picture_even_for_an_old_post(site, tmp_path):
    from tools import channels

    site.pin_today("2026-11-25")
    site.write("posts/old.md", "标题: 春耕用水安排\n日期: 2026-03-20\n分类: 村务\n\n今年春耕分三批放水。一组先放。\n")
    out = tmp_path / "share"
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert channels.share(site.path, "content/posts/old.md", out) == 0
    text = printed.getvalue()
    assert text.startswith("【青禾村】春耕用水安排\n今年春耕分三批放水。一组先放。\n全文：https://qinghe.example.cn/2026/03/chun-geng-yong-shui-an-pai/\n")
    (picture,) = out.glob("*.png")
    assert scanned(picture) == [f"{SITE_URL}/2026/03/chun-geng-yong-shui-an-pai/"]
    printed = io.StringIO()
    with redirect_stdout(printed):  # the same page by its address
        assert channels.share(site.path, f"{SITE_URL}/2026/03/chun-geng-yong-shui-an-pai/", out) == 0
    assert "【青禾村】春耕用水安排" in printed.getvalue()


def test_invoke_broadcast_prints_the_script_and_names_a_file_it_cannot_find(site):
    from tools import channels

    site.write("posts/dian.md", PLAIN_POST)
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert channels.broadcast(site.path, str(site.content / "posts/dian.md")) == 0
    assert "现在播送：冬季用电安全提醒。" in printed.getvalue()
    assert "每户补贴五十元" in printed.getvalue()
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert channels.broadcast(site.path, "content/posts/meiyou.md") == 1
    assert "错误：找不到“content/posts/meiyou.md”对应的页面" in printed.getvalue()


def test_share_picture_days_decides_which_pages_link_a_share_picture(tmp_path):
    """Recent content by default; 全部 gives every page its picture; a wrong value is named."""
    from conftest import Site, minimal_village_yml

    old = "标题: 春耕用水安排\n日期: 2026-03-20\n分类: 村务\n\n今年春耕分三批放水。一组先放。\n"
    page = "2026/03/chun-geng-yong-shui-an-pai/"
    for setting, expected in (("", False), ("share_picture_days: 全部\n", True)):
        site = Site(tmp_path / f"v{len(setting)}", minimal_village_yml() + setting)
        site.pin_today("2026-11-25")
        site.write("posts/old.md", old)
        assert site.build().ok
        assert (site.output / page / "fenxiang.png").is_file() is expected
        assert ("fenxiang.png" in site.page(page + "index.html")) is expected
    site = Site(tmp_path / "bad", minimal_village_yml() + "share_picture_days: 半年\n")
    result = site.build()
    assert not result.ok
    (message,) = [m for m in messages(result) if "share_picture_days" in m]
    assert "全部" in message and "半年" in message and "第 " in message
