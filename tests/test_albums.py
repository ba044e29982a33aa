"""Albums: folders of photos with an album file, published as pages that work without JavaScript."""

from __future__ import annotations

from conftest import messages
from PIL import Image

ALBUM = "标题: 元宵灯会\n日期: 2026年3月3日\n说明: 正月十五的晚上。\n封面: b.jpg\n\n- a.jpg：长廊里的灯谜\n- b.jpg：文化广场\n"


def _photos(site, folder, names):
    for i, name in enumerate(names):
        Image.new("RGB", (300 + i, 200), (40 * i, 120, 60)).save(site.content / "albums" / folder / name)


def test_album_index_pages_and_photo_pages(site):
    (site.content / "albums" / "yuanxiao").mkdir(parents=True)
    _photos(site, "yuanxiao", ["a.jpg", "b.jpg", "c.jpg"])
    site.write("albums/yuanxiao/album.md", ALBUM)
    site.write("posts/p.md", "标题: 文章\n日期: 2024-05-01\n分类: 民俗\n\n正文。\n")
    result = site.build()
    assert result.ok, result.summary()
    assert messages(result, "warning") == [
        "警告  content/albums/yuanxiao/album.md：照片“c.jpg”没有说明。请在相册文件里加一行“- c.jpg：说明”，方便看不见的人和以后查找。"
    ]
    index = site.page("albums/index.html")
    assert "元宵灯会" in index and "3 张照片" in index and 'href="/albums/yuanxiao/"' in index
    album = site.page("albums/yuanxiao/index.html")
    assert album.count("<picture>") == 3 and "data-gallery" in album
    assert 'href="/albums/yuanxiao/1/" data-photo data-caption="长廊里的灯谜"' in album
    photo = site.page("albums/yuanxiao/2/index.html")
    assert "<figcaption>文化广场</figcaption>" in photo
    assert 'href="/albums/yuanxiao/1/" rel="prev"' in photo and 'href="/albums/yuanxiao/3/" rel="next"' in photo
    assert "第 2 张，共 3 张" in photo
    assert 'aria-current="page">相册' in photo
    published = [p for p in (site.output / "photos").rglob("*.jpg")]
    assert published and not (site.output / "albums/yuanxiao/a.jpg").exists()


def test_album_mistakes_are_reported(site):
    (site.content / "albums" / "bad").mkdir(parents=True)
    _photos(site, "bad", ["a.jpg"])
    site.write("albums/bad/album.md", "标题: 坏相册\n日期: 2026-13-01\n封面: zz.jpg\n\n- a.jpg：好的\n- b.jpg：没有这张\n随便写的一行\n"
               "- https://pic.example/c.jpg：网上的\n- //pic.example/d.jpg\n- http://pic.example:8080/e.jpg: 带端口的\n")
    (site.content / "albums" / "empty").mkdir()
    site.write("albums/bad/scan.bmp", b"BM")
    site.write("posts/p.md", "标题: 文章\n日期: 2024-05-01\n分类: 民俗\n\n正文。\n")
    result = site.build()
    assert not result.ok
    errors = messages(result)
    assert "错误  content/albums/bad/album.md 第 2 行：日期“2026-13-01”不存在（2026 年没有 13 月 1 日）。请检查月份（1-12）和日子。" in errors
    assert "错误  content/albums/bad/album.md 第 3 行：封面“zz.jpg”不在相册文件夹里。请写相册里一张照片的文件名。" in errors
    assert "错误  content/albums/bad/album.md 第 6 行：照片“b.jpg”不在相册文件夹里。请检查文件名（包括大小写和扩展名）。" in errors
    assert any(m.startswith("错误  content/albums/empty：相册文件夹里缺少相册文件 album.md") for m in errors)
    assert "错误  content/albums/bad/scan.bmp：相册里的“scan.bmp”不是支持的照片格式，不会发布。请用 JPG、PNG、WebP 或 HEIC，或把它移出相册文件夹。" in errors
    assert "警告  content/albums/bad/album.md 第 7 行：这一行不是照片说明，不会发布。照片说明写成“- 文件名.jpg：说明”。" in messages(result, "warning")
    for line, url in ((8, "https://pic.example/c.jpg"), (9, "//pic.example/d.jpg"), (10, "http://pic.example:8080/e.jpg")):
        assert (f"错误  content/albums/bad/album.md 第 {line} 行：照片“{url}”是网上的地址，相册只发布相册文件夹里的照片。"
                "请把照片下载下来放进这个文件夹，写成“- 文件名.jpg：说明”。") in errors


