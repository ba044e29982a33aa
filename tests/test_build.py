"""Building small village projects: what officials write, what is published, and every bad input."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from conftest import messages, site_files

from tools import build as village_build

GOOD = "标题: 村里开会\n日期: 2024-05-01\n分类: 党建\n\n正文。\n"


def test_header_styles_and_keys_all_publish(site):
    site.write("posts/a.md", "标题：中文键\n日期：2024年5月1日 19:53\n分类：党建\n标签：会议，学习、冬训\n作者：林晓禾\n来源：青禾村党支部\n编辑：周敏\n\n正文一。\n")
    site.write("posts/sub/deeper/b.md", "Title: English keys\nDate: 2024/5/2\nCategory: 村务\nTags: a, b\nAuthor: Zhou\n\nBody two.\n")
    site.write("posts/c.md", "---\n标题: YAML 文件头\n日期: 2024.5.3\n分类: 致富\n标签: [茶叶, 合作社]\n---\n\n正文三。\n")
    site.write("posts/d.md", "\ufeff标题: 带 BOM 和 CRLF\r\n日期: 2024-05-04\r\n分类: 民俗\r\n\r\n正文四。\r\n")
    result = site.build()
    assert result.ok, result.summary()
    assert result.report.problems == []
    page = site.page("2024/05/zhong-wen-jian/index.html")
    assert "<dt>发布日期</dt><dd><time datetime=\"2024-05-01T19:53:00+08:00\">2024年5月1日 19:53</time>" in page
    for label, value in (("作者", "林晓禾"), ("来源", "青禾村党支部"), ("编辑", "周敏")):
        assert re.search(rf"<dt>{label}</dt><dd>(<a [^>]+>)?<bdi>{value}</bdi>", page), label  # isolated in right-to-left editions
    assert [t for t in ("会议", "学习", "冬训") if f">{t}</a>" in page] == ["会议", "学习", "冬训"]
    assert (site.output / "2024/05/english-keys/index.html").is_file()
    assert "合作社" in site.page("2024/05/yaml-wen-jian-tou/index.html")
    assert "正文四。" in site.page("2024/05/dai-bom-he-crlf/index.html")


def test_microblog_without_title_is_shown_whole_and_articles_as_cards(site):
    site.write("posts/m.md", "日期: 2024-05-02\n分类: 村务\n\n今天村里修好了路灯！大家晚上出门方便多了。\n\n第二段也要在首页出现。\n")
    site.write("posts/a.md", "标题: 一篇长文章\n日期: 2024-05-01\n分类: 致富\n\n" + "合作社今年收成很好。" * 30 + "\n\n结尾的话只在文章页出现。\n")
    result = site.build()
    assert result.ok, result.summary()
    home = site.page("index.html")
    assert "第二段也要在首页出现。" in home
    assert "结尾的话只在文章页出现。" not in home
    assert "<title>今天村里修好了路灯·青禾村</title>" in site.page("2024/05/jin-tian-cun-li-xiu-hao-le-lu-deng/index.html")
    card = re.search(r'<p class="summary">(.*?)</p>', home).group(1)
    assert len(card) <= 80 and card.startswith("合作社今年收成很好。")


def test_explicit_summary_and_slug_win(site):
    site.write("posts/a.md", "标题: 重庆来的客人\n日期: 2024-05-01\n分类: 村务\n摘要: 自己写的摘要。\n网址: guests\n\n很长的正文。\n")
    result = site.build()
    assert result.ok, result.summary()
    assert "自己写的摘要。" in site.page("index.html")
    assert (site.output / "2024/05/guests/index.html").is_file()


def test_drafts_are_never_published(site):
    site.write("posts/a.md", GOOD)
    site.write("posts/draft.md", "标题: 还没写完的稿子\n日期: 2024-05-02\n分类: 党建\n标签: 秘密标签\n状态: 草稿\n\n草稿正文。\n")
    result = site.build()
    assert result.ok, result.summary()
    everything = "".join(p.read_text("utf-8", errors="ignore") for p in site.output.rglob("*") if p.is_file())
    assert "还没写完的稿子" not in everything
    assert "草稿正文" not in everything
    assert "秘密标签" not in everything


def test_future_posts_wait_for_their_day(site, monkeypatch):
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    local = tomorrow.astimezone(dt.timezone(dt.timedelta(hours=8)))
    site.write("posts/a.md", GOOD)
    site.write("posts/future.md", f"标题: 明天的通知\n日期: {local:%Y-%m-%d %H:%M}\n分类: 村务\n\n明天的正文。\n")
    result = site.build()
    assert result.ok, result.summary()
    assert "明天的通知" not in site.page("index.html")
    assert any("还没到" in m for m in messages(result, "warning"))

    import pelican.contents

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.now(tz) + dt.timedelta(days=2)

    class Clock:
        datetime = Later
        UTC = dt.UTC

    monkeypatch.setattr(pelican.contents, "datetime", Clock)
    monkeypatch.setattr("village.posts.checks.dt", Clock)
    result = site.build()
    assert result.ok, result.summary()
    assert "明天的通知" in site.page("index.html")


def test_raw_html_is_sanitised_and_metadata_escaped(site):
    site.write(
        "posts/a.md",
        '标题: <script>alert("t")</script>标题\n日期: 2024-05-01\n分类: 村务\n作者: <b>坏人</b>\n\n'
        '正文<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)">\n\n'
        '[点我](javascript:alert(3)) <a href="javascript:alert(4)">再点</a>\n',
    )
    from PIL import Image

    Image.new("RGB", (8, 8), "blue").save(site.content / "posts" / "x.png")
    result = site.build()
    assert result.ok, result.summary()
    page = next((site.output / "2024/05").glob("*/index.html")).read_text("utf-8")
    # the theme's own scripts (the photo viewer's words ride on its tag as data- attributes)
    page = re.sub(r'<script src="/theme/js/\w+\.js"( defer)?( data-[\w-]+="[^"<]*")*></script>', "", page)
    data = re.search(r'<script type="application/ld\+json">([^<]*)</script>', page)
    assert data and "<" not in data.group(1)  # search engines' data: escaped, cannot open a tag
    page = page.replace(data.group(0), "")
    for bad in ("<script", "onerror", "javascript:", "<b>坏人"):
        assert bad not in page, bad
    assert "&lt;script&gt;" in page  # the title is shown, escaped
    assert any("脚本或事件" in m for m in messages(result, "warning"))


def test_gbk_file_is_read_with_a_warning(site):
    site.write("posts/gbk.md", "标题: 村务公开栏更新\n日期: 2024-05-01\n分类: 村务\n\n本月公开内容已张贴。\n", encoding="gbk")
    result = site.build()
    assert result.ok, result.summary()
    assert "本月公开内容已张贴。" in site.page("2024/05/cun-wu-gong-kai-lan-geng-xin/index.html")
    assert messages(result, "warning") == [
        "警告  content/posts/gbk.md：文件是 GBK/GB18030 编码，已经按中文编码读取。建议另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）。"
    ]


BAD_INPUTS = {
    "empty.md": ("", "错误  content/posts/empty.md：文件是空的。"),
    "nobody.md": ("标题: 只有头\n日期: 2024-05-01\n分类: 党建\n", "错误  content/posts/nobody.md 第 3 行：只有文件头，没有正文。"),
    "noheader.md": ("今天天气很好。\n", "错误  content/posts/noheader.md 第 1 行：文件开头没有文件头"),
    "yaml.md": ("---\n标题: 好\n标签: [党建, 会议\n---\n\n正文\n", "错误  content/posts/yaml.md 第 3 行：YAML 文件头写法有误。"),
    "baddate.md": ("标题: 日期错\n日期: 2024-13-45\n分类: 党建\n\n正文\n", "错误  content/posts/baddate.md 第 2 行：日期“2024-13-45”不存在"),
    "nodate.md": ("标题: 没日期\n分类: 党建\n\n正文\n", "错误  content/posts/nodate.md 第 1 行：缺少日期。"),
    "badcat.md": (
        "标题: 分类错\n日期: 2024-05-01\n分类: 党键\n\n正文\n",
        "错误  content/posts/badcat.md 第 3 行：分类“党键”不在网站的分类里。是不是“党建”？可以用的分类有：党建、村务、致富、民俗、建言（在 village.yml 里设置）。",
    ),
    "nocat.md": ("标题: 没分类\n日期: 2024-05-01\n\n正文\n", "错误  content/posts/nocat.md 第 1 行：缺少分类。"),
    "typo.md": ("标提: 错字\n日期: 2024-05-01\n分类: 党建\n\n正文\n", "错误  content/posts/typo.md 第 1 行：不认识的键“标提”。是不是想写“标题”？"),
    "noimage.md": (
        "标题: 缺图\n日期: 2024-05-01\n分类: 党建\n\n第一段。\n\n![会场](huichang.jpg)\n",
        "错误  content/posts/noimage.md 第 7 行：图片“huichang.jpg”不存在（应当在 content/posts/ 里）。请把图片放进这个文件夹，或改正文件名。",
    ),
    "nophoto.md": (
        "日期: 2024-05-01\n分类: 党建\n图片: a.jpg、b.jpg\n\n有照片的微博。\n",
        "错误  content/posts/nophoto.md 第 3 行：图片“a.jpg”不存在",
    ),
    "badslug.md": ("标题: 网址错\n日期: 2024-05-01\n分类: 党建\n网址: 我的 网址\n\n正文\n", "错误  content/posts/badslug.md 第 4 行：网址“我的 网址”只能用小写英文字母"),
    "badstatus.md": ("标题: 状态错\n日期: 2024-05-01\n分类: 党建\n状态: 保密\n\n正文\n", "错误  content/posts/badstatus.md 第 4 行：状态“保密”不认识。"),
    "binary.md": (bytes(range(0x80, 0x100)) * 2, "错误  content/posts/binary.md 第 1 行：文件里有无法识别的字节，既不是 UTF-8 也不是 GBK/GB18030 编码"),
}


def test_every_bad_input_is_reported_at_once_and_nothing_is_published(site):
    site.write("posts/good.md", GOOD)
    for name, (text, _) in BAD_INPUTS.items():
        site.write(f"posts/{name}", text)
    result = site.build()
    assert not result.ok
    errors = messages(result)
    for name, (_, expected) in BAD_INPUTS.items():
        assert any(m.startswith(expected) for m in errors), f"{name}: {expected}\n" + "\n".join(errors)
    assert len(errors) == len(BAD_INPUTS) + 1  # nophoto.md lacks two photos; nothing else is noise
    assert not site.output.exists()
    assert "Traceback" not in result.summary()


def test_missing_image_suggests_the_file_with_other_case(site):
    site.write("posts/2024/photo.jpg", b"")
    site.write("posts/2024/a.md", "标题: 缺图\n日期: 2024-05-01\n分类: 党建\n\n![会场](Photo.JPG)\n")
    result = site.build()
    assert any("是不是“photo.jpg”？" in m for m in messages(result))


def test_duplicate_urls_name_both_files(site):
    # Titles that read alike get distinct addresses (test_silent_drops.py); two hand-written ones cannot.
    site.write("posts/one.md", GOOD.replace("分类: 党建", "分类: 党建\n网址: kai-hui"))
    site.write("posts/two.md", GOOD.replace("分类: 党建", "分类: 党建\n网址: kai-hui").replace("正文", "另一篇正文"))
    result = site.build()
    assert not result.ok
    errors = messages(result)
    assert "错误  content/posts/one.md 第 4 行：网址 /2024/05/kai-hui/ 和 content/posts/two.md 重复了，只能有一篇用它。请把这一行改成另一个英文网址，例如“网址: kai-hui-2”。" in errors
    assert "错误  content/posts/two.md 第 4 行：网址 /2024/05/kai-hui/ 和 content/posts/one.md 重复了，只能有一篇用它。请把这一行改成另一个英文网址，例如“网址: kai-hui-2”。" in errors


def test_page_cannot_take_a_site_address(site):
    site.write("posts/a.md", GOOD)
    site.write("pages/archives.md", "标题: 档案\n网址: archives\n\n正文\n")
    result = site.build()
    assert "错误  content/pages/archives.md 第 2 行：网址 /archives/ 是网站自己要用的（归档）。请把这一行改成另一个英文网址，例如“网址: archives-2”。" in messages(result)


def test_failed_build_keeps_the_last_good_site_whole(site):
    site.write("posts/a.md", GOOD)
    assert site.build().ok
    before = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.write("posts/b.md", "标题: 坏的\n日期: 2024-13-45\n分类: 党建\n\n正文\n")
    site.write("posts/a.md", GOOD.replace("正文。", "改过的正文。"))
    result = site.build()
    assert not result.ok
    after = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == before
    assert not list(site.path.glob(".output-new-*"))  # no staging folder left behind


def test_a_finished_build_keeps_none_of_its_posts_alive(site):
    # The preview builds on every save in one process, and a county builds many villages in one:
    # what a build read must not pile up from one build to the next.
    import gc

    from pelican.contents import Content

    site.write("posts/a.md", GOOD)
    for _ in range(2):
        assert site.build().ok
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, Content) and o.source_path.startswith(str(site.path))]
        assert alive == []


def test_a_crash_inside_pelican_is_reported_in_chinese_and_keeps_the_site(site, monkeypatch):
    site.write("posts/a.md", GOOD)
    assert site.build().ok
    import pelican

    def explode(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(pelican.Pelican, "run", explode)
    result = site.build()
    assert not result.ok
    assert "生成网站时程序出错：RuntimeError: boom" in result.summary()
    assert (site.output / "index.html").is_file()


def test_check_only_writes_nothing(site):
    site.write("posts/a.md", GOOD)
    result = site.build(check_only=True)
    assert result.ok
    assert not site.output.exists()


def test_main_exit_codes_and_chinese_output(site, capsys, monkeypatch):
    site.write("posts/a.md", GOOD)
    monkeypatch.chdir(site.path)
    assert village_build.main([]) == 0
    assert "网站已生成到 output/：1 篇文章，0 个页面" in capsys.readouterr().out
    site.write("posts/b.md", "标题: 坏\n日期: 2024-13-45\n分类: 党建\n\n正文\n")
    assert village_build.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "发现 1 个错误、0 个警告" in out and "没有生成网站" in out


def test_homophone_tags_and_shared_author_category_names_never_collide(site):
    for i in range(22):
        site.write(f"posts/t{i}.md", f"标题: 第{i}篇\n日期: 2024-05-{i + 1:02d}\n分类: 村务\n标签: 标签1\n作者: 村务\n\n正文{i}。\n")
    site.write("posts/x.md", "标题: 另一篇\n日期: 2024-06-01\n分类: 村务\n标签: 标签12、致富、支付\n\n正文。\n")
    result = site.build()
    assert result.ok, result.summary()
    out = site.output
    assert (out / "tag/biao-qian-1/page/2/index.html").is_file()
    assert "第0篇" in (out / "tag/biao-qian-1/page/2/index.html").read_text("utf-8")
    assert "另一篇" in (out / "tag/biao-qian-12/index.html").read_text("utf-8")
    assert ">致富</h1>" not in (out / "tag/zhi1-fu4/index.html").read_text("utf-8")
    assert "标签：致富" in (out / "tag/zhi4-fu4/index.html").read_text("utf-8")
    assert "标签：支付" in (out / "tag/zhi1-fu4/index.html").read_text("utf-8")
    assert "作者：村务" in (out / "author/cun-wu/index.html").read_text("utf-8")
    assert (out / "category/cunwu/index.html").is_file()
    assert (out / "page/2/index.html").is_file()


def test_photos_key_makes_a_grid(site):
    from PIL import Image

    for name in ("a.jpg", "b.jpg", "c.jpg", "d.jpg"):
        Image.new("RGB", (40, 30), "green").save(site.content / "posts" / name)
    site.write("posts/m.md", "日期: 2024-05-02\n分类: 村务\n图片: a.jpg、b.jpg，c.jpg, d.jpg\n\n四张照片的微博。\n")
    result = site.build()
    assert result.ok, result.summary()
    home = site.page("index.html")
    assert 'class="photo-grid photo-count-4"' in home
    assert home.count('<picture><source type="image/avif"') == 4
    assert home.count('width="40" height="30"') == 4
    assert 'sizes="(min-width: 20rem) 10rem, 50vw"' in home
    assert not (site.output / "posts/a.jpg").exists()  # only the pipeline's copies are published
    published = sorted(p.name for p in (site.output / "photos").rglob("*") if p.is_file())
    assert published.count("40.avif") == 1  # four identical photos, one set of files


def test_unknown_key_without_a_close_match_is_a_warning(site):
    site.write("posts/a.md", GOOD.replace("分类: 党建\n", "分类: 党建\n天气: 晴\n"))
    result = site.build()
    assert result.ok
    assert messages(result, "warning") == [
        "警告  content/posts/a.md 第 4 行：不认识的键“天气”，这一行不会发布。可以用的键有：标题、日期、分类、标签、作者、摘要、来源、编辑、网址、状态、图片、修改日期、音频、置顶、补录、修改说明、语言、原文、示例译文。"
    ]


@pytest.mark.parametrize(
    ("yml_change", "expected"),
    [
        (("site_url: https://qinghe.example.cn", "site_url: qinghe.example.cn"), "site_url（正式网址）应当是完整网址"),
        (("per_page: 10", "per_page: 十"), "per_page（首页每页文章数）应当是一个正整数"),
        (("timezone: Asia/Shanghai", "timezone: Beijing"), "“Beijing”不是时区名称"),
        (("    slug: cunwu", "    slug: dangjian"), "slug “dangjian”重复了"),
        (("name: 青禾村", "nmae: 青禾村"), "不认识的设置 “nmae”。是不是想写 name？"),
        (("traditional: s2t", "traditional: s2tw"), "traditional（繁體版转换方式）只能写 s2t 或 s2twp 或 s2hk 或 none，现在写的是“s2tw”。"),
        (("emblem: images/emblem.svg", "emblem: images/emblem.svg"), "emblem（村徽图片）找不到文件 content/images/emblem.svg。"),
        # published on every page and kept in the git history: an ID number is an error here too
        (("description: 云溪县", "description: 11010519491231002X 云溪县"), "village.yml：第 9 行：这里有身份证号“110105********002X”。"),
        (("disclosure_prefix: QH", "disclosure_prefix: [QH]"),
         "disclosure_prefix（公开事项索引号的前缀）应当是一行文字，写在冒号后面，不要用方括号、花括号或分几行的列表。现在写的是“['QH']”。"),
    ],
)
def test_bad_settings_get_precise_chinese_errors(site, yml_change, expected):
    from conftest import ROOT

    yml = (ROOT / "village.yml").read_text("utf-8")
    assert yml_change[0] in yml
    (site.path / "village.yml").write_text(yml.replace(yml_change[0], yml_change[1]), "utf-8")
    site.write("posts/a.md", GOOD)
    result = site.build()
    assert not result.ok
    assert any(expected in m for m in messages(result)), messages(result)
    assert any("第 " in m and " 行" in m for m in messages(result))


def test_published_photos_lose_gps_and_stay_upright(site):
    from PIL import Image

    image = Image.new("RGB", (60, 20), "white")
    image.paste((200, 0, 0), (0, 0, 20, 20))  # red block on the left of the stored pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (30.0, 15.0, 0.0)  # GPS latitude
    image.save(site.content / "posts" / "gps.jpg", exif=exif.tobytes(), quality=95)
    site.write("posts/m.md", "日期: 2024-05-02\n分类: 村务\n图片: gps.jpg\n\n带位置的照片。\n")
    result = site.build()
    assert result.ok, result.summary()
    outputs = [p for p in (site.output / "photos").rglob("*") if p.is_file()]
    assert {p.suffix for p in outputs} == {".avif", ".webp", ".jpg"}
    for path in outputs:
        with Image.open(path) as published:
            assert len(published.getexif()) == 0 and "exif" not in published.info, path.name
            assert published.size == (20, 60)  # turned upright
            red, green, blue = published.convert("RGB").getpixel((10, 5))
            assert red > 150 and green < 80, path.name  # the red block is now on top
    assert 'width="20" height="60"' in site.page("index.html")
    source = site.content / "posts" / "gps.jpg"
    with Image.open(source) as original:
        assert original.getexif().get_ifd(0x8825)  # content/ is never touched


def test_a_corrupt_photo_is_named_and_blocks_the_build(site):
    site.write("posts/broken.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 40)
    site.write("posts/a.md", GOOD.replace("正文。", "正文。\n\n![照片](broken.jpg)"))
    result = site.build()
    assert not result.ok
    assert messages(result) == ["错误  content/posts/broken.jpg：文件不是能识别的图片，可能已经损坏或扩展名写错了。请重新导出这张照片。"]


def test_missing_content_folder_is_a_chinese_error(site):
    import shutil as _shutil

    _shutil.rmtree(site.content)
    result = site.build()
    assert not result.ok
    assert any("找不到内容文件夹 content/" in m for m in messages(result))


def test_more_than_nine_photos_get_a_plus_tile_leading_to_the_post(site):
    from PIL import Image

    names = []
    for i in range(11):
        names.append(f"p{i}.jpg")
        Image.new("RGB", (30 + i, 20), (20 * i, 100, 100)).save(site.content / "posts" / names[-1])
    site.write("posts/many.md", f"日期: 2024-05-02\n分类: 民俗\n图片: {'、'.join(names)}\n\n十一张照片的微博。\n")
    result = site.build()
    assert result.ok, result.summary()
    home = site.page("index.html")
    assert home.count('<li><a href="/photos/') == 11  # all in the HTML; CSS shows nine on listings
    assert '<a class="photo-more" dir="ltr" href="/2024/05/shi-yi-zhang-zhao-pian-de-wei-bo/" aria-label="还有 2 张照片，查看全部">+2</a>' in home
    assert 'loading="eager"' in home and home.count('loading="lazy"') == 10
    assert re.search(r'style="background-color:#[0-9a-f]{6}"', home)


def test_an_unsupported_image_format_in_a_post_is_an_error(site):
    site.write("posts/scan.bmp", b"BM" + b"\0" * 60)
    site.write("posts/a.md", GOOD.replace("正文。", "正文。\n\n![扫描件](scan.bmp)"))
    result = site.build()
    assert "错误  content/posts/a.md 第 7 行：图片“scan.bmp”的格式（.bmp）不支持。请另存为 JPG 或 PNG 后再插入。" in messages(result)


def test_markdown_table_alignment_survives_sanitising_as_a_class(site):
    site.write("posts/t.md", "标题: 表格\n日期: 2024-05-01\n分类: 村务\n\n| 项目 | 金额 |\n| --- | ---: |\n| 路灯 | 7,860.00 |\n")
    result = site.build()
    assert result.ok, result.summary()
    page = next((site.output / "2024/05").glob("*/index.html")).read_text("utf-8")
    assert '<td class="align-right">7,860.00</td>' in page and 'style="' not in page.split("<main")[1]


def test_an_album_key_in_a_post_is_named_with_file_and_line(site):
    site.write("posts/a.md", "标题: 村里开会\n日期: 2024-05-01\n分类: 党建\n封面: hui.jpg\n\n正文。\n")
    result = site.build()
    assert not result.ok
    assert any(m.startswith("错误  content/posts/a.md 第 4 行：“封面”是相册") for m in messages(result))


def test_caches_of_old_code_or_plans_are_deleted_once_unused_for_a_week(site):
    site.write("posts/a.md", GOOD)
    assert site.build().ok
    cache = site.path / ".cache"
    current = sorted(p.name for p in cache.iterdir() if p.name.startswith("pelican-"))
    old, recent = cache / "pelican-0123456789-cards-old", cache / "pelican-9876543210"
    for folder, days in ((old, 30), (recent, 2)):
        folder.mkdir()
        (folder / "render-fingerprints.json").write_text("{}", "utf-8")
        stamp = time.time() - days * 86400
        os.utime(folder, (stamp, stamp))
    for folder in current:  # even a cache untouched for a month stays while the build uses it
        os.utime(cache / folder, (time.time() - 30 * 86400,) * 2)
    assert site.build().ok
    assert not old.exists() and recent.is_dir()
    assert all((cache / folder).is_dir() for folder in current) and current


def _recycled_tree(site) -> Path:
    """The last replaced site, emptied of its files by the background job (tools/swap.py)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        waiting = list((site.path / ".cache").glob("empty-site-*"))
        if waiting and not list(site.path.glob(".output-old-*")):
            return waiting[0]
        time.sleep(0.05)
    pytest.fail("60 秒后被替换的旧网站仍没有清空")


