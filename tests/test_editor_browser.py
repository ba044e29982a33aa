"""The web editor in a real Chromium: Decap CMS from the built site, decap-server (git mode) on
127.0.0.1 over a throwaway git copy of the demo village, forms filled as an official would."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import ROOT, TEST_DAY, browser_clock, build_settings
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS
from tools import build as village_build

pytestmark = pytest.mark.browser

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@contextlib.contextmanager
def _village_with_editor(base: Path, review: bool = False):
    """A git repository holding a copy of the demo village, its site built with the local editor,
    decap-server over it and the site served; review=True sets village.yml's editor.review."""
    if not DECAP_SERVER.is_file() or not shutil.which("node"):
        pytest.fail("没有装 decap-server。请在项目文件夹里运行 npm ci。")
    repo = base / "village"
    repo.mkdir()
    shutil.copytree(ROOT / "content", repo / "content")
    for name in ("pelicanconf.py", "publishconf.py", "village.yml"):
        shutil.copy(ROOT / name, repo / name)
    if review:
        yml = (repo / "village.yml").read_text("utf-8")
        assert "\n  review: false\n" in yml
        (repo / "village.yml").write_text(yml.replace("\n  review: false\n", "\n  review: true\n"), "utf-8")
    (repo / "theme").symlink_to(ROOT / "theme")
    (repo / "plugins").symlink_to(ROOT / "plugins")
    (repo / ".gitignore").write_text("/output/\n/.cache/\n/theme\n/plugins\n", "utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=测试", "-c", "user.email=test@127.0.0.1", "commit", "-qm", "demo")
    port = _free_port()
    old = {k: os.environ.get(k) for k in ("VILLAGE_EDITOR", "VILLAGE_EDITOR_PORT")}
    os.environ.update(VILLAGE_EDITOR="local", VILLAGE_EDITOR_PORT=str(port))
    try:
        result = village_build.build(repo, output=base / "output", overrides=build_settings(base))
    finally:
        for key, value in old.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    assert result.ok, result.summary()
    env = {
        **os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "BIND_HOST": "127.0.0.1", "PORT": str(port),
        "LOG_LEVEL": "warn", "GIT_AUTHOR_NAME": "信息员", "GIT_AUTHOR_EMAIL": "editor@127.0.0.1",
        "GIT_COMMITTER_NAME": "信息员", "GIT_COMMITTER_EMAIL": "editor@127.0.0.1",
    }
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, cwd=base, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "decap-server did not start"
                time.sleep(0.2)
        from benchmarks.common import site_server

        with site_server(base / "output") as url:
            yield {"repo": repo, "url": url, "base": base}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def village(tmp_path_factory):
    with _village_with_editor(tmp_path_factory.mktemp("editor")) as made:
        yield made


