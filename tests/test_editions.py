"""Editions in the minority-language scripts: village.yml's editions option, translations and their
checks, and the edition builds (/ug/, /bo/, /mn/…) with hreflang, sitemaps, feeds and search."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess

import pytest
from conftest import Site, messages, minimal_village_yml, scanned_svg, site_files
from feedcheck import ATOM, check_feed
from lxml import etree
from test_privacy import ID
from village import config
from village.editions.languages import LANGUAGES

from tools import build as village_build
from tools import swap

SITE_URL = "https://qinghe.example.cn"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

ORIGINAL = "标题: 冬季森林防火\n日期: 2026-11-18\n分类: 村务\n网址: fang-huo\n\n进入冬季森林防火期，进山请不要带火种。\n"
OTHER = "标题: 村里修好了路灯\n日期: 2026-11-10\n分类: 村务\n网址: lu-deng\n\n三组路口的路灯修好了。\n"
PAGE = "标题: 关于本站\n网址: about\n\n这是青禾村的网站。\n"
UG = "标题: قىشلىق ئورمان ئوت ئاپىتىدىن ساقلىنىش\n日期: 2026-11-18\n分类: 村务\n语言: ug\n原文: fang-huo\n示例译文: 是\n\nئورمان قوغدىغۇچىلار ھەر كۈنى تاغنى چارلايدۇ.\n"
BO = "标题: དགུན་དུས་ནགས་མེ་སྔོན་འགོག\n日期: 2026-11-18\n分类: 村务\n语言: bo\n原文: fang-huo\n\nནགས་སྲུང་བས་ཉིན་རེར་རི་ལ་བསྐོར་བ་བྱེད་ཀྱི་ཡོད།\n"
MN = "标题: ᠡᠪᠦᠯ ᠤᠨ ᠣᠢ\n日期: 2026-11-18\n分类: 村务\n语言: mn\n原文: fang-huo\n\nᠣᠢ ᠬᠠᠮᠢᠶᠠᠭᠴᠢ ᠡᠳᠦᠷ ᠪᠦᠷᠢ ᠡᠷᠭᠦᠦᠯ ᠬᠢᠨ᠎ᠠ᠃\n"
UG_PAGE = "标题: تور بېكەت ھەققىدە\n语言: ug\n原文: about\n\nبۇ چىڭخې كەنتىنىڭ تور بېكىتى.\n"
MONTHLY = "日期: 2026-11-01\n编辑: 林晓禾\n\n## 中心工作\n\n- 党员冬训，12 月集中学习。\n\n## 主要议程\n\n本月无\n\n## 项目建设\n\n本月无\n\n## 文化活动\n\n本月无\n"
UG_MONTHLY = ("日期: 2026-11-01\n语言: ug\n原文: 2026-11\n示例译文: 是\n\n## مەركىزىي خىزمەت\n\n- پارتىيە ئەزالىرىنىڭ قىشلىق تەربىيەسى.\n\n"
              "## ئاساسلىق كۈن تەرتىپى\n\nيوق\n\n## قۇرۇلۇش تۈرلىرى\n\nيوق\n\n## مەدەنىيەت پائالىيىتى\n\nيوق\n")
INQUIRY = ("标题: 公厕夜里不开灯\n收到日期: 2026-11-16\n质询人: 唐玉兰\n办理状态: 办理中\n经办人: 林晓禾\n\n"
           "## 质询内容\n\n公厕晚上不开灯，老人不方便。\n\n## 办理措施\n\n门口临时挂了应急灯。\n")
UG_INQUIRY = ("标题: ھاجەتخانىدا كېچىسى چىراغ يانمايدۇ\n收到日期: 2026-11-16\n质询人: 唐玉兰\n办理状态: 办理中\n经办人: 林晓禾\n"
              "语言: ug\n原文: 2026-11-16-gongce\n\n## سوئال مەزمۇنى\n\nكەچتە چىراغ يانمايدۇ.\n\n## بىر تەرەپ قىلىش تەدبىرى\n\nجىددىي چىراغ ئاستى.\n")


# village.yml's own texts in Uyghur: the village's name and two categories (one with its description)
TRANSLATIONS = """translations:
  ug:
    name: چىڭخې كەنتى
    categories:
      村务: {name: كەنت ئىشلىرى, description: كەنتتىكى چوڭ-كىچىك ئىشلار}
      民俗: خەلق ئادەتلىرى
