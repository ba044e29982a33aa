"""What content may publish: SVG files without scripts, no media from other hosts, no disguised
javascript: links. Each test builds a throwaway village with the real plugin."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from conftest import messages
from PIL import Image

POST = "标题: 测试\n日期: 2024-05-01\n分类: 党建\n"

EVIL_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 80 80" onload="alert(1)">
  <script>alert(2)</script>
  <script xlink:href="https://evil.example/x.js"/>
  <style>circle { fill: url(https://evil.example/paint.svg#p) } @import url("//evil.example/s.css");</style>
  <circle cx="40" cy="40" r="30" fill="#3f8a3a" onclick="alert(3)"/>
  <a href="javascript:alert(4)"><text x="10" y="70">青禾村</text></a>
  <a xlink:href="https://evil.example/"><rect width="5" height="5"/></a>
  <image href="https://evil.example/track.png" width="5" height="5"/>
  <image xlink:href="//evil.example/track2.png" width="5" height="5"/>
  <image href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==" width="5" height="5"/>
  <use href="https://evil.example/sprite.svg#icon"/>
  <rect width="5" height="5" style="fill: url('http://evil.example/y')"/>
  <foreignObject width="80" height="80"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example/"/></div></foreignObject>
</svg>
"""
SVG = "{http://www.w3.org/2000/svg}"


def _assert_harmless_svg(data: bytes) -> None:
    root = ElementTree.fromstring(data)
    elements = list(root.iter())
    names = {e.tag.split("}")[-1] for e in elements}
    assert "script" not in names and "foreignObject" not in names and "iframe" not in names
    assert f"{SVG}circle" in {e.tag for e in elements}  # the picture itself survives
    assert "青禾村" in "".join(root.itertext())
    for element in elements:
        for name, value in element.attrib.items():
            assert not name.split("}")[-1].lower().startswith("on"), (element.tag, name)
            if name.split("}")[-1] == "href":
                assert not re.match(r"\s*(https?:|//|javascript:|data:(?!image/))", value, re.I), value
    text = data.decode("utf-8")
    assert "javascript" not in text and "@import" not in text
    # What svg-hush leaves of an @import is inert text; no url() may point at another host.
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", text, re.I)
    assert "evil.example" not in re.sub(r"<style>.*?</style>", "", text, flags=re.S)


def test_svg_beside_a_post_and_in_images_is_published_without_scripts_or_other_hosts(site):
    site.write("posts/logo.svg", EVIL_SVG)
    site.write("images/emblem.svg", EVIL_SVG)
    site.write("posts/a.md", POST + "\n![村徽](logo.svg)\n")
    result = site.build(settings_file="publishconf.py")  # the public build, with .gz copies
    assert result.ok, result.summary()
    for published in ("posts/logo.svg", "images/emblem.svg"):
        data = (site.output / published).read_bytes()
        _assert_harmless_svg(data)
        # The precompressed copy nginx sends is made from the cleaned file, not the original.
        assert gzip.decompress((site.output / (published + ".gz")).read_bytes()) == data
    assert re.search(r'src="[^"]*/posts/logo\.svg"', site.page("2024/05/ce-shi/index.html"))
    # The theme's own icon is not content and is left as drawn.
    assert (site.output / "theme/img/favicon.svg").read_bytes() == (site.path / "theme/static/img/favicon.svg").read_bytes()


