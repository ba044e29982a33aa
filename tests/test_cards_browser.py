"""The three cards in a real Chromium: calling a cadre from a phone, small screens, and paper."""

from __future__ import annotations

import re
import subprocess

import pytest
from test_browser import _assert_clean, browser, page  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.browser

CARD_PAGES = [
    "/cards/", "/cards/contacts/", "/cards/contacts/print/", "/cards/monthly/", "/cards/monthly/2026-03/",
    "/cards/inquiries/", "/cards/inquiries/2026-03/", "/cards/inquiries/2026/",
    "/cards/inquiries/2026-04/2026-04-22-sizu-bianqiao/", "/cards/print/2026-03/", "/zh-hant/cards/contacts/",
]
# pdfinfo's page sizes in points
A4, A5, A6 = (595.0, 842.0), (420.0, 595.0), (298.0, 420.0)


def _sizes(pdf: bytes, tmp_path) -> list[tuple[float, float]]:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "50", str(path)], capture_output=True, text=True, check=True).stdout
    return [(round(float(w)), round(float(h))) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def test_tap_to_call_links_are_large_and_dial_the_cadre(page, demo_server):
    page.goto(demo_server + "/cards/contacts/")
    call = page.get_by_role("link", name="拨打 139 0000 0001", exact=True)
    assert call.get_attribute("href") == "tel:13900000001"
    box = call.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    boxes = page.evaluate("[...document.querySelectorAll('a.call, a.save')].map(a => a.getBoundingClientRect()).map(r => [r.width, r.height])")
    assert len(boxes) == 16 and all(w >= 44 and h >= 44 for w, h in boxes), boxes
    page.get_by_role("button", name="长者模式").click()
    boxes = page.evaluate("[...document.querySelectorAll('a.call, a.save')].map(a => a.getBoundingClientRect()).map(r => [r.width, r.height])")
    assert all(w >= 60 and h >= 60 for w, h in boxes), boxes
    saved = page.locator("a.save[href$='/zhou-jian-guo.vcf']")
    assert saved.text_content() == "存入通讯录：周建国"  # the name is there for screen readers
    response = page.request.get(demo_server + saved.get_attribute("href"))
    assert response.ok and "FN:周建国" in response.body().decode("utf-8")
    _assert_clean(page)


@pytest.mark.parametrize("path", CARD_PAGES)
def test_card_pages_fit_a_small_phone(page, demo_server, path):
    page.goto(demo_server + path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    _assert_clean(page)


def test_a_monthly_card_prints_on_a5_with_its_qr_code_and_no_navigation(page, demo_server, tmp_path):
    page.goto(demo_server + "/cards/monthly/2026-03/")
    assert page.locator(".site-header").is_visible() and page.locator(".card-nav").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".card-nav").is_visible() and not page.locator(".site-footer").is_visible()
    qr = page.get_by_role("img", name="明白卡网页的二维码，用微信扫一扫打开")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 60
    assert page.get_by_text("https://qinghe.example.cn/cards/monthly/2026-03/").is_visible()
    assert page.get_by_text("您对村里的工作有什么意见建议").is_visible()  # print only
    assert _sizes(page.pdf(prefer_css_page_size=True), tmp_path) == [A5]


def test_an_inquiry_card_and_a_months_print_page_are_a5_one_card_a_page(page, demo_server, tmp_path):
    page.goto(demo_server + "/cards/inquiries/2026-04/2026-04-22-sizu-bianqiao/")
    page.emulate_media(media="print")
    assert page.get_by_role("img", name="回音卡网页的二维码，用微信扫一扫打开").is_visible()
    assert page.get_by_text("质询人签收").is_visible() and not page.locator("nav").first.is_visible()
    assert _sizes(page.pdf(prefer_css_page_size=True), tmp_path) == [A5]
    page.goto(demo_server + "/cards/print/2026-03/")
    cards = page.locator(".print-card").count()
    assert cards == 3  # the 明白卡 and two 回音卡 of March in the demo
    assert _sizes(page.pdf(prefer_css_page_size=True), tmp_path) == [A5] * cards


def test_the_contact_card_prints_on_a6_and_the_sheet_on_a4(page, demo_server, tmp_path):
    page.goto(demo_server + "/cards/contacts/")
    page.emulate_media(media="print")
    assert not page.locator(".contact-list").first.is_visible()
    assert page.locator(".print-only .contact-card").is_visible()
    assert page.get_by_role("img", name="联系卡网页的二维码，用微信扫一扫打开").is_visible()
    assert _sizes(page.pdf(prefer_css_page_size=True), tmp_path) == [A6]
    page.goto(demo_server + "/cards/contacts/print/")
    assert page.locator(".card-sheet .contact-card").count() == 4
    assert _sizes(page.pdf(prefer_css_page_size=True), tmp_path) == [A4]


def test_yearly_chart_has_a_name_and_a_table(page, demo_server):
    page.goto(demo_server + "/cards/inquiries/2026/")
    chart = page.get_by_role("img", name="2026年每月收到的质询件数（按办理状态）")
    assert chart.is_visible() and chart.bounding_box()["width"] <= 360
    table = page.get_by_role("table", name="2026年每月的质询回音卡")
    assert table.get_by_role("row").count() == 14  # header, twelve months, the year
    _assert_clean(page)
