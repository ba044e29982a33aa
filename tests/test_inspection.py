"""Inspection-ready: finance sign-off, record fields, honest dates from git, page metadata,
column freshness and the ways to reach the village — each rule failing and passing."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import messages
from test_cards import inquiry
from test_disclosure import disclosure_site, item
from village.gongkai.review import missing_message, parse_review
from village.inspection import history

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


# -- honest dates from git --------------------------------------------------------------------------

POST = "标题: 支部主题党日\n日期: {date}\n分类: 党建\n网址: dangri\n{extra}\n正文。\n"


def git(cwd, *args, when="2026-04-20T10:00:00+08:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "信息员",
           "GIT_AUTHOR_EMAIL": "x@example.cn", "GIT_COMMITTER_NAME": "信息员", "GIT_COMMITTER_EMAIL": "x@example.cn"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def commit_all(site, when, message="内容"):
    git(site.path, "add", "-A", when=when)
    git(site.path, "commit", "-qm", message, when=when)


@pytest.fixture
def repo_site(site):
    site.pin_today("2026-04-25")
    yml = site.path / "village.yml"
    yml.write_text(yml.read_text("utf-8").replace("history_since: 2026-11-24", 'history_since: ""'), "utf-8")
    git(site.path, "init", "-q", "-b", "main")
    return site


def date_warnings(result) -> list[str]:
    """The warnings about content files (the 公开日历's own reminders name the folder)."""
    return [w for w in messages(result, "warning") if w.startswith("警告  content/") and not w.startswith("警告  content/disclosures：")]


def test_post_committed_long_after_its_date_warns_and_shows_backfilled_on(repo_site):
    site = repo_site
    site.write("posts/a.md", POST.format(date="2026-04-01", extra=""))
    commit_all(site, "2026-04-20T10:00:00+08:00")
    result = site.build()
    assert result.ok, result.summary()
    (warning,) = date_warnings(result)
    assert warning.startswith("警告  content/posts/a.md 第 2 行：日期是 2026-04-01，但这个文件 2026-04-20 才第一次提交，晚了 19 天。")
    assert "补录: 会议当天停电，次日补发" in warning
    page = site.page("2026/04/dangri/index.html")
    assert '<dt>补录于</dt><dd class="backfilled"><time datetime="2026-04-20">2026年4月20日</time></dd>' in page


def test_backfilled_on_appears_when_an_unchanged_file_is_first_committed(repo_site):
    site = repo_site
    site.write("posts/a.md", POST.format(date="2026-04-01", extra=""))
    site.write("posts/b.md", POST.format(date="2026-04-02", extra="").replace("网址: dangri", "网址: other"))
    git(site.path, "add", "content/posts/b.md")
    git(site.path, "commit", "-qm", "另一篇", when="2026-04-03T10:00:00+08:00")
    assert site.build().ok  # a.md not committed yet: it counts as first published today
    assert '<time datetime="2026-04-25">' in site.page("2026/04/dangri/index.html")
    commit_all(site, "2026-04-20T10:00:00+08:00")  # its bytes do not change, git's view of it does
    result = site.build()
    assert result.report.counts.get("render_cache_hits", 0) > 0  # the warm build reused other pages
    page = site.page("2026/04/dangri/index.html")
    assert '<dt>补录于</dt><dd class="backfilled"><time datetime="2026-04-20">' in page


def test_backfill_reason_silences_the_warning_and_is_shown(repo_site):
    site = repo_site
    site.write("posts/a.md", POST.format(date="2026-04-01", extra="补录: 会议当天停电，次日补发\n"))
    commit_all(site, "2026-04-20T10:00:00+08:00")
    result = site.build()
    assert messages(result, "warning") == []
    page = site.page("2026/04/dangri/index.html")
    assert "2026年4月20日</time>（会议当天停电，次日补发）</dd>" in page


def test_post_committed_within_the_threshold_is_not_backfilled(repo_site):
    site = repo_site
    site.write("posts/a.md", POST.format(date="2026-04-15", extra=""))
    commit_all(site, "2026-04-20T10:00:00+08:00")  # 5 days: within the default 7
    result = site.build()
    assert messages(result, "warning") == []
    assert not any("补录于" in p.read_text("utf-8") for p in site.output.rglob("index.html"))


def test_threshold_comes_from_village_yml(repo_site):
    site = repo_site
    yml = site.path / "village.yml"
    yml.write_text(yml.read_text("utf-8").replace("backdate_days: 7", "backdate_days: 3"), "utf-8")
    site.write("posts/a.md", POST.format(date="2026-04-15", extra=""))
    commit_all(site, "2026-04-20T10:00:00+08:00")
    assert any("晚了 5 天" in w for w in messages(site.build(), "warning"))


def test_date_changed_after_publication_warns_and_keeps_the_history(repo_site):
    site = repo_site
    item_file = "disclosures/2026/2026-q1-dangfei.md"
    site.write(item_file, item(kind="党务", subject="党费收缴", period="2026年第一季度", date="2026-04-03"))
    site.write("posts/p.md", "标题: 文章\n日期: 2026-04-02\n分类: 村务\n\n正文。\n")
    commit_all(site, "2026-04-03T09:00:00+08:00")
    site.write(item_file, item(kind="党务", subject="党费收缴", period="2026年第一季度", date="2026-03-31"))
    commit_all(site, "2026-04-12T09:00:00+08:00", "改日期")
    result = site.build()
    (warning,) = date_warnings(result)
    assert warning == (
        f"警告  content/{item_file} 第 4 行：发布日期在公开以后被改过：2026-04-12 由 2026-04-03 改为 2026-03-31。"
        "检查时改动过的发布日期会被当作“伪造发布日期”。页面上会显示修改记录；请加一行“修改说明: 为什么改”，例如“修改说明: 原日期录入有误”。"
    )
    page = site.page("gongkai/2026/2026-q1-dangfei/index.html")
    assert "<h2 id=\"change-log-heading\">修改记录</h2>" in page
    assert "<li>2026年4月12日：发布日期由 2026-04-03 改为 2026-03-31</li>" in page


def test_change_note_silences_the_warning_and_is_shown(repo_site):
    site = repo_site
    item_file = "disclosures/2026/2026-q1-dangfei.md"
    site.write(item_file, item(kind="党务", subject="党费收缴", period="2026年第一季度", date="2026-04-03"))
    site.write("posts/p.md", "标题: 文章\n日期: 2026-04-02\n分类: 村务\n\n正文。\n")
    commit_all(site, "2026-04-03T09:00:00+08:00")
    site.write(item_file, item(kind="党务", subject="党费收缴", period="2026年第一季度", date="2026-03-31", extra="修改说明: 原日期录入有误\n"))
    commit_all(site, "2026-04-12T09:00:00+08:00", "改日期")
    result = site.build()
    assert date_warnings(result) == []
    assert "<p>修改说明：原日期录入有误</p>" in site.page("gongkai/2026/2026-q1-dangfei/index.html")


def test_date_corrected_before_it_was_public_is_no_change(repo_site):
    site = repo_site
    site.write("posts/a.md", POST.format(date="2026-04-30", extra="状态: 草稿\n"))
    site.write("posts/p.md", "标题: 文章\n日期: 2026-04-19\n分类: 村务\n\n正文。\n")
    commit_all(site, "2026-04-19T09:00:00+08:00")
    site.write("posts/a.md", POST.format(date="2026-04-21", extra=""))  # still in the future when changed
    commit_all(site, "2026-04-20T09:00:00+08:00")
    result = site.build()
    assert messages(result, "warning") == []


def test_without_git_the_build_says_dates_were_not_checked(site):
    site.write("posts/a.md", POST.format(date="2020-01-01", extra=""))
    result = site.build()
    assert result.ok and messages(result, "warning") == []
    assert result.report.notes == ["网站文件夹不在 git 仓库里，没有核对发布日期是否补录或改动过。"]


def test_shallow_clone_is_reported(repo_site, tmp_path):
    site = repo_site
    site.write("posts/a.md", POST.format(date="2026-04-18", extra=""))
    commit_all(site, "2026-04-19T09:00:00+08:00")
    site.write("posts/b.md", POST.format(date="2026-04-19", extra="").replace("dangri", "dier"))
    commit_all(site, "2026-04-20T09:00:00+08:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site.path}", str(clone))
    from conftest import village_build

    result = village_build.build(clone)
    assert any("这是一份浅克隆" in w and "fetch-depth: 0" in w and "GIT_DEPTH: 0" in w for w in messages(result, "warning"))


def test_history_of_many_files_takes_two_git_processes(repo_site, monkeypatch):
    site = repo_site
    for n in range(40):
        site.write(f"posts/p{n}.md", POST.format(date="2026-04-18", extra="").replace("dangri", f"p{n}"))
    commit_all(site, "2026-04-19T09:00:00+08:00")
    calls = []
    real = history._git
    monkeypatch.setattr(history, "_git", lambda args, cwd: calls.append(args[0]) or real(args, cwd))
    found = history.read_history(site.content, "Asia/Shanghai")
    assert calls == ["rev-parse", "log"]
    assert len(found.files) == 40
    first = found.files[str((site.content / "posts/p7.md").resolve())].first_commit
    assert first.isoformat() == "2026-04-19T09:00:00+08:00"


def test_ci_templates_fetch_the_whole_history():
    from conftest import ROOT

    workflow = (ROOT / ".github/workflows/site.yml").read_text("utf-8")
    assert workflow.count("fetch-depth: 0") == workflow.count("actions/checkout@")
    assert 'GIT_DEPTH: "0"' in (ROOT / ".gitlab-ci.yml").read_text("utf-8")


# -- page metadata (政府网站发展指引) ----------------------------------------------------------------

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource", "Url")


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "")[:1].isupper():
            self.tags.setdefault(attrs["name"], []).append(attrs.get("content", ""))


