"""Unit tests of the small pieces: dates, slugs, encodings, titles and summaries, front matter."""

from __future__ import annotations

import datetime as dt

import pytest
from village.source import dates, encoding, frontmatter, keys, slugs, text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-05-01", (2024, 5, 1, 0, 0)),
        ("2024-05-01 19:53", (2024, 5, 1, 19, 53)),
        ("2024/5/1", (2024, 5, 1, 0, 0)),
        ("2024年5月1日", (2024, 5, 1, 0, 0)),
        ("2024年5月1日 19:53", (2024, 5, 1, 19, 53)),
        ("2024.5.1", (2024, 5, 1, 0, 0)),
        ("2024-5-1 8:05", (2024, 5, 1, 8, 5)),
        ("2024年12月31日 23:59", (2024, 12, 31, 23, 59)),
        ("  2024-05-01  ", (2024, 5, 1, 0, 0)),
        ("2024-05-01 19：53", (2024, 5, 1, 19, 53)),
    ],
)
def test_date_forms_parse_in_the_village_time_zone(written, expected):
    parsed = dates.parse_date(written)
    assert (parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute) == expected
    assert parsed.utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("2024-13-45", "不存在"),
        ("2023-02-29", "不存在"),
        ("2024-05-01 25:00", "时间不存在"),
        ("五月一日", "格式无法识别"),
        ("2024-05/01", "格式无法识别"),
        ("", "格式无法识别"),
    ],
)
def test_bad_dates_explain_themselves_in_chinese(written, fragment):
    with pytest.raises(dates.BadDate) as caught:
        dates.parse_date(written)
    assert fragment in str(caught.value)
    assert f"日期“{written}”" in str(caught.value)  # quotes what the official wrote


def test_other_time_zone_is_respected():
    assert dates.parse_date("2024-05-01", "Asia/Urumqi").utcoffset() == dt.timedelta(hours=6)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("重庆银行", "chong-qing-yin-hang"),
        ("银行", "yin-hang"),
        ("长江", "chang-jiang"),
        ("了解情况", "liao-jie-qing-kuang"),
        ("2024年村BBS上线", "2024-nian-cun-bbs-shang-xian"),
        ("！？", ""),
    ],
)
def test_slugs_use_phrase_aware_pinyin(title, slug):
    assert slugs.slugify(title) == slug


def test_slug_is_capped_at_a_syllable_boundary():
    slug = slugs.slugify("青禾村召开二〇二五年度党员冬训暨民主评议党员大会并部署来年重点工作任务")
    assert len(slug) <= 48
    assert slugs.VALID_SLUG.match(slug)
    assert slug.startswith("qing-he-cun-zhao-kai-")
    other = slugs.slugify("青禾村召开二〇二五年度党员冬训暨民主评议党员大会并部署来年重点工作任务（二）")
    assert other != slug and len(other) <= 48  # titles that differ only after the cut stay apart
    assert slugs.slugify("青禾村召开二〇二五年度党员冬训暨民主评议党员大会并部署来年重点工作任务") == slug  # stable


def test_utf8_with_bom_and_crlf():
    decoded = encoding.decode_source("\ufeff标题: 你好\r\n\r\n正文\r\n".encode("utf-8"))
    assert decoded.text == "标题: 你好\n\n正文\n"
    assert decoded.encoding == "utf-8-sig"


def test_gbk_bytes_are_read_as_gb18030():
    decoded = encoding.decode_source("标题: 村务公开\n\n正文".encode("gbk"))
    assert decoded.text.startswith("标题: 村务公开")
    assert decoded.encoding == "gb18030"


@pytest.mark.parametrize("raw", [bytes(range(0x80, 0x100)) * 3, b"\x00\x01\x02binary", "\ufeffx".encode("utf-16")])
def test_undecodable_bytes_are_refused_with_advice(raw):
    with pytest.raises(encoding.UndecodableFile) as caught:
        encoding.decode_source(raw)
    assert "UTF-8" in str(caught.value)


GOOD_LINES = "标题: 村务公开\r\n日期: 2026-03-01\n\n第一段。\n"  # line 5 comes next (CRLF counts once)


