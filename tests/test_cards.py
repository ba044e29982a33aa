"""The three cards (一博三卡): contact card, monthly 明白卡 and 质询回音卡 — reading, checks, pages,
privacy, vCards, feeds, sitemap and the printed PDFs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import messages, minimal_village_yml, scanned_svg
from feedcheck import ATOM, check_atom, check_rss
from lxml import etree
from test_privacy import use_privacy
from village.cards import contacts

from tools import cards_print

CONTACTS = """标题: 青禾村便民联系卡
人员:
  - 姓名: 周建国
    职务: 村党支部书记
    电话: 139 0000 0001
    分工: 党建、组织
    类别: 村两委
  - 姓名: 郑远航
    职务: 驻村第一书记, 工作队队长; 兼联络员
    电话: 13900000007
    类别: 驻村
    单位: 云溪县农业农村局
"""

MONTHLY = """日期: 2026-03-01
编辑: 林晓禾

## 中心工作
- 春耕生产，按片轮灌。

## 主要议程
- 3 月 6 日村两委联席会议。

## 项目建设
- 稻虾共养试点开挖环沟。

## 文化活动
- 元宵花鼓戏。
"""


def inquiry(received="2026-03-05", status="已办结", answered="2026-03-12", person="张桂兰", extra="", content="村东头的路灯坏了。", measures="镇供电所换了灯头。", reason=""):
    lines = [f"收到日期: {received}", f"质询人: {person}", f"办理状态: {status}"]
    if answered:
        lines.append(f"答复日期: {answered}")
    text = "\n".join(lines) + (f"\n{extra}" if extra else "") + "\n\n"
    if content:
        text += f"## 质询内容\n\n{content}\n\n"
    if measures:
        text += f"## 办理措施\n\n{measures}\n\n"
    if reason:
        text += f"## 客观原因\n\n{reason}\n"
    return text


def pin_today(site, day: str = "2026-03-31") -> None:
    site.pin_today(day)


def card_site(site, **files):
    pin_today(site)
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-30\n分类: 村务\n\n正文。\n")
    for name, text in files.items():
        site.write(name, text)
    return site.build()


def everything(site) -> str:
    return "\n".join(p.read_text("utf-8", errors="replace") for p in site.output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".vcf", ".json"))


# -- 便民联系卡 --------------------------------------------------------------------------------


def test_contact_page_with_tap_to_call_links_vcards_and_printable_sheet(site, tmp_path):
    result = card_site(site, **{"cards/联系卡.yml": CONTACTS})
    assert result.ok, result.summary()
    page = site.page("cards/contacts/index.html")
    assert '<a class="call" href="tel:13900000001"><span>拨打 <bdi>139 0000 0001</bdi></span></a>' in page
    assert 'href="/cards/contacts/zhou-jian-guo.vcf" download="周建国.vcf"' in page
    assert "<h2>村两委成员</h2>" in page and "<h2>驻村干部</h2>" in page
    assert page.index("周建国") < page.index("郑远航")  # 村两委 first, then 驻村
    assert "data-pagefind-body" in page
    sheet = site.page("cards/contacts/print/index.html")
    assert sheet.count('class="print-card contact-card card-a6"') == 4  # four A6 cards on an A4 sheet
    svg = re.search(r'<svg [^>]*class="qr".*?</svg>', sheet, re.DOTALL).group(0)
    assert scanned_svg(svg, tmp_path) == ["https://qinghe.example.cn/cards/contacts/"]
    assert (site.output / "zh-hant/cards/contacts/index.html").is_file()


def _unfold(text: str) -> list[str]:
    """Content lines of a vCard (RFC 2426 2.6: a CRLF followed by a space continues a line)."""
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _split(value: str, separator: str) -> list[str]:
    """Split a structured value at unescaped separators and undo the escapes."""
    parts, current, escaped = [], "", False
    for char in value:
        if escaped:
            current += {"n": "\n", "N": "\n"}.get(char, char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def test_vcards_parse_with_escaped_fields(site):
    result = card_site(site, **{"cards/联系卡.yml": CONTACTS})
    assert result.ok, result.summary()
    raw = (site.output / "cards/contacts/zheng-yuan-hang.vcf").read_bytes()
    text = raw.decode("utf-8")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = _unfold(text)
    assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:3.0" and lines[-1] == "END:VCARD"
    fields = {}
    for line in lines[2:-1]:
        name, value = line.split(":", 1)
        fields[name] = value
    assert _split(fields["N"], ";") == ["郑", "远航", "", "", ""]
    assert _split(fields["FN"], ";") == ["郑远航"]
    assert _split(fields["TITLE"], ";") == ["驻村第一书记, 工作队队长; 兼联络员"]
    assert fields["TITLE"] == "驻村第一书记\\, 工作队队长\\; 兼联络员"
    assert _split(fields["ORG"], ";") == ["云溪县农业农村局", "驻村工作队"]
    assert fields["TEL;TYPE=WORK,VOICE"] == "13900000007"
    assert fields["URL"] == "https://qinghe.example.cn/cards/contacts/"
    both = (site.output / "cards/contacts/all.vcf").read_text("utf-8")
    assert both.count("BEGIN:VCARD") == 2 and "FN:周建国" in both


def test_vcard_lines_are_folded_without_splitting_characters():
    from village.cards.vcard import fold

    line = "NOTE:" + "分工：" + "村务公开、网站和微博、文书档案" * 3
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1 and all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert folded.replace("\r\n ", "") == line


def test_contact_card_mistakes_are_reported_with_lines(site):
    bad = """人员:
  - 姓名: 周建国
    职务: 村党支部书记
    电话: 139 0000 001
    类别: 村两委
  - 姓名: 陈桂芳
    职务: 村委会主任
    类别: 驻村干部
  - 姓名: 赵秀兰
    职务: 妇联主席
    电话: 023-123
    类别: 村两委
    照片: zhao.jpg
  - 姓名: 吴志强
    职物: 村委委员
    电话: 12900000005
    类别: 乡镇
  - 职务: 会计
    电话: 139 0000 0009
    类别: 村两委
