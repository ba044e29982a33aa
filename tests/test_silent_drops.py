"""Nothing an official puts under content/ is dropped in silence: upper-case extensions are read,
unused files are named, drafts of every kind stay unpublished, split CSV rows are blamed on the
right line, and posts whose titles read alike in pinyin get distinct addresses."""

from __future__ import annotations

import pytest
from conftest import messages, published_bytes
from PIL import Image
from test_cards import MONTHLY, card_site, inquiry
from test_disclosure import DISCUSS, FINANCE_CSV, PROPOSE, disclosure_site, finance_site, item, matter

POST = "标题: {title}\n日期: {date}\n分类: 民俗\n{extra}\n正文。\n"


def post(title="文章", date="2026-03-01", extra=""):
    return POST.format(title=title, date=date, extra=extra)


def warnings_of(result) -> list[str]:
    return messages(result, "warning")


# -- files nobody uses --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["通知.MD", "通知.Markdown", "通知.markdown", "通知.mdown"])
def test_a_post_saved_with_an_upper_case_extension_is_published(site, name):
    site.write(f"posts/{name}", post("停水通知"))
    result = site.build()
    assert result.ok, result.summary()
    assert "停水通知" in site.page("2026/03/ting-shui-tong-zhi/index.html")
    assert not warnings_of(result)
    assert not (site.output / "posts" / name).exists()  # no longer copied out as a raw file


def test_every_unused_file_is_named_with_its_likely_fix(site):
    site.write("posts/a.md", post("有照片的文章", extra="图片: used.jpg"))
    site.write("posts/draft.md", post("草稿", extra="状态: 草稿\n图片: later.jpg"))  # held back, not unused
    for name in ("used.jpg", "unused.jpg", "later.jpg"):
        Image.new("RGB", (40, 30), (90, 120, 60)).save(site.content / "posts" / name)
    site.write("posts/通知.txt", "停水通知")
    site.write("posts/会议记录.docx", b"PK")
    site.write("posts/账目.pdf", b"%PDF-1.4")
    site.write("随手记.md", post("随手记"))
    site.write("disclosures/2026/多余.csv", FINANCE_CSV)
    site.write("decisions/chaye.txt", "标题: 茶叶")
    site.write("cards/旧联系卡.txt", "x")
    site.write("albums/loose.jpg", b"x")
    # Exempt: hidden files, IGNORE_FILES patterns, and folders published as files.
    site.write("posts/.DS_Store", b"x")
    site.write("posts/README.txt", "说明")
    site.write("posts/_草稿.txt", "x")
    site.write("files/表格.pdf", b"%PDF-1.4")
    result = finance_site(site)  # an item with its attachment, both used
    assert result.ok, result.summary()
    assert sorted(warnings_of(result)) == sorted([
        "警告  content/posts/unused.jpg：没有文章用到这张照片，它不会出现在任何页面上。要发布它，请在文章里写 ![说明](unused.jpg)，或在文件头的“图片:”里写上它；不需要就删掉它。",
        "警告  content/posts/通知.txt：这个文件没有被用到：网站只把扩展名是 .md 的文件当作文章。如果它是文章，请把扩展名改成 .md（小写，例如 通知.md）；如果是附件，请在文章里链接它，例如 [下载](通知.txt)。",
        "警告  content/posts/会议记录.docx：这个文件没有被用到：Word 文件不能直接当文章发布。请把内容复制到一个 .md 文件里；如果要让村民下载它，请在文章里链接它，例如 [下载](会议记录.docx)。",
        "警告  content/posts/账目.pdf：这个文件没有被用到：没有文章或页面链接到它。要让村民下载它，请在文章里写 [下载](账目.pdf)；不需要就删掉它。",
        "警告  content/随手记.md：这个文件不在网站会读取的文件夹里，没有被用到。文章放在 content/posts/，页面放在 content/pages/，照片放在文章旁边，其他下载文件放在 content/files/。",
        "警告  content/disclosures/2026/多余.csv：这个文件没有被用到：没有哪一条公开把它写进“附件:”。如果它是附件，请在那一条的文件头里写“附件: 多余.csv”（和那一条放在同一个文件夹）；如果它是公开事项，请把扩展名改成 .md；不需要就删掉它。",
        "警告  content/decisions/chaye.txt：这个文件没有被用到：四议两公开只读 .yml 文件。如果它是一件事的记录，请把扩展名改成 .yml；不需要就删掉它。",
        "警告  content/cards/旧联系卡.txt：这个文件没有被用到：三卡不读这个位置的文件。联系卡写在 content/cards/联系卡.yml，明白卡放在 content/cards/明白卡/，质询回音卡放在 content/cards/质询/。",
        "警告  content/albums/loose.jpg：这个文件没有被用到：相册的照片和 album.md 要放在相册自己的文件夹里（content/albums/相册名/），不能放在相册的其他位置。",
    ])