@pytest.mark.parametrize(("raw", "line"), [
    # a UTF-8 file cut inside a character, as an unfinished copy leaves it: blamed where it breaks
    ((GOOD_LINES + "第二段").encode("utf-8")[:-1], 5),
    # a GBK file with one damaged byte: GB18030 reads further, so its place is the one named
    ((GOOD_LINES + "第二段").encode("gbk") + b"\n\x81\x20\n", 6),
    # a control character left by a bad conversion
    ((GOOD_LINES + "第二段\x07。").encode("utf-8"), 5),
])
def test_an_unreadable_file_names_the_line_where_it_breaks(raw, line):
    with pytest.raises(encoding.UndecodableFile) as caught:
        encoding.decode_source(raw)
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("今天村里修好了路灯！大家晚上出门方便多了。", "今天村里修好了路灯"),
        ("村委会提醒：明天上午停水。请提前储水", "村委会提醒：明天上午停水"),
        ("这是一句特别特别长而且没有任何标点符号的话一直说下去到超过二十个字", "这是一句特别特别长而且没有任何标点符号…"),
        ("Is it OK? 好的。", "Is it OK"),
    ],
)
def test_title_from_first_sentence(body, title):
    assert text.title_from_text(body, 20) == title
    assert len(text.title_from_text(body, 20)) <= 20


def test_summary_counts_chinese_characters_and_prefers_sentence_ends():
    body = "第一句话说的是村里的路。" * 10
    summary = text.summarize(body, 40)
    assert len(summary) <= 40
    assert summary.endswith("。")
    short = "很短的一句话。"
    assert text.summarize(short, 40) == short
    no_stop = "字" * 100
    assert text.summarize(no_stop, 30) == "字" * 28 + "……"


def test_plain_text_keeps_blocks_apart():
    assert text.plain_text("<h2>讲座</h2><p>内容&amp;安排。</p><ul><li>第一</li><li>Wi-Fi</li><li>好</li></ul>") == "讲座。内容&安排。第一。Wi-Fi 好"


class TestFrontMatter:
    def test_chinese_keys_full_width_colons_and_list_separators(self):
        fm = frontmatter.parse("标题：村里开会\n日期：2024年5月1日\n标签：党建，会议、学习,冬训\n\n正文第一行\n", keys.POST)
        assert fm.value("title") == "村里开会"
        assert fm.value("date") == "2024年5月1日"
        assert frontmatter.split_list(fm.value("tags")) == ["党建", "会议", "学习", "冬训"]
        assert fm.body == "正文第一行\n"
        assert fm.body_line == 5
        assert fm.problems == []

    def test_english_keys_any_case(self):
        fm = frontmatter.parse("Title: Meeting\nDATE: 2024-05-01\ncategory: 党建\nSlug: meeting\n\nBody", keys.POST)
        assert (fm.value("title"), fm.value("date"), fm.value("category"), fm.value("slug")) == (
            "Meeting", "2024-05-01", "党建", "meeting",
        )

    def test_yaml_block_with_list_and_full_width_colon(self):
        fm = frontmatter.parse("---\n标题：村里开会\n标签: [党建, 会议]\n日期: 2024-05-01\n---\n\n正文", keys.POST)
        assert fm.value("title") == "村里开会"
        assert fm.value("tags") == ["党建", "会议"]
        assert fm.value("date") == "2024-05-01"  # kept as written, not turned into a YAML date
        assert fm.line("date") == 4
        assert fm.body == "正文"
        assert fm.body_line == 7

    def test_yaml_syntax_error_names_the_line(self):
        fm = frontmatter.parse("---\n标题: 好\n标签: [党建, 会议\n---\n正文", keys.POST)
        assert fm.problems and fm.problems[0][0] == "error"
        assert "YAML" in fm.problems[0][2]
        assert fm.problems[0][1] in (3, 4, 5)

    def test_unclosed_yaml_block(self):
        fm = frontmatter.parse("---\n标题: 好\n正文", keys.POST)
        assert "没有配对" in fm.problems[0][2]

    @pytest.mark.parametrize(("typo", "suggestion"), [("标提", "标题"), ("日朝", "日期"), ("Titel", "Title"), ("catgory", "Category")])
    def test_typos_get_a_suggestion(self, typo, suggestion):
        fm = frontmatter.parse(f"{typo}: 值\n日期: 2024-05-01\n\n正文", keys.POST)
        assert fm.problems == [("error", 1, f"不认识的键“{typo}”。是不是想写“{suggestion}”？")]

    def test_duplicate_key_is_an_error(self):
        fm = frontmatter.parse("标题: 一\nTitle: 二\n\n正文", keys.POST)
        assert "写了两次" in fm.problems[0][2] and fm.problems[0][1] == 2

    def test_indented_continuation_line(self):
        fm = frontmatter.parse("摘要: 第一部分\n  第二部分\n\n正文", keys.POST)
        assert fm.value("summary") == "第一部分 第二部分"

    def test_no_header(self):
        fm = frontmatter.parse("今天天气很好。\n", keys.POST)
        assert not fm.has_header