"""


def village_yml(editions: str = "[ug, bo, mn]", translations: str = TRANSLATIONS) -> str:
    text = re.sub(r"^editions: .*$", f"editions: {editions}", minimal_village_yml(), flags=re.MULTILINE)
    return re.sub(r"^translations:\n(?:  .*\n)+", translations, text, flags=re.MULTILINE)


def edition_site(tmp_path, editions: str = "[ug, bo, mn]") -> Site:
    return Site(tmp_path / "village", village_yml(editions))


# -- the option ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "expected"), [
    ("[ug, xx]", "“xx”不是可以开设的语种。可以写：ug（维吾尔文）"),
    ("[ug, ug]", "“ug”写了两次"),
    ("{ug: 1}", "应当是语种代码的列表，例如“editions: [ug, bo]”"),
])
def test_editions_option_names_the_line_and_what_to_write(tmp_path, written, expected):
    path = tmp_path / "village.yml"
    path.write_text(village_yml(written), "utf-8")
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if text.startswith("editions:"))
    with pytest.raises(config.ConfigError) as raised:
        config.load(path)
    found = [m for m in raised.value.messages if "editions（民族文字版本）" in m]
    assert len(found) == 1 and found[0].startswith(f"第 {line} 行：") and expected in found[0], raised.value.messages


@pytest.mark.parametrize(("written", "key", "expected"), [
    ("translations:\n  xx:\n    name: 村\n", "translations.xx", "translations 的“xx”不是可以开设的语种。可以写：ug（维吾尔文）"),
    ("translations:\n  ug:\n    nmae: 村\n", "translations.ug.nmae", "translations 的“ug”里不认识“nmae”。是不是“name”？"),
    ("translations:\n  ug:\n    categories:\n      村物: كەنت\n", "translations.ug.categories",
     "translations 的“ug”的 categories里的“村物”不是网站的分类。是不是“村务”？网站的分类有：党建、村务、致富、民俗、建言。"),
    ("translations:\n  ko:\n    categories:\n      民俗: {name: 민속, description: 명절, 민간 예술}\n", "translations.ko.categories",
     "“民俗”的译文要写 name（分类名），可以再写 description（分类说明），例如“民俗: {name: 译名, description: 说明的译文}”；说明里有逗号时，请把说明放在引号里"),
])
def test_translations_option_names_the_line_and_what_to_write(tmp_path, written, key, expected):
    path = tmp_path / "village.yml"
    path.write_text(village_yml(translations=written), "utf-8")
    line = config.key_lines(path.read_text("utf-8"))[key]
    with pytest.raises(config.ConfigError) as raised:
        config.load(path)
    found = [m for m in raised.value.messages if expected in m]
    assert len(found) == 1 and found[0].startswith(f"第 {line} 行：") and found[0].count("行：") == 1, raised.value.messages


def test_editions_option_accepts_any_subset_and_defaults_to_none(tmp_path):
    path = tmp_path / "village.yml"
    path.write_text(village_yml("[KO, mn]"), "utf-8")
    assert config.load(path)["editions"] == ["ko", "mn"]
    path.write_text(re.sub(r"^editions: .*\n", "", village_yml(), flags=re.MULTILINE), "utf-8")
    assert config.load(path)["editions"] == []


# -- the checks on translations -------------------------------------------------------------------


def _check(site: Site, relative: str, text: str) -> list[str]:
    site.write("posts/fang-huo.md", ORIGINAL)
    site.write("pages/about.md", PAGE)
    site.write(relative, text)
    result = site.build(check_only=True)
    return [m for m in messages(result) if relative.split("/")[-1] in m]


@pytest.mark.parametrize(("relative", "text", "expected"), [
    ("posts/fang-huo.ug.md", UG.replace("原文: fang-huo", "原文: fang-hou"),
     "第 5 行：找不到原文“fang-hou”：是不是“fang-huo”？content/posts/ 里没有网址名是 fang-hou 的文章"),
    ("pages/about.ug.md", UG_PAGE.replace("原文: about", "原文: fang-huo"),
     "第 3 行：“原文: fang-huo”是一篇文章（fang-huo.md），这个译文却是页面。"),
    ("posts/fang-huo.ko.md", UG.replace("语言: ug", "语言: ko"),
     "第 4 行：网站没有开设朝鲜文版本（village.yml 的 editions，现在开设的是：ug、bo、mn），这篇译文不会发布。请在 village.yml 里写“editions: [ug, bo, mn, ko]”"),
    ("posts/fang-huo.xx.md", UG.replace("语言: ug", "语言: uy"), "第 4 行：“语言: uy”不认识。可以写：ug（维吾尔文）"),
    ("posts/fang-huo.ug.md", UG.replace("原文: fang-huo\n", ""), "第 4 行：译文要写原文是哪一篇：加一行“原文: 原文的网址名”"),
    ("posts/fang-huo.ug.md", UG.replace("语言: ug\n", ""), "第 4 行：译文要写是哪种文字，例如“语言: ug”"),
    ("posts/fang-huo.ug.md", UG.replace("示例译文: 是", "示例译文: 也许"), "第 6 行：“示例译文: 也许”只能写“是”或“否”。"),
])
def test_each_translation_check_names_file_line_and_what_to_write(tmp_path, relative, text, expected):
    found = _check(edition_site(tmp_path), relative, text)
    assert any(expected in m for m in found), found


def test_one_language_appears_once_per_original(tmp_path):
    site = edition_site(tmp_path)
    site.write("posts/fang-huo.ug2.md", UG)
    _check(site, "posts/fang-huo.ug.md", UG)
    assert messages(site.build(check_only=True)) == ["错误  content/posts/fang-huo.ug2.md 第 5 行：维吾尔文译文“原文: fang-huo”已经有一篇：fang-huo.ug.md。"
                      "一篇原文每种文字只能有一篇译文，请删掉其中一个文件，或改正“原文:”。"]


def test_a_translated_disclosure_names_an_existing_item(tmp_path):
    site = edition_site(tmp_path)
    site.write("disclosures/2026/2026-10-dangfei.md", "类型: 党务\n事项: 党费收缴\n期间: 2026年第三季度\n发布日期: 2026-10-10\n公示期: 7天\n"
               "发布机构: 中共青禾村支部委员会\n\n第三季度党费已按时收缴。\n")
    site.write("disclosures/2026/2026-10-dangfei.ug.md", "语言: ug\n原文: 2026-10-dangfe\n标题: پارتىيە ئەزالىق بەدىلى\n\nپارتىيە ئەزالىق بەدىلى ۋاقتىدا تاپشۇرۇلدى.\n")
    found = messages(site.build(check_only=True))
    assert any("2026-10-dangfei.ug.md 第 2 行：找不到原文“2026-10-dangfe”：是不是“2026-10-dangfei”？" in m for m in found), found


def test_translations_go_through_the_privacy_guard_like_originals(tmp_path):
    site = edition_site(tmp_path)
    found = _check(site, "posts/fang-huo.ug.md", UG.replace("چارلايدۇ.", f"چارلايدۇ. {ID}"))
    assert any("身份证号" in m and "第 8 行" in m for m in found), found
    site.write("disclosures/2026/2026-10-dangfei.md", "类型: 党务\n事项: 党费收缴\n期间: 2026年第三季度\n发布日期: 2026-10-10\n公示期: 7天\n"
               "发布机构: 中共青禾村支部委员会\n\n第三季度党费已按时收缴。\n")
    site.write("disclosures/2026/2026-10-dangfei.ug.md", f"语言: ug\n原文: 2026-10-dangfei\n标题: پارتىيە بەدىلى\n\nتاپشۇرۇلدى {ID}\n")
    found = messages(site.build(check_only=True))
    assert any("2026-10-dangfei.ug.md 第 5 行" in m and "身份证号" in m for m in found), found


def test_a_translation_older_than_its_original_is_reported_as_maybe_stale(tmp_path):
    site = edition_site(tmp_path)
    site.write("posts/fang-huo.md", ORIGINAL)
    site.write("posts/fang-huo.ug.md", UG)

    def git(*args, when):
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "信息员",
               "GIT_AUTHOR_EMAIL": "x@example.cn", "GIT_COMMITTER_NAME": "信息员", "GIT_COMMITTER_EMAIL": "x@example.cn"}
        subprocess.run(["git", *args], cwd=site.path, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main", when="2026-11-18T10:00:00+08:00")
    git("add", "-A", when="2026-11-18T10:00:00+08:00")
    git("commit", "-qm", "防火和译文", when="2026-11-18T10:00:00+08:00")
    assert not [m for m in messages(site.build(check_only=True), "warning") if "译文可能已过时" in m]
    site.write("posts/fang-huo.md", ORIGINAL.replace("火种。", "火种，不在林边烧荒。"))
    git("commit", "-qam", "原文改了", when="2026-11-20T09:30:00+08:00")
    stale = [m for m in messages(site.build(check_only=True), "warning") if "译文可能已过时" in m]
    assert stale == ["警告  content/posts/fang-huo.ug.md 第 5 行：译文可能已过时：原文 fang-huo.md 在 2026-11-20 01:30 改过，"
                     "这篇译文最后改于 2026-11-18 02:00。请对照原文更新译文；改好提交后这条提醒就消失。"]


# -- the editions' builds --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """The editions' site and the result of its one build; most tests need only the site (built)."""
    site = edition_site(tmp_path_factory.mktemp("editions"))
    site.write("posts/fang-huo.md", ORIGINAL)
    site.write("posts/lu-deng.md", OTHER)
    site.write("pages/about.md", PAGE)
    for code, text in (("ug", UG), ("bo", BO), ("mn", MN)):
        site.write(f"posts/fang-huo.{code}.md", text)
    site.write("pages/about.ug.md", UG_PAGE)
    site.write("disclosures/2026/2026-10-dangfei.md", "类型: 党务\n事项: 党费收缴\n期间: 2026年第三季度\n发布日期: 2026-10-10\n"
               "公示期: 7天\n发布机构: 中共青禾村支部委员会\n\n第三季度党费已按时收缴。\n")
    site.write("disclosures/2026/2026-10-dangfei.ug.md", "语言: ug\n原文: 2026-10-dangfei\n标题: پارتىيە بەدىلى\n\nۋاقتىدا تاپشۇرۇلدى.\n")
    site.write("cards/明白卡/2026-11.md", MONTHLY)
    site.write("cards/明白卡/2026-11.ug.md", UG_MONTHLY)
    site.write("cards/质询/2026-11-16-gongce.md", INQUIRY)
    site.write("cards/质询/2026-11-16-gongce.ug.md", UG_INQUIRY)
    result = site.build(settings_file="publishconf.py")
    assert result.ok, result.summary()
    return site, result