def gov_meta(html: str) -> dict[str, str]:
    parser = _Meta()
    parser.feed(html)
    assert all(len(v) == 1 for v in parser.tags.values()), parser.tags  # each tag once
    return {k: v[0] for k, v in parser.tags.items()}


@pytest.fixture(scope="module")
def meta_site(tmp_path_factory):
    from conftest import Site, minimal_village_yml

    yml = re.sub(r"^site_id_code: .*$", 'site_id_code: "5399990001"', minimal_village_yml(), flags=re.M)
    site = Site(tmp_path_factory.mktemp("meta") / "village", yml)
    site.pin_today("2026-04-10")
    site.write("posts/a.md", "标题: 春耕备耕会\n日期: 2026-03-01 19:30\n分类: 党建\n标签: 春耕\n作者: 林晓禾\n来源: 村党支部\n网址: chungeng\n\n正文。\n")
    site.write("pages/about.md", "标题: 村情简介\n网址: about\n\n简介。\n")
    site.write("disclosures/2026/2026-03-caiwu.md", item(extra="主题分类: 财政、审计\n成文日期: 2026-04-02\n文号: 青村发〔2026〕1号\n有效性: 有效\n公开形式: 主动公开\n公开责任部门: 青禾村村民委员会\n政策解读: posts/a.md"))
    result = site.build()
    assert result.ok, result.summary()
    return site


