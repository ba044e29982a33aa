"""The demo village site, built end to end with the project's own settings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT
from feedcheck import ATOM, check_feed
from lxml import etree

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def _sources() -> list[Path]:
    """The Chinese posts (translations, with 语言:, are published in their editions)."""
    return sorted(p for p in (ROOT / "content" / "posts").rglob("*.md") if not re.search(r"^语言\s*[:：]", p.read_text("utf-8"), re.M))


def test_demo_content_covers_every_feature():
    sources = [p.read_text("utf-8") for p in _sources()]
    assert len(sources) >= 30
    assert sum(1 for s in sources if re.search(r"^(标题|Title)\s*[:：]", s, re.M) is None) >= 5  # microblogs
    assert sum(1 for s in sources if s.startswith("---\n")) == 1  # one YAML front matter
    assert sum(1 for s in sources if re.search(r"^Title:", s, re.M)) >= 3  # English keys
    assert sum(1 for s in sources if "：" in s.split("\n\n")[0]) >= 3  # full-width colons
    months = {m.group(1) for s in sources if (m := re.search(r"(\d{4}[-/.年]\d{1,2})", s))}
    assert len(months) >= 12


def test_every_published_post_has_its_page(demo_output):
    articles = list(demo_output.glob("20[0-9][0-9]/[01][0-9]/*/index.html"))
    drafts = [p for p in _sources() if re.search(r"^(状态|Status)\s*[:：]\s*(草稿|draft)", p.read_text("utf-8"), re.M)]
    assert len(articles) == len(_sources()) - len(drafts)
    assert len(articles) >= 30


def test_categories_pages_and_archives(demo_output):
    for slug, name in (("dangjian", "党建"), ("cunwu", "村务"), ("zhifu", "致富"), ("minsu", "民俗"), ("jianyan", "建言")):
        html = (demo_output / f"category/{slug}/index.html").read_text("utf-8")
        assert f"<h1 class=\"page-title\">{name}</h1>" in html
        assert html.count('class="entry ') >= 1
    for page in ("about/index.html", "site-info/index.html", "archives/index.html", "404.html", "tag/index.html", "feeds/index.html"):
        assert (demo_output / page).is_file(), page
    years = sorted(p.name for p in demo_output.glob("20[0-9][0-9]") if (p / "index.html").is_file())
    assert len(years) >= 2
    archive = (demo_output / "archives/index.html").read_text("utf-8")
    assert archive.count("<h3>") >= 12  # one heading per month


def test_home_timeline_mixes_microblogs_and_cards(demo_output):
    home = (demo_output / "index.html").read_text("utf-8")
    assert 'class="entry entry-micro"' in home and 'class="entry entry-card"' in home  # the first page mixes both
    every_listing = "".join(p.read_text("utf-8") for p in [demo_output / "index.html", *demo_output.glob("page/*/index.html")])
    for count in (2, 4, 9):
        assert f"photo-count-{count}" in every_listing, count


def test_no_third_party_requests_in_any_page(demo_output):
    pattern = re.compile(r'(?:src|href)="(https?:)?//(?!qinghe\.example\.cn)([^"/]+)')
    allowed_links = {"beian.miit.gov.cn"}  # a plain link for people, never loaded by the page
    for page in _html_pages(demo_output):
        html = page.read_text("utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            assert not pattern.search(tag), f"{page}: {tag}"
        hosts = {m.group(2) for m in pattern.finditer(html)} - allowed_links
        assert hosts == set(), f"{page}: {hosts}"


def test_demo_feeds_are_valid(demo_output):
    # Every feed: specs, its own rel=self address, an author on each entry, no two entries at one time.
    feeds = sorted((demo_output / "feeds").glob("*.xml"))
    # all, five categories, albums, 质询, 公开栏 and 四议两公开, each Atom and RSS; the 村村响 podcast (RSS only)
    assert len(feeds) == 21
    for path in feeds:
        assert check_feed(path, "https://qinghe.example.cn") == [], path.name
    gongkai = etree.parse(str(demo_output / "feeds/gongkai.atom.xml")).getroot().findall(f"{ATOM}entry")
    published = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}published") for e in gongkai}
    assert published["2026年第三季度惠农补贴公开"] == "2026-10-12T00:00:00+08:00"  # two items published that day
    assert published["2026年第三季度社会救助公开"] == "2026-10-12T00:01:00+08:00"
    authors = {e.findtext(f"{ATOM}author/{ATOM}name") for e in gongkai}
    assert authors == {"青禾村村民委员会", "中共青禾村支部委员会"}  # each item's 发布机构
    entries = etree.parse(str(demo_output / "feeds/all.atom.xml")).getroot().findall(f"{ATOM}entry")
    assert len(entries) == 20


def test_published_photos_carry_no_exif(demo_output):
    from PIL import Image

    photos = list(demo_output.rglob("*.jpg"))
    assert photos
    for photo in photos:
        with Image.open(photo) as image:
            assert len(image.getexif()) == 0, photo


def test_nu_html_checker_finds_no_errors(demo_output):
    assert shutil.which("java"), "Nu HTML checker needs Java: run make test, which installs it"
    assert VNU.is_file(), "Nu HTML checker missing: run make test (npm ci installs vnu-jar)"
    result = subprocess.run(
        ["java", "-Xss2m", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(demo_output)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert errors == [], "\n".join(errors[:30])
    assert len(_html_pages(demo_output)) > 40


def test_demo_pages_hold_what_their_sources_say(demo_output):
    article = (demo_output / "2026/04/daoxia-gongyang/index.html").read_text("utf-8")
    assert "<title>一田两用、一水两收：青禾村试点稻虾共养·青禾村</title>" in article
    for label, value in (("作者", "林晓禾"), ("来源", "青禾村村民委员会"), ("编辑", "周敏"), ("分类", "致富")):
        assert re.search(rf"<dt>{label}</dt><dd>(<a [^>]+>)?(<bdi>)?{value}", article), label
    assert '<td class="align-right">3200</td>' in article  # the Markdown table's alignment, as the sanitiser writes it
    assert 'alt="试点田边的青草地"' in article
    yaml_post = (demo_output / "2026/01").glob("*/index.html")
    assert any("村规民约修订稿公开征求意见" in p.read_text("utf-8") for p in yaml_post)
    draft_title = "合作社明年茶叶精加工计划"
    assert not any(draft_title in p.read_text("utf-8", errors="ignore") for p in demo_output.rglob("*") if p.is_file())
    newest = etree.parse(str(demo_output / "feeds/all.atom.xml")).getroot().find(f"{ATOM}entry")
    assert newest.findtext(f"{ATOM}title") == "进入冬季森林防火期，进山请不要带火种…"
    assert newest.findtext(f"{ATOM}published") == "2026-11-18T00:00:00+08:00"
    assert "支付" in (demo_output / "tag/zhi1-fu4/index.html").read_text("utf-8")
    assert "致富" in (demo_output / "tag/zhi4-fu4/index.html").read_text("utf-8")


def test_sitemap_lists_what_is_published_and_nothing_else(demo_output):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = etree.parse(str(demo_output / "sitemap.xml")).getroot()
    locs = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    assert all(loc.startswith("https://qinghe.example.cn/") for loc in locs)
    assert "https://qinghe.example.cn/2026/04/daoxia-gongyang/" in locs
    assert "https://qinghe.example.cn/albums/2026-yuanxiao-wanhui/" in locs
    assert "https://qinghe.example.cn/about/" in locs
    articles = list(demo_output.glob("20[0-9][0-9]/[01][0-9]/*/index.html"))
    assert sum(1 for loc in locs if re.search(r"\.cn/20\d\d/\d\d/[^/]+/$", loc)) == len(articles)
    # The 繁體 mirror of each page is listed too, and each entry names both versions.
    assert sum(1 for loc in locs if re.search(r"/zh-hant/20\d\d/\d\d/[^/]+/$", loc)) == len(articles)
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    for url in root.findall("s:url", ns):
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(xhtml)}
        loc = url.find("s:loc", ns).text
        # every page has both scripts; a translated one (editions/) also the editions that have it and x-default
        assert {"zh-CN", "zh-Hant"} <= set(alternates) and loc in alternates.values()
        editions = set(alternates) - {"zh-CN", "zh-Hant", "x-default"}
        assert editions <= {"ug-Arab-CN", "kk-Arab-CN", "mn-Mong-CN", "bo-CN", "ko-CN"}
        assert ("x-default" in alternates) == bool(editions), alternates
        assert alternates["zh-Hant"] == alternates["zh-CN"].replace(".cn/", ".cn/zh-hant/", 1)
    lastmods = [m.text for m in root.findall("s:url/s:lastmod", ns)]
    assert lastmods and all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$", m) for m in lastmods)
    assert "Sitemap: https://qinghe.example.cn/sitemap.xml" in (demo_output / "robots.txt").read_text("utf-8")


def test_month_archive_is_titled_in_chinese(demo_output):
    page = (demo_output / "2026" / "11" / "index.html").read_text("utf-8")
    assert '<h1 class="page-title">2026年11月的文章</h1>' in page and "November" not in page
