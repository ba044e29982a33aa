"""The privacy guard: personal numbers are masked (or refused) wherever they would be published."""

from __future__ import annotations

import pytest
from conftest import messages, minimal_village_yml, published_bytes

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号{ID}。", f"身份证号{ID[:6]}********{ID[-4:]}。"),
        (f"身份证 {ID_X}", f"身份证 110105********002X"),
        ("旧身份证 320583800315241", "旧身份证 320583*****5241"),
        (f"卡号 {CARD16}", f"卡号 {CARD16[:4]} **** **** {CARD16[-4:]}"),
        (f"卡号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}", f"卡号 {CARD[:4]} **** **** *** {CARD[-4:]}"),
        (f"电话 {MOBILE}", "电话 139****5678"),
        ("电话 139-1234-5678", "电话 139****5678"),
        ("电话 +86 139 1234 5678", "电话 139****5678"),
        (f"2024-05-01 {MOBILE}", "2024-05-01 139****5678"),
    ],
)
def test_personal_numbers_are_masked(text, expected):
    masked, findings = privacy.mask(text)
    assert masked == expected
    assert len(findings) == 1


@pytest.mark.parametrize(
    "text",
    [
        f"校验位错了 {ID[:-1]}{'0' if ID[-1] != '0' else '1'}",  # 18 digits, wrong check character
        "生日不存在 320583198002305241",  # Feb 30th
        f"订单号 {CARD[:-1]}{(int(CARD[-1]) + 1) % 10}",  # fails Luhn
        "金额 12345678901.50 元",
        "座机 0871-12345678",
        "编号 20240501000123",
        f"村干部电话 {CADRE}",
    ],
)
def test_numbers_that_fail_their_checks_and_cadre_phones_are_left_alone(text):
    assert privacy.mask(text, frozenset({CADRE})) == (text, [])


POST = f"""标题: 低保名单公示
日期: 2024-05-01
分类: 村务

王某某，身份证号 {ID}，开户银行卡号 {CARD}。
联系电话：{MOBILE}（本人），村干部电话 {CADRE}。
"""


def test_a_post_is_published_masked_with_warnings_naming_file_and_line(site):
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
    assert "139****5678".encode() in everything


def test_strict_privacy_refuses_to_publish(site):
    site.write("posts/a.md", POST)
    (site.path / "village.yml").write_text(minimal_village_yml().replace("privacy: mask", "privacy: strict"), "utf-8")
    result = site.build()
    assert not result.ok
    assert any(
        "posts/a.md 第 6 行" in m and "这里有手机号（139****5678）。个人的手机号不能公开" in m for m in messages(result)
    ), messages(result)
    assert not site.output.exists()


def test_a_number_split_by_formatting_is_an_error_not_a_leak(site):
    site.write("posts/a.md", "标题: 通知\n日期: 2024-05-01\n分类: 村务\n\n联系 **139**12345678。\n")
    result = site.build()
    assert not result.ok
    assert any("posts/a.md 第 5 行" in m and "这里的手机号被加粗、链接等格式分开了，无法自动打码。请删掉这个号码，或只写成“139****5678”。" in m for m in messages(result)), messages(result)