@pytest.fixture(scope="module")
def built(first_build):
    return first_build[0]


def test_the_editions_time_is_its_own_stage_for_invoke_bench(first_build):
    _, result = first_build
    assert result.stages["editions"] > 0
    assert sum(result.stages.values()) <= result.seconds


def test_an_edition_takes_the_chinese_builds_template_analyses_instead_of_parsing_again(tmp_path, monkeypatch):
    # A cold build: the Chinese site analyses what each template reads; its one edition (built in
    # this process) uses the same theme, so no template source is parsed a second time.
    import hashlib

    import jinja2

    site = edition_site(tmp_path, "[ug]")
    site.write("posts/fang-huo.md", ORIGINAL)
    site.write("posts/fang-huo.ug.md", UG)
    parsed, real = [], jinja2.Environment.parse

    def parse(env, source, *args, **kwargs):
        parsed.append(hashlib.sha1(source.encode()).hexdigest())
        return real(env, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "parse", parse)
    assert site.build().ok
    assert (site.output / "ug" / "2026" / "11" / "fang-huo" / "index.html").is_file()
    assert parsed and len(parsed) == len(set(parsed))


def test_each_edition_is_built_under_its_prefix_with_lang_and_dir(built):
    for code, tag, direction in (("ug", "ug-Arab-CN", "rtl"), ("bo", "bo-CN", "ltr"), ("mn", "mn-Mong-CN", "ltr")):
        for page in (f"{code}/index.html", f"{code}/2026/11/fang-huo/index.html"):
            assert f'<html lang="{tag}" dir="{direction}"' in built.page(page), page
            assert f'<meta property="og:locale" content="{code}_CN">' in built.page(page), page
    assert '<html lang="zh-CN" dir="ltr">' in built.page("index.html")
    assert not (built.output / "ko").exists()  # not enabled