"""
    result = card_site(site, **{"cards/联系卡.yml": bad})
    assert not result.ok
    errors = messages(result)
    where = "错误  content/cards/联系卡.yml"
    assert f"{where} 第 4 行：电话“139 0000 001”有 10 位数字，手机号应当是 11 位（例如 139 0000 0001）。请核对后重写。" in errors
    assert f"{where} 第 6 行：陈桂芳没有写电话。请加一行“电话: 139 0000 0001”（手机）或“电话: 0871-6512 3456”（座机）。" in errors
    assert f"{where} 第 8 行：类别“驻村干部”不认识。是不是“驻村”？类别只能写：村两委、驻村。" in errors
    assert (
        f"{where} 第 11 行：电话“023-123”不是有效的座机号码：区号 023 后面应当是 7 或 8 位号码，现在是 3 位。"
        "请写成“区号-号码”，例如 0871-6512 3456。"
    ) in errors
    assert (
        f"{where} 第 13 行：照片“zhao.jpg”找不到。照片放在 content/cards/ 文件夹里（和联系卡文件在一起），这里写文件名（包括大小写和扩展名）。"
    ) in errors
    assert f"{where} 第 15 行：不认识的键“职物”。是不是想写“职务”？" in errors
    assert f"{where} 第 14 行：吴志强没有写职务。请加一行“职务: 村委委员”（印在联系卡上）。" in errors
    assert f"{where} 第 16 行：电话“12900000005”不是大陆手机号：手机号以 13 至 19 开头（例如 139 0000 0001）。请核对后重写。" in errors
    assert f"{where} 第 17 行：类别“乡镇”不认识。类别只能写：村两委、驻村。" in errors
    assert f"{where} 第 18 行：这个人没有写姓名。请加一行“姓名: 林晓禾”。" in errors
    assert len(errors) == 10, errors
    assert not site.output.exists()  # nothing published while the card is wrong


def test_contact_file_yaml_mistake_names_its_line(site):
    result = card_site(site, **{"cards/联系卡.yml": "人员:\n  - 姓名: 周建国\n\t职务: 书记\n"})
    assert messages(result) == [
        "错误  content/cards/联系卡.yml 第 3 行：联系卡的写法有误。每人一段，第一行以“- ”开头，下面几行缩进两个空格，"
        "写成“键: 值”，冒号后面空一格；缩进只用空格，不用 Tab。"
    ]


def test_contact_photos_go_through_the_photo_pipeline_and_fullwidth_colons_work(site):
    from PIL import Image

    (site.content / "cards").mkdir(parents=True)
    image = Image.new("RGB", (400, 300), (120, 80, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (25.0, 1.0, 0.0)}  # GPS position: must not be published
    image.save(site.content / "cards/zhou.jpg", exif=exif)
    text = CONTACTS.replace("    类别: 村两委\n", "    类别：村两委\n    照片：zhou.jpg\n", 1)
    result = card_site(site, **{"cards/联系卡.yml": text})
    assert result.ok, result.summary()
    page = site.page("cards/contacts/index.html")
    assert '<div class="contact-photo"><picture>' in page and 'alt="周建国的照片"' in page
    src = re.search(r'<img src="(/photos/[^"]+)"', page).group(1)
    published = site.output / src.lstrip("/")
    assert published.is_file()
    with Image.open(published) as photo:
        assert not photo.getexif()
    assert not (site.output / "cards/zhou.jpg").exists()


def test_more_people_than_a_card_holds_is_an_error(site):
    people = "".join(f"  - 姓名: 村民{chr(0x4e00 + i)}\n    职务: 委员\n    电话: 139 0000 {i:04d}\n    类别: 村两委\n" for i in range(21))
    result = card_site(site, **{"cards/联系卡.yml": "人员:\n" + people})
    assert messages(result) == [
        "错误  content/cards/联系卡.yml 第 2 行：联系卡上有 21 人，一张卡片最多印 20 人。请只留驻村干部和村两委成员，其他人的电话写在“联系我们”页面里。"
    ]


def test_long_contact_list_prints_on_a5(site):
    people = "".join(
        f"  - 姓名: 村干部{'甲乙丙丁戊己庚辛壬癸子丑'[i]}\n    职务: 委员\n    电话: 139 0000 {i:04d}\n    类别: 村两委\n" for i in range(12)
    )
    result = card_site(site, **{"cards/联系卡.yml": "人员:\n" + people})
    assert result.ok, result.summary()
    sheet = site.page("cards/contacts/print/index.html")
    assert sheet.count('class="print-card contact-card card-a5"') == 2 and 'class="card-sheet sheet-a5"' in sheet


# -- privacy: cadres' phones are public, villagers' are not ------------------------------------


def test_cadre_phones_are_published_everywhere_and_villagers_masked(site):
    use_privacy(site, "mask")
    post = "标题: 通知\n日期: 2026-03-02\n分类: 村务\n\n有事找周书记 139 0000 0001，或者找张大爷 13912345678。\n"
    text = inquiry(content="我的电话是 13912345678，驻村书记的电话 139 0000 0007 打不通。")
    result = card_site(site, **{"cards/联系卡.yml": CONTACTS, "posts/n.md": post, "cards/质询/a.md": text})
    assert result.ok, result.summary()
    article = site.page("2026/03/tong-zhi/index.html")
    assert "139 0000 0001" in article and "13912345678" not in article and "139****5678" in article
    card = site.page("cards/inquiries/2026-03/a/index.html")
    assert "139 0000 0007" in card and "13912345678" not in card and "139****5678" in card
    warnings = messages(result, "warning")
    assert "警告  content/cards/质询/a.md 第 8 行：这里有手机号，发布时已打码为“139****5678”。个人的手机号不能公开，建议在原文里也删掉或打码。" in warnings
    assert "警告  content/posts/n.md 第 5 行：这里有手机号，发布时已打码为“139****5678”。个人的手机号不能公开，建议在原文里也删掉或打码。" in warnings
    assert not any("139****0001" in m or "139****0007" in m for m in warnings)


def test_under_strict_a_villagers_phone_is_an_error_and_a_cadres_is_not(site):
    post = "标题: 通知\n日期: 2026-03-02\n分类: 村务\n\n有事找周书记 139 0000 0001，或者找张大爷 13912345678。\n"
    result = card_site(site, **{"cards/联系卡.yml": CONTACTS, "posts/n.md": post})
    assert not result.ok
    assert [m.split("：")[0] for m in messages(result)] == ["错误  content/posts/n.md 第 5 行"]
    assert "这里有手机号“139****5678”" in messages(result)[0]


def test_removing_a_cadre_masks_their_number_again_despite_the_caches(site):
    use_privacy(site, "mask")
    post = "标题: 通知\n日期: 2026-03-02\n分类: 村务\n\n请联系 139 0000 0007。\n"
    result = card_site(site, **{"cards/联系卡.yml": CONTACTS, "posts/n.md": post})
    assert result.ok, result.summary()
    assert "139 0000 0007" in site.page("2026/03/tong-zhi/index.html")
    site.write("cards/联系卡.yml", CONTACTS.split("  - 姓名: 郑远航")[0])
    result = site.build()
    assert result.ok, result.summary()
    page = site.page("2026/03/tong-zhi/index.html")
    assert "139 0000 0007" not in page and "139****0007" in page


# -- 村情明白卡 ---------------------------------------------------------------------------------


def test_monthly_card_pages_list_and_print_page(site):
    result = card_site(site, **{"cards/明白卡/2026-03.md": MONTHLY, "cards/明白卡/2026-02.md": MONTHLY.replace("2026-03-01", "2026-02-01")})
    assert result.ok, result.summary()
    page = site.page("cards/monthly/2026-03/index.html")
    assert '<h1 class="card-title">青禾村村情明白卡（2026年3月）</h1>' in page
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == ["中心工作", "主要议程", "项目建设", "文化活动"]
    assert "编辑：林晓禾" in page and "data-pagefind-body" in page
    assert 'href="/cards/monthly/2026-02/" rel="prev"' in page
    assert "https://qinghe.example.cn/cards/monthly/2026-03/" in page
    listing = site.page("cards/monthly/index.html")
    assert listing.index("2026年3月") < listing.index("2026年2月") and "共 2 期" in listing
    printed = site.page("cards/print/2026-03/index.html")
    assert "村情明白卡 1 张" in printed and 'class="print-card monthly-card"' in printed


def test_monthly_card_sections_are_checked(site):
    text = "日期: 2026-03-01\n\n## 一、中心工作\n- 春耕。\n\n## 主要议程\n\n## 安全生产\n- 防火。\n\n## 文化活动：\n- 花鼓戏。\n\n## 文化活动\n- 又一次。\n"
    result = card_site(site, **{"cards/明白卡/2026-03.md": text, "cards/明白卡/三月.md": MONTHLY})
    assert not result.ok
    where = "content/cards/明白卡/2026-03.md"
    errors = messages(result)
    assert f"错误  {where} 第 11 行：明白卡缺少“项目建设”。请在“## 文化活动：”这一行前面加一行“## 项目建设”，下面写本月的项目建设；这个月没有就写“本月无”。" in errors
    assert f"错误  {where} 第 6 行：“主要议程”下面没有内容。请写上本月的主要议程；这个月没有就写“本月无”。" in errors
    assert f"错误  {where} 第 14 行：“文化活动”写了两次（第 11 行已经有了）。请把两段合成一段。" in errors
    assert "错误  content/cards/明白卡/三月.md：明白卡的文件名要写成“年-月”，例如 2026-03.md，现在是“三月.md”。一个月一个文件。" in errors
    assert len(errors) == 4, errors  # "一、中心工作" and "文化活动：" are the sections themselves
    assert messages(result, "warning") == [
        f"警告  {where} 第 8 行：小标题“安全生产”不是明白卡的四个部分之一。明白卡的四个部分是：中心工作、主要议程、项目建设、文化活动；这一段会排在四个部分后面。"
    ]


def test_unknown_monthly_heading_is_published_after_the_four_sections(site):
    text = MONTHLY.replace("## 主要议程", "## 安全生产\n- 防火巡查。\n\n## 主要议程")
    result = card_site(site, **{"cards/明白卡/2026-03.md": text})
    assert result.ok, result.summary()
    assert messages(result, "warning") == [
        "警告  content/cards/明白卡/2026-03.md 第 7 行：小标题“安全生产”不是明白卡的四个部分之一。"
        "明白卡的四个部分是：中心工作、主要议程、项目建设、文化活动；这一段会排在四个部分后面。"
    ]
    page = site.page("cards/monthly/2026-03/index.html")
    assert re.findall(r"<h2>(.*?)</h2>", page) == ["中心工作", "主要议程", "项目建设", "文化活动", "安全生产"]


def test_monthly_heading_typo_gets_a_suggestion(site):
    result = card_site(site, **{"cards/明白卡/2026-03.md": MONTHLY.replace("## 项目建设", "## 项目建说")})
    assert "警告  content/cards/明白卡/2026-03.md 第 10 行：小标题“项目建说”不是明白卡的四个部分之一。是不是想写“项目建设”？" in messages(result, "warning")[0]
    assert "错误  content/cards/明白卡/2026-03.md 第 13 行：明白卡缺少“项目建设”。请在“## 文化活动”这一行前面" in messages(result)[0]


def test_a_missing_last_section_is_asked_for_at_the_end_of_the_file(site):
    text = MONTHLY.split("## 文化活动")[0].rstrip() + "\n"
    result = card_site(site, **{"cards/明白卡/2026-03.md": text})
    assert messages(result) == ["错误  content/cards/明白卡/2026-03.md 第 11 行：明白卡缺少“文化活动”。请在文件末尾加一行“## 文化活动”，"
                                "下面写本月的文化活动；这个月没有就写“本月无”。"]


# -- 质询回音卡 ---------------------------------------------------------------------------------


def test_inquiry_rules(site):
    pin_today(site, "2026-05-20")
    (site.path / "village.yml").write_text(minimal_village_yml().replace("inquiry_days: 30", "inquiry_days: 20"), "utf-8")
    files = {
        "cards/质询/deferred.md": inquiry(status="暂缓办理", answered="2026-03-10", measures=""),
        "cards/质询/old.md": inquiry(received="2026-04-25", status="办理中", answered="", measures=""),
        "cards/质询/fresh.md": inquiry(received="2026-05-01", status="办理中", answered="", measures=""),
        "cards/质询/old-with-reason.md": inquiry(received="2026-04-01", status="办理中", answered="", measures="", reason="要等县里审批。"),
        "cards/质询/no-answer.md": inquiry(answered=""),
        "cards/质询/early.md": inquiry(received="2026-03-05", answered="2026-03-01"),
        "cards/质询/unknown.md": inquiry(status="已完成"),
        "cards/质询/future.md": inquiry(received="2026-06-01", status="办理中", answered="", measures=""),
        "cards/质询/consent.md": inquiry(extra="同意公开: 可以"),
        "cards/质询/empty.md": inquiry(content=""),
        "cards/质询/typo.md": inquiry(extra="答复时间: 2026-03-13"),
        "cards/质询/no-measures.md": inquiry(measures=""),
        "cards/质询/lu-deng.md": inquiry(),
        "cards/质询/路灯.md": inquiry(),
    }
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-30\n分类: 村务\n\n正文。\n")
    for name, text in files.items():
        site.write(name, text)
    result = site.build()
    assert not result.ok
    errors = messages(result)
    where = "错误  content/cards/质询/"
    expected = [
        f"{where}deferred.md 第 3 行：办理状态是“暂缓办理”，必须写明客观原因。请加一段：\n## 客观原因\n为什么现在办不了、要等什么、大约什么时候能办。",
        f"{where}old.md 第 3 行：这件质询 2026-04-25 收到，已经 25 天还是“办理中”，超过了 20 天（village.yml 里的 inquiry_days）。"
        "请写明客观原因（加一段“## 客观原因”），或者办完后把办理状态改成“已办结”并写上答复日期。",
        f"{where}no-answer.md 第 3 行：办理状态是“已办结”，但没有写答复日期。请加一行“答复日期: 2026-03-12”（把办理结果答复质询人的那一天）。",
        f"{where}early.md 第 4 行：答复日期 2026-03-01 比收到日期 2026-03-05 还早。请检查这两个日期。",
        f"{where}unknown.md 第 3 行：办理状态“已完成”不认识。是不是“已办结”？办理状态只能写：已办结、办理中、暂缓办理。",
        f"{where}future.md 第 1 行：收到日期“2026-06-01”还没到（今天是 2026-05-20）。请检查年份、月份和日子。",
        f"{where}consent.md 第 5 行：同意公开只能写“是”或“否”，现在写的是“可以”。不写就是不公开姓名（显示为“张某”）。",
        f"{where}empty.md 第 1 行：缺少质询内容。请加一段：\n## 质询内容\n村民问的是什么事（照原意写清楚）。",
        f"{where}typo.md 第 5 行：不认识的键“答复时间”。是不是想写“答复日期”？",
        f"{where}no-measures.md 第 3 行：办理状态是“已办结”，但没有写办理措施。请加一段：\n## 办理措施\n村里做了什么、结果怎样。",
        f"{where}路灯.md：网址 /cards/inquiries/2026-03/lu-deng/ 和 content/cards/质询/lu-deng.md 重复了。请改一个文件名（只用字母、数字和连字符）。",
    ]
    for message in expected:
        assert message in errors, message
    assert len(errors) == len(expected), errors
    assert not any("fresh.md" in m or "old-with-reason.md" in m for m in errors)


def test_missing_status_and_inquirer_are_errors(site):
    text = "收到日期: 2026-03-05\n\n## 质询内容\n\n路灯坏了。\n"
    result = card_site(site, **{"cards/质询/a.md": text})
    assert messages(result) == [
        "错误  content/cards/质询/a.md 第 1 行：缺少质询人。请加一行“质询人: 张桂兰”。网站上只显示“张某”，本人同意公开时再加一行“同意公开: 是”。",
        "错误  content/cards/质询/a.md 第 1 行：缺少办理状态。请加一行“办理状态: 已办结”，可以写：已办结、办理中、暂缓办理。",
    ]


def test_inquirers_are_masked_unless_they_consented(site):
    files = {
        "cards/质询/a.md": inquiry(person="张桂兰", content="张桂兰说路灯坏了两个月。"),
        "cards/质询/b.md": inquiry(person="欧阳明", received="2026-03-06"),
        "cards/质询/c.md": inquiry(person="李大山", received="2026-03-07", extra="同意公开: 是"),
        "cards/质询/d.md": inquiry(person="王春燕、刘德福等 5 户", received="2026-03-08"),
        "cards/质询/e.md": inquiry(person="王和平", received="2026-03-09"),
    }
    result = card_site(site, **files)
    assert result.ok, result.summary()
    assert messages(result, "warning") == [
        "警告  content/cards/质询/a.md 第 8 行：这里写了质询人的全名“张桂兰”，本人没有同意公开，发布时已改为“张某”。建议原文也改成“张某”。"
    ]
    board = site.page("cards/inquiries/2026-03/index.html")
    for shown in ("<dd>张某</dd>", "<dd>欧阳某</dd>", "<dd>李大山</dd>", "<dd>王某、刘某等 5 户</dd>", "<dd>王某</dd>"):
        assert shown in board, shown
    assert "张某说路灯坏了两个月。" in site.page("cards/inquiries/2026-03/a/index.html")
    published = everything(site)
    for name in ("张桂兰", "欧阳明", "王春燕", "刘德福", "王和平", "張桂蘭"):
        assert name not in published, name
    assert "李大山" in published


def test_monthly_board_counts_share_and_median(site):
    files = {
        "cards/质询/a.md": inquiry(received="2026-03-02", answered="2026-03-06"),  # 4 days
        "cards/质询/b.md": inquiry(received="2026-03-10", answered="2026-03-20"),  # 10 days
        "cards/质询/c.md": inquiry(received="2026-03-15", status="暂缓办理", answered="2026-03-21", reason="县里审批。"),  # 6 days
        "cards/质询/d.md": inquiry(received="2026-03-28", status="办理中", answered="", measures=""),
        "cards/质询/e.md": inquiry(received="2026-01-05", answered="2026-01-08"),
        "cards/明白卡/2026-03.md": MONTHLY,
    }
    result = card_site(site, **files)
    assert result.ok, result.summary()
    board = site.page("cards/inquiries/2026-03/index.html")
    assert "<li>收到质询 4 件：已办结 2 件，办理中 1 件，暂缓办理 1 件</li>" in board
    assert "<li>办结率 50%（共 4 件，已办结 2 件）</li>" in board
    assert "<li>从收到到答复，用时中位数 6 天（按已答复的 3 件计算）</li>" in board
    assert board.count('class="print-card inquiry-card"') == 4
    assert '<span class="days">已 3 天</span>' in board  # 办理中 since 03-28, today 03-31
    assert board.count('<span class="days">') == 1  # a deferred card has its answer: no counter
    assert 'href="/cards/monthly/2026-03/">本月明白卡' in board
    year = site.page("cards/inquiries/2026/index.html")
    assert '<svg class="card-chart"' in year and "<title>3月 暂缓办理 1 件</title>" in year
    assert "<li>收到质询 5 件：已办结 3 件，办理中 1 件，暂缓办理 1 件</li>" in year
    assert "<li>办结率 60%（共 5 件，已办结 3 件）</li>" in year
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>\s*<td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>\s*<td>(.*?)</td><td>(.*?)</td>", year)
    table = {re.sub("<[^>]+>", "", r[0]): r[1:] for r in rows}
    assert table["1月"] == ("1 件", "1 件", "0 件", "0 件", "100%", "3 天")
    assert table["2月"] == ("0 件", "0 件", "0 件", "0 件", "—", "—")
    assert table["3月"] == ("4 件", "2 件", "1 件", "1 件", "50%", "6 天")
    assert table["全年"] == ("5 件", "3 件", "1 件", "1 件", "60%", "5 天")
    printed = site.page("cards/print/2026-03/index.html")
    assert "村情明白卡 1 张，质询回音卡 4 张" in printed


def test_median_of_an_even_count_and_the_chart_scale():
    from types import SimpleNamespace

    from village.cards.chart import month_stats, year_chart

    items = [SimpleNamespace(status="已办结", days_to_answer=d) for d in (3, 8)]
    stats = month_stats(items)
    assert stats.median_text == "从收到到答复，用时中位数 5.5 天（按已答复的 2 件计算）"
    assert stats.share_text == "办结率 100%（共 2 件，已办结 2 件）"
    chart = year_chart(2026, [(f"2026-{m:02d}", stats if m == 5 else month_stats([])) for m in range(1, 13)])
    assert chart.count("<rect x=") == 3 + 1  # three legend swatches, one bar
    assert ">5月</text>" in chart and "<title>5月 已办结 2 件</title>" in chart


def test_inquiry_feed_sitemap_and_card_sections(site):
    from pelican import signals

    seen = {}

    def capture(generators):
        seen["sections"] = generators[0].context["VILLAGE_CARD_SECTIONS"]

    signals.all_generators_finalized.connect(capture)
    try:
        files = {
            "cards/联系卡.yml": CONTACTS,
            "cards/明白卡/2026-03.md": MONTHLY,
            "cards/质询/a.md": inquiry(received="2026-03-02", answered="2026-03-06"),
            "cards/质询/b.md": inquiry(received="2026-03-20", status="办理中", answered="", measures="", person="李大山"),
        }
        result = card_site(site, **files)
    finally:
        signals.all_generators_finalized.disconnect(capture)
    assert result.ok, result.summary()
    assert seen["sections"] == [
        {"name": "便民联系卡", "url": "cards/contacts/", "description": "驻村干部和村两委成员的职务、分工和电话，点一下就能拨打"},
        {"name": "村情明白卡", "url": "cards/monthly/", "description": "每月的中心工作、主要议程、项目建设和文化活动"},
        {"name": "质询回音卡", "url": "cards/inquiries/", "description": "村民质询的办理措施和结果，每月汇总张贴在村务公开栏"},
    ]
    atom = (site.output / "feeds/inquiries.atom.xml").read_bytes()
    assert check_atom(atom) == [] and check_rss((site.output / "feeds/inquiries.rss.xml").read_bytes()) == []
    entries = etree.fromstring(atom).findall(f"{ATOM}entry")
    # the latest activity first: b was received after a was answered
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["村东头的路灯坏了（办理中）", "村东头的路灯坏了（已办结）"]
    assert entries[1].find(f"{ATOM}link").get("href") == "https://qinghe.example.cn/cards/inquiries/2026-03/a/"
    assert "<dd>李某</dd>" in entries[0].findtext(f"{ATOM}content")
    assert "质询回音卡" in site.page("feeds/index.html")
    sitemap = (site.output / "sitemap.xml").read_text("utf-8")
    for url in ("cards/", "cards/contacts/", "cards/monthly/2026-03/", "cards/inquiries/", "cards/inquiries/2026-03/",
                "cards/inquiries/2026/", "cards/inquiries/2026-03/a/"):
        assert f"<loc>https://qinghe.example.cn/{url}</loc>" in sitemap, url
    assert "cards/print/" not in sitemap
    index = site.page("cards/index.html")
    assert index.count("<h2><a href=") == 3


def test_a_site_without_cards_has_no_card_pages(site):
    result = card_site(site)
    assert result.ok, result.summary()
    assert not (site.output / "cards").exists()


@pytest.mark.parametrize(("written", "days"), [
    ("_dt.date(2026, 3, 31)", 3), ("_dt.datetime(2026, 4, 2, 23, 59)", 5), ("'2026-04-09'", 12), ("' 2026-04-20 '", 23),
])
def test_village_today_as_a_date_or_text_sets_the_day_the_board_counts_to(site, written, days):
    # An inquiry still being handled shows how long it has waited, counted to the build's "today".
    with (site.path / "pelicanconf.py").open("a", encoding="utf-8") as handle:
        handle.write(f"\nimport datetime as _dt\nVILLAGE_TODAY = {written}\n")
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-30\n分类: 村务\n\n正文。\n")
    site.write("cards/质询/d.md", inquiry(received="2026-03-28", status="办理中", answered="", measures=""))
    result = site.build()
    assert result.ok, result.summary()
    board = site.page("cards/inquiries/2026-03/index.html")
    assert re.findall(r'<span class="days">([^<]*)</span>', board) == [f"已 {days} 天"]


@pytest.mark.parametrize(
    ("written", "shown"),
    [("13900000001", "139 0000 0001"), ("+86 139-0000-0001", "139 0000 0001"), ("010-12345678", "010-12345678"),
     ("0871 6512 3456", "0871-65123456")],
)
def test_phone_numbers_that_are_accepted(written, shown):
    assert contacts.check_phone(written)[0] == shown


# -- printing -----------------------------------------------------------------------------------


def _pdftotext(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("没有找到 pdftotext。请运行 make test（会自动安装），或 apt-get install poppler-utils。")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _page_sizes(path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


A4 = (595.276, 841.89)
A5 = (419.528, 595.276)


def test_printed_pdfs_have_one_a5_page_per_card_and_the_contact_sheet(site, capsys):
    files = {
        "cards/联系卡.yml": CONTACTS,
        "cards/明白卡/2026-03.md": MONTHLY,
        "cards/质询/a.md": inquiry(received="2026-03-02", answered="2026-03-06", content="村东头的路灯坏了。"),
        "cards/质询/b.md": inquiry(received="2026-03-10", answered="2026-03-12", content="二组的水渠堵了。", person="欧阳明"),
        "cards/质询/c.md": inquiry(received="2026-04-01", answered="2026-04-02", content="四月的事。"),
    }
    pin_today(site, "2026-04-30")
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-30\n分类: 村务\n\n正文。\n")
    for name, text in files.items():
        site.write(name, text)
    out = site.path / "print"
    assert cards_print.main(site.path, "2026-3", out) == 0
    printed = capsys.readouterr().out
    month_pdf = out / "2026-03-青禾村村情明白卡和质询回音卡.pdf"
    contact_pdf = out / "青禾村便民联系卡.pdf"
    assert "已生成 2 个 PDF" in printed
    assert "  print/2026-03-青禾村村情明白卡和质询回音卡.pdf：3 页（A5 纸，村情明白卡 1 张，质询回音卡 2 张）" in printed
    assert "  print/青禾村便民联系卡.pdf：1 页（A4 纸，沿虚线裁开）" in printed
    assert [tuple(round(v, 1) for v in s) for s in _page_sizes(month_pdf)] == [tuple(round(v, 1) for v in A5)] * 3
    assert [tuple(round(v, 1) for v in s) for s in _page_sizes(contact_pdf)] == [tuple(round(v, 1) for v in A4)]
    text = _pdftotext(month_pdf)
    pages = text.split("\f")
    joined = ["".join(page.split()) for page in pages]  # big type wraps the long addresses
    assert "中心工作" in pages[0] and "文化活动" in pages[0] and "https://qinghe.example.cn/cards/monthly/2026-03/" in joined[0]
    assert "村东头的路灯坏了" in pages[1] and "张某" in pages[1] and "https://qinghe.example.cn/cards/inquiries/2026-03/a/" in joined[1]
    assert "二组的水渠堵了" in pages[2] and "欧阳某" in pages[2] and "欧阳明" not in text
    assert "四月的事" not in text
    assert "首页" not in text and "长者模式" not in text  # no navigation on paper
    sheet = _pdftotext(contact_pdf)
    assert sheet.count("青禾村便民联系卡") == 4 and sheet.count("139 0000 0001") == 4


def _words(path) -> list[list[tuple[str, float, float]]]:
    """Each page's words with their top and bottom (points from the top of the page)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(w, float(top), float(bottom)) for top, bottom, w in
                      re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def test_printed_cards_get_the_largest_type_that_fits_one_page(site, capsys):
    long_measures = "".join(f"第{i}步，镇供电所和村里一起把{i}组的线路、灯头、开关逐个检查了一遍，换下坏的。" for i in range(1, 8))
    files = {
        "cards/质询/a.md": inquiry(received="2026-03-02", answered="2026-03-06", content="路灯坏了。", measures="换了灯头。"),
        "cards/质询/b.md": inquiry(received="2026-03-10", answered="2026-03-12", content="各组的路灯时亮时灭。", measures=long_measures),
    }
    assert card_site(site, **files).ok
    out = site.path / "print"
    assert cards_print.main(site.path, "2026-03", out) == 0
    assert "一页印不下" not in capsys.readouterr().out
    short, long = _words(out / "2026-03-青禾村村情明白卡和质询回音卡.pdf")  # one page each

    def height(words, text):  # the height of a body word: its type size
        return next(bottom - top for word, top, bottom in words if text in word)

    # every text of the card grows with it: title, labels, body
    for short_text, long_text in (("路灯坏了", "各组的路灯时亮时灭"), ("收到日期", "收到日期"), ("换了灯头", "第1步")):
        assert height(short, short_text) > height(long, long_text) * 1.2, short_text
    assert height(long, "第1步") >= 12  # never below the 12 pt floor
    # the short card fills its page: its text reaches into the page's lower half
    assert max(bottom for _, _, bottom in short) > A5[1] / 2