def test_cache_folders_are_keyed_by_the_plugin_code(tmp_path):
    from village import config

    package = tmp_path / "village"
    package.mkdir()
    (package / "reader.py").write_text("A = 1\n")
    before = config.code_digest(package)
    assert before == config.code_digest(package)
    (package / "reader.py").write_text("A = 2\n")
    assert config.code_digest(package) != before
    grid = tmp_path / "_photo_grid.html"
    grid.write_text("<ul>\n")
    with_grid = config.code_digest(package, grid)
    grid.write_text("<ol>\n")  # the reader writes this markup into posts: a change must empty the cache
    assert config.code_digest(package, grid) != with_grid


def test_photo_grid_values_for_the_template():
    from village.posts.reader import photo_grid

    names = [f"{n}.jpg" for n in range(1, 12)]
    grid = photo_grid(names, "赶集", "ganji.md")
    assert grid["count"] == 9 and grid["sizes"] == "(min-width: 30rem) 10rem, 33vw"
    assert grid["photos"][0] == {"url": "1.jpg", "alt": "赶集（配图 1）", "more": None}
    assert grid["photos"][8]["more"] == {"href": "ganji.md", "count": 2}  # the ninth leads to the post
    assert photo_grid(names[:2], "赶集", "ganji.md")["sizes"] == "(min-width: 20rem) 10rem, 50vw"


def test_categories_get_their_description_and_feed():
    from types import SimpleNamespace

    from village.posts.taxonomy import describe_categories

    feed = {"key": "cunwu", "rss": "feeds/cunwu.rss.xml"}
    category = SimpleNamespace(slug="cunwu")
    describe_categories([category], [{"slug": "dangjian", "description": "党建", "feed": {}}, {"slug": "cunwu", "description": "村里的事", "feed": feed}])
    assert category.feed is feed and category.description == "村里的事"


def test_a_key_of_another_content_type_is_an_error_naming_that_type():
    fm = frontmatter.parse("标题: 好\n封面: a.jpg\n期间: 2026年3月\n\n正文", keys.POST)
    assert ("error", 2, "“封面”是相册（content/albums/相册名/album.md）用的键，文章里没有这一项，写了也不会发布。"
            "请删掉这一行；文章能用的键有：标题、日期、分类、标签、作者、摘要、来源、编辑、网址、状态、图片、修改日期、音频、置顶、补录、修改说明、语言、原文、示例译文。") in fm.problems
    assert any(line == 3 and "“期间”是公开事项（content/disclosures/）用的键" in message for _, line, message in fm.problems)
    album = frontmatter.parse("标题: 元宵\n图片: a.jpg\n\n- a.jpg：灯", keys.ALBUM)
    assert any(level == "error" and "“图片”是文章（content/posts/ 或 content/pages/）用的键，相册里没有这一项" in message
               for level, _, message in album.problems)
    assert "封面" not in fm.fields and album.value("title") == "元宵"


def test_every_key_table_shares_the_unknown_key_rules():
    for table in keys.TABLES:
        level, message = keys.unknown_key("标提", table)
        assert (level, message) == ("error", "不认识的键“标提”。是不是想写“标题”？"), table.kind
        level, _ = keys.unknown_key("天气", table)
        assert level == "warning", table.kind


def test_archive_periods_are_named_in_chinese():
    from village.posts.page_meta import period_label

    assert period_label((2026,)) == "2026年"
    assert period_label((2026, 11)) == "2026年11月"


def test_files_replaced_side_by_side_never_trip_over_each_other(tmp_path):
    # Villages built side by side share the font cache and may make the same subset at once.
    import concurrent.futures

    from village.output.files import replace_file

    target = tmp_path / "subset.woff2"

    def write(number: int) -> None:
        for _ in range(100):
            replace_file(target, b"font bytes")

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))  # re-raises a failed rename
    assert target.read_bytes() == b"font bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["subset.woff2"]  # no temporary file left
