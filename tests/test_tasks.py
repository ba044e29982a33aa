"""The invoke tasks officials run: new posts from templates, check, build, in Chinese."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, TEST_DAY, messages
from village import config
from village.source import placeholders

from tools import scaffold

# When the scaffolds below are made: the test sites' day, so no date they write is ahead of the build's.
SCAFFOLDED = dt.datetime.combine(TEST_DAY, dt.time(9, 30), ZoneInfo("Asia/Shanghai"))

FILLED = "村里修好了三盏路灯。"


def placeholder_lines(site, *paths) -> list[tuple[str, int]]:
    """(file, line) of every line of freshly scaffolded files holding a template's placeholder sentence."""
    return sorted(
        (path.relative_to(site.path).as_posix(), number)
        for path in paths
        for number, line in enumerate(path.read_text("utf-8").split("\n"), 1)
        if any(sentence in line for sentence in placeholders.SENTENCES)
    )


def assert_only_placeholder_errors(site, result, *paths) -> None:
    expected = placeholder_lines(site, *paths)
    assert expected and not result.ok
    assert sorted((p.path, p.line) for p in result.report.errors) == expected, result.summary()
    for problem in result.report.errors:
        assert "这里还是新建文件时的提示文字" in problem.message and "请把它换成真正的内容" in problem.message, problem.message


def fill_in(*paths) -> None:
    """What the official does: write real text over every placeholder sentence."""
    for path in paths:
        text = path.read_text("utf-8")
        for sentence in placeholders.SENTENCES:
            text = text.replace(sentence, FILLED)
        path.write_text(text, "utf-8")


@pytest.mark.parametrize(("kind", "title"), [("文章", "重庆银行来村里"), ("文章", ""), ("微博", "")])
def test_scaffolds_fail_the_check_on_their_placeholders_until_filled_in(site, kind, title):
    village = config.load(site.path / "village.yml")
    now = SCAFFOLDED
    path = scaffold.new_post(site.content, village, kind, "村务", title, now)
    assert path.parent == site.content / "posts" / f"{now:%Y}"
    assert path.name.startswith(f"{now:%Y-%m-%d}-")
    text = path.read_text("utf-8")
    assert f"日期: {now:%Y-%m-%d %H:%M}" in text and "分类: 村务" in text
    assert_only_placeholder_errors(site, site.build(check_only=True), path)
    fill_in(path)
    result = site.build(check_only=True)
    assert result.ok, result.summary()
    assert messages(result, "warning") == []


def test_a_placeholder_partly_edited_is_still_caught_and_comments_are_not(site):
    site.write("posts/a.md", "日期: 2024-05-01 09:00\n分类: 村务\n\n在这里写这条微博 今天修路。\n\n<!-- 在这里写正文。 -->\n")
    result = site.build(check_only=True)
    assert [p.format() for p in result.report.errors] == [
        "错误  content/posts/a.md 第 4 行：这里还是新建文件时的提示文字“在这里写这条微博”，会原样发布到网站上。请把它换成真正的内容，或删掉这句。"
    ]


def test_card_scaffolds_fail_the_check_on_their_placeholders_until_filled_in(site):
    village = config.load(site.path / "village.yml")
    now = SCAFFOLDED
    card = scaffold.new_post(site.content, village, "明白卡", "", "", now)
    assert card == site.content / "cards" / "明白卡" / f"{now:%Y-%m}.md"
    inquiry = scaffold.new_post(site.content, village, "质询", "", "一组路口路灯坏了", now)
    assert inquiry.parent == site.content / "cards" / "质询" and inquiry.name.startswith(f"{now:%Y-%m-%d}-")
    assert_only_placeholder_errors(site, site.build(check_only=True), card, inquiry)
    fill_in(card, inquiry)
    result = site.build(check_only=True)
    assert result.ok, result.summary()
    with pytest.raises(scaffold.ScaffoldError, match="这个月的明白卡已经有了：content/cards/明白卡/"):
        scaffold.new_post(site.content, village, "明白卡", "", "", now)
    with pytest.raises(scaffold.ScaffoldError, match="质询要有一句话的标题，请用 --title 写上"):
        scaffold.new_post(site.content, village, "质询", "", "", now)
    result = site.build()
    assert result.ok, result.summary()
    board = next((site.output / "cards" / "inquiries").glob(f"{now:%Y-%m}/index.html")).read_text("utf-8")
    assert "张某" in board and "张三" not in board