def test_printing_a_month_without_cards_says_which_months_have_some(site, capsys):
    result = card_site(site, **{"cards/明白卡/2026-03.md": MONTHLY})
    assert result.ok, result.summary()
    assert cards_print.main(site.path, "2026-05", site.path / "print") == 1
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "错误：2026年5月没有卡片：content/cards/明白卡/ 里没有 2026-05.md，content/cards/质询/ 里也没有收到日期在2026年5月的质询。"
        "有卡片的月份：2026-03。请换一个月，例如 invoke cards --month 2026-03。"
    )
    assert not (site.path / "print").exists()
    assert cards_print.main(site.path, "2026-13", site.path / "print") == 1
    assert capsys.readouterr().out.strip() == "错误：月份“2026-13”写法不对。请写成 年-月，例如 invoke cards --month 2026-03。"


def test_printing_stops_on_content_errors(site, capsys):
    pin_today(site)
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    site.write("cards/质询/a.md", inquiry(status="暂缓办理", measures=""))
    assert cards_print.main(site.path, "2026-03", site.path / "print") == 1
    out = capsys.readouterr().out
    assert "办理状态是“暂缓办理”，必须写明客观原因。" in out
    assert out.strip().endswith("没有生成 PDF：网站内容有错误。改正以上错误后再运行 invoke cards。")
    assert not (site.path / "print").exists()