def test_hreflang_links_every_edition_of_a_page_both_ways(built):
    def alternates(page):
        return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', built.page(page)))

    url = "2026/11/fang-huo/"
    chinese = alternates(f"{url}index.html")
    expected = {"zh-CN": f"{SITE_URL}/{url}", "ug-Arab-CN": f"{SITE_URL}/ug/{url}", "bo-CN": f"{SITE_URL}/bo/{url}",
                "mn-Mong-CN": f"{SITE_URL}/mn/{url}", "x-default": f"{SITE_URL}/{url}"}
    assert {k: v for k, v in chinese.items() if k != "zh-Hant"} == expected
    assert alternates(f"ug/{url}index.html") == expected
    assert alternates("ug/about/index.html") == {"zh-CN": f"{SITE_URL}/about/", "ug-Arab-CN": f"{SITE_URL}/ug/about/",
                                                 "x-default": f"{SITE_URL}/about/"}
    assert "hreflang" not in re.sub(r'<link rel="alternate" hreflang="zh-Hant[^>]*>|<link rel="alternate" hreflang="zh-CN[^>]*>', "",
                                    built.page("2026/11/lu-deng/index.html")).split("</head>")[0]
    # the switcher: to this page where an edition has it, else to that edition's home page
    switcher = built.page("2026/11/lu-deng/index.html").split('<nav class="editions')[1].split("</nav>")[0]
    assert f'href="{SITE_URL}/ug/"' in switcher and 'lang="ug-Arab-CN"' in switcher and "ئۇيغۇرچە" in switcher