def test_albums_appear_in_the_feeds(site):
    from feedcheck import ATOM, check_atom, check_rss
    from lxml import etree

    (site.content / "albums" / "yuanxiao").mkdir(parents=True)
    _photos(site, "yuanxiao", ["a.jpg", "b.jpg"])
    site.write("albums/yuanxiao/album.md", ALBUM)
    site.write("posts/p.md", "标题: 早些的文章\n日期: 2024-05-01\n分类: 民俗\n\n正文。\n")
    result = site.build()
    assert result.ok, result.summary()
    for name in ("all", "albums"):
        atom = (site.output / f"feeds/{name}.atom.xml").read_bytes()
        assert check_atom(atom) == [] and check_rss((site.output / f"feeds/{name}.rss.xml").read_bytes()) == []
        first = etree.fromstring(atom).find(f"{ATOM}entry")
        assert first.findtext(f"{ATOM}title") == "元宵灯会"
        content = first.findtext(f"{ATOM}content")
        assert "<figcaption>长廊里的灯谜</figcaption>" in content and 'src="https://qinghe.example.cn/photos/' in content
    assert b"<title>\xe5\x85\x83\xe5\xae\xb5" not in (site.output / "feeds/minsu.atom.xml").read_bytes()


def test_second_build_processes_no_photo(site):
    (site.content / "albums" / "yuanxiao").mkdir(parents=True)
    _photos(site, "yuanxiao", ["a.jpg", "b.jpg"])
    site.write("albums/yuanxiao/album.md", ALBUM)
    Image.new("RGB", (90, 60), "red").save(site.content / "posts" / "p.jpg")
    site.write("posts/m.md", "日期: 2024-05-02\n分类: 村务\n图片: p.jpg\n\n有照片的微博。\n")
    first = site.build()
    assert first.ok, first.summary()
    assert (first.report.counts["photos"], first.report.counts["photos_processed"]) == (3, 3)
    second = site.build()
    assert (second.report.counts["photos"], second.report.counts["photos_processed"]) == (3, 0)
    (site.content / "albums" / "yuanxiao" / "b.jpg").unlink()  # a deleted photo is no longer published
    site.write("albums/yuanxiao/album.md", "标题: 元宵灯会\n日期: 2026-03-03\n\n- a.jpg：长廊里的灯谜\n")
    third = site.build()
    assert third.ok, third.summary()
    assert third.report.counts["photos"] == 2
    assert len({p.parent.name for p in (site.output / "photos").rglob("*.avif")}) == 2


def test_a_gbk_album_file_is_read_with_the_same_warning_as_a_post(site):
    (site.content / "albums" / "yuanxiao").mkdir(parents=True)
    _photos(site, "yuanxiao", ["a.jpg", "b.jpg"])
    site.write("albums/yuanxiao/album.md", ALBUM, encoding="gb18030")
    site.write("posts/p.md", "标题: 文章\n日期: 2024-05-01\n分类: 民俗\n\n正文。\n", encoding="gb18030")
    result = site.build()
    assert result.ok, result.summary()
    warnings = messages(result, "warning")
    gbk = [m.split("：", 1)[1] for m in warnings if "GBK/GB18030" in m]
    assert len(gbk) == 2 and gbk[0] == gbk[1]  # one message, worded once, for both types
    assert any(m.startswith("警告  content/albums/yuanxiao/album.md：文件是 GBK/GB18030 编码") for m in warnings)
    assert "正月十五的晚上" in site.page("albums/yuanxiao/index.html")


def test_album_text_passes_the_privacy_guard(site):
    (site.content / "albums" / "yuanxiao").mkdir(parents=True)
    _photos(site, "yuanxiao", ["a.jpg", "b.jpg"])
    site.write("albums/yuanxiao/album.md", ALBUM.replace("- b.jpg：文化广场", "- b.jpg：文化广场，报名找 13812345678"))
    result = site.build()
    assert not result.ok  # a villager's mobile is an error under the default strict privacy
    assert any(m.startswith("错误  content/albums/yuanxiao/album.md 第 7 行：") and "手机号" in m for m in messages(result))
    use_mask = (site.path / "village.yml").read_text("utf-8").replace("privacy: strict", "privacy: mask")
    (site.path / "village.yml").write_text(use_mask, "utf-8")
    assert site.build().ok
    assert "13812345678" not in site.page("albums/yuanxiao/2/index.html")
    assert "138****5678" in site.page("albums/yuanxiao/2/index.html")