@pytest.fixture(scope="module")
def review_village(tmp_path_factory):
    """The same with editor.review: true in village.yml: 草稿 → 待审核 → 审核通过 → 发布."""
    with _village_with_editor(tmp_path_factory.mktemp("review"), review=True) as made:
        yield made


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@contextlib.contextmanager
def _logged_in(browser, url: str):
    """A new browser (no shared storage) with the editor open and logged in to decap-server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    # The official's computer on the builds' day (time runs on): the forms below write fixed dates,
    # which the editor's checks, like the build's, judge against today (办理中 over 30 days is refused).
    context.clock.set_system_time(browser_clock(TEST_DAY))
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    page.goto(url + "/admin/", wait_until="networkidle")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("内容", exact=False).first.wait_for()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def admin(browser, village):
    with _logged_in(browser, village["url"]) as page:
        yield page


def _open_new(page, url: str, collection: str) -> None:
    page.goto(f"{url}/admin/#/collections/{collection}/new", wait_until="networkidle")
    page.locator("[id$='-field-1']").first.wait_for()


def _field(page, name: str):
    return page.locator(f"[id^='{name}-field-']").first


def _choose(page, name: str, option: str) -> None:
    _pick(page, _field(page, name), option)


def _pick(page, select, option: str) -> None:
    """Choose `option` in a select field (`select` is its input) and see it shown as chosen: on a
    loaded machine the click on the menu has landed as the menu re-rendered and chosen nothing
    (then Decap refused to publish: “步骤”是必填项)."""
    shown = select.locator("xpath=ancestor::div[@aria-label='select field'][1]").locator("[class$='-singleValue']")
    for _ in range(3):
        select.click()
        page.get_by_role("option", name=option, exact=True).click()
        for _ in range(20):
            if shown.count() and shown.first.inner_text().strip() == option:
                return
            page.wait_for_timeout(100)
    raise AssertionError(f"the select field did not take “{option}” after three tries")


def _body(page, text: str) -> None:
    editor = page.locator("[contenteditable=true]").last
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def _publish(page, repo: Path) -> None:
    """Publish the open entry and wait for its commit: the repository is what counts, and a busy
    machine can take long over it (Decap's "已发布" label can also lag behind or sit in a hidden menu)."""
    before = _git(repo, "rev-parse", "HEAD").strip()
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布", exact=True).click()
    for _ in range(240):
        if _git(repo, "rev-parse", "HEAD").strip() != before:
            return
        page.wait_for_timeout(500)  # lets the page go on talking to the local backend
    # Decap's toasts and the messages under fields that failed its checks: what to look at next
    # time this fails (it has, twice, on a loaded machine, with nothing in the toasts).
    notices = page.locator("[role=alert], .notif__container, [class*=Toastify], [class*=rror]").all_inner_texts()
    raise AssertionError(f"no commit 120 s after 立即发布; the editor showed: {[n for n in notices if n.strip()]}")


def _upload(page, button: str, files: list[Path]) -> None:
    """Through the media library, as an official does: one file at a time (Decap's library selects
    one), each uploaded and then used; later ones through the widget's "add more" button."""
    import re

    for number, file in enumerate(files):
        page.get_by_text(button if number == 0 else re.compile("^再加一")).first.click()
        page.locator("input[type=file]").last.set_input_files(str(file))
        page.get_by_text(file.name, exact=True).first.wait_for()
        page.get_by_role("button", name="选用已选中项目").click()


def _new_files(repo: Path, before: str) -> list[str]:
    return [line for line in _git(repo, "diff", "--name-only", before, "HEAD").splitlines() if line]


def _check(repo: Path, base: Path):
    return village_build.build(repo, check_only=True, overrides=build_settings(base))


def _site_shows(repo: Path, base: Path, text: str, under: str) -> list[str]:
    """Build the site (the build runs every check of `invoke check` first and fails on any error)
    and return the pages under `under` that show `text`."""
    result = village_build.build(repo, output=base / "site", overrides=build_settings(base))
    assert result.ok, result.summary()
    pages = sorted((base / "site" / under).rglob("index.html"))
    return [p.relative_to(base / "site").as_posix() for p in pages if text in p.read_text("utf-8")]


def test_a_weibo_made_in_the_form_is_the_file_an_official_writes(admin, village):
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "weibo")
    _field(admin, "日期").fill("2026-11-21T09:30")
    _choose(admin, "分类", "民俗")
    _body(admin, "花鼓戏班在文化广场排练新戏，欢迎乡亲们来看。")
    _publish(admin, repo)
    files = _new_files(repo, before)
    assert files == ["content/posts/2026/2026-11-21-hua-gu-xi-ban-zai-wen-hua-guang.md"]
    text = (repo / files[0]).read_text("utf-8")
    assert text == "日期: 2026-11-21 09:30\n分类: 民俗\n作者: 青禾村信息员\n\n花鼓戏班在文化广场排练新戏，欢迎乡亲们来看。\n"
    assert "新建微博" in _git(repo, "log", "-1", "--format=%s")
    assert _site_shows(repo, village["base"], "花鼓戏班在文化广场排练新戏", "2026/11")  # the built site shows it


def test_an_article_made_in_the_form_is_the_file_an_official_writes(admin, village):
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "wenzhang")
    _field(admin, "标题").fill("冬季用水管网检修通知")
    _field(admin, "日期").fill("2026-11-22T08:00")
    _choose(admin, "分类", "村务")
    _field(admin, "来源").fill("青禾村村民委员会")
    _body(admin, "11月25日上午8点到12点检修一组、二组的供水管网，请提前储水。")
    _publish(admin, repo)
    files = _new_files(repo, before)
    assert files == ["content/posts/2026/2026-11-22-dong-ji-yong-shui-guan-wang-5bc4.md"]  # as invoke new names it
    text = (repo / files[0]).read_text("utf-8")
    assert text.startswith("标题: 冬季用水管网检修通知\n日期: 2026-11-22 08:00\n分类: 村务\n")
    assert "来源: 青禾村村民委员会\n" in text and text.endswith("\n\n11月25日上午8点到12点检修一组、二组的供水管网，请提前储水。\n")
    shown = _site_shows(repo, village["base"], "请提前储水", "2026/11")
    assert shown == ["2026/11/dong-ji-yong-shui-guan-wang-jian-xiu-tong-zhi/index.html"]  # URL: the title's pinyin


def test_a_weibo_with_two_photos_keeps_them_beside_it_and_the_site_shows_it(admin, village, tmp_path):
    from PIL import Image

    photos = []
    for name, colour in (("shaichang-1.jpg", (200, 120, 40)), ("shaichang-2.jpg", (40, 120, 200))):
        Image.new("RGB", (800, 600), colour).save(tmp_path / name, "JPEG")
        photos.append(tmp_path / name)
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "weibo")
    _field(admin, "日期").fill("2026-11-22T16:00")
    _choose(admin, "分类", "致富")
    _upload(admin, "选择图片（可以多张）", photos)
    _body(admin, "晒场上的新稻谷晒好了，合作社明天开始收购。")
    _publish(admin, repo)
    files = sorted(_new_files(repo, before))
    post = "content/posts/2026/2026-11-22-shai-chang-shang-de-xin-dao-9a3c.md"  # 晒场上的新稻谷晒, cut as invoke new cuts
    assert files == sorted([post, "content/posts/2026/shaichang-1.jpg", "content/posts/2026/shaichang-2.jpg"])
    assert "图片: shaichang-1.jpg、shaichang-2.jpg\n" in (repo / post).read_text("utf-8")
    result = village_build.build(repo, output=village["base"] / "site", overrides=build_settings(village["base"]))
    assert result.ok, result.summary()
    pages = list((village["base"] / "site" / "2026/11").glob("shai-chang-shang-de-xin-dao-gu*/index.html"))  # slug from the title
    assert len(pages) == 1
    page = pages[0].read_text("utf-8")
    assert "合作社明天开始收购" in page and page.count("<img") >= 2


