"""What content may publish: SVG files without scripts, no media from other hosts, no disguised
javascript: links. Each test builds a throwaway village with the real plugin."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

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
