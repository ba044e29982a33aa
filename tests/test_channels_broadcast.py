"""广播稿: written Chinese read out as a broadcaster says it, and a script file for every post,
公开 item and 明白卡, linked from its page."""

from __future__ import annotations

import re

import pytest
from conftest import messages
from village.channels.broadcast import CHARS_PER_MINUTE, Script, paragraphs_of
from village.channels.spoken import amount, spoken


@pytest.mark.parametrize(("written", "said"), [
    ("共12,340元", "共一万二千三百四十元"),
    ("支出1086.40元", "支出一千零八十六元四角"),
    ("每户¥0.5", "每户五角"),
    ("合计100.07元", "合计一百元零七分"),
    ("1.2万元", "一点二万元"),
    ("参保率85%", "参保率百分之八十五"),
    ("增长12.5％", "增长百分之十二点五"),
    ("2026-11-05开会", "二〇二六年十一月五日开会"),
    ("2026年1月9日至1月23日", "二〇二六年一月九日至一月二十三日"),
    ("12 月集中学习", "十二月集中学习"),
    ("上午9:30", "上午九点三十分"),
    ("下午３：００", "下午三点"),
    ("2人，每人1100元", "两人，每人一千一百元"),
    ("第2组12户", "第二组十二户"),
    ("2/3以上党员", "三分之二以上党员"),
    ("3-5天", "三至五天"),
    ("20000元", "两万元"),
    ("2000人", "两千人"),
    ("电话0000-0000000", "电话〇〇〇〇杠〇〇〇〇〇〇〇"),
    ("索引号QH-CW-20260206-3A1", "索引号QH杠CW杠二〇二六〇二〇六杠三A一"),
    ("详见 https://qinghe.example.cn/gongkai/ 。", "。"),
    ("发邮件到 cun@example.cn", "发邮件到"),
])
def test_numbers_dates_and_addresses_are_read_as_words(written, said):
    assert spoken(written) == said


def test_amounts_keep_jiao_and_fen():
    assert amount("92400.00") == "九万二千四百元"
    assert amount("0.05") == "五分"


def test_a_table_becomes_one_sentence_a_row_with_money_in_yuan():
    html = (
        "<table><thead><tr><th>科目</th><th>收入</th><th>支出</th><th>备注</th></tr></thead><tbody>"
        "<tr><td>保洁员工资</td><td></td><td>4400.00</td><td>4人，每人1100元</td></tr>"
        "<tr><td>合计</td><td>148550.00</td><td>29762.40</td><td></td></tr></tbody></table>"
        "<table><tr><th>姓名</th><th>补助标准（元）</th></tr><tr><td>张某</td><td>1,200</td></tr></table>"
    )
    assert paragraphs_of(html) == [
        "保洁员工资，支出四千四百元，备注四人，每人一千一百元。",
        "合计，收入十四万八千五百五十元，支出两万九千七百六十二元四角。",
        "张某，补助标准一千二百元。",
    ]


def test_headings_lists_links_and_photos_become_plain_sentences():
    html = (
        '<h2>怎样提意见</h2><ol><li><strong>书面</strong>：投进意见箱</li><li>网上：<a href="https://x.cn/a">本站建言栏目</a></li></ol>'
        '<p>请看照片<img src="a.jpg" alt="村委会门口"></p><p><a href="https://x.cn/b">https://x.cn/b</a></p>'
    )
    assert paragraphs_of(html) == ["怎样提意见。", "书面：投进意见箱。", "网上：本站建言栏目。", "请看照片。"]


def test_reading_time_rounds_up_to_half_minutes():
    script = Script("题", "现在播送：题。", ["字" * (CHARS_PER_MINUTE + 10)])
    assert script.minutes == 1.5
    assert script.duration_label == "约一分半钟"
    assert "约一分半钟" in script.text()


POST = """标题: 冬季用电安全提醒
日期: 2026-11-20
分类: 村务

入冬以后，全村**12户**老人家里换了电热毯。村里给每户补贴50元，共600元，覆盖率85%。

## 检查安排

- 11月25日上午9:00，电工到一组、二组；
- 详见 https://qinghe.example.cn/gongkai/ 。

| 组别 | 户数 | 补贴（元） |
|---|---|---|
| 一组 | 7 | 350 |
| 二组 | 5 | 250 |
"""


def test_the_build_writes_a_script_for_a_post_and_links_it(site):
    site.write("posts/dian.md", POST)
    result = site.build()
    assert result.ok, messages(result)
    page = site.page("2026/11/dong-ji-yong-dian-an-quan-ti-xing/index.html")
    assert 'href="/2026/11/dong-ji-yong-dian-an-quan-ti-xing/guangbo.txt"' in page
    text = (site.output / "2026/11/dong-ji-yong-dian-an-quan-ti-xing/guangbo.txt").read_text("utf-8")
    assert "现在播送：冬季用电安全提醒。" in text
    assert "全村十二户老人家里换了电热毯。村里给每户补贴五十元，共六百元，覆盖率百分之八十五。" in text
    assert "十一月二十五日上午九点，电工到一组、二组" in text
    assert "一组，户数七，补贴三百五十元。" in text
    assert "二〇二六年十一月二十日消息。" in text
    script = text.split("\n\n", 1)[1]
    assert not re.search(r"[0-9A-Za-z*#|_`\[\]<>]|https?|www", script), script
    assert re.search(r"全文\d+字，按每分钟180字念，约[一二三四五六七八九十半]+分?[半]?钟", text)


DISCLOSURE = """类型: 财务
事项: 财务收支
期间: 2026年10月
发布日期: 2026-11-05
公示期: 15天
发布机构: 青禾村村民委员会
审核: 村务监督委员会 何德明、周秀英 2026-11-03
附件: 2026-10.csv

十月份收支情况公示如下，有疑问请在公示期内反映。
"""

MONTHLY = """日期: 2026-11-01
编辑: 林晓禾

## 中心工作

- 医保缴费：每人380元，12月31日截止。

## 主要议程

- 11 月 12 日：党员大会。

## 项目建设

- 村委会屋顶防水维修。

## 文化活动

- 健身操每周二上午。
"""


def test_a_disclosure_item_and_a_monthly_card_get_scripts_too(site):
    site.write("posts/a.md", POST)
    site.write("disclosures/2026/2026-10.md", DISCLOSURE)
    site.write("disclosures/2026/2026-10.csv", "科目,收入,支出\n门面房租金,4500.00,\n保洁员工资,,4400.00\n")
    site.write("cards/明白卡/2026-11.md", MONTHLY)
    result = site.build()
    assert result.ok, messages(result)
    item = next(site.output.glob("gongkai/2026/*/guangbo.txt")).read_text("utf-8")
    assert "现在播送财务公开" in item
    assert "门面房租金，收入四千五百元。" in item
    assert "保洁员工资，支出四千四百元。" in item
    assert "公示期：十一月五日至" in item
    item_page = next(site.output.glob("gongkai/2026/*/index.html")).read_text("utf-8")
    assert ">广播稿</a>" in item_page
    card = (site.output / "cards/monthly/2026-11/guangbo.txt").read_text("utf-8")
    assert "一、中心工作。" in card and "四、文化活动。" in card
    assert "医保缴费：每人三百八十元，十二月三十一日截止。" in card
    assert "十一月十二日：党员大会。" in card
    assert 'href="/cards/monthly/2026-11/guangbo.txt"' in site.page("cards/monthly/2026-11/index.html")