def test_a_disclosure_item_made_in_the_form_passes_the_build(admin, village):
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "gongkai")
    _choose(admin, "类型", "村务")
    _choose(admin, "事项", "公益事业")
    _field(admin, "期间").fill("2026年第四季度")
    _field(admin, "发布日期").fill("2026-11-25")
    _body(admin, "第四季度修好了村委会屋顶的防水层。")
    _publish(admin, repo)
    files = _new_files(repo, before)
    assert files == ["content/disclosures/2026/2026-q4-gong-yi-shi-ye.md"]
    text = (repo / files[0]).read_text("utf-8")
    assert text.startswith("类型: 村务\n事项: 公益事业\n期间: 2026年第四季度\n发布日期: 2026-11-25\n公示期: 15天\n发布机构: 青禾村村民委员会\n\n")
    assert _site_shows(repo, village["base"], "修好了村委会屋顶的防水层", "gongkai")  # the built site shows it


def test_a_finance_item_with_its_csv_attachment(admin, village, tmp_path):
    table = tmp_path / "2026-12-caiwu.csv"
    table.write_text("科目,收入,支出,备注\n上级拨付运转经费,48000.00,,\n水管防冻保温棉,,1200.00,\n合计,48000.00,1200.00,\n", "utf-8")
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "gongkai")
    _choose(admin, "类型", "财务")
    _choose(admin, "事项", "财务收支")
    _field(admin, "期间").fill("2026年12月")
    _field(admin, "发布日期").fill("2026-12-01")
    _field(admin, "审核").fill("村务监督委员会 何德明、周秀英 2026-11-30")  # the build refuses finance without it
    _upload(admin, "选择文件（可以多个）", [table])
    _body(admin, "十一月收支见附件。")
    _publish(admin, repo)
    item = "content/disclosures/2026/2026-12-caiwu.md"  # the name invoke new --kind 财务 --month 2026-12 gives
    assert sorted(_new_files(repo, before)) == sorted([item, "content/disclosures/2026/2026-12-caiwu.csv"])
    assert "附件: 2026-12-caiwu.csv\n" in (repo / item).read_text("utf-8")
    assert "审核: 村务监督委员会 何德明、周秀英 2026-11-30\n" in (repo / item).read_text("utf-8")
    assert _site_shows(repo, village["base"], "水管防冻保温棉", "gongkai")  # the table, on the item's page


def test_an_inquiry_card_made_in_the_form_passes_the_build(admin, village):
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "zhixun")
    _field(admin, "标题").fill("三组水渠堵了")
    _field(admin, "收到日期").fill("2026-11-26")
    _field(admin, "质询人").fill("王秀英")
    _choose(admin, "办理状态", "办理中")
    admin.get_by_role("button", name="发布").first.click()
    admin.get_by_text("立即发布", exact=True).click()
    admin.get_by_text("“## 质询内容”下面要写村民问的是什么事").first.wait_for()  # the build would refuse it too
    assert _git(repo, "rev-parse", "HEAD").strip() == before
    admin.locator("button[role=switch]").last.click()  # 富文本 → Markdown: the sections as typed
    admin.locator("[contenteditable=true]").last.click()
    admin.keyboard.press("Control+A")
    admin.keyboard.type("## 质询内容\n\n三组水渠堵了，下雨就漫到路上。\n\n## 办理措施\n\n村里已经请人清淤。")
    _publish(admin, repo)
    files = _new_files(repo, before)
    assert files == ["content/cards/质询/2026-11-26-san-zu-shui-qu-du-le.md"]
    text = (repo / files[0]).read_text("utf-8")
    assert text.startswith("标题: 三组水渠堵了\n收到日期: 2026-11-26\n质询人: 王秀英\n办理状态: 办理中\n")
    assert "## 质询内容" in text and "村里已经请人清淤。" in text
    assert _site_shows(repo, village["base"], "村里已经请人清淤", "cards/inquiries")  # the built site shows it