# -- drafts of every kind -----------------------------------------------------------------------

def _album(site, folder, title, status=""):
    (site.content / "albums" / folder).mkdir(parents=True)
    Image.new("RGB", (300, 200), (40, 120, 60)).save(site.content / "albums" / folder / "a.jpg")
    site.write(f"albums/{folder}/album.md", f"标题: {title}\n日期: 2026-03-03\n{status}\n- a.jpg：灯谜\n")


def test_drafts_of_every_kind_are_in_no_page_feed_sitemap_or_search_index(site):
    _album(site, "shown", "元宵灯会")
    _album(site, "hidden", "草稿相册甲乙", "状态: 草稿\n")
    result = card_site(site, **{
        "disclosures/2026/2026-03-caiwu.md": item(date="2026-03-20", extra="标题: 草稿公开甲乙\n状态: 草稿\n附件: 2026-03-caiwu.csv"),
        "disclosures/2026/2026-03-caiwu.csv": FINANCE_CSV,
        "decisions/chaye.yml": "状态: 草稿\n" + matter(PROPOSE, DISCUSS, title="草稿决策甲乙"),
        "cards/明白卡/2026-03.md": "标题: 草稿明白卡甲乙\n状态: 草稿\n" + MONTHLY,
        "cards/质询/2026-03-05-ludeng.md": inquiry(extra="标题: 草稿质询甲乙\n状态: 草稿"),
    })
    assert result.ok, result.summary()
    assert "元宵灯会" in site.page("albums/index.html")
    published = published_bytes(site.output).decode("utf-8", errors="replace")
    for title in ("草稿相册甲乙", "草稿公开甲乙", "草稿决策甲乙", "草稿明白卡甲乙", "草稿质询甲乙"):
        assert title not in published
    assert not (site.output / "albums" / "hidden").exists()
    assert not (site.output / "gongkai" / "files").exists()
    assert not [m for m in warnings_of(result) if "没有被用到" in m]  # a draft's files are its own


def test_a_draft_is_still_checked_and_an_unknown_status_is_an_error(site):
    _album(site, "bad", "相册", "状态: 草搞\n")
    result = disclosure_site(site, **{
        "disclosures/2026/a.md": item(extra="状态: 草稿\n公示期: 15"),
    })
    assert not result.ok
    errors = messages(result)
    assert "错误  content/albums/bad/album.md 第 3 行：状态“草搞”不认识。只能写“草稿”（不发布）或“发布”。" in errors
    assert any(m.startswith("错误  content/disclosures/2026/a.md 第 8 行：“公示期”写了两次") for m in errors)


def test_a_decision_step_naming_a_draft_item_says_it_is_a_draft(site):
    announce = "  - 步骤: 决议公开\n    日期: 2026-04-05\n    公开: QH-CW-20260405-001\n"
    from test_disclosure import RESOLVE, REVIEW
    result = disclosure_site(site, **{
        "decisions/chaye.yml": matter(PROPOSE, DISCUSS, REVIEW, RESOLVE, announce),
        "disclosures/2026/chaye-jueyi.md": item(kind="村务", subject="重大事项", period="2026年4月", extra="索引号: QH-CW-20260405-001\n状态: 草稿"),
    })
    assert messages(result) == [
        "错误  content/decisions/chaye.yml 第 26 行：决议公开写的索引号“QH-CW-20260405-001”那一条公开还是草稿"
        "（content/disclosures/2026/chaye-jueyi.md 里写了“状态: 草稿”），不会发布。请先发布那一条，或者先不写这一步。"
    ]


def test_inquiry_handling_status_written_as_draft_points_to_the_status_key(site):
    result = card_site(site, **{"cards/质询/2026-03-05-ludeng.md": inquiry(status="草稿")})
    assert any("办理状态“草稿”不认识。" in m and "请另加一行“状态: 草稿”" in m for m in messages(result))


# -- CSV rows split by a thousands comma ---------------------------------------------------------

def test_a_thousands_comma_is_blamed_on_its_own_line_not_on_the_total(site):
    csv = FINANCE_CSV.replace("上级转移支付,30000.00,", "上级转移支付,30,000.00,")
    result = finance_site(site, **{"disclosures/2026/2026-03-caiwu.csv": csv})
    assert messages(result) == [
        "错误  content/disclosures/2026/2026-03-caiwu.csv 第 3 行：这一行有 5 个格子，表头只有 4 个。"
        "多半是金额里的千位逗号：“30,000.00”被拆成了两个格子。请写成 30000.00，或给这个格子加英文引号 \"30,000.00\"。"
    ]