def test_sitemaps_name_every_edition_of_a_page(built):
    def urls(path):
        root = etree.parse(str(built.output / path)).getroot()
        return {u.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in u.findall(f"{XHTML}link")}
                for u in root.findall(f"{SITEMAP}url")}

    chinese, uyghur = urls("sitemap.xml"), urls("ug/sitemap.xml")
    assert chinese[f"{SITE_URL}/2026/11/fang-huo/"]["ug-Arab-CN"] == f"{SITE_URL}/ug/2026/11/fang-huo/"
    assert chinese[f"{SITE_URL}/2026/11/fang-huo/"]["x-default"] == f"{SITE_URL}/2026/11/fang-huo/"
    assert uyghur[f"{SITE_URL}/ug/2026/11/fang-huo/"]["zh-CN"] == f"{SITE_URL}/2026/11/fang-huo/"
    assert not any("/ug/" in loc for loc in chinese)  # each edition lists its own pages
    assert f"{SITE_URL}/ug/2026/11/lu-deng/" not in uyghur
    assert f"Sitemap: {SITE_URL}/ug/sitemap.xml" in built.page("robots.txt")


def test_edition_feeds_pass_the_feed_checks_and_carry_the_language(built):
    feeds = sorted((built.output / "ug/feeds").glob("*.xml"))
    assert feeds
    for path in feeds:
        assert check_feed(path, f"{SITE_URL}/ug", "ug-Arab-CN") == [], path.name
        assert check_feed(path, f"{SITE_URL}/ug") == [f"{'feed xml:lang' if 'atom' in path.name else 'channel language'} is not zh-CN"]
    atom = etree.parse(str(built.output / "ug/feeds/all.atom.xml")).getroot()
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "ug-Arab-CN"
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == ["قىشلىق ئورمان ئوت ئاپىتىدىن ساقلىنىش"]
    assert "<language>bo-CN</language>" in built.page("bo/feeds/all.rss.xml")
    chinese = etree.parse(str(built.output / "feeds/all.atom.xml")).getroot()
    assert {e.findtext(f"{ATOM}title") for e in chinese.findall(f"{ATOM}entry")} == {"冬季森林防火", "村里修好了路灯"}


def test_an_edition_lists_only_its_translations_and_points_to_the_chinese_edition(built):
    home = built.page("ug/index.html")
    assert "قىشلىق ئورمان ئوت ئاپىتىدىن ساقلىنىش" in home and "村里修好了路灯" not in home
    assert f'<a href="{SITE_URL}/" hreflang="zh-CN">تېخىمۇ كۆپ مەزمۇن خەنزۇچە نەشرىدە' in home
    assert not (built.output / "ug/2026/11/lu-deng").exists()  # untranslated: never half-translated
    article = built.page("ug/2026/11/fang-huo/index.html")
    assert "ئورمان قوغدىغۇچىلار" in article and "进山请不要带火种" not in article
    assert "ئۈلگە تەرجىمە" in article  # 示例译文: 是, said in the edition's script
    assert "ئۈلگە تەرجىمە" not in built.page("bo/2026/11/fang-huo/index.html").replace("ئۇيغۇرچە", "")
    # sections only the Chinese edition has are linked there, not to pages the edition lacks
    assert f'href="{SITE_URL}/albums/"' in article and f'href="{SITE_URL}/ug/albums/"' not in article
    # the Chinese site lists no translation
    chinese = built.page("index.html") + built.page("archives/index.html")
    assert "قىشلىق" not in chinese and "ᠡᠪᠦᠯ" not in chinese


