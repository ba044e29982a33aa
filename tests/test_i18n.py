"""Interface text through message catalogs: nothing Chinese outside gettext in the templates, every
catalog complete and well-formed, an edition's build in its language (dates by Babel), the Chinese
build as it always was, and an edited .po re-rendering the pages."""

from __future__ import annotations

import datetime as dt
import pickle
import re
import shutil
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages import pofile
from conftest import ROOT, Site, edition_settings, messages

from tools import i18n

# Strings a catalog may leave untranslated (the page then shows the Chinese). None: every edition
# translates every msgid, and a new template string fails here until the catalogs have it.
ALLOWED_GAPS: dict[str, list[str]] = {code: [] for code in i18n.LANGUAGES}

POST = "标题: 村里开会\n日期: 2024-05-01\n分类: 党建\n\n今天开会。\n"


# -- the templates ---------------------------------------------------------------------------------

def test_the_scanner_finds_chinese_outside_gettext_and_only_there():
    assert i18n.untranslated("<p>首页</p>\n<a aria-label=\"翻页\">") == [(1, "首页"), (2, "翻页")]
    assert i18n.untranslated('{{ _("首页") }}{{ _(\'第 %(n)s 页\', n=1) }}{# 注释 #}{{ VILLAGE[\'留言\'] }}') == []
    assert i18n.untranslated("{% trans %}菜单{% endtrans %}\n{{ x ~ '公开' }}") == [(2, "公开")]


def test_no_template_shows_chinese_outside_gettext():
    assert i18n.template_problems() == []


def test_no_script_has_chinese_words_of_its_own():
    """The photo viewer's words come from the page (base.html), in the page's language: no string
    literal of a script holds a Chinese word (search.js's 。 for Pagefind's excerpts is punctuation)."""
    for script in sorted((ROOT / "theme" / "static" / "js").glob("*.js")):
        code = re.sub(r"(?m)^\s*//.*$", "", script.read_text("utf-8"))
        literals = re.findall(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", code)
        assert not [s for s in literals if re.search(r"[\u3400-\u9fff]", s)], script.name


def test_no_gettext_call_hides_inside_an_f_string():
    """Babel reads an f-string as one token: a _("…") inside it would never reach the catalogs."""
    hidden = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "plugins" / "village").rglob("*.py"))
              for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
              if re.search(r"""\bf(['"]).*\{[^}]*\b(_|N_|Message)\(""", line)]
    assert hidden == []


def test_the_committed_pot_is_what_extraction_finds(tmp_path):
    extracted = {m.id for m in i18n.extract(tmp_path / "messages.pot") if m.id}
    with i18n.POT.open("rb") as handle:
        committed = {m.id for m in pofile.read_po(handle) if m.id}
    assert extracted - committed == set(), "run invoke i18n-extract and i18n-update"
    assert committed - extracted == set(), "run invoke i18n-extract and i18n-update"
    assert {"首页", "长者模式", "已办结", "%(year)s年%(month)s月", "第 %(index)s 张，共 %(total)s 张"} <= extracted


# -- the catalogs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_every_catalog_translates_every_msgid(code):
    assert i18n.missing(code) == ALLOWED_GAPS[code]


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_every_catalog_says_what_a_native_speaker_checked(code):
    header = i18n.po_file(code).read_text("utf-8").split('msgid ""')[0]
    assert "母语者核对过的条目" in header and "还需要核对的条目" in header


def test_every_catalog_compiles_with_its_placeholders_intact():
    assert i18n.compile_all() == []


