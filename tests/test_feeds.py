"""Feeds: checked against the Atom and RSS 2.0 requirements, not just parsed."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

import pytest
from feedcheck import ATOM, CONTENT, check_atom, check_rss
from lxml import etree


def _post(site, i, category="党建", extra=""):
    site.write(
        f"posts/p{i:02d}.md",
        f"标题: 第{i}条消息\n日期: 2024-05-{i + 1:02d} 08:30\n分类: {category}\n作者: 林晓禾\n{extra}\n"
        f"第{i}条的正文，见[简介](/about/)和![合影](p.png)。\n",
    )


@pytest.fixture
def feed_site(site):
    from PIL import Image

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
        check = check_atom if path.name.endswith(".atom.xml") else check_rss
        assert check(path.read_bytes()) == [], path.name


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
    ids = lambda xml: [e.findtext(f"{ATOM}id") for e in etree.fromstring(xml).findall(f"{ATOM}entry")]  # noqa: E731
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