def test_every_edition_has_the_reading_tools_print_and_a_qr_code_to_itself(built, tmp_path):
    for code in ("ug", "bo", "mn"):
        article = built.page(f"{code}/2026/11/fang-huo/index.html")
        for marker in ("data-elderly-toggle", 'data-font-change="1"', "data-print", "theme/js/prefs.js"):
            assert marker in article, (code, marker)
        svg = re.search(r'<svg [^>]*class="qr".*?</svg>', article, re.S).group(0)
        assert scanned_svg(svg, tmp_path) == [f"{SITE_URL}/{code}/2026/11/fang-huo/"]


def test_no_link_in_any_edition_leads_to_a_page_it_lacks(built):
    from tools.linkcheck import check_site

    assert check_site(built.output, SITE_URL) == []
    item = built.page("ug/gongkai/2026/2026-10-dangfei/index.html")
    assert "ۋاقتىدا تاپشۇرۇلدى" in item and "第三季度党费已按时收缴" not in item
    assert f'href="{SITE_URL}/gongkai/"' in item  # the 公开栏 is a Chinese page
    assert not (built.output / "ug/gongkai/index.html").exists()


def test_the_traditional_mirror_converts_only_the_chinese_edition(built):
    assert (built.output / "zh-hant/2026/11/fang-huo/index.html").is_file()
    assert not (built.output / "zh-hant/ug").exists() and not (built.output / "ug/zh-hant").exists()
    assert "zh-Hant" not in built.page("ug/2026/11/fang-huo/index.html")


def test_each_edition_has_its_own_search_index_in_its_language(built):
    shards = json.loads(built.page("ug/pagefind/shards.json"))["shards"]
    languages = {lang for shard in shards for lang in json.loads(built.page(f"ug/pagefind/{shard}/pagefind-entry.json"))["languages"]}
    assert languages == {"ug-arab-cn"}
    main = {lang for shard in json.loads(built.page("pagefind/shards.json"))["shards"]
            for lang in json.loads(built.page(f"pagefind/{shard}/pagefind-entry.json"))["languages"]}
    assert "ug-arab-cn" not in main


def test_a_bad_translation_leaves_the_last_good_site_whole(built):
    before = built.page("ug/2026/11/fang-huo/index.html")
    built.write("posts/fang-huo.bo.md", BO.replace("原文: fang-huo", "原文: fang-hu"))
    try:
        result = built.build(settings_file="publishconf.py")
        assert not result.ok
        assert built.page("ug/2026/11/fang-huo/index.html") == before
        assert (built.output / "bo/2026/11/fang-huo/index.html").is_file()
    finally:
        built.write("posts/fang-huo.bo.md", BO)


def test_an_edition_shows_village_yml_in_its_own_script(built):
    home, article = built.page("ug/index.html"), built.page("ug/2026/11/fang-huo/index.html")
    assert '<span class="brand-name">چىڭخې كەنتى</span>' in home and "<title>چىڭخې كەنتى·" in home
    assert f'<a href="{SITE_URL}/ug/category/cunwu/">كەنت ئىشلىرى</a>' in home.split('<nav aria-label=')[1].split("</nav>")[0]
    assert f'<a href="{SITE_URL}/ug/category/cunwu/">كەنت ئىشلىرى</a>' in article  # the article's own category
    category = built.page("ug/category/cunwu/index.html")
    assert "كەنتتىكى چوڭ-كىچىك ئىشلار" in category and "村里的大事小情" not in category
    assert "كەنت ئىشلىرى" in built.page("ug/feeds/cunwu.atom.xml")
    # nothing written for Tibetan: the Chinese names; the Chinese site is as it was
    assert f'<a href="{SITE_URL}/bo/category/cunwu/">村务</a>' in built.page("bo/index.html")
    assert '<span class="brand-name">青禾村</span>' in built.page("index.html") and "كەنت" not in built.page("index.html")


def test_the_comment_widget_speaks_the_editions_language_where_isso_has_it(tmp_path):
    site = Site(tmp_path / "village", re.sub(r'^留言: .*$', "留言: /isso", village_yml("[ko, ug]"), flags=re.MULTILINE))
    site.write("posts/fang-huo.md", ORIGINAL)
    site.write("posts/fang-huo.ko.md", UG.replace("语言: ug", "语言: ko"))
    site.write("posts/fang-huo.ug.md", UG)
    assert site.build().ok
    assert 'data-isso-lang="ko"' in site.page("ko/2026/11/fang-huo/index.html")
    assert 'data-isso-lang="zh-CN"' in site.page("ug/2026/11/fang-huo/index.html")  # Isso has no Uyghur: Chinese
    assert 'data-isso-lang="zh-CN"' in site.page("2026/11/fang-huo/index.html")