def test_an_svg_that_cannot_be_read_or_still_loads_from_elsewhere_is_refused_and_not_published(site):
    site.write("images/broken.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>')
    # svg-hush does not look into image-set("…"): a browser would fetch that from the other host.
    site.write("posts/tracker.svg", '<svg xmlns="http://www.w3.org/2000/svg"><style>rect{mask-image:image-set("https://evil.example/t.png" 1x)}</style><rect width="5" height="5"/></svg>')
    site.write("posts/a.md", POST + "\n正文。\n")
    result = site.build()
    assert not result.ok
    assert messages(result) == [
        "错误  content/images/broken.svg：SVG 图片读不出来（不是完整、正确的 SVG 文件），为了安全，“broken.svg”不会发布"
        "（SVG 文件里可以藏脚本和外部链接）。请用画图软件把它另存为 PNG 图片，再用 PNG 文件。",
        "错误  content/posts/tracker.svg：SVG 图片的样式（CSS）要从别的网站或文件加载东西，为了安全，“tracker.svg”不会发布"
        "（SVG 文件里可以藏脚本和外部链接）。请用画图软件把它另存为 PNG 图片，再用 PNG 文件。",
    ]


def test_an_svg_in_an_album_is_refused_with_advice_to_save_it_as_png(site):
    (site.content / "albums" / "a").mkdir(parents=True)
    Image.new("RGB", (300, 200), "green").save(site.content / "albums/a/p.jpg")
    site.write("albums/a/album.md", "标题: 相册\n日期: 2026-03-03\n\n- p.jpg：照片\n")
    site.write("albums/a/logo.svg", EVIL_SVG)
    result = site.build(check_only=True)
    assert "错误  content/albums/a/logo.svg：相册里的“logo.svg”是 SVG 图片，相册不收（SVG 文件里可以藏脚本）。请用画图软件把它另存为 PNG 再放进相册。" in messages(result)


REMOTE = "发布后每位读者打开这一页，手机都会去连接那个网站（可能很慢或打不开，也会让那个网站知道谁在看）。"
SAVE_BESIDE = "请把图片保存下来，放在文章旁边，用文件名插入：![图片说明](图片文件名.jpg)。"


def test_pictures_and_players_from_other_hosts_are_errors_naming_file_and_line(site):
    site.write("posts/a.md", POST + "图片: https://pic.example/grid.jpg\n\n" + "\n\n".join([
        "![村口](https://pic.example/a.jpg)",  # line 6
        '<img src="//pic.example/b.png" alt="b">',
        '<img src="http://pic.example/c.png" alt="c">',  # line 10
        '<img src="\\\\pic.example\\d.png" alt="d">',  # a browser reads \\ as //
        '<audio src="https://sound.example/s.mp3"></audio>',  # line 14
        '<video controls><source src="https://video.example/v.mp4"></video>',
        '<iframe src="https://map.example/embed"></iframe>',  # line 18
        "[县里的报道](https://news.example/report)",  # an ordinary link: allowed
    ]) + "\n")
    result = site.build(check_only=True)
    errors = messages(result)
    assert f"错误  content/posts/a.md 第 4 行：图片“https://pic.example/grid.jpg”在别的网站（pic.example）上：{REMOTE}{SAVE_BESIDE}" in errors
    assert f"错误  content/posts/a.md 第 6 行：图片“https://pic.example/a.jpg”在别的网站（pic.example）上：{REMOTE}{SAVE_BESIDE}" in errors
    assert f"错误  content/posts/a.md 第 8 行：图片“//pic.example/b.png”在别的网站（pic.example）上：{REMOTE}{SAVE_BESIDE}" in errors
    assert f"错误  content/posts/a.md 第 10 行：图片“http://pic.example/c.png”在别的网站（pic.example）上：{REMOTE}{SAVE_BESIDE}" in errors
    assert f"错误  content/posts/a.md 第 12 行：图片“//pic.example/d.png”在别的网站（pic.example）上：{REMOTE}{SAVE_BESIDE}" in errors
    assert (f"错误  content/posts/a.md 第 14 行：音频“https://sound.example/s.mp3”在别的网站（sound.example）上：{REMOTE}"
            "请把音频保存成文件，放在文章旁边，用文件名写成下载链接：[下载音频](文件名)。") in errors
    assert any(m.startswith("错误  content/posts/a.md 第 16 行：视频“https://video.example/v.mp4”在别的网站（video.example）上") for m in errors)
    assert (f"错误  content/posts/a.md 第 18 行：嵌入的网页“https://map.example/embed”在别的网站（map.example）上：{REMOTE}"
            "请改成普通链接：[打开网页](https://map.example/embed)。") in errors
    assert len(errors) == 8 and not any("news.example" in m for m in errors)


def test_ordinary_links_to_other_sites_stay_and_a_local_video_is_not_silently_lost(site):
    site.write("posts/a.md", POST + "\n[县里的报道](https://news.example/report)\n")
    result = site.build()
    assert result.ok, result.summary()
    assert 'href="https://news.example/report"' in site.page("2024/05/ce-shi/index.html")
    site.write("posts/a.md", POST + '\n看视频：\n\n<video src="clip.mp4" controls></video>\n')
    site.write("posts/clip.mp4", b"\x00\x00\x00\x18ftypmp42")
    result = site.build(check_only=True)
    assert messages(result) == [
        "错误  content/posts/a.md 第 7 行：视频“clip.mp4”不能直接在文章里播放（网站不放播放器，老人的手机上会卡住），"
        "发布时会被删除。请写成下载链接：[下载视频](clip.mp4)。"
    ]


# Each line hides javascript:, vbscript: or data:text/html from a naive check; a browser undoes it all.
DISGUISED = [
    '<a href="java&#9;script:alert(1)">一</a>',
    '<a href="&#x6A;avascript:alert(2)">二</a>',
    '<a href="  javascript:alert(3)">三</a>',
    '<a href="JaVaScRiPt:alert(4)">四</a>',
    '<a href="java&Tab;script&colon;alert(5)">五</a>',
    '<a href="&#1;&#32;javascript:alert(6)">六</a>',
    '<a href="jav&#x0A;ascript:alert(7)">七</a>',
    "[八](java&#13;script:alert(8))",
    '<a href="VBScript:msgbox(9)">九</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=">十</a>',
]


class _Urls(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction", "data")]


def _browser_scheme(url: str) -> str:
    """The scheme a browser gives the URL (WHATWG: C0/space trimmed, tab and newline removed)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() + ":" + url[match.end():match.end() + 9].lower() if match else ""


def test_disguised_script_links_never_reach_the_page_and_the_official_is_told(site):
    site.write("posts/a.md", POST + "\n" + "\n\n".join(DISGUISED) + "\n")
    result = site.build()
    assert result.ok, result.summary()
    for page in site.output.rglob("*.html"):
        parser = _Urls()
        parser.feed(page.read_text("utf-8"))
        for url in parser.urls:
            scheme = _browser_scheme(url)
            assert not scheme.startswith(("javascript:", "vbscript:", "data:text/html")), (page, url)
    article = site.page("2024/05/ce-shi/index.html")
    assert all(word in article for word in "一二三四五六七八九十")  # the text stays, without the link
    warnings = [m for m in messages(result, "warning") if "不是网页、邮件或电话地址" in m]
    assert [int(re.search(r"第 (\d+) 行", m).group(1)) for m in warnings] == list(range(5, 5 + 2 * len(DISGUISED), 2))
    assert "链接“javascript:alert(1)”不是网页、邮件或电话地址（是 javascript: 链接，可能运行脚本），发布时已删除这个链接。" in warnings[0]
    assert "（是 vbscript: 链接" in warnings[8] and "（是 data: 链接" in warnings[9]


def test_a_script_address_in_the_photo_list_is_an_error_not_a_link(site):
    site.write("posts/a.md", POST + "图片: JavaScript:alert(1)\n\n正文。\n")
    result = site.build(check_only=True)
    assert messages(result) == [
        "错误  content/posts/a.md 第 4 行：图片“JavaScript:alert(1)”不是文件名（javascript:），发布时会被删除。" + SAVE_BESIDE
    ]


# Raw HTML an official may paste (from a WeChat article, say), with what the sanitiser removes.
PASTED = "\n\n".join([
    "正文。",
    "<section>转自公众号</section>",
    '<svg><image href="https://evil.example/i.png"/><text>图</text></svg>',
    "<script>alert(1)</script>",
    '<video poster="https://evil.example/p.jpg"></video>',
]) + "\n"
PASTED_PROBLEMS = [
    ("<section>", "警告", "正文里的 <section> 标签不能用，发布时会去掉这个标签（里面的文字保留）。正文请用 Markdown 书写。"),
    ("<svg>", "警告", "正文里直接写的图形（<svg>）发布时会被删除。请把它存成图片文件（例如 .svg）放在文章旁边，用 ![图形说明](文件名.svg) 插入。"),
    ("<script>", "警告", "这一行的 HTML 代码含有脚本或事件，发布时会被删除。正文请用 Markdown 书写。"),
    ("poster", "错误", f"图片“https://evil.example/p.jpg”在别的网站（evil.example）上：{REMOTE}{SAVE_BESIDE}"),
]


@pytest.mark.parametrize(("path", "header", "page"), [
    ("posts/a.md", POST, "2024/05/ce-shi/index.html"),
    ("disclosures/2024/2024-04-caiwu.md",
     "类型: 村务\n事项: 重大事项\n期间: 2024年4月\n发布日期: 2024-05-01\n公示期: 15天\n发布机构: 青禾村村民委员会\n", None),
    ("nianbao/2023.md", "年度: 2023\n发布日期: 2024-01-20\n\n## 总体情况\n", "gongkai/nianbao/2023/index.html"),
])
def test_pasted_html_is_checked_alike_in_every_kind_of_text(site, path, header, page):
    """Posts, 公开 items and the yearly report go through one sanitiser: each removed tag is named
    once at its line, and nothing from another host or any script reaches the page."""
    site.pin_today("2024-05-10")
    site.write("posts/p.md", "标题: 另一篇\n日期: 2024-05-02\n分类: 村务\n\n正文。\n")
    text = header + "\n" + PASTED
    site.write(path, text)
    result = site.build()
    lines = text.split("\n")
    found = [m for m in messages(result, "error") + messages(result, "warning") if m.split()[1] == f"content/{path}"]
    expected = [
        f"{level}  content/{path} 第 {next(n for n, t in enumerate(lines, 1) if needle in t)} 行：{message}"
        for needle, level, message in PASTED_PROBLEMS
    ]
    assert sorted(found) == sorted(expected)
    site.write(path, text.replace(PASTED.split("\n\n")[-1], ""))  # without the error, the page is published
    result = site.build()
    assert result.ok, result.summary()
    published = "".join(p.read_text("utf-8") for p in site.output.rglob("*.html"))
    assert "转自公众号" in published and "evil.example" not in published and "alert(1)" not in published
    assert "<section>转自" not in published and "<text>图" not in published
    if page:
        assert "转自公众号" in site.page(page)


def test_the_yearly_report_is_kept_from_publishing_an_id_number(site):
    site.pin_today("2024-02-01")
    site.write("posts/p.md", "标题: 文章\n日期: 2023-05-02\n分类: 村务\n\n正文。\n")
    site.write("nianbao/2023.md", "年度: 2023\n发布日期: 2024-01-20\n\n## 总体情况\n\n联系人身份证 11010519491231002X。\n")
    result = site.build()
    assert not result.ok
    assert [m for m in messages(result) if "nianbao" in m] == [
        "错误  content/nianbao/2023.md 第 6 行：这里有身份证号“110105********002X”。个人的身份证号不能公开：请在文件里删掉这个号码，"
        "或只写前后几位，写成“110105********002X”。如果这个文件已经提交（git commit）过，号码还留在 git 历史里，公开的仓库谁都能翻到："
        "请让负责网站技术的人用 git filter-repo 把号码从历史里删掉，或把仓库改成私有，并告诉号码的主人。"
    ]