def test_a_four_step_decision_made_in_the_form_passes_the_build(admin, village):
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "siyi")
    _field(admin, "标题").fill("修建村口停车场")
    steps = [
        ("提议", "2026-11-02", "村党支部委员会会议", None),
        ("商议", "2026-11-09", "村两委联席会议", None),
        ("审议", "2026-11-16", "党员大会", (40, 35, 30, 3, 2)),
        ("决议", "2026-11-23", "村民代表会议", (35, 30, 26, 2, 2)),
    ]
    for number, (step, day, meeting, votes) in enumerate(steps):
        admin.get_by_role("button", name="新增步骤").click()
        _pick(admin, admin.locator("input[id^='步骤-field-']").nth(number), step)
        admin.locator("input[id^='日期-field-']").nth(number).fill(day)
        admin.locator("input[id^='会议-field-']").nth(number).fill(meeting)
        for key, value in zip(("应到", "实到", "赞成", "反对", "弃权"), votes or ()):
            admin.locator(f"input[id^='{key}-field-']").nth(number).fill(str(value))
    _publish(admin, repo)
    path = "content/decisions/2026-xiu-jian-cun-kou-ting-che-chang.yml"
    assert _new_files(repo, before) == [path]
    data = yaml.safe_load((repo / path).read_text("utf-8"))
    assert data["标题"] == "修建村口停车场"
    assert [s["步骤"] for s in data["步骤"]] == ["提议", "商议", "审议", "决议"]
    assert data["步骤"][2]["实到"] == 35 and "公开" not in data["步骤"][0]  # empty fields left out
    assert _site_shows(repo, village["base"], "修建村口停车场", "gongkai/juece")  # the built site shows it


def test_deleting_a_post_in_the_editor_removes_its_file_in_one_commit(admin, village):
    repo = village["repo"]
    # a post nobody translated: deleting an original leaves its translations without one, which the build refuses
    path = "content/posts/2026/2026-08-25-guangchangwu-bisai.md"
    admin.goto(f"{village['url']}/admin/#/collections/weibo/entries/2026/2026-08-25-guangchangwu-bisai", wait_until="networkidle")
    admin.on("dialog", lambda dialog: dialog.accept())  # 你确定要删除这个已经发布的内容吗？
    admin.get_by_role("button", name="删除内容").click()
    admin.wait_for_url("**/collections/weibo")
    assert not (repo / path).exists()
    assert _git(repo, "log", "-1", "--format=%s") == f"删除微博：{path}\n"
    assert _git(repo, "status", "--porcelain") == ""


def _entries(page, url: str, collection: str) -> set[str]:
    page.goto(f"{url}/admin/#/collections/{collection}", wait_until="networkidle")
    prefix = f"#/collections/{collection}/entries/"
    page.locator(f"a[href^='{prefix}']").first.wait_for()
    links = page.eval_on_selector_all(f"a[href^='{prefix}']", "links => links.map(a => a.getAttribute('href'))")
    return {href.removeprefix(prefix) for href in links}


def test_the_lists_show_originals_and_no_translation(admin, village):
    # A translation opened in its original's form would be asked for the fields it takes from the
    # original (and, having a 标题, was listed among the 文章); translators edit the file.
    translated = re.compile(r"\.(ug|kk|mn|bo|ko)$")
    for collection, original in (
        ("weibo", "2026/2026-11-18-hulin-fanghuo"), ("wenzhang", None), ("gongkai", "2026/2026-10-caiwu"),
        ("mingbaika", "2026-11"), ("zhixun", "2026-11-16-gongce-zhaoming"), ("yemian", "about"),
    ):
        entries = _entries(admin, village["url"], collection)
        assert original is None or original in entries, (collection, sorted(entries))
        assert not [e for e in entries if translated.search(e)], collection
    assert list((village["repo"] / "content").rglob("2026-11-16-gongce-zhaoming.ug.md"))  # there are translations to hide


def test_a_monthly_card_made_in_the_form_passes_the_build(admin, village):
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "mingbaika")
    _field(admin, "日期").fill("2026-12-01")
    _field(admin, "编辑").fill("林晓禾")
    admin.locator("button[role=switch]").last.click()  # 富文本 → Markdown
    admin.locator("[contenteditable=true]").last.click()
    admin.keyboard.press("Control+A")
    sections = ("中心工作", "主要议程", "项目建设", "文化活动")
    admin.keyboard.type("\n\n".join(f"## {name}\n\n- 十二月的{name}。" for name in sections))
    _publish(admin, repo)
    path = "content/cards/明白卡/2026-12.md"
    assert _new_files(repo, before) == [path]
    text = (repo / path).read_text("utf-8")
    assert text.startswith("日期: 2026-12-01\n编辑: 林晓禾\n\n## 中心工作\n")
    assert _site_shows(repo, village["base"], "十二月的中心工作", "cards/monthly")  # the built site shows it


def test_missing_or_wrong_fields_are_refused_in_chinese(admin, village):
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "gongkai")
    _choose(admin, "类型", "财务")
    _field(admin, "期间").fill("十一月")  # the build cannot read this period
    _body(admin, "十一月收支。")
    admin.get_by_role("button", name="发布").first.click()
    admin.get_by_text("立即发布", exact=True).click()
    admin.get_by_text("期间按月写“2026年3月”").first.wait_for()
    body = admin.inner_text("body")
    assert "事项" in body and "必填" in body  # the missing 事项, in Decap's Chinese
    assert _git(repo, "rev-parse", "HEAD").strip() == before


