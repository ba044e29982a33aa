"""Inspection-ready: finance sign-off, record fields, honest dates from git, page metadata,
column freshness and the ways to reach the village — each rule failing and passing."""

from __future__ import annotations

import pytest
from conftest import messages
from test_disclosure import disclosure_site, item
from village.gongkai.review import missing_message, parse_review

UNSIGNED = "类型: 财务\n事项: 财务收支\n期间: 2026年3月\n发布日期: 2026-04-05\n公示期: 15天\n发布机构: 青禾村村民委员会\n{extra}\n三月份收支。\n"


# -- finance sign-off (审核) -----------------------------------------------------------------------

def test_finance_item_without_sign_off_fails_the_build_naming_who_must_sign(site):
    result = disclosure_site(site, **{"disclosures/2026/2026-03-caiwu.md": UNSIGNED.format(extra="")})
    assert not result.ok
    (error,) = messages(result)
    assert error == f"错误  content/disclosures/2026/2026-03-caiwu.md 第 1 行：{missing_message()}"
    assert "民主理财小组或村务监督委员会" in error


def test_signed_finance_item_shows_who_signed_and_when(site):
    extra = "审核: 村务监督委员会 何某某、李某某 2026-04-03\n"
    result = disclosure_site(site, **{"disclosures/2026/2026-03-caiwu.md": UNSIGNED.format(extra=extra)})
    assert result.ok, result.summary()
    page = site.page("gongkai/2026/2026-03-caiwu/index.html")
    assert "<dt>审核</dt><dd class=\"gk-review\">已审核（村务监督委员会 何某某、李某某，2026年4月3日）</dd>" in page


@pytest.mark.parametrize(("written", "problem"), [
    ("何某某 2026-04-06", "审核日期 2026-04-06 晚于发布日期 2026-04-05。"),
    ("何某某、李某某", "“审核”里没有审核日期。"),
    ("村务监督委员会 2026-04-03", "“审核”里没有写审核人。"),
])
def test_sign_off_needs_reviewers_and_a_date_not_after_publication(site, written, problem):
    result = disclosure_site(site, **{"disclosures/2026/2026-03-caiwu.md": UNSIGNED.format(extra=f"审核: {written}\n")})
    (error,) = messages(result)
    assert error.startswith(f"错误  content/disclosures/2026/2026-03-caiwu.md 第 7 行：{problem}")


def test_sign_off_accepts_chinese_dates_and_commas():
    import datetime as dt

    review, problem = parse_review("民主理财小组 何某某，李某某 2026年4月3日", dt.date(2026, 4, 5), "Asia/Shanghai")
    assert problem is None
    assert review.body == "民主理财小组" and review.reviewers == ("何某某", "李某某") and review.date == dt.date(2026, 4, 3)


def test_calendar_marks_a_period_whose_finance_draft_is_unsigned(site):
    draft = UNSIGNED.format(extra="状态: 草稿\n").replace("2026年3月", "2026年2月").replace("2026-04-05", "2026-03-05")
    result = disclosure_site(site, day="2026-03-20", **{
        "disclosures/2026/2026-01-caiwu.md": item(period="2026年1月", date="2026-02-05"),
        "disclosures/2026/2026-02-caiwu.md": draft,
    })
    assert result.ok, result.summary()
    calendar = site.page("gongkai/rili/index.html")
    finance = calendar.split(">财务收支 ")[1].split("</section>")[0]
    assert '<li class="cal cal-unsigned">' in finance and "✎ 待审核" in finance
    assert "2026年2月" in finance.split("cal-unsigned")[1]
    assert not (site.output / "gongkai/2026/2026-02-caiwu/index.html").exists()


def test_overdue_unsigned_period_warns_to_get_it_signed(site):
    draft = UNSIGNED.format(extra="状态: 草稿\n").replace("2026年3月", "2026年2月").replace("2026-04-05", "2026-03-05")
    result = disclosure_site(site, day="2026-04-10", **{
        "disclosures/2026/2026-01-caiwu.md": item(period="2026年1月", date="2026-02-05"),
        "disclosures/2026/2026-02-caiwu.md": draft,
        "disclosures/2026/2026-03-caiwu.md": item(),
    })
    warnings = messages(result, "warning")
    assert any("财务收支 2026年2月 已经写好，但还没有审核签字" in w for w in warnings), warnings
