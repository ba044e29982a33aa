"""Feeds: checked against the Atom and RSS 2.0 requirements, not just parsed."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

import pytest
from conftest import Site
from feedcheck import ATOM, CONTENT, DC, check_atom, check_feed, check_rss
from lxml import etree


def _post(site, i, category="党建", extra=""):
    site.write(
        f"posts/p{i:02d}.md",
        f"标题: 第{i}条消息\n日期: 2024-05-{i + 1:02d} 08:30\n分类: {category}\n作者: 林晓禾\n{extra}\n"
        f"第{i}条的正文，见[简介](/about/)和![合影](p.png)。\n",
    )


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory):
    """Built once for the module: the tests only read it (one rebuilds it unchanged)."""
    from PIL import Image

    site = Site(tmp_path_factory.mktemp("feeds") / "village")

    Image.new("RGB", (8, 8), "blue").save(site.content / "posts" / "p.png")
    for i in range(25):
        _post(site, i, "党建" if i % 2 else "村务")
    site.write("posts/draft.md", "标题: 草稿不进订阅\n日期: 2024-05-30\n分类: 党建\n状态: 草稿\n\n草稿。\n")
    result = site.build()
    assert result.ok, result.summary()
    return site


def test_all_feeds_meet_the_specs(feed_site):
    feeds = sorted((feed_site.output / "feeds").glob("*.xml"))
    assert len(feeds) == 14  # all, five categories and albums, each Atom and RSS
    for path in feeds:
        assert check_feed(path, "https://qinghe.example.cn") == [], path.name


def test_feed_order_count_ids_and_absolute_urls(feed_site):
    atom = etree.parse(str(feed_site.output / "feeds/all.atom.xml")).getroot()
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 20  # feed_items in village.yml
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "第24条消息" and titles[-1] == "第5条消息"  # newest first
    assert "草稿不进订阅" not in titles
    first = entries[0]
    assert first.findtext(f"{ATOM}id") == "tag:qinghe.example.cn,2024-05-25:/2024/05/di-24-tiao-xiao-xi/"
    assert first.findtext(f"{ATOM}published") == "2024-05-25T08:30:00+08:00"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "林晓禾"
    content = first.findtext(f"{ATOM}content")
    assert 'href="https://qinghe.example.cn/about/"' in content
    image = re.search(r"<img [^>]+>", content).group(0)
    assert "<picture" not in content and "<source" not in content  # plain images for feed readers
    assert re.search(r'src="https://qinghe.example.cn/photos/[0-9a-f]+/8.png"', image)
    assert re.search(r'srcset="https://qinghe.example.cn/photos/[0-9a-f]+/8.png 8w"', image)

    rss = etree.parse(str(feed_site.output / "feeds/all.rss.xml")).getroot().find("channel")
    items = rss.findall("item")
    assert [i.findtext("title") for i in items] == titles
    guid = items[0].find("guid")
    assert guid.get("isPermaLink") == "false" and guid.text == first.findtext(f"{ATOM}id")
    assert items[0].findtext("link") == "https://qinghe.example.cn/2024/05/di-24-tiao-xiao-xi/"
    when = email.utils.parsedate_to_datetime(items[0].findtext("pubDate"))
    assert when == dt.datetime(2024, 5, 25, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert re.search(r"https://qinghe.example.cn/photos/[0-9a-f]+/8.png", items[0].findtext(f"{CONTENT}encoded"))
    assert items[0].findtext("{http://purl.org/dc/elements/1.1/}creator") == "林晓禾"


def test_category_feeds_hold_only_their_category(feed_site):
    atom = etree.parse(str(feed_site.output / "feeds/dangjian.atom.xml")).getroot()
    labels = {c.get("label") for e in atom.findall(f"{ATOM}entry") for c in e.findall(f"{ATOM}category") if "/category/" in c.get("scheme")}
    assert labels == {"党建"}
    assert len(atom.findall(f"{ATOM}entry")) == 12
    empty = etree.parse(str(feed_site.output / "feeds/minsu.rss.xml")).getroot()
    assert empty.find("channel/item") is None


def test_ids_are_stable_across_builds(feed_site):
    first = (feed_site.output / "feeds/all.atom.xml").read_bytes()
    assert feed_site.build().ok
    again = (feed_site.output / "feeds/all.atom.xml").read_bytes()
    def ids(xml: bytes) -> list[str]:
        return [e.findtext(f"{ATOM}id") for e in etree.fromstring(xml).findall(f"{ATOM}entry")]

    assert ids(first) == ids(again)


def test_every_page_announces_the_feeds(feed_site):
    for page in ("index.html", "2024/05/di-3-tiao-xiao-xi/index.html", "category/dangjian/index.html", "feeds/index.html", "404.html"):
        html = feed_site.page(page)
        assert '<link rel="alternate" type="application/atom+xml" title="青禾村·全部文章（Atom）" href="/feeds/all.atom.xml">' in html
        assert 'type="application/rss+xml"' in html
    category = feed_site.page("category/dangjian/index.html")
    assert '<link rel="alternate" type="application/atom+xml" title="青禾村·党建（Atom）" href="/feeds/dangjian.atom.xml">' in category
    assert '<a href="/feeds/dangjian.rss.xml">订阅“党建”</a>' in category


def test_feeds_page_explains_subscribing_in_chinese(feed_site):
    html = feed_site.page("feeds/index.html")
    assert "什么是订阅（RSS）？" in html and "怎么订阅" in html
    for key in ("all", "dangjian", "cunwu", "zhifu", "minsu", "jianyan", "albums"):
        assert f"/feeds/{key}.rss.xml" in html and f"/feeds/{key}.atom.xml" in html


def test_the_checker_catches_broken_feeds():
    bad_atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><id>1</id><title>t</title><updated>yesterday</updated><link href="/a/"/><content type="html">&lt;a href=&quot;/x&quot;&gt;x&lt;/a&gt;</content></entry></feed>'
    problems = check_atom(bad_atom)
    assert "feed must have exactly one atom:id" in problems
    assert any("not an absolute IRI" in p for p in problems)
    assert any("relative links" in p for p in problems)
    srcset_only = bad_atom.replace(b"&lt;a href=&quot;/x&quot;&gt;x&lt;/a&gt;", b"&lt;img src=&quot;https://a.example/1.jpg&quot; srcset=&quot;/1.jpg 1w&quot;&gt;")
    assert any("relative links" in p for p in check_atom(srcset_only))
    bad_rss = b'<rss version="2.0"><channel><title>x</title><link>/</link><item><title>a</title><guid>abc</guid><pubDate>2024-05-01</pubDate></item></channel></rss>'
    problems = check_rss(bad_rss)
    assert "channel must have description" in problems
    assert any("claims to be a permalink" in p for p in problems)
    assert any("pubDate" in p for p in problems)


def _atom(author: str, minutes: tuple[int, int]) -> bytes:
    entry = ('<entry><id>tag:a.cn,2026:/{n}</id><title>t</title>{author}<updated>2026-10-12T00:0{m}:00+08:00</updated>'
             '<published>2026-10-12T00:0{m}:00+08:00</published><link href="https://a.cn/{n}/"/><content type="html">x</content><category term="c"/></entry>')
    entries = "".join(entry.format(n=n, m=m, author=author) for n, m in enumerate(minutes))
    return ('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"><id>https://a.cn/feeds/x.atom.xml</id><title>x</title>'
            '<updated>2026-10-12T00:00:00+08:00</updated><author><name>青禾村</name></author>'
            f'<link rel="self" href="https://a.cn/feeds/x.atom.xml"/>{entries}</feed>').encode()


def _rss(self_href: str, author: str, minutes: tuple[int, int]) -> bytes:
    item = ('<item><title>t</title><link>https://a.cn/{n}/</link><guid isPermaLink="false">tag:a.cn,2026:/{n}</guid>{author}'
            '<pubDate>Mon, 12 Oct 2026 00:0{m}:00 +0800</pubDate><category>c</category><content:encoded>x</content:encoded></item>')
    items = "".join(item.format(n=n, m=m, author=author) for n, m in enumerate(minutes))
    return ('<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>x</title><link>https://a.cn/</link><description>d</description>'
            f'<language>zh-CN</language><atom:link href="{self_href}" rel="self"/>{items}</channel></rss>').encode()


def test_the_checker_catches_a_borrowed_self_link_missing_authors_and_shared_times():
    url = "https://a.cn/feeds/x.atom.xml"
    problems = check_atom(_atom("", (0, 0)), url)
    assert "entry 1: no author of its own (who published it)" in problems  # the feed's author is not enough
    assert "entries share updated '2026-10-12T00:00:00+08:00'" in problems
    assert "entries share published '2026-10-12T00:00:00+08:00'" in problems
    assert check_atom(_atom("<author><name>青禾村村民委员会</name></author>", (1, 0)), url) == []

    url = "https://a.cn/feeds/x.rss.xml"
    borrowed = _rss("https://a.cn/feeds/x.atom.xml", "", (0, 0))
    problems = check_rss(borrowed, url)
    assert "rel=self link 'https://a.cn/feeds/x.atom.xml' is not the feed's own address 'https://a.cn/feeds/x.rss.xml'" in problems
    assert any("points at another feed" in p for p in check_rss(borrowed))  # caught without knowing the address too
    assert "item 1: no author (dc:creator) naming who published it" in problems
    assert "items share pubDate 'Mon, 12 Oct 2026 00:00:00 +0800'" in problems
    assert check_rss(_rss(url, "<dc:creator>青禾村村民委员会</dc:creator>", (1, 0)), url) == []


def _disclosure(publisher: str, subject: str, kind: str, period: str) -> str:
    signed = "审核: 何某某 2026-04-07\n" if kind == "财务" else ""  # finance items are signed before publication
    return f"类型: {kind}\n事项: {subject}\n期间: {period}\n发布日期: 2026-04-08\n公示期: 15天\n发布机构: {publisher}\n{signed}\n正文。\n"


def _inquiry(title: str, handler: str) -> str:
    extra = f"经办人: {handler}\n" if handler else ""
    return (f"标题: {title}\n收到日期: 2026-04-02\n质询人: 张某\n办理状态: 已办结\n答复日期: 2026-04-06\n{extra}\n"
            "## 质询内容\n\n路灯坏了。\n\n## 办理措施\n\n换了灯头。\n")


@pytest.fixture(scope="module")
def same_day_site(tmp_path_factory):
    """Two 公开 items, two 质询 and a 四议两公开 matter, each pair on one day with no time of day."""
    site = Site(tmp_path_factory.mktemp("same-day") / "village")
    site.pin_today("2026-04-10")
    site.write("posts/p.md", "标题: 文章\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    site.write("disclosures/2026/2026-03-caiwu.md", _disclosure("青禾村村民委员会", "财务收支", "财务", "2026年3月"))
    site.write("disclosures/2026/2026-q1-dangfei.md", _disclosure("中共青禾村支部委员会", "党费收缴", "党务", "2026年第一季度"))
    site.write("cards/质询/2026-04-02-ludeng.md", _inquiry("路灯坏了", "吴志强"))
    site.write("cards/质询/2026-04-02-ludeng-2.md", _inquiry("又一盏路灯坏了", ""))
    site.write("decisions/chaye.yml", "标题: 茶叶加工线\n说明: 添一条加工线。\n步骤:\n  - 步骤: 提议\n    日期: 2026-04-08\n    会议: 村党支部委员会会议\n")
    result = site.build()
    assert result.ok, result.summary()
    return site


def _entries(site, key):
    root = etree.parse(str(site.output / f"feeds/{key}.atom.xml")).getroot()
    return [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}author/{ATOM}name"), e.findtext(f"{ATOM}published"), e.findtext(f"{ATOM}updated"))
            for e in root.findall(f"{ATOM}entry")]


def test_same_day_entries_get_their_publisher_and_distinct_minutes(same_day_site):
    site = same_day_site
    for path in sorted((site.output / "feeds").glob("*.xml")):
        assert check_feed(path, "https://qinghe.example.cn") == [], path.name
    # Listed newest first: the later-listed item keeps 00:00, the one above it moves on a minute.
    assert [e[1:] for e in _entries(site, "gongkai")] == [
        ("中共青禾村支部委员会", "2026-04-08T00:01:00+08:00", "2026-04-08T00:01:00+08:00"),
        ("青禾村村民委员会", "2026-04-08T00:00:00+08:00", "2026-04-08T00:00:00+08:00"),
    ]
    inquiries = sorted(_entries(site, "inquiries"))
    assert [(e[0], e[1]) for e in inquiries] == [("又一盏路灯坏了（已办结）", "青禾村"), ("路灯坏了（已办结）", "吴志强")]
    assert {e[2] for e in inquiries} == {"2026-04-02T00:00:00+08:00", "2026-04-02T00:01:00+08:00"}
    assert {e[3] for e in inquiries} == {"2026-04-06T00:00:00+08:00", "2026-04-06T00:01:00+08:00"}
    assert _entries(site, "juece")[0][1] == "青禾村"  # no disclosure yet: the village speaks for it
    rss = etree.parse(str(site.output / "feeds/gongkai.rss.xml")).getroot()
    assert [i.findtext(f"{DC}creator") for i in rss.iter("item")] == ["中共青禾村支部委员会", "青禾村村民委员会"]


def test_entry_times_are_the_same_on_every_build(same_day_site):
    import shutil

    feeds = same_day_site.output / "feeds"
    first = {p.name: p.read_bytes() for p in feeds.glob("*.xml")}
    shutil.rmtree(same_day_site.output)
    shutil.rmtree(same_day_site.path / ".cache", ignore_errors=True)
    assert same_day_site.build().ok
    assert {p.name: p.read_bytes() for p in feeds.glob("*.xml")} == first