def test_a_demo_post_edited_and_edited_back_is_byte_for_byte_the_same(admin, village):
    """Decap saves only a changed entry: change the author (only that line may change), then
    change it back (the file must be what it was, 、-separated photos, 2026.4.8 date and all)."""
    repo = village["repo"]
    path = "content/posts/2026/2026-04-08-renju-huanjing-chengguo.md"
    original = (repo / path).read_text("utf-8")
    before = _git(repo, "rev-parse", "HEAD").strip()
    entry = f"{village['url']}/admin/#/collections/weibo/entries/2026/2026-04-08-renju-huanjing-chengguo"
    from playwright.sync_api import expect

    for now, author in (("郑海燕", "郑海燕、林晓禾"), ("郑海燕、林晓禾", "郑海燕")):
        admin.goto(entry, wait_until="networkidle")
        admin.reload(wait_until="networkidle")  # the entry as the repository has it now
        field = _field(admin, "作者")
        expect(field).to_have_value(now)
        field.fill(author)
        _publish(admin, repo)
        if author != "郑海燕":
            assert (repo / path).read_text("utf-8") == original.replace("作者: 郑海燕", f"作者: {author}")
    assert len(_git(repo, "log", "--format=%H", f"{before}..HEAD").split()) == 2
    assert _git(repo, "diff", before, "HEAD", "--", path) == ""


def test_every_demo_file_round_trips_through_the_editor_formats(admin):
    formats = {
        "content/posts": "post", "content/pages": "post", "content/albums": "album", "content/disclosures": "disclosure",
        "content/cards/明白卡": "monthly", "content/cards/质询": "inquiry",
    }
    files = []
    for folder, name in formats.items():
        for path in sorted((ROOT / folder).rglob("*.md")):
            files.append([path.relative_to(ROOT).as_posix(), name, path.read_text("utf-8")])
    for path in [*sorted((ROOT / "content/decisions").glob("*.yml")), ROOT / "content/cards/联系卡.yml", ROOT / "village.yml"]:
        files.append([path.relative_to(ROOT).as_posix(), "yaml", path.read_text("utf-8")])
    changed = admin.evaluate(
        """(files) => files.filter(([path, name, raw]) => {
            const format = name === 'yaml' ? VillageEditor.yamlFormat : VillageEditor.headerFormat(name);
            const data = format.fromFile(raw);
            // what Decap hands back: the same values, copied, in the form's order
            let out = format.toFile(JSON.parse(JSON.stringify(data)), Object.keys(data));
            if (!raw.endsWith('\\n') && out === raw) return false;
            return out !== raw;
        }).map(([path]) => path)""",
        files,
    )
    assert len(files) > 100
    assert changed == []


def test_a_changed_field_rewrites_only_its_own_line(admin):
    raw = (ROOT / "content/posts/2026/2026-04-08-renju-huanjing-chengguo.md").read_text("utf-8")
    out = admin.evaluate(
        """(raw) => { const f = VillageEditor.headerFormat('post'); const d = f.fromFile(raw);
                     d['标签'] = ['人居环境']; return f.toFile(d, []); }""",
        raw,
    )
    assert out == raw.replace("标签: 人居环境、垃圾分类", "标签: 人居环境")
    yml = (ROOT / "content/decisions/2026-citang-xiushan.yml").read_text("utf-8")
    out = admin.evaluate(
        """(raw) => { const f = VillageEditor.yamlFormat; const d = f.fromFile(raw);
                     d['标题'] = '修缮老祠堂（一期）'; return f.toFile(d, []); }""",
        yml,
    )
    assert out == yml.replace("标题: 修缮老祠堂", "标题: 修缮老祠堂（一期）")  # the comment line stays


def test_the_admin_page_asks_no_host_but_127_0_0_1(admin, village):
    admin.goto(f"{village['url']}/admin/#/collections/wenzhang", wait_until="networkidle")
    admin.goto(f"{village['url']}/admin/#/collections/gongkai/new", wait_until="networkidle")
    foreign = [u for u in admin.requests_seen if urlsplit(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))]
    assert len(admin.requests_seen) >= 8  # the page, its scripts, config.yml, the proxy API
    assert foreign == []


def test_the_editor_names_files_as_invoke_new_does(admin):
    """The titles tests/test_editor.py gives `invoke new`, through the editor's naming rule."""
    import hashlib

    from tests.test_editor import FILE_NAMES, named_paths

    got = admin.evaluate(
        """(titles) => titles.map((t) => {
            const s = VillageEditor.stems, day = '2026-11-22 09:30';
            const post = s.wenzhang({标题: t, 日期: day});
            return {
                文章: `posts/${post._dir}/${post._stem}.md`, 页面: `pages/${s.yemian({标题: t})._stem}.md`,
                相册: `albums/${s.xiangce({标题: t, 日期: day})._stem}/album.md`,
                质询: `cards/质询/${s.zhixun({标题: t, 收到日期: '2026-11-22'})._stem}.md`,
                四议两公开: `decisions/${s.siyi({标题: t, 步骤: [{步骤: '提议', 日期: '2026-11-22'}]})._stem}.yml`,
            };
        })""",
        [title for title, _ in FILE_NAMES],
    )
    assert got == [named_paths(stem) for _, stem in FILE_NAMES]
    finance = admin.evaluate("() => VillageEditor.stems.gongkai({类型: '财务', 事项: '财务收支', 期间: '2026年11月'})")
    assert finance == {"_dir": "2026", "_stem": "2026-11-caiwu"}  # invoke new --kind 财务 --month 2026-11
    texts = ["", "a", "冬季用水管网检修通知", "x" * 55, "x" * 56, "x" * 64, "两委" * 40]  # around SHA-1's block edges
    assert admin.evaluate("(texts) => texts.map(VillageEditor.sha1Hex)", texts) == [
        hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts
    ]