def test_the_replaced_site_keeps_its_folders_for_the_next_build_and_no_files(site):
    site.write("posts/a.md", GOOD)
    site.write("posts/b.md", GOOD.replace("村里开会", "村里修路"))
    assert site.build().ok
    assert site.build().ok  # replaces the first site
    tree = _recycled_tree(site)
    assert [p for p in tree.rglob("*") if not p.is_dir()] == []
    assert (tree / "2024/05/cun-li-xiu-lu").is_dir()
    (site.content / "posts/b.md").unlink()
    result = site.build()
    assert result.ok, result.summary()
    assert not tree.exists()  # this build was made in it
    # a deleted post's address answers "not found", not an empty folder's "forbidden"
    assert not (site.output / "2024/05/cun-li-xiu-lu").exists()
    assert not [d for d in site.output.rglob("*") if d.is_dir() and not any(d.iterdir())]
    cold = village_build.build(site.path, output=site.path / "cold", overrides={"CACHE_PATH": str(site.path / "cold-cache")})
    assert cold.ok, cold.summary()
    assert site_files(site.output) == site_files(site.path / "cold")


def test_an_address_taken_from_the_title_is_blamed_on_the_title_line(site):
    # No 网址 line: the page's address came from its title, so the error points there.
    site.write("posts/a.md", GOOD)
    site.write("pages/x.md", "摘要: 说明\n标题: Albums\n\n正文\n")
    result = site.build()
    assert not result.ok
    assert [m for m in messages(result) if "/albums/" in m] == [
        "错误  content/pages/x.md 第 2 行：网址 /albums/ 是网站自己要用的（相册）。这个网址是按标题生成的，请在文件头加一行“网址: albums-2”（或别的英文网址）。"
    ]


def test_a_page_whose_title_makes_a_taken_address_gets_a_numbered_one(site):
    # Only an address written twice is an error; one made from a title steps aside, as posts' do.
    site.write("posts/a.md", GOOD)
    site.write("pages/a.md", "标题: 通知\n网址: notice\n\n正文\n")
    site.write("pages/b.md", "标题: Notice\n\n另一页\n")
    result = site.build()
    assert result.ok, result.summary()
    assert "<title>通知" in site.page("notice/index.html")
    assert "另一页" in site.page("notice-2/index.html")
    assert [m for m in messages(result, "warning") if "/notice" in m] == [
        "警告  content/pages/b.md：按标题生成的网址 /notice/ 已经是 content/pages/a.md 的，这一篇的网址自动改成了 /notice-2/。"
        "想用别的网址，请加一行“网址: 英文网址”。"
    ]
