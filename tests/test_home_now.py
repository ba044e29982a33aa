"""The home page's first screen: 置顶 posts (with their end date), items 公示中, this month's 明白卡,
the contact card; and the footer that links every page."""

from __future__ import annotations

import pytest
from conftest import messages
from test_cards import CONTACTS, MONTHLY
from test_disclosure import FINANCE_CSV, item


def post(title="停水通知", date="2026-04-01", pinned="2026-04-20", extra=""):
    pin = f"置顶: {pinned}\n" if pinned is not None else ""
    return f"标题: {title}\n日期: {date}\n分类: 村务\n{pin}{extra}\n4月8日水厂检修管网，全村停水一天。\n"


def home_site(site, today="2026-04-10", **files):
    site.pin_today(today)
    site.write("posts/old.md", "标题: 春耕动员\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    for name, text in files.items():
        site.write(name, text)
    return site.build()


def first_screen(page: str) -> str:
    return page[page.index('<section class="now"'):page.index("</section>")]


def test_pinned_post_heads_the_home_page_until_its_day(site):
    result = home_site(site, **{"posts/tingshui.md": post()})
    assert result.ok, result.summary()
    now = first_screen(site.page("index.html"))
    assert 'data-pinned-until="2026-04-20"' in now and "停水通知" in now and "置顶" in now
    assert messages(result, "warning") == []


def test_pinned_post_on_its_last_day_is_still_pinned(site):
    result = home_site(site, today="2026-04-20", **{"posts/tingshui.md": post()})
    assert "停水通知" in first_screen(site.page("index.html"))
    assert messages(result, "warning") == []


def test_an_expired_pin_leaves_the_first_screen_and_the_build_warns(site):
    result = home_site(site, today="2026-04-21", **{"posts/tingshui.md": post()})
    assert result.ok, result.summary()
    index = site.page("index.html")
    assert "停水通知" not in first_screen(index)
    assert "停水通知" in index  # the post itself stays in the timeline
    assert messages(result, "warning") == [
        "警告  content/posts/tingshui.md 第 4 行：置顶已经在 2026年4月20日 到期，首页不再置顶这篇文章（文章照常保留）。"
        "请删掉“置顶:”这一行；还要继续置顶，就改成新的截止日期，例如“置顶: 2026-04-28”。"
    ]


@pytest.mark.parametrize(("written", "expected"), [
    ("4月31日", "第 4 行：置顶截止日期写得不对："),
    ("", "第 4 行：“置顶:”后面要写置顶到哪一天，例如“置顶: 2026-12-20”（到这一天结束后自动取消置顶）。"),
    ("2026-03-01", "第 4 行：置顶截止日期 2026-03-01 早于文章日期 2026-04-01。请写文章发布以后的日期，例如“置顶: 2026-04-08”。"),
])
def test_a_bad_pin_date_is_an_error_on_its_line(site, written, expected):
    result = home_site(site, **{"posts/tingshui.md": post(pinned=written)})
    errors = messages(result)
    assert len(errors) == 1 and expected in errors[0] and "content/posts/tingshui.md" in errors[0], errors


def test_english_key_pinned_works_too(site):
    result = home_site(site, **{"posts/tingshui.md": post(pinned=None, extra="pinned: 2026-04-30\n")})
    assert result.ok, result.summary()
    assert "停水通知" in first_screen(site.page("index.html"))


def test_first_screen_lists_items_on_notice_the_months_card_and_the_contact_card(site):
    files = {
        "disclosures/2026/2026-03-caiwu.md": item(extra="附件: 2026-03-caiwu.csv"),
        "disclosures/2026/2026-03-caiwu.csv": FINANCE_CSV,
        "cards/联系卡.yml": CONTACTS,
        "cards/明白卡/2026-03.md": MONTHLY,
    }
    result = home_site(site, **files)
    assert result.ok, result.summary()
    now = first_screen(site.page("index.html"))
    assert '<a href="/gongkai/2026/2026-03-caiwu/"><span class="badge badge-notice">公示中</span> 2026年3月财务收支公开' in now
    assert 'href="/cards/monthly/2026-03/"' in now and "2026年3月村情明白卡" in now
    assert 'href="/cards/contacts/"' in now
    # After the 公示期 the item leaves the first screen; the 公开栏 stays one tap away.
    result = home_site(site, today="2026-05-01")
    now = first_screen(site.page("index.html"))
    assert "公示中" not in now and 'href="/gongkai/"' in now


def test_footer_links_every_page(site):
    site.write("pages/about.md", "标题: 村情简介\n网址: about\n\n青禾村位于桂山镇东南。\n")
    site.write("pages/site-info.md", "标题：关于本站\n网址：site-info\n\n本站由村委会主办。\n")
    result = home_site(site)
    assert result.ok, result.summary()
    footer = site.page("2026/03/chun-geng-dong-yuan/index.html").split('<footer class="site-footer">')[1]
    assert '<a href="/about/">村情简介</a>' in footer and '<a href="/site-info/">关于本站</a>' in footer