def _branches(repo: Path) -> list[str]:
    return sorted(_git(repo, "branch", "--format=%(refname:short)").split())


def _site_pages(repo: Path, base: Path, name: str, glob: str) -> list[Path]:
    result = village_build.build(repo, output=base / name, overrides=build_settings(base))
    assert result.ok, result.summary()
    return list((base / name).glob(glob))


def test_with_review_a_draft_waits_on_its_branch_until_a_second_person_approves(browser, review_village):
    """editor.review: true. The official saves: the article is a commit on its own branch (cms/…),
    not on main and not on the site; 待审核; a second person, in another browser, approves it
    (审核通过) and publishes: the branch is merged into main, the check passes, the site shows it."""
    repo, base, url = review_village["repo"], review_village["base"], review_village["url"]
    main = _git(repo, "rev-parse", "main").strip()
    path = "content/posts/2026/2026-11-28-cun-kou-ting-che-chang-kai-gong.md"
    page_glob = "2026/11/cun-kou-ting-che-chang-kai-gong*/index.html"
    with _logged_in(browser, url) as official:
        _open_new(official, url, "wenzhang")
        _field(official, "标题").fill("村口停车场开工")
        _field(official, "日期").fill("2026-11-28T10:00")
        _choose(official, "分类", "村务")
        _body(official, "村口停车场今天开工，工期两个月，施工期间请走西侧便道。")
        official.get_by_role("button", name="保存").click()
        official.get_by_text("状态: 草稿").wait_for(timeout=60000)

        drafts = [b for b in _branches(repo) if b.startswith("cms/")]
        assert len(drafts) == 1 and drafts[0].startswith("cms/wenzhang/"), _branches(repo)
        branch = drafts[0]
        assert _git(repo, "diff", "--name-only", "main", branch).split() == [path]
        assert _git(repo, "config", f"branch.{branch}.description").strip() == "decap-cms/draft"
        assert _git(repo, "rev-parse", "main").strip() == main and not (repo / path).exists()
        assert _git(repo, "branch", "--show-current").strip() == "main"  # decap-server went back to main
        assert _site_pages(repo, base, "site-draft", page_glob) == []

        official.once("dialog", lambda dialog: dialog.accept())
        official.get_by_role("button", name="发布").first.click()
        with official.expect_event("dialog") as refused:
            official.get_by_text("立即发布", exact=True).click()
        assert "还没有审核通过" in refused.value.message  # a draft is not published
        assert _git(repo, "rev-parse", "main").strip() == main

        official.get_by_text("状态: 草稿").click()
        official.get_by_text("待审核", exact=True).last.click()
        official.get_by_text("状态: 待审核").wait_for()
        assert _git(repo, "config", f"branch.{branch}.description").strip() == "decap-cms/pending_review"
        assert _git(repo, "rev-parse", "main").strip() == main

    with _logged_in(browser, url) as reviewer:  # 支部书记, on another computer
        reviewer.goto(f"{url}/admin/#/workflow", wait_until="networkidle")
        column = reviewer.locator("div", has=reviewer.get_by_role("heading", name="待审核")).last
        column.get_by_text("村口停车场开工").first.click()
        reviewer.get_by_text("状态: 待审核").wait_for()
        assert "走西侧便道" in reviewer.inner_text("body")
        reviewer.get_by_text("状态: 待审核").click()
        reviewer.get_by_text("审核通过", exact=True).last.click()
        reviewer.get_by_text("状态: 审核通过").wait_for()
        assert _git(repo, "config", f"branch.{branch}.description").strip() == "decap-cms/pending_publish"
        reviewer.on("dialog", lambda dialog: dialog.accept())  # 你确定要发布此内容吗？
        reviewer.get_by_role("button", name="发布").first.click()
        reviewer.get_by_text("立即发布", exact=True).click()
        reviewer.get_by_text("内容已发布").first.wait_for(timeout=60000)

    assert branch not in _branches(repo) and _git(repo, "branch", "--show-current").strip() == "main"
    assert _git(repo, "merge-base", "--is-ancestor", main, "main") == ""
    assert f"新建文章：{path}" in _git(repo, "log", "--format=%s", f"{main}..main")  # the draft's own commit
    assert (repo / path).read_text("utf-8").startswith("标题: 村口停车场开工\n日期: 2026-11-28 10:00\n分类: 村务\n")
    assert _git(repo, "status", "--porcelain") == ""
    result = _check(repo, base)
    assert result.ok, result.summary()
    pages = _site_pages(repo, base, "site-published", page_glob)
    assert len(pages) == 1 and "走西侧便道" in pages[0].read_text("utf-8")


