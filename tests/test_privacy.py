"""The privacy guard: personal numbers are masked (or refused) wherever they would be published."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, messages, minimal_village_yml, published_bytes
from village import config
from village.source import privacy


def id_number(first17: str) -> str:
    """An 18-character resident ID with the check character computed (GB 11643)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def luhn_number(prefix: str, length: int) -> str:
    """A card number of `length` digits passing the Luhn check."""
    body = prefix + "0" * (length - len(prefix) - 1)
    for check in "0123456789":
        if privacy.passes_luhn(body + check):
            return body + check
    raise AssertionError


ID = id_number("32058319800315241")  # fictional: county code, 1980-03-15, sequence
ID_X = id_number("11010519491231002")  # ends in X
CARD = luhn_number("6222021234", 19)
CARD16 = luhn_number("4367421234", 16)
MOBILE = "13912345678"
CADRE = "13700001111"
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def use_privacy(site, value: str) -> None:
    """Set `privacy:` in the test site's village.yml (the demo's says strict)."""
    text = re.sub(r"^privacy: .*$", f"privacy: {value}", minimal_village_yml(), flags=re.MULTILINE)
    (site.path / "village.yml").write_text(text, "utf-8")


def wrong_check(number: str) -> str:
    """`number` with another, wrong check character."""
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def mistyped_luhn_id() -> str:
    """18 digits with a province code and a birth date, a wrong ID check character, passing Luhn."""
    for sequence in range(100, 1000):
        for last in "0123456789":
            number = f"32058319800315{sequence}{last}"
            if privacy.passes_luhn(number) and id_number(number[:17]) != number:
                return number
    raise AssertionError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号{ID}。", f"身份证号{ID[:6]}********{ID[-4:]}。"),
        (f"身份证 {ID_X}", "身份证 110105********002X"),
        ("旧身份证 320583800315241", "旧身份证 320583*****5241"),
        (f"卡号 {CARD16}", f"卡号 {CARD16[:4]} **** **** {CARD16[-4:]}"),
        (f"卡号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}", f"卡号 {CARD[:4]} **** **** *** {CARD[-4:]}"),
        (f"电话 {MOBILE}", "电话 139****5678"),
        ("电话 139-1234-5678", "电话 139****5678"),
        ("电话 +86 139 1234 5678", "电话 139****5678"),
        (f"2024-05-01 {MOBILE}", "2024-05-01 139****5678"),
        # full-width digits and X, as Chinese input methods type them
        (f"身份证号{ID.translate(FULL_WIDTH)}。", f"身份证号{ID[:6]}********{ID[-4:]}。"),
        (f"身份证号{ID_X.translate(FULL_WIDTH)}", "身份证号110105********002X"),
        (f"电话{MOBILE.translate(FULL_WIDTH)}", "电话139****5678"),
        # split by spaces, hyphens, dots, full-width or invisible separators
        (f"身份证 {ID[:4]} {ID[4:8]} {ID[8:12]} {ID[12:16]} {ID[16:]}", f"身份证 {ID[:6]}********{ID[-4:]}"),
        (f"身份证 {ID[:6]}.{ID[6:14]}.{ID[14:]}", f"身份证 {ID[:6]}********{ID[-4:]}"),
        (f"身份证 {ID[:6]}－{ID[6:14]}－{ID[14:]}", f"身份证 {ID[:6]}********{ID[-4:]}"),
        (f"卡号 {CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:16]}-{CARD[16:]}", f"卡号 {CARD[:4]} **** **** *** {CARD[-4:]}"),
        (f"卡号 {CARD[:4]}　{CARD[4:8]}　{CARD[8:12]}　{CARD[12:16]}　{CARD[16:]}", f"卡号 {CARD[:4]} **** **** *** {CARD[-4:]}"),
        ("电话 139.1234.5678", "电话 139****5678"),
        ("电话 139\u200b1234\u200b5678", "电话 139****5678"),
        (f"电话 {MOBILE}.", "电话 139****5678."),  # a sentence ending with an ASCII full stop
        (f"2024.05.01 {MOBILE}", "2024.05.01 139****5678"),
        (f"金额 3.50 {MOBILE}", "金额 3.50 139****5678"),
    ],
)
def test_personal_numbers_are_masked(text, expected):
    masked, findings = privacy.mask(text)
    assert masked == expected
    assert len(findings) == 1


@pytest.mark.parametrize(
    "text",
    [
        f"不是省份代码 99{wrong_check(ID)[2:]}",  # 18 digits, wrong check character, no province
        "生日不存在 320583198002305241",  # Feb 30th
        f"订单号 {CARD[:-1]}{(int(CARD[-1]) + 1) % 10}",  # fails Luhn
        "金额 12345678901.50 元",
        "座机 0871-12345678",
        "编号 20240501000123",
        f"村干部电话 {CADRE}",
        f"村干部电话 {CADRE.translate(FULL_WIDTH)}",
        "金额 13912345678.50 元",  # a decimal number is never a phone number
        "金额 1,234,567.89 元，合计 12,345,678.00 元",
        "日期 2026-11-10 2026.11.10 二〇二六年十一月十日",
        "索引号 QH-CZ-20261110-6DF，文号 青禾村〔2026〕12号",
        "座机 0871-6512 3456 转 8012",
        "表 3.2.1 第 12 行 第 345 页",
        "3.1415926535897932",
    ],
)
def test_numbers_that_fail_their_checks_and_cadre_phones_are_left_alone(text):
    assert privacy.mask(text, frozenset({CADRE})) == (text, [])