def test_translated_cards_are_published_at_their_originals_address(built):
    card = built.page("ug/cards/monthly/2026-11/index.html")
    assert "پارتىيە ئەزالىرىنىڭ قىشلىق تەربىيەسى" in card and "党员冬训" not in card
    assert "<h2>مەركىزىي خىزمەت</h2>" in card  # a heading written in Uyghur is read as 中心工作
    assert "ئۈلگە تەرجىمە" in card  # 示例译文: 是
    # the list of every card, the month's inquiries and the print page are Chinese pages
    assert f'href="{SITE_URL}/cards/monthly/"' in card and f'href="{SITE_URL}/cards/print/2026-11/"' in card
    inquiry = built.page("ug/cards/inquiries/2026-11/2026-11-16-gongce/index.html")
    assert "كەچتە چىراغ يانمايدۇ" in inquiry and "老人不方便" not in inquiry
    assert "唐某" in inquiry and "唐玉兰" not in inquiry  # masked as in the original: no 同意公开
    assert f'href="{SITE_URL}/cards/inquiries/"' in inquiry
    chinese = built.page("cards/monthly/2026-11/index.html")
    assert f'hreflang="ug-Arab-CN" href="{SITE_URL}/ug/cards/monthly/2026-11/"' in chinese
    assert "قىشلىق" not in built.page("cards/monthly/index.html") + built.page("cards/inquiries/index.html")
    assert not (built.output / "bo/cards/monthly").exists()  # nothing translated into Tibetan


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("cards/明白卡/2026-11.ug.md", UG_MONTHLY.replace("تەربىيەسى.", "تەربىيەسى. {ID}"), "2026-11.ug.md 第 8 行：…身份证号"),
    ("cards/明白卡/2026-11.ug.md", UG_MONTHLY.replace("原文: 2026-11", "原文: 2026-12"),
     "2026-11.ug.md 第 3 行：找不到原文“2026-12”：是不是“2026-11”？content/cards/明白卡/ 里没有网址名是 2026-12 的村情明白卡。"
     "请把“原文:”写成原文网页网址的最后一段（明白卡写原文的月份，例如“原文: 2026-11”）。"),
    ("cards/质询/2026-11-16-gongce.ug.md", UG_INQUIRY.replace("原文: 2026-11-16-gongce", "原文: gongce"),
     "2026-11-16-gongce.ug.md 第 7 行：找不到原文“gongce”"),
    ("cards/质询/2026-11-16-gongce.ug.md", UG_INQUIRY.replace("办理状态: 办理中", "办理状态: 办完了"), "2026-11-16-gongce.ug.md 第 4 行：办理状态“办完了”不认识"),
    ("cards/明白卡/2026-11.ko.md", UG_MONTHLY, "content/cards/明白卡/2026-11.ko.md：明白卡译文的文件名要写成“年-月.语种.md”，例如 2026-11.ug.md，现在是“2026-11.ko.md”。"),
])
def test_card_translations_are_checked_like_their_originals(tmp_path, path, text, expected):
    site = edition_site(tmp_path)
    site.write("cards/明白卡/2026-11.md", MONTHLY)
    site.write("cards/质询/2026-11-16-gongce.md", INQUIRY)
    site.write(path, text.format(ID=ID))
    found = messages(site.build(check_only=True))
    assert any(all(part in m for part in expected.split("…")) for m in found), found


def test_a_matter_translation_is_checked_though_not_yet_published(tmp_path):
    site = edition_site(tmp_path)
    site.write("decisions/2026-lu.ug.yml", f"语言: ug\n原文: 2026-lu\n标题: يول ياساش\n说明: {ID}\n")
    result = site.build(check_only=True)
    assert any("2026-lu.ug.yml 第 1 行：四议两公开的译文还不能发布" in m for m in messages(result, "warning")), messages(result, "warning")
    assert any("2026-lu.ug.yml 第 4 行" in m and "身份证号" in m for m in messages(result)), messages(result)
    assert not any("缺少步骤" in m for m in messages(result))  # a matter's translation is not read as a matter