def test_a_row_with_an_extra_comma_and_a_short_row_are_named_by_line(site):
    csv = "科目,收入,支出,备注\n\n分红,52000.00,,按股,分配\n保洁工资,,8400.00\n合计,52000.00,8400.00,\n"
    result = finance_site(site, **{"disclosures/2026/2026-03-caiwu.csv": csv})
    assert messages(result) == [
        "错误  content/disclosures/2026/2026-03-caiwu.csv 第 3 行：这一行有 5 个格子，表头只有 4 个。请检查是不是多写了逗号；"
        "格子里本来就有逗号时，请给整个格子加英文引号，例如 \"茶叶,笋干\"。"
    ]
    assert "警告  content/disclosures/2026/2026-03-caiwu.csv 第 4 行：这一行只有 3 个格子，表头有 4 个，缺的格子按空白处理。" \
        "请核对每个数是不是在对的列下面；空着的格子也要留一个逗号，例如“保洁工资,,8400.00,”。" in warnings_of(result)


# -- posts whose titles read alike ---------------------------------------------------------------

def test_homophone_titles_in_one_month_get_distinct_stable_addresses(site):
    site.write("posts/a.md", post("致富", "2026-03-01"))
    first = site.build()
    assert first.ok and "致富" in site.page("2026/03/zhi-fu/index.html")
    site.write("posts/b.md", post("支付", "2026-03-09"))
    site.write("posts/c.md", post("知府", "2026-03-12", "网址: zhi-fu-fu\n"))
    result = site.build()
    assert result.ok, result.summary()
    assert not warnings_of(result)
    assert "<title>致富" in site.page("2026/03/zhi-fu/index.html")  # the earlier post keeps its address
    assert "<title>支付" in site.page("2026/03/zhi1-fu4/index.html")
    assert "<title>知府" in site.page("2026/03/zhi-fu-fu/index.html")


def test_same_title_in_one_month_gets_a_numbered_address_and_a_warning(site):
    site.write("posts/a.md", post("停水通知", "2026-03-01"))
    site.write("posts/b.md", post("停水通知", "2026-03-20"))
    result = site.build()
    assert result.ok, result.summary()
    assert warnings_of(result) == [
        "警告  content/posts/b.md：和 content/posts/a.md 标题相同，网址本来会重复，这一篇的网址自动改成了 /2026/03/ting-shui-tong-zhi-2/。"
        "如果是同一篇文章存了两份，请删掉一份；想用别的网址，请加一行“网址: 英文网址”。"
    ]
    assert "3月1日" in site.page("2026/03/ting-shui-tong-zhi/index.html")
    assert "3月20日" in site.page("2026/03/ting-shui-tong-zhi-2/index.html")


def test_drafts_take_no_address_from_each_other(site):
    # A draft, and a post held back by a wrong date, are written nowhere: neither is renumbered or warned about.
    site.write("posts/a.md", post("停水通知", "2026-03-01", "状态: 草稿\n"))
    site.write("posts/b.md", post("村里的计划", "2026-03-20", "状态: 草稿\n"))
    site.write("posts/c.md", post("另一篇", "2026-13-45"))
    site.write("posts/d.md", post("正常", "2026-03-09"))
    result = site.build(check_only=True)
    assert [m for m in messages(result, "warning") if "网址" in m] == []
    assert [m for m in messages(result) if "网址" in m] == []


def test_an_explicit_address_keeps_it_even_against_an_earlier_post(site):
    site.write("posts/a.md", post("致富", "2026-03-01"))
    site.write("posts/b.md", post("支付", "2026-03-09", "网址: zhi-fu\n"))
    result = site.build()
    assert result.ok, result.summary()
    assert "<title>支付" in site.page("2026/03/zhi-fu/index.html")
    assert "<title>致富" in site.page("2026/03/zhi4-fu4/index.html")


def test_two_explicit_addresses_that_clash_are_still_an_error(site):
    site.write("posts/a.md", post("致富", "2026-03-01", "网址: zhi-fu\n"))
    site.write("posts/b.md", post("支付", "2026-03-09", "网址: zhi-fu\n"))
    result = site.build()
    assert not result.ok
    assert "错误  content/posts/a.md 第 4 行：网址 /2026/03/zhi-fu/ 和 content/posts/b.md 重复了，只能有一篇用它。请把这一行改成另一个英文网址，例如“网址: zhi-fu-2”。" in messages(result)