@pytest.mark.parametrize("number", [wrong_check(ID), mistyped_luhn_id()])
def test_an_id_number_with_a_wrong_check_character_is_a_mistyped_id_not_a_bank_card(number):
    masked, findings = privacy.mask(f"身份证号 {number}")
    assert masked == f"身份证号 {number[:6]}********{number[-4:]}"
    assert [f.kind for f in findings] == ["id_typo"]
    assert "像是身份证号，但最后一位（校验位）不对，可能抄错了" in findings[0].message(strict=True)


def test_a_number_is_quoted_as_written_with_its_middle_starred():
    spaced = f"{ID[:4]} {ID[4:8]} {ID[8:12]} {ID[12:16]} {ID[16:]}"
    _, [finding] = privacy.mask(f"身份证 {spaced}")
    assert finding.shown == f"{ID[:4]} {ID[4:6]}** **** **{ID[14:16]} {ID[16:]}"
    _, [finding] = privacy.mask(ID.translate(FULL_WIDTH))
    assert finding.shown == f"{ID[:6]}********{ID[-4:]}".translate(FULL_WIDTH)
    assert f"这里有身份证号“{finding.shown}”" in finding.message(strict=True)
    assert f"（原文写作“{finding.shown}”），发布时已打码为“{ID[:6]}********{ID[-4:]}”" in finding.message(strict=False)


POST = f"""标题: 低保名单公示
日期: 2024-05-01
分类: 村务

王某某，身份证号 {ID}，开户银行卡号 {CARD}。
联系电话：{MOBILE}（本人），村干部电话 {CADRE}。
"""


def test_a_post_is_published_masked_with_warnings_naming_file_and_line(site):
    use_privacy(site, "mask")
    site.write("posts/a.md", POST)
    result = site.build()
    assert result.ok, result.summary()
    warnings = messages(result, "warning")
    assert any("posts/a.md 第 5 行" in m and f"身份证号，发布时已打码为“{ID[:6]}********{ID[-4:]}”" in m for m in warnings), warnings
    assert any("posts/a.md 第 5 行" in m and "银行卡号" in m for m in warnings), warnings
    assert any("posts/a.md 第 6 行" in m and "手机号，发布时已打码为“139****5678”" in m for m in warnings), warnings
    everything = published_bytes(site.output)
    for number in (ID, CARD, MOBILE, " ".join([CARD[:4], CARD[4:8]])):
        assert number.encode() not in everything, number
    assert b"139****5678" in everything


def test_strict_is_the_default_and_the_demo_setting():
    assert re.search(r"^privacy: strict$", (ROOT / "village.yml").read_text("utf-8"), re.MULTILINE)
    assert config.OPTIONS["privacy"].default == "strict"


@pytest.mark.parametrize("setting", ["", "privacy: strict"])
def test_personal_numbers_are_errors_by_default_saying_how_to_remove_them(site, setting):
    text = re.sub(r"^privacy: .*$", setting, minimal_village_yml(), flags=re.MULTILINE)
    (site.path / "village.yml").write_text(text, "utf-8")
    site.write("posts/a.md", POST)
    result = site.build()
    assert not result.ok
    errors = messages(result)
    masked_id = f"{ID[:6]}********{ID[-4:]}"
    assert any(
        m.startswith("错误  content/posts/a.md 第 5 行：")
        and f"这里有身份证号“{masked_id}”。个人的身份证号不能公开：请在文件里删掉这个号码，或只写前后几位，写成“{masked_id}”。" in m
        and "号码还留在 git 历史里" in m and "git filter-repo" in m and "把仓库改成私有" in m and "告诉号码的主人" in m
        for m in errors
    ), errors
    assert any(m.startswith("错误  content/posts/a.md 第 5 行：这里有银行卡号") for m in errors), errors
    assert any(m.startswith("错误  content/posts/a.md 第 6 行：这里有手机号“139****5678”。") for m in errors), errors
    assert messages(result, "warning") == []
    assert not site.output.exists()


def test_a_full_width_id_number_is_an_error_on_its_line_quoted_as_written(site):
    written = ID.translate(FULL_WIDTH)
    site.write("posts/a.md", f"标题: 名单\n日期: 2024-05-01\n分类: 村务\n\n王某某\n身份证号：{written}\n")
    result = site.build()
    assert not result.ok
    shown = f"{ID[:6]}********{ID[-4:]}".translate(FULL_WIDTH)
    assert any(m.startswith(f"错误  content/posts/a.md 第 6 行：这里有身份证号“{shown}”。") for m in messages(result)), messages(result)


def test_a_mistyped_id_in_a_post_is_an_error(site):
    number = mistyped_luhn_id()
    site.write("posts/a.md", f"标题: 名单\n日期: 2024-05-01\n分类: 村务\n\n身份证号 {number}\n")
    result = site.build()
    assert not result.ok
    assert any(
        m.startswith(f"错误  content/posts/a.md 第 5 行：这里的数字“{number[:6]}********{number[-4:]}”像是身份证号，但最后一位（校验位）不对")
        for m in messages(result)
    ), messages(result)
    assert not any("银行卡号" in m for m in messages(result))


def test_a_number_split_by_formatting_is_an_error_not_a_leak(site):
    use_privacy(site, "mask")
    site.write("posts/a.md", "标题: 通知\n日期: 2024-05-01\n分类: 村务\n\n联系 **139**12345678。\n")
    result = site.build()
    assert not result.ok
    assert any("posts/a.md 第 5 行" in m and "这里的手机号被加粗、链接等格式分开了，无法自动打码。请删掉这个号码，或只写成“139****5678”。" in m for m in messages(result)), messages(result)