PAGE_TYPES = {
    "index.html": ("首页", "首页", False),
    "2026/03/chungeng/index.html": ("党建", "动态信息", True),
    "category/dangjian/index.html": ("党建", "动态信息", False),
    "about/index.html": ("村情简介", "网站信息", False),
    "gongkai/index.html": ("公开栏", "信息公开", False),
    "gongkai/2026/2026-03-caiwu/index.html": ("财务公开", "信息公开", True),
    "gongkai/rili/index.html": ("公开栏", "信息公开", False),
    "search/index.html": ("搜索", "网站信息", False),
}


@pytest.mark.parametrize("mirror", ["", "zh-hant/"])
@pytest.mark.parametrize(("page", "expected"), PAGE_TYPES.items())
def test_every_page_type_carries_the_guide_metadata_in_both_scripts(meta_site, page, expected, mirror):
    column, column_type, is_article = expected
    tags = gov_meta(meta_site.page(mirror + page))
    assert set(SITE_TAGS) <= set(tags)
    assert tags["SiteDomain"] == "qinghe.example.cn" and tags["SiteIDCode"] == "5399990001"
    converted = {"公开栏": "公開欄", "财务公开": "財務公開", "党建": "黨建", "搜索": "搜索", "首页": "首頁", "村情简介": "村情簡介"}
    assert tags["ColumnName"] == (converted[column] if mirror else column)
    assert tags["ColumnType"] == column_type
    assert tags["ColumnKeywords"].startswith(tags["ColumnName"] + ",")
    assert set(ARTICLE_TAGS) <= set(tags) if is_article else not set(ARTICLE_TAGS) & set(tags)
    if is_article:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", tags["PubDate"])
        assert tags["Url"] == f"https://qinghe.example.cn/{mirror}{page.removesuffix('index.html')}"