def test_an_incremental_build_follows_what_only_the_plan_says(tmp_path):
    # 示例译文 of a 公开 item is in no field the render cache fingerprints: the plan keys the cache
    site = edition_site(tmp_path, "[ug]")
    site.write("disclosures/2026/2026-10-dangfei.md", "类型: 党务\n事项: 党费收缴\n期间: 2026年第三季度\n发布日期: 2026-10-10\n公示期: 7天\n"
               "发布机构: 中共青禾村支部委员会\n\n第三季度党费已按时收缴。\n")
    translation = "语言: ug\n原文: 2026-10-dangfei\n示例译文: 是\n标题: پارتىيە بەدىلى\n\nۋاقتىدا تاپشۇرۇلدى.\n"
    site.write("disclosures/2026/2026-10-dangfei.ug.md", translation)
    assert site.build().ok
    page = "ug/gongkai/2026/2026-10-dangfei/index.html"
    assert "ئۈلگە تەرجىمە" in site.page(page)
    site.write("disclosures/2026/2026-10-dangfei.ug.md", translation.replace("示例译文: 是", "示例译文: 否"))
    assert site.build().ok
    assert "ئۈلگە تەرجىمە" not in site.page(page) and "ۋاقتىدا تاپشۇرۇلدى" in site.page(page)




def test_an_edition_whose_inputs_did_not_change_is_linked_from_the_last_site(tmp_path):
    site = edition_site(tmp_path, "[ug, bo]")
    for relative, text in (("posts/fang-huo.md", ORIGINAL), ("posts/lu-deng.md", OTHER), ("posts/fang-huo.ug.md", UG),
                           ("posts/fang-huo.bo.md", BO)):
        site.write(relative, text)
    assert site.build().ok
    # A Chinese post nobody translated: neither edition can show it, both are linked as they were.
    site.write("posts/lu-deng.md", OTHER.replace("三组路口", "三组和四组路口"))
    result = site.build()
    assert result.ok and result.report.counts["editions_reused"] == 2
    assert "三组和四组路口" in site.page("2026/11/lu-deng/index.html")
    linked = {code: site_files(site.output / code) for code in ("ug", "bo")}
    swap.wait_for_clearing(site.output)  # the background job moves the old site's tree into .cache
    for folder in (".cache", "output"):
        shutil.rmtree(site.path / folder)
    result = site.build()
    assert result.ok and "editions_reused" not in result.report.counts
    assert {code: site_files(site.output / code) for code in ("ug", "bo")} == linked  # as a cold build makes them
    # The original of the translations, then one translation: what changed is built again.
    site.write("posts/fang-huo.md", ORIGINAL.replace("进山", "上山"))
    assert "editions_reused" not in site.build().report.counts
    site.write("posts/fang-huo.ug.md", UG.replace("چارلايدۇ", "چارلاپ تۇرىدۇ"))
    result = site.build()
    assert result.ok and result.report.counts["editions_reused"] == 1
    assert "چارلاپ تۇرىدۇ" in site.page("ug/2026/11/fang-huo/index.html")


def test_an_edition_failing_in_its_own_process_fails_the_build_and_keeps_the_last_site(tmp_path, monkeypatch):
    # Editions to build run side by side, one process per core: ug and mn here, bo in a forked child.
    site = edition_site(tmp_path)
    for relative, text in (("posts/fang-huo.md", ORIGINAL), ("posts/fang-huo.ug.md", UG), ("posts/fang-huo.bo.md", BO),
                           ("posts/fang-huo.mn.md", MN)):
        site.write(relative, text)
    assert site.build().ok
    last_site = site_files(site.output)
    run_pelican = village_build._run_pelican

    def failing_in_bo(settings, state):
        if settings["DEFAULT_LANG"] != "bo":
            return run_pelican(settings, state)
        logging.getLogger("pelican.generators").warning("a warning logged in the child")
        state.report.error("theme/templates/article.html", 3, "模板出错")

    monkeypatch.setattr(village_build, "_run_pelican", failing_in_bo)
    site.write("posts/fang-huo.md", ORIGINAL.replace("进山", "上山"))  # every edition translates it: all are built
    result = site.build()
    assert not result.ok
    assert messages(result) == [f"错误  theme/templates/article.html 第 3 行：（{LANGUAGES['bo'].chinese_name}版）模板出错"]
    assert "警告  （整个网站）：Pelican 提示：a warning logged in the child" in messages(result, "warning")
    assert site_files(site.output) == last_site