def test_pages_that_list_the_cards_follow_them_despite_the_render_cache(site):
    result = card_site(site, **{"cards/明白卡/2026-03.md": MONTHLY})
    assert result.ok, result.summary()
    assert "质询回音卡" not in site.page("feeds/index.html")
    site.write("cards/质询/a.md", inquiry())
    result = site.build()
    assert result.ok, result.summary()
    assert "feeds/inquiries.atom.xml" in site.page("feeds/index.html")


def test_invoke_cards_refuses_a_month_that_is_not_one():
    import sys

    from conftest import ROOT

    run = subprocess.run(
        [sys.executable, "-m", "invoke", "--search-root", str(ROOT), "cards", "--month", "三月"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert run.returncode == 1
    assert run.stdout.strip() == "错误：月份“三月”写法不对。请写成 年-月，例如 invoke cards --month 2026-03。"


def test_nginx_sends_vcards_as_text_vcard(tmp_path):
    from conftest import Site
    from test_nginx import get, running_nginx

    site = Site(tmp_path / "village")
    result = card_site(site, **{"cards/联系卡.yml": CONTACTS})
    assert result.ok, result.summary()
    (tmp_path / "nginx").mkdir()
    with running_nginx(site.output, tmp_path / "nginx") as port:
        status, headers, body = get(port, "/cards/contacts/zhou-jian-guo.vcf")
    assert status == 200 and headers["content-type"] == "text/vcard; charset=utf-8"
    assert body == (site.output / "cards/contacts/zhou-jian-guo.vcf").read_bytes()