def test_scaffold_never_overwrites_and_refuses_unknown_categories(site):
    village = config.load(site.path / "village.yml")
    now = dt.datetime(2024, 5, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    first = scaffold.new_post(site.content, village, "微博", "党建", "", now)
    first.write_text("已经写好的内容", "utf-8")
    second = scaffold.new_post(site.content, village, "微博", "党建", "", now)
    assert second != first and first.read_text("utf-8") == "已经写好的内容"
    with pytest.raises(scaffold.ScaffoldError, match="可以用的分类有：党建、村务、致富、民俗、建言"):
        scaffold.new_post(site.content, village, "微博", "新闻", "", now)
    with pytest.raises(scaffold.ScaffoldError, match="类型“视频”不认识"):
        scaffold.new_post(site.content, village, "视频", "党建", "", now)


def test_album_and_page_scaffolds_fail_the_check_on_their_placeholders_until_filled_in(site, tmp_path):
    from PIL import Image

    village = config.load(site.path / "village.yml")
    now = SCAFFOLDED
    photos = tmp_path / "手机照片"
    photos.mkdir()
    Image.new("RGB", (64, 48), "red").save(photos / "IMG 0001.jpg")  # a space would break the caption line
    Image.new("RGB", (48, 64), "blue").save(photos / "b.png")
    (photos / "说明.txt").write_text("不是照片", "utf-8")
    album = scaffold.new_post(site.content, village, "相册", "", "元宵灯会", now, photos=photos)
    assert album == site.content / "albums" / f"{now:%Y}-yuan-xiao-deng-hui" / "album.md"
    assert sorted(p.name for p in album.parent.iterdir()) == ["IMG-0001.jpg", "album.md", "b.png"]
    text = album.read_text("utf-8")
    assert f"日期: {now:%Y-%m-%d %H:%M}" in text and "封面: IMG-0001.jpg" in text
    assert "- IMG-0001.jpg：" in text and "- b.png：" in text
    page = scaffold.new_post(site.content, village, "页面", "", "联系我们", now)
    assert page == site.content / "pages" / "lian-xi-wo-men.md"
    assert page.read_text("utf-8").startswith("标题: 联系我们\n网址: lian-xi-wo-men\n\n")
    second = scaffold.new_post(site.content, village, "页面", "", "联系我们", now)
    assert second.name == "lian-xi-wo-men-2.md"
    assert_only_placeholder_errors(site, site.build(), album, page, second)
    assert not site.output.exists()
    fill_in(album, page, second)
    result = site.build()
    assert result.ok, result.summary()
    assert messages(result, "warning") == []
    assert (site.output / "albums" / f"{now:%Y}-yuan-xiao-deng-hui" / "2" / "index.html").is_file()
    assert "联系我们" in site.page("lian-xi-wo-men/index.html")


def test_album_and_page_scaffolds_say_what_is_missing(site, tmp_path):
    village = config.load(site.path / "village.yml")
    now = dt.datetime(2024, 5, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with pytest.raises(scaffold.ScaffoldError, match="相册要有照片，请用 --photos 写照片所在的文件夹"):
        scaffold.new_post(site.content, village, "相册", "", "元宵", now)
    (tmp_path / "empty").mkdir()
    with pytest.raises(scaffold.ScaffoldError, match="里没有照片（支持 JPG、PNG、WebP、HEIC、GIF）"):
        scaffold.new_post(site.content, village, "相册", "", "元宵", now, photos=tmp_path / "empty")
    with pytest.raises(scaffold.ScaffoldError, match="页面要有标题，请用 --title 写上"):
        scaffold.new_post(site.content, village, "页面", "", "", now)
    assert not (site.content / "albums").exists() and list((site.content / "pages").iterdir()) == []


def test_invoke_check_and_build_exit_codes(site):
    import shutil

    # tasks.py works on the folder it sits in: a copy makes the throwaway project a whole one.
    shutil.copy(ROOT / "tasks.py", site.path)
    invoke = str(Path(sys.executable).parent / "invoke")  # the venv's own, as officials run it

    def run(task: str) -> subprocess.CompletedProcess:
        return subprocess.run([invoke, task], cwd=site.path, capture_output=True, text=True)

    site.write("posts/a.md", "标题: 好\n日期: 2024-05-01\n分类: 党建\n\n正文。\n")
    checked = run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "检查完成：1 篇文章" in checked.stdout and not site.output.exists()
    built = run("build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "网站已生成到 output/：1 篇文章" in built.stdout and "好" in site.page("2024/05/hao/index.html")
    site.write("posts/b.md", "标题: 坏\n日期: 2024-13-45\n分类: 党建\n\n正文。\n")
    for task in ("check", "build"):
        bad = run(task)
        assert bad.returncode == 1, task
        assert "错误  content/posts/b.md 第 2 行：日期“2024-13-45”不存在" in bad.stdout, task
        assert "Traceback" not in bad.stdout + bad.stderr, task
    assert "好" in site.page("2024/05/hao/index.html")  # the last good site stays
    listing = subprocess.run([invoke, "--list"], cwd=ROOT, capture_output=True, text=True)
    for name in ("build", "rebuild", "serve", "livereload", "check", "new", "bench", "clean", "test", "publish", "rollback", "releases"):
        assert f"  {name}" in listing.stdout, name


def test_tasks_that_read_village_yml_name_its_mistake_instead_of_a_traceback(site):
    import shutil

    shutil.copy(ROOT / "tasks.py", site.path)
    yml = site.path / "village.yml"
    yml.write_text(yml.read_text("utf-8").replace("timezone: Asia/Shanghai", "timezone: 北京时间"), "utf-8")
    line = yml.read_text("utf-8").split("\n").index("timezone: 北京时间") + 1
    invoke = str(Path(sys.executable).parent / "invoke")
    (site.output / "index.html").parent.mkdir(parents=True)
    (site.output / "index.html").write_text("<p>上次的网站</p>", "utf-8")  # linkcheck needs a site to look at
    for task in (["new", "--kind", "微博", "--category", "村务"], ["report", "--year", "2025"], ["cards"], ["poster"], ["linkcheck"]):
        run = subprocess.run([invoke, *task], cwd=site.path, capture_output=True, text=True)
        assert run.returncode == 1, task
        assert f"第 {line} 行：timezone（时区）“北京时间”不是时区名称。中国大陆写 Asia/Shanghai。" in run.stdout, (task, run.stdout)
        assert "Traceback" not in run.stdout + run.stderr, task
    assert not (site.content / "posts" / "2026").exists() and not (site.content / "nianbao").exists()  # nothing written


def test_bench_corpus_is_deterministic_and_readable_by_both(tmp_path):
    from benchmarks.corpus import write_corpus

    first = write_corpus(tmp_path / "a", 20)
    second = write_corpus(tmp_path / "b", 20)
    assert [p.read_text("utf-8") for p in first] == [p.read_text("utf-8") for p in second]
    assert all(p.read_text("utf-8").startswith("Title: ") for p in first)


def test_bench_images_makes_twelve_megapixel_photos_some_rotated(tmp_path):
    from PIL import Image

    from benchmarks.image_speed import make_photos

    seeds = []
    for i, colour in enumerate(("red", "green", "blue")):
        seeds.append(tmp_path / f"seed{i}.jpg")
        Image.new("RGB", (640, 480), colour).save(seeds[-1])
    paths = make_photos(tmp_path / "out", 5, sources=seeds)
    sizes, orientations = set(), set()
    for path in paths:
        with Image.open(path) as image:
            sizes.add(image.size)
            orientations.add(image.getexif().get(0x0112))
    assert sizes <= {(4000, 3000), (3000, 4000)} and (3000, 4000) in sizes
    assert orientations & {6, 8}


def test_pre_commit_hook_blocks_a_commit_with_a_content_error(site):
    import shutil

    shutil.copy(ROOT / ".pre-commit-config.yaml", site.path)
    (site.path / ".venv").symlink_to(ROOT / ".venv")
    git = ["git", "-c", "user.name=信息员", "-c", "user.email=xinxi@example.cn"]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, cwd=site.path, capture_output=True, text=True)

    run("git", "init", "-q")
    run(str(ROOT / ".venv/bin/pre-commit"), "install")
    site.write("posts/a.md", "标题: 好\n日期: 2024-05-01\n分类: 党建\n\n正文。\n")
    run("git", "add", ".")
    ok = run(*git, "commit", "-q", "-m", "第一篇")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    site.write("posts/b.md", "标题: 坏\n日期: 2024-13-45\n分类: 党建\n\n正文。\n")
    run("git", "add", ".")
    blocked = run(*git, "commit", "-q", "-m", "第二篇")
    assert blocked.returncode != 0
    assert "错误  content/posts/b.md 第 2 行：日期“2024-13-45”不存在" in blocked.stdout + blocked.stderr


def _get(app, path: str) -> tuple[str, dict, str]:
    """One request to a WSGI app, the way livereload's container calls it."""
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return seen["status"], seen["headers"], body.decode("utf-8")


def _tree(folder) -> dict:
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_livereload_preview_shows_the_error_list_over_the_last_good_site_and_recovers(site):
    import html
    import re

    from tools.preview import Preview

    lines: list[str] = []
    preview = Preview(site.path, out=lines.append)
    site.write("posts/a.md", "标题: 春耕动员会\n日期: 2024-05-01\n分类: 村务\n\n正文。\n")
    assert preview.rebuild().ok
    assert re.fullmatch(r"生成用时 \d+\.\d 秒", lines[-1])
    status, headers, page = _get(preview.app, "/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "春耕动员会" in page and "village-preview-errors" not in page
    status, headers, _ = _get(preview.app, "/2024/05/chun-geng-dong-yuan-hui")
    assert status == "301 Moved Permanently" and headers["Location"] == "/2024/05/chun-geng-dong-yuan-hui/"

    preview.wait_for_search()  # its search index is brought up to date after the swap
    good_output, content_files = _tree(site.output), sorted(p.name for p in site.content.rglob("*"))
    site.write("posts/b.md", "标题: 坏\n日期: 2024-13-45\n分类: 党键\n\n正文。\n")
    lines.clear()
    assert not preview.rebuild().ok
    assert re.fullmatch(r"重新生成用时 \d+\.\d 秒，有 2 个错误，浏览器里显示错误列表，网站保持上一次的样子", lines[-1])
    terminal = lines[0].splitlines()  # the report exactly as the terminal shows it
    assert terminal[0] == "发现 2 个错误、0 个警告：" and any("content/posts/b.md 第 2 行：日期“2024-13-45”不存在" in t for t in terminal)
    for path, expected in (("/", "200 OK"), ("/2024/05/chun-geng-dong-yuan-hui/", "200 OK"), ("/no-such-page/", "404 Not Found")):
        status, _, page = _get(preview.app, path)
        assert status == expected, path
        panel = re.search(r'<div id="village-preview-errors".*?<pre[^>]*>(.*?)</pre></div>', page, re.S)
        assert panel and html.unescape(panel.group(1)).splitlines() == terminal, path
        assert "内容有错误，网站没有更新" in page and page.index("village-preview-errors") < page.index("</body>")
    assert "春耕动员会" in _get(preview.app, "/")[2]  # the last good site is still underneath
    status, headers, css = _get(preview.app, "/theme/css/site.css")
    assert status == "200 OK" and headers["Content-Type"] == "text/css; charset=utf-8" and "village-preview" not in css
    assert _tree(site.output) == good_output  # nothing written into output/ …
    assert sorted(p.name for p in site.content.rglob("*")) == sorted(content_files + ["b.md"])  # … or content/

    site.write("posts/b.md", "标题: 好了\n日期: 2024-05-02\n分类: 党建\n\n正文。\n")
    lines.clear()
    assert preview.rebuild().ok
    assert re.fullmatch(r"重新生成用时 \d+\.\d 秒", lines[-1])
    page = _get(preview.app, "/")[2]
    assert "village-preview-errors" not in page and "好了" in page


def test_livereload_preview_without_any_good_build_shows_an_error_page(site):
    from tools.preview import Preview

    preview = Preview(site.path, out=lambda line: None)
    site.write("posts/b.md", "标题: 坏\n日期: 2024-13-45\n分类: 党建\n\n正文。\n")
    assert not preview.rebuild().ok and not site.output.exists()
    status, headers, page = _get(preview.app, "/")
    assert status == "200 OK" and "还没有成功生成过网站" in page and "content/posts/b.md 第 2 行" in page
    assert "</head>" in page  # livereload injects its script there, so the page refreshes after a fix


def test_a_placeholder_in_a_file_saved_with_an_upper_case_extension_is_caught(site):
    # The reader takes 通知.MD (Windows editors save it so): the placeholder check must read it too.
    site.write("posts/通知.MD", "标题: 通知\n日期: 2024-05-01 09:00\n分类: 村务\n\n在这里写这条微博\n")
    result = site.build(check_only=True)
    assert [(p.path.rsplit("/", 1)[-1], p.line) for p in result.report.errors] == [("通知.MD", 5)]


def test_a_placeholder_typed_into_a_file_that_passed_before_is_caught(site):
    # Files found without placeholders are remembered by size and time: an edit must be read again.
    site.write("posts/a.md", "日期: 2024-05-01 09:00\n分类: 村务\n\n今天修路。\n")
    assert site.build(check_only=True).ok
    site.write("posts/a.md", "日期: 2024-05-01 09:00\n分类: 村务\n\n在这里写这条微博 今天修路。\n")
    assert [p.line for p in site.build(check_only=True).report.errors] == [4]


def test_the_preview_shows_a_saved_post_first_and_its_search_index_follows(site):
    from village.output import search

    from tools.preview import Preview

    preview = Preview(site.path, out=lambda line: None)
    site.write("posts/a.md", "标题: 春耕动员会\n日期: 2024-05-01\n分类: 村务\n\n正文。\n")
    assert preview.rebuild().ok
    preview.wait_for_search()
    site.write("posts/a.md", "标题: 春耕动员会\n日期: 2024-05-01\n分类: 村务\n\n正文，补充了水渠的安排。\n")
    assert preview.rebuild().ok
    assert (site.output / "pagefind" / "shards.json").is_file()  # meanwhile the last index answers
    preview.wait_for_search()
    assert search.update_in_place(site.output) == (None, 0)  # nothing left to index
    result = site.build()  # and an ordinary build finds every shard as it would have made it
    assert result.ok and result.report.counts["search_shards_indexed"] == 0


def test_the_bench_times_the_preview_rebuilding_the_demo_after_a_one_post_edit(tmp_path):
    # The third speed target (invoke livereload on the demo) is printed by invoke bench too; times
    # are never asserted, only that the edit was rebuilt into the preview's site.
    from benchmarks import build_speed

    assert build_speed.preview_seconds(tmp_path, saves=1) > 0
    edited = [p for p in (tmp_path / "demo" / "output").rglob("index.html") if "补记1：会后又补充了一条意见。" in p.read_text("utf-8")]
    assert edited