# The same personal numbers through privacy.py and its port in village-checks.js.
NUMBERS = [
    "请联系 13912345678 报名", "电话 139 1234 5678", "全角 １３９１２３４５６７８", "+86 139-1234-5678",
    "身份证 110105199003071237", "身份证 110105199003071238",  # valid; a wrong check character
    "卡号 6222 0212 3456 7890 128", "卡号 6222021234567890129",  # Luhn right; Luhn wrong
    "日期 2024-05-01 13800138000", "金额 12345678901.50 元", "订单 2026112212345", "53010219900101123X",
    "书记的工作电话 13900000001",  # on the demo's contact card: public by design
]


def test_the_editors_privacy_guard_finds_what_the_builds_finds(admin):
    from village.source import privacy

    allowed = admin.evaluate("() => VILLAGE.allowedPhones")
    assert "13900000001" in allowed  # the contact card's phones reached the editor, as digits
    expected = [[(f.kind, f.masked) for f in privacy.mask(text, frozenset(allowed))[1]] for text in NUMBERS]
    got = admin.evaluate("(texts) => texts.map((t) => VillageChecks.findNumbers(t).map((f) => [f.kind, f.masked]))", NUMBERS)
    assert [[tuple(f) for f in found] for found in got] == expected
    assert sum(map(len, expected)) >= 8  # the table has real findings, not only clean text


FINANCE = {"类型": "财务", "事项": "财务收支", "期间": "2026年11月", "发布日期": "2026-11-25", "公示期": "15天", "发布机构": "青禾村村民委员会"}
INQUIRY = {"标题": "三组水渠堵了", "收到日期": "2026-11-20", "质询人": "王秀英"}
DONE = "## 质询内容\n\n三组水渠堵了。\n\n## 办理措施\n\n已经清淤。\n"
SECTIONS = "\n\n".join(f"## {name}\n\n- 本月的{name}。" for name in ("中心工作", "主要议程", "项目建设", "文化活动")) + "\n"
STEP = {"步骤": "提议", "日期": "2026-11-02", "会议": "村党支部委员会会议"}
VOTE = {"应到": 40, "实到": 35, "赞成": 30, "反对": 3, "弃权": 2}
# (collection, file, data, refused?): the editor and the build must agree on each.
CROSS_FIELD = [
    ("gongkai", "disclosures/2026/a1.md", {**FINANCE, "类型": "村务"}, True),  # 事项 of another 类型
    ("gongkai", "disclosures/2026/a2.md", FINANCE, True),  # finance without its sign-off
    ("gongkai", "disclosures/2026/a3.md", {**FINANCE, "状态": "草稿"}, False),  # … allowed as a draft
    ("gongkai", "disclosures/2026/a4.md", {**FINANCE, "审核": "村务监督委员会 何德明 2026-11-28"}, True),  # signed after
    ("gongkai", "disclosures/2026/a5.md", {**FINANCE, "审核": "村务监督委员会 2026-11-20"}, True),  # nobody signed
    ("gongkai", "disclosures/2026/a6.md", {**FINANCE, "审核": "村务监督委员会 何德明、周秀英 2026-11-20"}, False),
    ("gongkai", "disclosures/2026/a7.md", {**FINANCE, "状态": "草稿", "公示期": "至2026-11-01"}, True),
    ("gongkai", "disclosures/2026/a8.md", {**FINANCE, "状态": "草稿", "body": "报名电话 13912345678。"}, True),
    ("gongkai", "disclosures/2026/a9.md", {**FINANCE, "状态": "草稿", "body": "合计 12345678901.50 元。"}, False),
    ("zhixun", "cards/质询/b1.md", {**INQUIRY, "办理状态": "已办结", "body": DONE}, True),  # no 答复日期
    ("zhixun", "cards/质询/b2.md", {**INQUIRY, "办理状态": "暂缓办理", "body": DONE}, True),  # no 客观原因
    ("zhixun", "cards/质询/b3.md", {**INQUIRY, "办理状态": "已办结", "答复日期": "2026-11-25", "body": DONE}, False),
    ("zhixun", "cards/质询/b4.md", {**INQUIRY, "办理状态": "已办结", "答复日期": "2026-11-19", "body": DONE}, True),
    ("zhixun", "cards/质询/b5.md", {**INQUIRY, "质询人": "Wang", "办理状态": "办理中", "body": DONE}, True),
    ("zhixun", "cards/质询/b6.md", {**INQUIRY, "收到日期": "2026-09-01", "办理状态": "办理中", "body": DONE}, True),  # > 30 days
    ("zhixun", "cards/质询/b7.md", {**INQUIRY, "办理状态": "办理中", "body": DONE + "\n## 客观原因\n\n"}, True),  # empty section
    ("siyi", "decisions/c1.yml", {"标题": "一", "步骤": [STEP, {**STEP, "步骤": "审议", **VOTE}]}, True),  # 商议 skipped
    ("siyi", "decisions/c2.yml", {"标题": "二", "步骤": [STEP, {**STEP, "步骤": "商议", "日期": "2026-11-01"}]}, True),
    ("siyi", "decisions/c3.yml", {"标题": "三", "步骤": [STEP, {**STEP, "步骤": "商议"}]}, False),
    ("siyi", "decisions/c4.yml", {"标题": "四", "步骤": [STEP, {**STEP, "步骤": "商议"}, {**STEP, "步骤": "审议", **VOTE, "实到": 20}]}, True),
    ("siyi", "decisions/c5.yml", {"标题": "五", "步骤": [STEP, {**STEP, "步骤": "商议"}, {**STEP, "步骤": "审议", **VOTE, "赞成": 31}]}, True),
    ("siyi", "decisions/c6.yml", {"标题": "六", "步骤": [STEP, {**STEP, "步骤": "商议"}, {**STEP, "步骤": "审议", **VOTE}]}, False),
    ("mingbaika", "cards/明白卡/2025-10.md", {"日期": "2025-10-01", "body": SECTIONS.replace("- 本月的项目建设。", "")}, True),
    ("mingbaika", "cards/明白卡/2025-11.md", {"日期": "2025-11-01", "body": SECTIONS}, False),
    ("weibo", "posts/d1.md", {"日期": "2026-11-20 09:00", "分类": "村务", "body": "低保户张某，身份证 110105199003071237。"}, True),
    ("weibo", "posts/d2.md", {"日期": "2026-11-20 09:00", "分类": "村务", "body": "书记的工作电话 13900000001。"}, False),
]
FORMATS = {"gongkai": "disclosure", "zhixun": "inquiry", "mingbaika": "monthly", "weibo": "post"}


