"""The 公开栏: disclosure items, their tables, the finance chart, the compliance calendar and the
四议两公开 decisions — every rule with the exact message an official reads."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from conftest import messages, published_bytes
from feedcheck import check_atom, check_rss
from test_privacy import CARD, ID, MOBILE, use_privacy
from village.gongkai import calendar as disclosure_calendar
from village.gongkai import decisions
from village.gongkai.items import Item, index_number
from village.gongkai.periods import Period, parse_period
from village.gongkai.review import missing_message
from village.gongkai.tables import is_amount_column

FINANCE_CSV = """科目,收入,支出,备注
茶叶合作社分红,"52,000.00",,按股分配
上级转移支付,30000.00,,
保洁工资,,8400.00,4 人
村道维修,,12600.50,
合计,82000.00,21000.50,
"""


SIGNED = "审核: 村务监督委员会 何某某、李某某 {date}"


def item(kind="财务", subject="财务收支", period="2026年3月", date="2026-04-05", notice="15天", extra="", body="三月份收支情况如下。"):
    header = f"类型: {kind}\n事项: {subject}\n期间: {period}\n发布日期: {date}\n公示期: {notice}\n发布机构: 青禾村村民委员会\n{extra}"
    if kind == "财务" and "审核" not in extra and "草稿" not in extra:
        header = header.rstrip("\n") + "\n" + SIGNED.format(date=date) + "\n"  # signed, as review.py requires
    return header.rstrip("\n") + "\n\n" + body + "\n"


def pin_today(site, day="2026-04-10"):
    site.pin_today(day)


def disclosure_site(site, day="2026-04-10", **files):
    pin_today(site, day)
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    for name, text in files.items():
        site.write(name, text)
    return site.build()


def finance_site(site, **more):
    files = {"disclosures/2026/2026-03-caiwu.md": item(extra="附件: 2026-03-caiwu.csv"),
             "disclosures/2026/2026-03-caiwu.csv": FINANCE_CSV}
    files.update(more)
    return disclosure_site(site, **files)


def errors_of(result) -> list[str]:
    return messages(result, "error")


# -- periods, index numbers ---------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    ("2026年3月", Period(2026, "monthly", 3)), ("2026-03", Period(2026, "monthly", 3)),
    ("2026年第一季度", Period(2026, "quarterly", 1)), ("2026-Q3", Period(2026, "quarterly", 3)),
    ("2025年", Period(2025, "yearly")), ("2025年度", Period(2025, "yearly")),
    ("2026年13月", None), ("三月", None),
])
def test_periods_are_read_as_officials_write_them(written, expected):
    assert parse_period(written) == expected


def test_index_number_depends_only_on_the_item_itself():
    first = index_number("QH", "财务", decisions.dt.date(2026, 4, 5), "disclosures/2026/2026-03-caiwu.md")
    assert re.fullmatch(r"QH-CZ-20260405-[0-9A-F]{3}", first)
    assert first == index_number("QH", "财务", decisions.dt.date(2026, 4, 5), "disclosures/2026/2026-03-caiwu.md")
    assert first != index_number("QH", "财务", decisions.dt.date(2026, 4, 5), "disclosures/2026/2026-03-caiwu-2.md")


def test_index_numbers_stay_the_same_when_other_items_come_and_go(site):
    first = finance_site(site)
    assert first.ok, first.summary()
    number = re.search(r"<dt>索引号</dt><dd><bdi>([^<]+)</bdi></dd>", site.page("gongkai/2026/2026-03-caiwu/index.html")).group(1)
    site.write("disclosures/2026/2026-02-caiwu.md", item(period="2026年2月", date="2026-03-05"))
    site.write("disclosures/2026/2026-q1-dangfei.md", item(kind="党务", subject="党费收缴", period="2026年第一季度", date="2026-04-03"))
    second = site.build()
    assert second.ok, second.summary()
    assert f"<dt>索引号</dt><dd><bdi>{number}</bdi></dd>" in site.page("gongkai/2026/2026-03-caiwu/index.html")


# -- the item page, the archive, tables ------------------------------------------------------------

def test_item_page_has_metadata_table_download_and_notice_badge(site):
    result = finance_site(site)
    assert result.ok, result.summary()
    page = site.page("gongkai/2026/2026-03-caiwu/index.html")
    assert '<span class="badge badge-notice">公示中</span>' in page
    assert "<dt>所属期间</dt><dd>2026年3月</dd>" in page
    assert "<dt>公示期</dt><dd>4月5日至2026年4月19日（正在公示）</dd>" in page
    # the caption says what the table is, not the file's name; the download's size is in KB
    assert '<caption id="table-1">2026年3月财务收支公开明细表</caption>' in page
    assert 'role="region" tabindex="0" aria-labelledby="table-1"' in page
    assert re.search(r'2026-03-caiwu\.csv</a> <span class="count">\d+\.\d KB</span>', page)
    assert '<th scope="col" class="num">收入</th>' in page
    assert '<td class="num">52,000.00</td>' in page
    assert '<tr class="total"><th scope="row">合计</th><td class="num">82,000.00</td><td class="num">21,000.50</td>' in page
    assert 'href="/gongkai/files/2026/2026-03-caiwu/2026-03-caiwu.csv" download' in page
    assert (site.output / "gongkai/files/2026/2026-03-caiwu/2026-03-caiwu.csv").is_file()
    index = site.page("gongkai/index.html")
    assert index.index('id="on-notice"') < index.index("2026年3月财务收支公开") < index.index('id="by-type"')
    for url in ("gongkai/caiwu/", "gongkai/2026/", "gongkai/rili/"):
        assert (site.output / url / "index.html").is_file(), url
    assert "<h2 id=\"m4\">4月</h2>" in site.page("gongkai/2026/index.html")


def test_archive_exists_before_the_first_item_so_the_header_link_works(site):
    result = disclosure_site(site)
    assert result.ok, result.summary()
    assert 'href="/gongkai/">公开栏</a>' in site.page("index.html")
    assert "还没有公开内容" in site.page("gongkai/index.html")
    assert "还没有公开内容" in site.page("gongkai/rili/index.html")


def test_notice_badge_goes_when_the_notice_period_ends(site):
    result = finance_site(site, **{"disclosures/2026/2026-02-caiwu.md": item(period="2026年2月", date="2026-03-05", notice="2026-03-20")})
    assert result.ok, result.summary()
    assert "公示中" not in site.page("gongkai/2026/2026-02-caiwu/index.html").split("<main")[1]
    assert "（已结束）" in site.page("gongkai/2026/2026-02-caiwu/index.html")
    on_notice = site.page("gongkai/index.html").split('id="on-notice"')[1].split('id="by-type"')[0]
    assert "2026年3月财务收支公开" in on_notice and "2026年2月财务收支公开" not in on_notice


def test_total_row_that_does_not_add_up_is_an_error(site):
    result = finance_site(site, **{"disclosures/2026/2026-03-caiwu.csv": FINANCE_CSV.replace("合计,82000.00", "合计,81000.00")})
    assert not result.ok
    assert errors_of(result) == [
        "错误  content/disclosures/2026/2026-03-caiwu.csv 第 6 行：“收入”的合计写的是 81,000.00，上面各行加起来是 82,000.00。请核对后改正。"
    ]


def test_a_mostly_empty_income_column_is_still_checked_and_right_aligned(site):
    # A real month: one income line, many expense lines; the income column is blank on expense rows.
    csv = "科目,收入,支出,备注\n运转经费,48000.00,,\n保洁工资,,4400.00,\n水电费,,1020.80,\n宽带费,,260.00,\n合计,46000.00,5680.80,\n"
    result = finance_site(site, **{"disclosures/2026/2026-03-caiwu.csv": csv})
    assert errors_of(result) == [
        "错误  content/disclosures/2026/2026-03-caiwu.csv 第 6 行：“收入”的合计写的是 46,000.00，上面各行加起来是 48,000.00。请核对后改正。"
    ]
    site.write("disclosures/2026/2026-03-caiwu.csv", csv.replace("46000.00", "48000.00"))
    result = site.build()
    assert result.ok, result.summary()
    page = site.page("gongkai/2026/2026-03-caiwu/index.html")
    assert '<th scope="col" class="num">收入</th>' in page and '<td class="num">48,000.00</td>' in page


@pytest.mark.parametrize(("header", "cells", "expected"), [
    ("收入", ["48000.00", "", "", "-"], True),
    ("备注", ["4人", "", "镇财政所拨付"], False),
    ("年度", ["2025", "2026"], False),
    ("支出", ["", ""], False),
])
def test_amount_columns_are_recognised_by_their_filled_cells(header, cells, expected):
    assert is_amount_column(header, cells) is expected


def test_total_column_that_does_not_add_up_is_an_error(site):
    csv = "户主,耕地地力补贴,稻谷补贴,合计\n李春生,320.00,150.00,470.00\n王秀英,280.00,100.00,390.00\n"
    result = disclosure_site(site, **{
        "disclosures/2026/q1.md": item(kind="村务", subject="惠农补贴", period="2026年第一季度", extra="附件: q1.csv"),
        "disclosures/2026/q1.csv": csv,
    })
    assert not result.ok
    assert errors_of(result) == ["错误  content/disclosures/2026/q1.csv 第 3 行：这一行的“合计”写的是 390.00，同一行各项加起来是 380.00。请核对后改正。"]


def test_xlsx_attachment_becomes_a_table_and_its_total_is_checked(site):
    book = openpyxl.Workbook()
    for row in (["科目", "收入", "支出"], ["租金", 12000, None], ["水电", None, 830.5], ["合计", 12000, 830.5]):
        book.active.append(row)
    book.save(site.path / "x.xlsx")
    site.write("disclosures/2026/2026-03-caiwu.xlsx", (site.path / "x.xlsx").read_bytes())
    result = disclosure_site(site, **{"disclosures/2026/2026-03-caiwu.md": item(extra="附件: 2026-03-caiwu.xlsx")})
    assert result.ok, result.summary()
    page = site.page("gongkai/2026/2026-03-caiwu/index.html")
    assert '<td class="num">12,000.00</td>' in page and '<td class="num">830.50</td>' in page
    published = openpyxl.load_workbook(site.output / "gongkai/files/2026/2026-03-caiwu/2026-03-caiwu.xlsx")
    assert [c.value for c in next(published.active.iter_rows(min_row=4))] == ["合计", 12000, 830.5]


@pytest.mark.parametrize("damage", ["cut", "old_xls", "zip_without_sheet"])
def test_a_damaged_workbook_is_an_error_naming_it_and_the_other_items_are_still_checked(site, damage):
    book = openpyxl.Workbook()
    book.active.append(["科目", "收入"])
    book.save(site.path / "x.xlsx")
    whole = (site.path / "x.xlsx").read_bytes()
    if damage == "cut":  # a copy that did not finish
        data = whole[: len(whole) // 2]
    elif damage == "old_xls":  # an .xls (an OLE file, as a password-protected workbook is too) renamed
        data = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504
    else:
        zipped = io.BytesIO()
        with zipfile.ZipFile(zipped, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
        data = zipped.getvalue()
    site.write("disclosures/2026/2026-03-caiwu.xlsx", data)
    result = disclosure_site(site, **{
        "disclosures/2026/2026-03-caiwu.md": item(extra="附件: 2026-03-caiwu.xlsx"),
        "disclosures/2026/2026-02-caiwu.md": item(period="2026年2月", date="2026-03-05", extra="附件: 没有.csv"),
    })
    assert errors_of(result) == [
        "错误  content/disclosures/2026/2026-02-caiwu.md 第 7 行：附件“没有.csv”不在这个文件旁边。请把它放进 content/disclosures/2026/，或改正文件名。",
        "错误  content/disclosures/2026/2026-03-caiwu.xlsx：表格读不出来：这不是完整的 XLSX 文件（可能没有复制完整、是把旧的 .xls 改了扩展名，"
        "或者设了打开密码）。请用 Excel 或 WPS 另存为 CSV（UTF-8）或 XLSX。",
    ]


def test_a_rebuild_takes_an_unchanged_workbook_from_the_cache_and_reads_an_edited_one(site, monkeypatch):
    # openpyxl reading and writing the workbooks was a tenth of every preview rebuild of the demo.
    def workbook(rows):
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(site.path / "x.xlsx")
        site.write("disclosures/2026/2026-03-caiwu.xlsx", (site.path / "x.xlsx").read_bytes())

    workbook((["科目", "收入"], ["租金", 12000], ["合计", 12000]))
    first = disclosure_site(site, **{"disclosures/2026/2026-03-caiwu.md": item(extra="附件: 2026-03-caiwu.xlsx", body="第一稿。")})
    assert first.ok, first.summary()
    published = site.output / "gongkai/files/2026/2026-03-caiwu/2026-03-caiwu.xlsx"
    copy = published.read_bytes()

    site.write("disclosures/2026/2026-03-caiwu.md", item(extra="附件: 2026-03-caiwu.xlsx", body="第二稿。"))
    with monkeypatch.context() as patched:
        for name in ("load_workbook", "Workbook"):
            patched.setattr(openpyxl, name, lambda *a, **k: pytest.fail("openpyxl used for an unchanged workbook"))
        second = site.build()
    assert second.ok, second.summary()
    assert published.read_bytes() == copy
    assert "第二稿。" in site.page("gongkai/2026/2026-03-caiwu/index.html")  # the edited text, not the cached one

    workbook((["科目", "收入"], ["租金", 15000], ["合计", 15000]))
    third = site.build()
    assert third.ok, third.summary()
    assert '<td class="num">15,000.00</td>' in site.page("gongkai/2026/2026-03-caiwu/index.html")
    assert [c.value for c in next(openpyxl.load_workbook(published).active.iter_rows(min_row=2))] == ["租金", 15000]


def test_a_published_xlsx_copy_is_the_same_bytes_whenever_it_is_made(tmp_path):
    # openpyxl stamps the time of saving into the file: the copy's size, shown beside its link,
    # changed between builds and made every page showing it render again.
    import zipfile

    from village.gongkai.tables import write_masked

    rows = [["科目", "收入"], ["租金", "12000"], ["合计", "12000"]]
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_masked(rows, first)
    with zipfile.ZipFile(first) as book:
        assert {entry.date_time for entry in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert "dcterms:modified" not in core and "dcterms:created" not in core
    write_masked(rows, second)
    assert first.read_bytes() == second.read_bytes()
    assert [[c.value for c in row] for row in openpyxl.load_workbook(first).active.iter_rows()] == [["科目", "收入"], ["租金", 12000], ["合计", 12000]]


def test_finance_chart_is_drawn_from_monthly_totals(site):
    result = finance_site(site)
    assert result.ok, result.summary()
    page = site.page("gongkai/caiwu/index.html")
    chart = page[page.index('<svg class="finance-chart"'):page.index("</svg>")]
    assert "<title>3月收入 82,000.00 元</title>" in chart and "<title>3月支出 21,000.50 元</title>" in chart
    assert "<script" not in page.split("<main")[1]
    assert '<tr><th scope="row">3月</th><td class="num"><bdi>82,000.00</bdi></td><td class="num"><bdi>21,000.50</bdi></td><td class="num"><bdi>60,999.50</bdi></td></tr>' in page


def test_a_month_never_disclosed_is_drawn_as_not_disclosed_never_as_zero(site):
    january = item(period="2026年1月", date="2026-02-05", extra="附件: 2026-01-caiwu.csv")
    result = finance_site(site, **{"disclosures/2026/2026-01-caiwu.md": january, "disclosures/2026/2026-01-caiwu.csv": FINANCE_CSV})
    assert result.ok, result.summary()
    page = site.page("gongkai/caiwu/index.html")
    chart = page[page.index('<svg class="finance-chart"'):page.index("</svg>")]
    # February has no disclosure: the chart and the table say so instead of drawing 0
    assert chart.count("未公开") == 1 and ">2月</text>" in chart and "2月收入" not in chart
    assert '<tr class="missing"><th scope="row">2月</th><td colspan="3">未公开</td></tr>' in page
    assert "4月" not in chart  # months after the last disclosure are not drawn at all
    # horizontal bars: drawn at about a phone's width, so its text stays readable there
    assert re.search(r'viewBox="0 0 360 \d+"', chart)


# -- what officials get wrong ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    (item(kind="财政"), "第 1 行：类型“财政”不认识。只能写：党务、村务、财务。"),
    (item(subject="财务公开"), "第 2 行：事项“财务公开”不在公开事项里。可以写：财务收支、集体资产资源、惠农补贴、公益事业、社会救助、重大事项、发展党员、党费收缴、民主评议（在 village.yml 的 disclosure_subjects 里设置）。"),
    (item(kind="村务"), "第 2 行：事项“财务收支”属于财务公开，类型却写了“村务”。请把类型改成“财务”。"),
    (item(extra="附件: 没有.csv"), "第 7 行：附件“没有.csv”不在这个文件旁边。请把它放进 content/disclosures/2026/，或改正文件名。"),
])
def test_item_mistakes_get_exact_messages(site, text, expected):
    result = disclosure_site(site, **{"disclosures/2026/x.md": text})
    assert not result.ok
    assert errors_of(result) == [f"错误  content/disclosures/2026/x.md {expected}"]


def test_attachment_of_a_kind_that_cannot_be_published_is_an_error(site):
    result = disclosure_site(site, **{"disclosures/2026/x.md": item(extra="附件: 名单.exe"), "disclosures/2026/名单.exe": b"MZ"})
    assert errors_of(result) == ["错误  content/disclosures/2026/x.md 第 7 行：附件“名单.exe”的格式不能公开。可以用：.csv、.doc、.docx、.jpeg、.jpg、.pdf、.png、.webp、.xls、.xlsx。"]


def test_missing_fields_are_all_reported_at_once(site):
    result = disclosure_site(site, **{"disclosures/2026/x.md": "类型: 财务\n事项: 财务收支\n\n正文。\n"})
    assert errors_of(result) == [
        "错误  content/disclosures/2026/x.md 第 1 行：缺少“期间”。请加一行“期间: 2026年3月”。",
        "错误  content/disclosures/2026/x.md 第 1 行：缺少“发布日期”。请加一行“发布日期: 2026-04-05”。",
        "错误  content/disclosures/2026/x.md 第 1 行：缺少“公示期”。请加一行“公示期: 15天”。",
        "错误  content/disclosures/2026/x.md 第 1 行：缺少“发布机构”。请加一行“发布机构: 青禾村村民委员会”。",
        f"错误  content/disclosures/2026/x.md 第 1 行：{missing_message()}",  # a finance item is also signed
    ]


def test_unreadable_period_and_notice_get_exact_messages(site):
    result = disclosure_site(site, **{"disclosures/2026/x.md": item(period="三月份", notice="半个月")})
    assert errors_of(result) == [
        "错误  content/disclosures/2026/x.md 第 3 行：期间“三月份”看不懂。按月写“2026年3月”，按季度写“2026年第一季度”，按年写“2026年”。",
        "错误  content/disclosures/2026/x.md 第 5 行：公示期“半个月”看不懂。写天数如“15天”，或截止日期如“2026-04-20”。",
    ]


def test_item_dated_in_the_future_waits_with_a_warning(site):
    result = finance_site(site, **{"disclosures/2026/2026-04-caiwu.md": item(period="2026年4月", date="2026-05-06")})
    assert result.ok, result.summary()
    assert "警告  content/disclosures/2026/2026-04-caiwu.md 第 4 行：发布日期 2026-05-06 还没到，到那天生成网站时才会公开。" in messages(result, "warning")
    assert not (site.output / "gongkai/2026/2026-04-caiwu").exists()


# -- privacy in attachments ------------------------------------------------------------------------

def test_personal_numbers_in_csv_and_xlsx_are_masked_in_page_and_published_copies(site):
    use_privacy(site, "mask")
    csv = f"户主,身份证号,银行卡号,电话,金额（元）\n李春生,{ID},{CARD},{MOBILE},470.00\n合计,,,,470.00\n"
    book = openpyxl.Workbook()
    for row in (["户主", "身份证号", "金额"], ["王秀英", ID, 390], ["合计", None, 390]):
        book.active.append(row)
    book.save(site.path / "x.xlsx")
    site.write("disclosures/2026/b.xlsx", (site.path / "x.xlsx").read_bytes())
    result = disclosure_site(site, **{
        "disclosures/2026/q1.md": item(kind="村务", subject="惠农补贴", period="2026年第一季度", extra="附件: a.csv, b.xlsx"),
        "disclosures/2026/a.csv": csv,
    })
    assert result.ok, result.summary()
    warnings = messages(result, "warning")
    assert any(w.startswith("警告  content/disclosures/2026/a.csv 第 2 行：") and "身份证号" in w for w in warnings), warnings
    assert any(w.startswith("警告  content/disclosures/2026/b.xlsx 第 2 行：") for w in warnings), warnings
    everything = published_bytes(site.output)  # pages, feeds, the search index, the published copies
    for number in (ID, CARD, MOBILE):
        assert number.encode() not in everything, number
    published = (site.output / "gongkai/files/2026/q1/a.csv").read_text("utf-8-sig")
    assert f"李春生,{ID[:6]}********{ID[-4:]},{CARD[:4]} **** **** *** {CARD[-4:]},139****5678,470.00" in published
    book = openpyxl.load_workbook(site.output / "gongkai/files/2026/q1/b.xlsx")
    assert [c.value for c in next(book.active.iter_rows(min_row=2))] == ["王秀英", f"{ID[:6]}********{ID[-4:]}", 390]
    assert ID not in "".join(str(c.value) for row in book.active.iter_rows() for c in row)


def test_a_photo_attachment_is_published_without_its_gps_position(site):
    from PIL import Image

    image = Image.new("RGB", (40, 30), "green")
    exif = image.getexif()
    exif.get_ifd(0x8825)[2] = (30.0, 15.0, 0.0)  # GPS latitude, as a phone writes it
    site.write("disclosures/2026/yanshou.jpg", b"")
    image.save(site.content / "disclosures/2026/yanshou.jpg", exif=exif.tobytes())
    result = disclosure_site(site, **{
        "disclosures/2026/jieguo.md": item(kind="村务", subject="重大事项", period="2026年3月", extra="附件: yanshou.jpg"),
    })
    assert result.ok, result.summary()
    with Image.open(site.output / "gongkai/files/2026/jieguo/yanshou.jpg") as published:
        assert not published.getexif() and "exif" not in published.info
    assert Image.open(site.content / "disclosures/2026/yanshou.jpg").getexif()  # the official's file is untouched


def test_strict_privacy_refuses_a_table_with_an_id_number(site):  # strict is the default
    result = disclosure_site(site, **{
        "disclosures/2026/q1.md": item(kind="村务", subject="惠农补贴", period="2026年第一季度", extra="附件: a.csv"),
        "disclosures/2026/a.csv": f"户主,身份证号,金额\n李春生,{ID},470.00\n",
    })
    assert not result.ok
    assert [e for e in errors_of(result) if e.startswith("错误  content/disclosures/2026/a.csv 第 2 行：")], errors_of(result)
    assert not (site.output / "gongkai").exists()


# -- the compliance calendar ---------------------------------------------------------------------

def test_calendar_marks_posted_missed_and_not_yet_due_periods(site):
    files = {f"disclosures/2026/2026-0{m}-caiwu.md": item(period=f"2026年{m}月", date=f"2026-0{m + 1}-05") for m in (1, 3)}
    files["disclosures/2026/q1-dangfei.md"] = item(kind="党务", subject="党费收缴", period="2026年第一季度", date="2026-04-03")
    result = disclosure_site(site, day="2026-04-20", **files)
    assert result.ok, result.summary()
    calendar = site.page("gongkai/rili/index.html")
    finance = calendar.split(">财务收支 ")[1].split("</section>")[0]
    cells = re.findall(r'<li class="cal cal-(\w+)">.*?<span class="cal-period">([^<]+)</span>\s*<span class="cal-state">([^<]+)</span>', finance, re.S)
    assert [(state, period, text.strip()) for state, period, text in cells] == [
        ("posted", "2026年1月", "✔ 已公开"), ("missed", "2026年2月", "✘ 未公开"), ("posted", "2026年3月", "✔ 已公开"), ("due", "2026年4月", "… 未到期"),
    ]
    def section(subject):
        return calendar.split(f">{subject} ")[1].split("</section>")[0]

    assert "每季度公开，0 期未公开" in section("党费收缴")
    # A subject never disclosed counts from the village's first disclosure: Q1 was due 4-10.
    assert "每季度公开，1 期未公开" in section("发展党员") and "重大事项" not in calendar
    warnings = messages(result, "warning")
    assert "警告  content/disclosures：财务收支 2026年2月 应在 2026-03-10 前公开，还没有公开。" in warnings


def test_calendar_covers_at_most_the_last_two_years():
    items = [Item("x", "t", "财务", "财务收支", Period(2022, "monthly", 1), decisions.dt.datetime(2022, 2, 1), decisions.dt.date(2022, 2, 15), "村委会", "GK", "x", "", "")]
    rows = disclosure_calendar.calendar(items, {"财务收支": ("财务", "monthly")}, decisions.dt.date(2026, 11, 22))
    (subject, cadence, cells), = rows
    assert cells[0].period == Period(2024, "monthly", 12) and cells[-1].period == Period(2026, "monthly", 11)
    assert len(cells) == 24 and cells[-1].state == "due" and cells[-2].state == "missed"


def test_calendar_rows_count_missed_periods_and_cells_carry_their_symbol():
    items = [Item("x", "t", "财务", "财务收支", Period(2026, "monthly", 1), decisions.dt.datetime(2026, 2, 1), decisions.dt.date(2026, 2, 15), "村委会", "GK", "x", "", "")]
    (row,) = disclosure_calendar.calendar(items, {"财务收支": ("财务", "monthly")}, decisions.dt.date(2026, 4, 20))
    assert [f"{c.symbol} {c.label}" for c in row.cells] == ["✔ 已公开", "✘ 未公开", "✘ 未公开", "… 未到期"]
    assert row.missed == 2 and row.cadence == "每月"
    legend = disclosure_calendar.calendar_legend()
    assert [(c.state, c.symbol, c.label) for c in legend] == [("posted", "✔", "已公开"), ("missed", "✘", "未公开"), ("due", "…", "未到期"), ("unsigned", "✎", "待审核")]


# -- 四议两公开 ---------------------------------------------------------------------------------

VOTE = "    应到: {members}\n    实到: {present}\n    赞成: {yes}\n    反对: {no}\n    弃权: {abstain}\n"


def step(name, date, meeting="", members=None, present=None, yes=None, no=0, abstain=0, extra=""):
    text = f"  - 步骤: {name}\n    日期: {date}\n"
    if meeting:
        text += f"    会议: {meeting}\n"
    if members is not None:
        text += VOTE.format(members=members, present=present, yes=yes, no=no, abstain=abstain)
    return text + extra


def matter(*steps, title="建设茶叶精加工生产线"):
    return f"标题: {title}\n说明: 在村北空地建一条精加工线。\n步骤:\n" + "".join(steps)


PROPOSE = step("提议", "2026-03-02", "村党支部委员会会议")
DISCUSS = step("商议", "2026-03-09", "村两委联席会议")
REVIEW = step("审议", "2026-03-20", "党员大会", 42, 36, 33, 1, 2)
RESOLVE = step("决议", "2026-03-28", "村民代表会议", 45, 40, 37, 2, 1)


def test_decision_page_shows_timeline_with_current_stage_and_links_its_disclosure(site):
    announce = step("决议公开", "2026-04-05", extra="    公开: QH-CW-20260405-001\n")
    result = disclosure_site(site, **{
        "decisions/chaye.yml": matter(PROPOSE, DISCUSS, REVIEW, RESOLVE, announce),
        "disclosures/2026/chaye-jueyi.md": item(kind="村务", subject="重大事项", period="2026年4月", extra="索引号: QH-CW-20260405-001", body="决议内容。"),
    })
    assert result.ok, result.summary()
    page = site.page("gongkai/juece/chaye/index.html")
    assert "目前进行到：<strong>决议公开</strong>，下一步是实施结果公开。" in page
    assert page.count('<li class="done') == 5 and '<li class="done current" aria-current="step">' in page
    assert "应到 42 人，实到 36 人" in page and "赞成 33 票，反对 1 票，弃权 2 票" in page
    assert 'href="/gongkai/2026/chaye-jueyi/">' in page and "（索引号 QH-CW-20260405-001）" in page
    assert '<li class="todo"><h2><span class="step-name">实施结果公开</span> <span class="pending">尚未进行</span></h2></li>' in page
    listing = site.page("gongkai/juece/index.html")
    assert "目前进行到：<strong>决议公开</strong>（第 5 步，共 6 步）" in listing
    assert "这是四议两公开事项“<a href=\"/gongkai/juece/chaye/\">建设茶叶精加工生产线</a>”的决议公开。" in site.page("gongkai/2026/chaye-jueyi/index.html")


def test_matter_knows_its_next_step_and_the_stage_bar():
    day = decisions.dt.datetime(2026, 3, 2)
    matter = decisions.Matter("x.yml", "t", "", "x", [decisions.Step(name, day, 1) for name in decisions.STEPS[:2]])
    assert (matter.step_number, matter.step_count, matter.next_step) == (2, 6, "审议")
    assert matter.pending == ("审议", "决议", "决议公开", "实施结果公开")
    assert [(m.name, m.state, m.label) for m in matter.progress[1:3]] == [("商议", "done", "（已完成）"), ("审议", "todo", "（未进行）")]
    matter.steps += [decisions.Step(name, day, 1) for name in decisions.STEPS[2:]]
    assert matter.next_step is None and matter.pending == () and all(m.done for m in matter.progress)


@pytest.mark.parametrize(("steps", "expected"), [
    ((DISCUSS,), "第 4 行：第一步应当是“提议”，这里是“商议”。四议两公开的步骤依次是：提议、商议、审议、决议、决议公开、实施结果公开。"),
    ((PROPOSE, REVIEW), "第 7 行：“审议”不能排在“提议”后面。提议之后应当是“商议”。"),
    ((PROPOSE, step("商议", "2026-02-27", "村两委联席会议")), "第 8 行：商议的日期 2026-02-27 早于上一步提议的日期 2026-03-02。请核对日期。"),
    ((PROPOSE, DISCUSS, step("审议", "2026-03-20", "党员大会", 42, 27, 20, 5, 2)),
     "第 14 行：党员大会应到 42 人，实到 27 人，不到三分之二，会议无效。需要至少 28 人到会。"),
    ((PROPOSE, DISCUSS, step("审议", "2026-03-20", "党员大会", 42, 36, 18, 10, 8)),
     "第 15 行：赞成 18 票，没有超过实到 36 人的一半，不能通过。需要至少 19 票赞成。"),
    ((PROPOSE, DISCUSS, REVIEW, step("决议", "2026-03-28", "村民代表会议", 45, 40, 30, 2, 1)),
     "第 23 行：表决人数对不上：赞成 30 + 反对 2 + 弃权 1 = 33，实到 40 人。"),
    ((PROPOSE, DISCUSS, step("审议", "2026-03-20", "党员大会")),
     "第 10 行：审议（党员大会）要写应到、实到人数和表决结果：应到、实到、赞成、反对、弃权。"),
    ((PROPOSE, DISCUSS, REVIEW, RESOLVE, step("决议公开", "2026-04-05")),
     "第 26 行：决议公开要写明公开在哪一条：加一行“公开: 索引号”，索引号在公开栏那一条的页面上。"),
    ((PROPOSE, DISCUSS, REVIEW, RESOLVE, step("决议公开", "2026-04-05", extra="    公开: QH-CW-20260405-999\n")),
     "第 26 行：决议公开写的索引号“QH-CW-20260405-999”在公开栏里找不到。请从那一条公开的页面上复制索引号。"),
    # a date that does not exist stopped the whole build with a bare ValueError from the YAML loader
    ((step("提议", "2026-13-45", "村党支部委员会会议"),), "第 5 行：提议的日期有误：日期“2026-13-45”不存在（2026 年没有 13 月 45 日）。请检查月份（1-12）和日子。"),
])
def test_decision_rules_get_exact_messages(site, steps, expected):
    result = disclosure_site(site, **{"decisions/chaye.yml": matter(*steps)})
    assert not result.ok
    assert errors_of(result) == [f"错误  content/decisions/chaye.yml {expected}"]
    assert not (site.output / "index.html").exists()


def test_personal_numbers_in_decisions_and_item_titles_are_masked_with_their_lines(site):
    use_privacy(site, "mask")
    text = matter(PROPOSE.rstrip("\n") + f"\n    说明: 村民 {MOBILE} 提出\n    文件: 户主 {ID} 的申请\n").replace(
        "说明: 在村北空地建一条精加工线。", f"说明: 联系人手机 {MOBILE}。")
    text = text.replace("标题: 建设茶叶精加工生产线", f"标题: 建设茶叶精加工生产线（{MOBILE}）")
    item_text = item(kind="村务", subject="重大事项", period="2026年3月", extra=f"标题: 找 {MOBILE} 报名")
    result = disclosure_site(site, **{"decisions/chaye.yml": text, "disclosures/2026/baoming.md": item_text})
    assert result.ok, result.summary()
    lines = sorted(int(re.search(r"第 (\d+) 行", w).group(1)) for w in messages(result, "warning") if "chaye.yml" in w)
    assert lines == [1, 2, 7, 8]  # the matter's 标题 and 说明, the step's 说明 and 文件
    assert any("baoming.md 第 7 行" in w for w in messages(result, "warning")), messages(result, "warning")
    everything = published_bytes(site.output)
    for number in (ID, MOBILE):
        assert number.encode() not in everything, number


def test_decision_feeds_and_disclosure_feeds_are_valid_atom_and_rss(site):
    result = finance_site(site, **{"decisions/chaye.yml": matter(PROPOSE, DISCUSS)})
    assert result.ok, result.summary()
    for key in ("gongkai", "juece"):
        assert check_atom((site.output / f"feeds/{key}.atom.xml").read_bytes()) == [], key
        assert check_rss((site.output / f"feeds/{key}.rss.xml").read_bytes()) == [], key
    assert "2026年3月财务收支公开" in (site.output / "feeds/gongkai.atom.xml").read_text("utf-8")
    assert "建设茶叶精加工生产线（商议）" in (site.output / "feeds/juece.rss.xml").read_text("utf-8")
    sitemap = (site.output / "sitemap.xml").read_text("utf-8")
    for url in ("gongkai/", "gongkai/rili/", "gongkai/2026/2026-03-caiwu/", "gongkai/juece/", "gongkai/juece/chaye/"):
        assert f"/{url}</loc>" in sitemap, url


def test_check_warns_when_the_home_page_is_not_updated_for_over_14_days(site):
    village_yml = site.path / "village.yml"
    village_yml.write_text(village_yml.read_text("utf-8").replace("stale_days: 0", "stale_days: 14"), "utf-8")
    pin_today(site, "2026-03-15")
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    assert not [w for w in messages(site.build(check_only=True), "warning") if "没有更新" in w]
    pin_today(site, "2026-03-16")
    assert messages(site.build(check_only=True), "warning") == [
        "警告  content/posts：网站已经 15 天没有更新了（最近一次是 2026-03-01）。超过 14 天不更新，村民会以为没人管。"
        "请发一条村里的近况，最快的办法是 invoke new --kind 微博 --category 村务。"
    ]
    village_yml.write_text(village_yml.read_text("utf-8").replace("stale_days: 14", "stale_days: 0"), "utf-8")
    assert not [w for w in messages(site.build(check_only=True), "warning") if "没有更新" in w]


def test_check_warns_about_every_overdue_subject(site):
    files = {"disclosures/2026/2026-01-caiwu.md": item(period="2026年1月", date="2026-02-05")}
    pin_today(site, "2026-04-20")
    site.write("posts/p.md", "标题: 文章\n日期: 2026-04-18\n分类: 村务\n\n正文。\n")
    for name, text in files.items():
        site.write(name, text)
    warnings = messages(site.build(check_only=True), "warning")
    assert warnings == [
        f"警告  content/disclosures：{w}" for w in (
            "财务收支 2026年2月 应在 2026-03-10 前公开，还没有公开。",
            "财务收支 2026年3月 应在 2026-04-10 前公开，还没有公开。",
            "集体资产资源 2026年第一季度 应在 2026-04-10 前公开，还没有公开。",
            "惠农补贴 2026年第一季度 应在 2026-04-10 前公开，还没有公开。",
            "公益事业 2026年第一季度 应在 2026-04-10 前公开，还没有公开。",
            "社会救助 2026年第一季度 应在 2026-04-10 前公开，还没有公开。",
            "发展党员 2026年第一季度 应在 2026-04-10 前公开，还没有公开。",
            "党费收缴 2026年第一季度 应在 2026-04-10 前公开，还没有公开。",
        )
    ]


@pytest.mark.parametrize(("old", "new", "key", "expected"), [
    ("  民主评议: {type: 党务, cadence: yearly}", "  民主评议: {type: 党建, cadence: 每年}", "disclosure_subjects",
     "disclosure_subjects 里的“民主评议”写得不对：type 只能写 党务、村务、财务，"
     "cadence（公开周期）只能写 monthly（每月）、quarterly（每季度）、yearly（每年）或 event（随时公开，不进公开日历）。例如：\n"
     "  财务收支: {type: 财务, cadence: monthly}"),
    ("stale_days: 0", "stale_days: 两周", "stale_days",
     "stale_days（多少天不更新就提醒）应当是天数，例如 14；写 0 表示不提醒。现在写的是“两周”。"),
])
def test_bad_disclosure_settings_get_a_precise_message(tmp_path, old, new, key, expected):
    from conftest import minimal_village_yml
    from village import config

    text = minimal_village_yml()
    assert old in text
    text = text.replace(old, new)
    path = tmp_path / "village.yml"
    path.write_text(text, "utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f"{key}:"))
    with pytest.raises(config.ConfigError) as caught:
        config.load(path)
    assert caught.value.messages == [f"第 {line} 行：{expected}"]


# -- reading an item as posts are read ------------------------------------------------------------

def test_item_body_is_rendered_with_the_sites_markdown_settings(site):
    body = "第一行\n第二行\n\n## 资金来源\n\n上级补助。"
    result = disclosure_site(site, **{"disclosures/2026/x.md": item(body=body)})
    assert result.ok, result.summary()
    page = site.page("gongkai/2026/x/index.html")
    assert re.search(r"第一行<br\s*/?>\s*第二行", page)  # nl2br, from pelicanconf's MARKDOWN
    assert re.search(r'<h2 id="[^"]+">资金来源</h2>', page)  # toc's heading ids


def test_item_summary_is_cut_at_a_sentence_end_as_posts_are(site):
    first = "本月村集体收入主要来自茶叶合作社分红和上级转移支付两项。"
    second = "支出主要用于村道维修和保洁员工资，各项支出都经过民主理财小组审核。"
    third = "详细明细见下方表格村民如有疑问可以在公示期内向村务监督委员会反映情况。"
    result = disclosure_site(site, **{"disclosures/2026/x.md": item(body=f"{first}{second}{third}")})
    assert result.ok, result.summary()
    description = re.search(r'<meta name="description" content="([^"]*)"', site.page("gongkai/2026/x/index.html")).group(1)
    assert description == f"财务公开 财务收支 2026年3月：{first}{second}"


def test_every_mistake_of_an_item_is_reported_in_one_build(site):
    bad_total = FINANCE_CSV.replace("合计,82000.00", "合计,81000.00")
    text = item(kind="财政", period="三月份", date="2026-04-31", notice="半个月", extra="附件: a.csv")
    result = disclosure_site(site, **{"disclosures/2026/x.md": text, "disclosures/2026/a.csv": bad_total})
    errors = errors_of(result)
    where = "错误  content/disclosures/2026/x.md"
    assert f"{where} 第 1 行：类型“财政”不认识。只能写：党务、村务、财务。" in errors
    assert f"{where} 第 3 行：期间“三月份”看不懂。按月写“2026年3月”，按季度写“2026年第一季度”，按年写“2026年”。" in errors
    assert any(e.startswith(f"{where} 第 4 行：发布日期“2026-04-31”有误") for e in errors), errors
    assert f"{where} 第 5 行：公示期“半个月”看不懂。写天数如“15天”，或截止日期如“2026-04-20”。" in errors
    assert "错误  content/disclosures/2026/a.csv 第 6 行：“收入”的合计写的是 81,000.00，上面各行加起来是 82,000.00。请核对后改正。" in errors
    assert len(errors) == 5, errors
    assert not (site.output / "gongkai/2026/x").exists()


GBK_WARNING = "文件是 GBK/GB18030 编码，已经按中文编码读取。建议另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）。"


def test_gbk_item_and_gbk_decision_are_read_with_the_warning_posts_get(site):
    pin_today(site)
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    site.write("disclosures/2026/x.md", item(body="三月份收支情况如下。"), encoding="gbk")
    site.write("decisions/chaye.yml", matter(PROPOSE, DISCUSS), encoding="gbk")
    result = site.build()
    assert result.ok, result.summary()
    warnings = messages(result, "warning")
    assert f"警告  content/disclosures/2026/x.md：{GBK_WARNING}" in warnings
    assert f"警告  content/decisions/chaye.yml：{GBK_WARNING}" in warnings
    assert "三月份收支情况如下。" in site.page("gongkai/2026/x/index.html")
    assert "建设茶叶精加工生产线" in site.page("gongkai/juece/chaye/index.html")