def test_article_metadata_values(meta_site):
    tags = gov_meta(meta_site.page("2026/03/chungeng/index.html"))
    assert tags["ArticleTitle"] == "春耕备耕会" and tags["PubDate"] == "2026-03-01 19:30"
    assert tags["ContentSource"] == "村党支部" and tags["Keywords"] == "春耕" and tags["Author"] == "林晓禾"
    item_tags = gov_meta(meta_site.page("gongkai/2026/2026-03-caiwu/index.html"))
    assert item_tags["ContentSource"] == "青禾村村民委员会" and item_tags["PubDate"] == "2026-04-05 00:00"


def test_site_id_code_is_shown_in_the_footer(meta_site):
    assert "<p>网站标识码：5399990001</p>" in meta_site.page("index.html")


def test_bad_site_id_code_is_a_clear_settings_error(site):
    yml = site.path / "village.yml"
    yml.write_text(re.sub(r"^site_id_code: .*$", "site_id_code: 53-9999", yml.read_text("utf-8"), flags=re.M), "utf-8")
    result = site.build()
    (error,) = messages(result)
    assert "site_id_code（网站标识码）“53-9999”写法不对：网站标识码是 10 位数字" in error and "village.yml" in error


def test_without_site_id_code_the_tag_and_footer_line_are_left_out(site):
    yml = site.path / "village.yml"
    yml.write_text(re.sub(r"^site_id_code: .*$", 'site_id_code: ""', yml.read_text("utf-8"), flags=re.M), "utf-8")
    site.write("posts/a.md", "标题: 文章\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    assert site.build().ok
    page = site.page("index.html")
    assert "SiteIDCode" not in gov_meta(page) and "网站标识码" not in page


# -- disclosure record fields ----------------------------------------------------------------------

def test_record_fields_are_shown_and_indexed(meta_site):
    page = meta_site.page("gongkai/2026/2026-03-caiwu/index.html")
    for label, value in [("主题分类", "财政、审计"), ("成文日期", "2026年4月2日"), ("文号", "青村发〔2026〕1号"), ("有效性", "有效"),
                         ("公开形式", "主动公开"), ("公开责任部门", "青禾村村民委员会")]:
        assert f"<div><dt>{label}</dt><dd>{value}</dd></div>" in page
    assert '<dt>政策解读</dt><dd><a href="/2026/03/chungeng/">春耕备耕会</a></dd>' in page
    body = page.split("data-pagefind-body")[1]
    assert "青村发〔2026〕1号" in body  # inside what the search indexes


@pytest.mark.parametrize(("extra", "expected"), [
    ("有效性: 作废", "第 7 行：有效性“作废”不认识。只能写：有效、失效、废止。"),
    ("文号: 青村发[2026]3号", "第 7 行：文号“青村发[2026]3号”写法不对：年份要用六角括号〔〕，最后写“号”。请写成“青村发〔2026〕3号”。"),
    ("成文日期: 2026-04-06", "第 7 行：成文日期 2026-04-06 晚于发布日期 2026-04-05。"),
    ("公开形式: 张贴", "第 7 行：公开形式“张贴”不认识。只能写：主动公开、依申请公开"),
    ("政策解读: posts/none.md", "第 7 行：政策解读“posts/none.md”在本站找不到。"),
])
def test_record_fields_are_checked(site, extra, expected):
    result = disclosure_site(site, **{"disclosures/2026/2026-03-caiwu.md": item(extra=extra)})
    (error,) = messages(result)
    assert error.startswith(f"错误  content/disclosures/2026/2026-03-caiwu.md {expected}"), error


def test_interpretation_by_address_or_index_number(site):
    result = disclosure_site(site, **{
        "disclosures/2026/2026-03-caiwu.md": item(extra="政策解读: /gongkai/2026/2026-q1-dangfei/"),
        "disclosures/2026/2026-q1-dangfei.md": item(kind="党务", subject="党费收缴", period="2026年第一季度", date="2026-04-03"),
    })
    assert result.ok, result.summary()
    assert '<dt>政策解读</dt><dd><a href="/gongkai/2026/2026-q1-dangfei/">' in site.page("gongkai/2026/2026-03-caiwu/index.html")


# -- column freshness and 网站运行情况 --------------------------------------------------------------

@pytest.fixture(scope="module")
def status_site(tmp_path_factory):
    from conftest import ROOT, Site

    site = Site(tmp_path_factory.mktemp("status") / "village", (ROOT / "village.yml").read_text("utf-8").replace("emblem: images/emblem.svg", 'emblem: ""').replace("contact_page: contact", 'contact_page: ""').replace("wechat_qr: images/wechat-qr.png", 'wechat_qr: ""'))
    site.pin_today("2026-04-10")
    site.write("pages/site-info.md", "标题: 网站运行情况\n网址: site-info\n\n本站由村信息员维护。\n")
    site.write("posts/a.md", "标题: 党课\n日期: 2026-04-05\n分类: 党建\n\n正文。\n")
    site.write("posts/b.md", "标题: 通知\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    site.write("disclosures/2026/2026-01-caiwu.md", item(period="2026年1月", date="2026-02-05"))  # on time (by 2-10)
    site.write("disclosures/2026/2026-02-caiwu.md", item(period="2026年2月", date="2026-03-15"))  # late (by 3-10)
    site.write("disclosures/2026/2026-03-caiwu.md", item())  # 2026-04-05: on time (by 4-10)
    site.write("cards/质询/a.md", inquiry())  # answered in 7 days
    site.write("cards/质询/b.md", inquiry(received="2026-03-20", answered="2026-03-22", person="李某"))  # 2 days
    site.write("cards/质询/c.md", inquiry(received="2026-03-25", status="暂缓办理", answered="", measures="", reason="要等镇里统一招标。"))
    site.write("cards/质询/d.md", inquiry(received="2025-12-01", status="办理中", answered="", measures="", reason="水利站明年春天才来勘测。"))
    site.write("nianbao/2026.md", "年度: 2026\n发布日期: 2026-04-09\n\n## 总体情况\n\n今年按月公开财务。\n")
    result = site.build()
    assert result.ok, result.summary()
    return site, result


def test_a_stale_news_column_warns(status_site):
    _, result = status_site
    assert "警告  content：栏目“村务”已经 40 天没有更新（最近一次是 2026-03-01）。动态类栏目超过 14 天不更新，检查时算“栏目不更新”。" \
        "请发一条这个栏目的新内容（阈值在 village.yml 的 freshness 里设置）。" in messages(result, "warning")


def test_a_fresh_column_does_not_warn(status_site):
    _, result = status_site
    assert not any("栏目“党建”" in w or "栏目“财务公开”" in w for w in messages(result, "warning"))


def test_empty_columns_warn_and_five_reach_the_veto_line(status_site):
    _, result = status_site
    (empty,) = [w for w in messages(result, "warning") if "空栏目" in w]
    assert "有 5 个空栏目（没有任何内容）：致富、民俗、建言、党务公开、村务公开。" in empty and "已达到检查的单项否决线" in empty


def test_inquiry_unanswered_for_three_months_warns(status_site):
    _, result = status_site
    assert any("有 1 张质询回音卡“办理中”已超过 3 个月" in w for w in messages(result, "warning"))


def test_site_info_page_shows_columns_calendar_rate_and_inquiries(status_site):
    site, _ = status_site
    page = site.page("site-info/index.html")
    assert "<h1>网站运行情况</h1>" in page and "本站由村信息员维护。" in page
    # By hand: 3 finance months due by 04-10, 2 on time, 1 late (02 posted 03-15); quarterly ones not yet due.
    assert "<dd>67%（应公开 3 期，按时 2 期，逾期公开 1 期）</dd>" in page
    # 4 inquiries: answered after 7 and 2 days (median 4.5), one deferred, one open since 2025-12-01.
    assert "<dd>4 件（已办结 2 件，暂缓办理 1 件）</dd>" in page and "<dd>4.5 天</dd>" in page
    row = page.split('<tr class="column-stale">')[1].split("</tr>")[0]
    assert ">村务</a></th>" in row and "<td>2026年3月1日</td>" in row and ">40<" in row and "✘ 超期未更新" in row
    assert '<tr class="column-empty"><th scope="row">致富</th>' in page


def test_freshness_thresholds_are_validated(site):
    yml = site.path / "village.yml"
    yml.write_text(yml.read_text("utf-8").replace("  news_days: 0", "  news_days: 两周").replace("[民俗, 建言, 致富]", "[民生]"), "utf-8")
    errors = messages(site.build())
    assert any("freshness.news_days（动态类栏目多少天不更新算超期）应当是正整数（写 0 表示不检查），现在写的是“两周”。" in e for e in errors)
    assert any("“民生”不是分类名" in e for e in errors)


# -- a way to ask: 互动, 我要反映, 纠错 ------------------------------------------------------------------

def _hrefs(page: str, marker: str) -> list[str]:
    import html as html_lib

    return [html_lib.unescape(h) for h in re.findall(rf'<a href="([^"]+)" {marker}>', page)]


def _mailto(href: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    return unquote(parts.path), {k: v[0] for k, v in parse_qs(parts.query).items()}


@pytest.fixture(scope="module")
def ask_site(tmp_path_factory):
    from conftest import Site, minimal_village_yml

    yml = minimal_village_yml().replace("  email: qinghe-cunwei@example.cn", "  email: cunwei@example.cn")
    site = Site(tmp_path_factory.mktemp("ask") / "village", yml)
    site.pin_today("2026-04-10")
    site.write("posts/a.md", "标题: 春耕备耕会\n日期: 2026-03-01\n分类: 党建\n网址: chungeng\n\n正文。\n")
    site.write("disclosures/2026/2026-03-caiwu.md", item())
    site.write("cards/质询/a.md", inquiry(extra="标题: 村东路灯不亮"))
    result = site.build()
    assert result.ok, result.summary()
    return site


@pytest.mark.parametrize("page", ["index.html", "2026/03/chungeng/index.html", "gongkai/2026/2026-03-caiwu/index.html",
                                  "gongkai/rili/index.html", "cards/inquiries/index.html", "hudong/index.html", "search/index.html"])
def test_every_page_has_a_correction_link_with_its_address(ask_site, page):
    (href,) = _hrefs(ask_site.page(page), "data-correction")
    address, fields = _mailto(href)
    assert address == "cunwei@example.cn"
    assert fields["subject"].startswith("纠错：")
    assert f"网址：https://qinghe.example.cn/{page.removesuffix('index.html')}\n" in fields["body"]


def test_correction_link_on_a_traditional_page_names_that_page(ask_site):
    (href,) = _hrefs(ask_site.page("zh-hant/2026/03/chungeng/index.html"), "data-correction")
    _, fields = _mailto(href)
    assert fields["subject"] == "糾錯：春耕備耕會·青禾村"
    assert "網址：https://qinghe.example.cn/zh-hant/2026/03/chungeng/\n" in fields["body"]


def test_report_block_on_a_disclosure_item_prefills_title_and_address(ask_site):
    page = ask_site.page("gongkai/2026/2026-03-caiwu/index.html")
    assert '<h2 id="ask-heading">我要反映</h2>' in page
    (href,) = _hrefs(page, "data-ask-mail")
    address, fields = _mailto(href)
    assert address == "cunwei@example.cn" and fields["subject"] == "我要反映：2026年3月财务收支公开"
    assert fields["body"].startswith("页面：2026年3月财务收支公开\n网址：https://qinghe.example.cn/gongkai/2026/2026-03-caiwu/\n")
    assert '<a href="tel:00000000000">0000-0000000</a>' in page


def test_report_block_on_an_inquiry_card(ask_site):
    card = next(p for p in (ask_site.output / "cards/inquiries").rglob("index.html") if "村东路灯不亮·质询回音卡" in p.read_text("utf-8"))
    (href,) = _hrefs(card.read_text("utf-8"), "data-ask-mail")
    assert _mailto(href)[1]["subject"] == "我要反映：村东路灯不亮"


def test_interaction_page_lists_channels_and_how_an_inquiry_becomes_a_card(ask_site):
    page = ask_site.page("hudong/index.html")
    assert "<h1>互动：向村里反映问题</h1>" in page and "质询回音卡" in page
    assert "办公时间：周一至周五" in page and '<a href="/hudong/" aria-current="page">互动</a>' in page


def test_wechat_qr_must_exist_and_email_must_be_an_address(site):
    yml = site.path / "village.yml"
    text = yml.read_text("utf-8").replace('  wechat_qr: ""', "  wechat_qr: images/qr.png").replace("qinghe-cunwei@example.cn", "qinghe-cunwei")
    yml.write_text(text, "utf-8")
    errors = messages(site.build())
    assert any("channels.wechat_qr（微信二维码图片）找不到文件 content/images/qr.png" in e for e in errors)
    assert any("channels.email（邮箱）“qinghe-cunwei”不是邮箱地址" in e for e in errors)


def test_a_site_without_any_channel_warns_of_the_veto(site):
    yml = site.path / "village.yml"
    text = re.sub(r"^channels:\n(  .*\n)+", "", yml.read_text("utf-8"), flags=re.M)
    yml.write_text(text.replace("office_phone: 0000-0000000", 'office_phone: ""'), "utf-8")
    site.write("posts/a.md", "标题: 文章\n日期: 2026-03-01\n分类: 村务\n\n正文。\n")
    result = site.build()
    assert any("没有写村民反映问题的渠道" in w and "一票否决" in w for w in messages(result, "warning"))
    assert "data-correction" not in site.page("index.html")


# -- the yearly 信息公开 report ---------------------------------------------------------------------

def _cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html)]


def test_yearly_report_numbers_from_the_fixture(status_site):
    site, _ = status_site
    page = site.page("gongkai/nianbao/2026/index.html")
    assert "<h1>青禾村2026年信息公开工作年度报告</h1>" in page and "今年按月公开财务。" in page
    by_type = page.split("按公开类型（共 3 项）")[1].split("</table>")[0]
    assert _cells(by_type)[2:] == ["党务公开", "0", "村务公开", "0", "财务公开", "3"]
    # Finance by hand: 1月 on time (02-05 ≤ 02-10), 2月 late (03-15 > 03-10), 3月 on time (04-05 ≤ 04-10);
    # the quarterly subjects' first quarter is due on 04-10, not yet missed on 04-10.
    calendar = page.split("公开日历：2026年应公开的期数")[1].split("</table>")[0]
    assert _cells(calendar)[5:] == ["财务收支", "3", "2", "1", "0", "合计", "3", "2", "1", "0"]
    # Inquiries received in 2026: answered after 7 and 2 days, one deferred; the 2025 one is last year's.
    inquiries = page.split("2026年收到的质询（质询回音卡）")[1].split("</table>")[0]
    assert _cells(inquiries)[5:] == ["3", "2", "1", "0", "4.5 天"]
    assert "<li>村东头的路灯坏了。：要等镇里统一招标。</li>" in page or "：要等镇里统一招标。</li>" in page
    assert "补录（发布日期早于首次提交 7 天以上）0 项，发布后修改发布日期 0 项。" in page
    assert set(SITE_TAGS) | {"ArticleTitle", "PubDate"} <= set(gov_meta(page))


def test_yearly_report_pdf_reads_back_with_pdftotext(status_site):
    site, _ = status_site
    pdf = site.output / "gongkai/nianbao/2026/2026年信息公开工作年度报告.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "青禾村2026年信息公开工作年度报告" in text
    assert re.search(r"财务收支\s+3\s+2\s+1\s+0", text), text
    assert re.search(r"3\s+2\s+1\s+0\s+4\.5 天", text), text


def test_last_years_report_missing_after_31_january_warns(site):
    site.pin_today("2026-02-01")
    site.write("posts/a.md", "标题: 文章\n日期: 2025-06-01\n分类: 村务\n\n正文。\n")
    warning = "警告  content/nianbao：2025年的信息公开工作年度报告还没有发布（每年 1 月 31 日前发布上一年的）。"
    assert any(w.startswith(warning) and "invoke report --year 2025" in w for w in messages(site.build(), "warning"))
    site.write("nianbao/2025.md", "年度: 2025\n发布日期: 2026-01-20\n\n## 总体情况\n\n开通网站。\n")
    result = site.build()
    assert not any("年度报告还没有发布" in w for w in messages(result, "warning"))
    assert (site.output / "gongkai/nianbao/2025/2025年信息公开工作年度报告.pdf").is_file()


def test_the_report_pdf_is_made_again_only_when_its_page_changes(site):
    site.pin_today("2026-02-01")
    site.write("posts/a.md", "标题: 文章\n日期: 2025-06-01\n分类: 村务\n\n正文。\n")
    site.write("nianbao/2025.md", "年度: 2025\n发布日期: 2026-01-20\n\n## 总体情况\n\n开通网站。\n")
    pdf = site.output / "gongkai/nianbao/2025/2025年信息公开工作年度报告.pdf"
    assert site.build().ok
    first = pdf.stat().st_ino
    site.write("posts/a.md", "标题: 文章\n日期: 2025-06-01\n分类: 村务\n\n改过的正文。\n")  # the report does not show it
    assert site.build().ok
    assert pdf.stat().st_ino == first  # carried over from the last good site, not made again
    site.write("nianbao/2025.md", "年度: 2025\n发布日期: 2026-01-20\n\n## 总体情况\n\n开通网站，发了第一篇。\n")
    assert site.build().ok
    assert pdf.stat().st_ino != first
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "发了第一篇" in text


def test_no_warning_until_31_january(site):
    site.pin_today("2026-01-31")
    site.write("posts/a.md", "标题: 文章\n日期: 2025-06-01\n分类: 村务\n\n正文。\n")
    assert not any("年度报告" in w for w in messages(site.build(), "warning"))


def test_invoke_report_writes_a_draft_and_builds_the_page(site, monkeypatch):
    from tools import report as year_report

    day = dt.date(2026, 12, 1)  # the village's date, as `invoke report` passes it
    site.write("posts/a.md", "标题: 文章\n日期: 2025-06-01\n分类: 村务\n\n正文。\n")
    monkeypatch.chdir(site.path)
    assert year_report.main(site.path, "2025", day) == 0
    draft = (site.content / "nianbao/2025.md").read_text("utf-8")
    assert draft.startswith("年度: 2025\n发布日期: 2026-01-31\n") and "## 存在的主要问题及改进情况" in draft  # the deadline, now past
    assert not (site.output / "gongkai/nianbao/2025/index.html").exists()  # its prompts are not published
    assert year_report.main(site.path, "2025", day) == 1  # still the draft: each prompt named at its line
    errors = messages(site.build())
    lines = draft.split("\n")
    for prompt in ("请在这里写一年来公开工作的做法和变化", "请在这里写一年来公开工作的不足"):
        line = next(number for number, text in enumerate(lines, 1) if prompt in text)
        assert any(e.startswith(f"错误  content/nianbao/2025.md 第 {line} 行：这里还是新建文件时的提示文字“{prompt}”") for e in errors), errors
    site.write("nianbao/2025.md", re.sub(r"（请在这里写[^）]*）", "按月公开，没有逾期。", draft))
    assert year_report.main(site.path, "2025", day) == 0
    assert "按月公开，没有逾期。" in site.page("gongkai/nianbao/2025/index.html")
    assert year_report.main(site.path, "二〇二五", day) == 1
    assert year_report.main(site.path, "2026", day) == 0  # the year in progress: dated today, not after
    assert (site.content / "nianbao/2026.md").read_text("utf-8").startswith("年度: 2026\n发布日期: 2026-12-01\n")


def test_interaction_page_and_yearly_report_are_in_the_sitemap(status_site):
    site, _ = status_site
    sitemap = (site.output / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://qinghe.example.cn/hudong/</loc>" in sitemap
    assert "<loc>https://qinghe.example.cn/gongkai/nianbao/2026/</loc>" in sitemap