def test_the_editor_refuses_what_the_build_refuses(admin, tmp_path):
    """Each case through village-checks.js (what the form refuses before saving) and, written as
    the editor writes it, through the build's check: both refuse it, or both accept it."""
    cases = [[collection, FORMATS.get(collection, "yaml"), data] for collection, _, data, _ in CROSS_FIELD]
    seen = admin.evaluate(
        """(cases) => cases.map(([collection, format, data]) => {
            const f = format === 'yaml' ? VillageEditor.yamlFormat : VillageEditor.headerFormat(format);
            return [VillageChecks.problems(collection, data), f.toFile(data, Object.keys(data))];
        })""",
        cases,
    )
    repo = tmp_path / "village"
    shutil.copytree(ROOT / "content", repo / "content")
    for name in ("pelicanconf.py", "publishconf.py", "village.yml"):
        shutil.copy(ROOT / name, repo / name)
    (repo / "theme").symlink_to(ROOT / "theme")
    (repo / "plugins").symlink_to(ROOT / "plugins")
    for (_, path, _, _), (_, text) in zip(CROSS_FIELD, seen):
        (repo / "content" / path).write_text(text, "utf-8")
    result = _check(repo, tmp_path)
    errors = [Path(p.path) for p in result.report.problems if p.level == "error" and p.path]
    refused_by_build = {(p.relative_to(repo) if p.is_absolute() else p).relative_to("content").as_posix() for p in errors}
    verdicts = [(path, bool(problems), path in refused_by_build, refused) for (_, path, _, refused), (problems, _) in zip(CROSS_FIELD, seen)]
    assert [v for v in verdicts if not v[1] == v[2] == v[3]] == [], (verdicts, result.summary())
    messages = [m for problems, _ in seen for m in problems]
    assert all(any("\u4e00" <= c <= "\u9fff" for c in m) for m in messages)  # in Chinese


def test_fields_right_alone_but_wrong_together_are_refused_before_saving(admin, village):
    """Every field is right on its own; together the build would refuse them: no commit, the reasons in Chinese."""
    repo, before = village["repo"], _git(village["repo"], "rev-parse", "HEAD").strip()
    _open_new(admin, village["url"], "gongkai")
    _choose(admin, "类型", "村务")
    _choose(admin, "事项", "财务收支")
    _field(admin, "期间").fill("2026年10月")
    _field(admin, "发布日期").fill("2026-11-05")
    _body(admin, "十月收支，报名电话 13912345678。")
    admin.get_by_role("button", name="发布").first.click()
    admin.once("dialog", lambda dialog: dialog.accept())
    with admin.expect_event("dialog") as refused:
        admin.get_by_text("立即发布", exact=True).click()
    shown = refused.value.message
    assert shown.startswith("没有保存。")
    assert "1. 正文第 1 行有手机号" in shown and "139****5678" in shown
    assert "2. 事项“财务收支”属于财务公开，类型却选了“村务”" in shown
    admin.get_by_text("保存内容失败: 2 处要改正", exact=False).first.wait_for()
    assert _git(repo, "rev-parse", "HEAD").strip() == before and _git(repo, "status", "--porcelain") == ""


def test_the_contact_cards_phones_are_checked_as_the_build_checks_them(admin):
    from village.cards.contacts import PhoneError, check_phone

    phones = ["139 0000 0001", "+86 139-0000-0001", "0086 13900000001", "1390000001", "12900000001", "0871-6512 3456",
              "(0871)65123456", "010-1234567", "0871-651234", "139O0000001", "95588", "0000-1234567"]

    def problem(phone):
        try:
            check_phone(phone)
            return ""
        except PhoneError as exc:
            return str(exc)

    assert admin.evaluate("(phones) => phones.map(VillageChecks.phoneProblem)", phones) == [problem(p) for p in phones]