def test_invoke_i18n_compile_checks_every_catalog():
    import subprocess
    import sys

    invoke = str(Path(sys.executable).parent / "invoke")
    run = subprocess.run([invoke, "i18n-compile"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0 and "编译完成" in run.stdout and "未翻译" not in run.stdout, run.stdout + run.stderr


def test_a_translation_that_drops_a_placeholder_shows_the_chinese(tmp_path):
    from village.i18n.catalogs import compile_po

    po = tmp_path / "messages.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  '#, python-format\nmsgid "%(days)s 天"\nmsgstr "kün"\n\nmsgid "首页"\nmsgstr "باش بەت"\n', "utf-8")
    problems = compile_po(po, tmp_path / "messages.mo")
    assert len(problems) == 1 and "%(days)s 天" in problems[0][1]
    import gettext

    with (tmp_path / "messages.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("首页") == "باش بەت" and compiled.gettext("%(days)s 天") == "%(days)s 天"


# -- labels Python makes ---------------------------------------------------------------------------

def test_a_message_is_its_chinese_text_and_translates_with_its_values():
    from village.i18n import Day, Message

    label = Message("%(year)s年%(month)s月", year=2026, month=3)
    assert label == "2026年3月" and isinstance(label, str)
    assert pickle.loads(pickle.dumps(label)).msgid == "%(year)s年%(month)s月"
    nested = Message("%(kind)s公开", kind=Message("财务"))
    catalog = {"%(kind)s公开": "%(kind)s ئاشكارىلاش", "财务": "مالىيە"}
    assert nested.localize(lambda s: catalog.get(s, s)) == "مالىيە ئاشكارىلاش"
    day = Message("（至%(date)s）", date=Day(dt.date(2026, 3, 5)))
    assert day == "（至2026年3月5日）"
    assert day.localize(lambda s: s, lambda d: d.isoformat()) == "（至2026-03-05）"


def test_dates_stay_chinese_in_chinese_and_follow_cldr_in_an_edition():
    from village.i18n.jinja import LocalDate
    from village.source.dates import chinese_date

    day = dt.datetime(2026, 3, 5, 9, 30)
    assert LocalDate("zh-CN")(day) == chinese_date(day) == "2026年3月5日"
    assert LocalDate("ug")(day) == format_date(day.date(), "long", locale="ug_CN") == "5-مارت، 2026"
    assert LocalDate("ko")(day) == "2026년 3월 5일"
    assert "ᠰᠠᠷ᠎ᠠ" in LocalDate("mn")(day)  # CLDR's mn_Mong has no month words: the pattern says them


def test_numbers_stay_as_they_were_in_chinese_and_follow_cldr_in_an_edition():
    from babel.numbers import format_decimal
    from village.i18n.jinja import LocalNumber

    assert LocalNumber("zh-CN")(1234567) == "1234567"
    assert LocalNumber("kk")(1234567) == format_decimal(1234567, locale="kk_Arab_CN") != "1234567"


# -- builds ----------------------------------------------------------------------------------------

def test_a_uyghur_build_shows_uyghur_interface_text_and_babel_dates(site):
    site.write("posts/kaihui.md", POST)
    settings = edition_settings(site, "ug")
    result = site.build(settings_file=settings)
    assert result.ok and messages(result, "warning") == [], messages(result, "warning")
    again = site.build(settings_file=settings)  # from the reader cache the first build pickled
    assert again.ok and messages(again, "warning") == [], messages(again, "warning")
    home = site.page("index.html")
    assert '<html lang="ug-Arab-CN" dir="rtl">' in home
    assert ">باش بەت</a>" in home and ">ئىزدەش</a>" in home and "ياشانغانلار ھالىتى" in home
    assert "长者模式" not in home and "跳到正文" not in home and ">首页<" not in home
    assert f">{format_date(dt.date(2024, 5, 1), 'long', locale='ug_CN')}</time>" in home
    assert "2024年5月1日" not in home
    post = site.page("2024/05/cun-li-kai-hui/index.html")
    assert "ئېلان قىلىنغان چېسلا" in post and "发布日期" not in post
    assert 'data-count="جەمئىي {total} سۈرەتنىڭ {index}-سى"' in post  # the photo viewer's words


def test_the_chinese_build_keeps_its_text_and_dates(site):
    site.write("posts/kaihui.md", POST)
    result = site.build()
    assert result.ok, messages(result)
    home = site.page("index.html")
    assert '<html lang="zh-CN" dir="ltr">' in home
    assert ">长者模式</button>" in home and ">首页</a>" in home
    assert '<time datetime="2024-05-01T00:00:00+08:00">2024年5月1日</time>' in home
    assert 'data-count="第 {index} 张，共 {total} 张"' in home


def test_an_edited_catalog_renders_the_pages_again(tmp_path):
    site = Site(tmp_path / "village")
    (site.path / "theme").unlink()
    shutil.copytree(ROOT / "theme", site.path / "theme")  # this test edits the .po
    site.write("posts/kaihui.md", POST)
    settings = edition_settings(site, "ug")
    assert site.build(settings_file=settings).ok
    unchanged = site.build(settings_file=settings)
    assert unchanged.ok and "index.html" not in unchanged.rendered
    po = site.path / "theme" / "translations" / "ug" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "باش بەت"', 'msgstr "باش بەت (سىناق)"'), "utf-8")
    edited = site.build(settings_file=settings)
    assert edited.ok and "index.html" in edited.rendered
    assert ">باش بەت (سىناق)</a>" in site.page("index.html")
