"""Everyday tasks, run with `invoke <task>` (or through the Makefile). Output is in Chinese."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import task
from village import config as village_config

from tools import build as village_build
from tools import scaffold

ROOT = Path(__file__).resolve().parent

OUTPUT = ROOT / "output"
CACHE = ROOT / ".cache"


def _build(settings_file: str = "pelicanconf.py", check_only: bool = False) -> bool:
    return village_build.main(([settings_file]) + (["--check"] if check_only else [])) == 0


@task
def build(c, publish=False):
    """生成网站到 output/（失败时保留上一次成功的网站）。--publish 用正式网址生成。"""
    if not _build("publishconf.py" if publish else "pelicanconf.py"):
        sys.exit(1)


@task
def rebuild(c):
    """清掉缓存后重新完整生成网站。"""
    shutil.rmtree(CACHE, ignore_errors=True)
    build(c)


@task
def check(c):
    """只检查内容（文件头、日期、分类、图片、重复网址），不生成、不发布。"""
    if not _build(check_only=True):
        sys.exit(1)


@task(help={"year": "哪一年的报告，例如 2026"})
def report(c, year=""):
    """生成某一年的信息公开工作年度报告（网页和 PDF）；第一次运行先写好初稿 content/nianbao/年份.md。"""
    from tools import report as year_report

    sys.exit(year_report.main(ROOT, year))


@task
def linkcheck(c):
    """检查 output/ 里每个站内链接、图片、订阅源和页内位置都能打开（先运行 invoke build）。"""
    from tools.linkcheck import check_site

    if not OUTPUT.is_dir():
        print("还没有生成网站：请先运行 invoke build。")
        sys.exit(1)
    broken = check_site(OUTPUT, village_config.load(ROOT / "village.yml")["site_url"])
    for link in broken:
        print(f"错误  {link.format()}")
    if broken:
        print(f"发现 {len(broken)} 个打不开的链接。")
        sys.exit(1)
    print(f"链接检查通过：{sum(1 for _ in OUTPUT.rglob('*.html'))} 个页面里的站内链接都能打开。")


@task(help={"dry_run": "只生成和检查，不发布"})
def publish(c, dry_run=False):
    """用正式网址生成网站，检查内容、链接和订阅源，全部通过才发布到 village.yml 里 deploy 设置的地方。"""
    import deploy

    sys.exit(deploy.publish(ROOT, dry_run=dry_run))


@task(help={"to": "换回哪一次发布，例如 20260301-091500（不写就是上一次）"})
def rollback(c, to=""):
    """线上网站换回上一次发布（或 --to 指定的那次），不用重新生成。"""
    import deploy

    sys.exit(deploy.rollback(ROOT, to=to or None))


@task
def releases(c):
    """列出保留的发布，标出线上正在用的那一次。"""
    import deploy

    sys.exit(deploy.releases(ROOT))


@task
def clean(c):
    """删除生成的网站和缓存。"""
    for path in (OUTPUT, CACHE):
        shutil.rmtree(path, ignore_errors=True)
    print("已删除 output/ 和 .cache/。")


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        pass


@task
def serve(c, port=8000, bind="127.0.0.1", skip_build=False):
    """生成网站并在 http://127.0.0.1:8000 预览（Ctrl+C 停止）。"""
    if not skip_build and not _build():
        print("内容有错误，没有生成新网站。" + ("先显示上一次成功生成的网站。" if OUTPUT.is_dir() else ""))
        if not OUTPUT.is_dir():
            sys.exit(1)
    handler = functools.partial(_SiteHandler, directory=str(OUTPUT))
    with http.server.ThreadingHTTPServer((bind, int(port)), handler) as server:
        print(f"预览地址：http://{bind}:{port}/   （按 Ctrl+C 停止）")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\n已停止预览。")


@task
def livereload(c, port=8000):
    """边写边看：保存文件后自动重新生成，浏览器自动刷新；内容有错误时浏览器里直接显示错误列表。"""
    from livereload import Server

    from tools.preview import Preview

    preview = Preview(ROOT)
    preview.rebuild()
    server = Server(app=preview.app)  # the app lays the error list over the last good site
    for folder in ("content", "theme", "plugins"):
        server.watch(str(ROOT / folder), preview.rebuild)
    server.watch(str(ROOT / "village.yml"), preview.rebuild)
    print(f"边写边看：http://127.0.0.1:{port}/ （保存文件后自动刷新，按 Ctrl+C 停止）")
    server.serve(host="127.0.0.1", port=int(port), debug=False)  # debug would restart on code changes


@task(help={
    "title": "标题（微博可以不写）", "category": "分类，例如 党建（相册、页面不用写）",
    "kind": "文章、微博、相册 或 页面", "photos": "相册：照片所在的文件夹（照片会复制进相册）",
})
def new(c, category="", title="", kind="文章", photos=""):
    """新建文章、微博、相册或页面，自动填好今天的日期，例如：invoke new --kind 微博 --category 村务"""
    village = village_config.load(ROOT / "village.yml")
    now = dt.datetime.now(ZoneInfo(village["timezone"]))
    try:
        path = scaffold.new_post(ROOT / "content", village, kind, category, title, now, photos=Path(photos) if photos else None)
    except scaffold.ScaffoldError as exc:
        print(f"错误：{exc}")
        sys.exit(1)
    print(f"已新建：{path.relative_to(ROOT)}\n用编辑器打开它，把“在这里写……”这些提示换成真正的内容，再运行 invoke check 检查（提示没换掉不能发布）。")


@task(help={"posts": "生成多少篇测试文章", "repeat": "每项测几次（取中位数）", "keep": "保留测试用的文件夹"})
def bench(c, posts=2000, repeat=1, keep=False):
    """性能测试：同一批文章，对比本项目与原版 Pelican 的生成时间，以及改一篇后的增量生成。"""
    from benchmarks import build_speed

    build_speed.run(int(posts), keep=keep, repeat=int(repeat))


@task(help={"count": "生成多少张 1200 万像素的测试照片", "keep": "保留测试用的文件夹"})
def bench_images(c, count=200, keep=False):
    """照片处理性能测试：本项目流程对比朴素 Pillow 流程，再测不改动时的缓存命中。"""
    from benchmarks import image_speed

    image_speed.run(int(count), keep=keep)


@task
def budget(c):
    """阅读体验预算：首页大小、Lighthouse 四项得分和 axe 无障碍检查（简繁两版，先运行 invoke build）。"""
    from benchmarks import budgets

    if not (OUTPUT / "index.html").is_file():
        print("还没有生成网站：请先运行 invoke build。")
        sys.exit(1)
    if not budgets.run(OUTPUT):
        sys.exit(1)


@task
def test(c):
    """运行全部测试：先用 ruff 检查代码，再跑单元测试、完整生成、订阅源校验、HTML 校验、真实浏览器。"""
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT)
    if lint.returncode != 0:
        print("错误：ruff 检查没有通过（规则在 pyproject.toml 的 [tool.ruff.lint]）。")
        sys.exit(lint.returncode)
    result = subprocess.run([sys.executable, "-m", "pytest"], cwd=ROOT)
    if result.returncode == 5:
        print("错误：没有找到任何测试（pytest 退出码 5）。请检查 tests/ 目录。")
    sys.exit(result.returncode)


@task(help={"month": "哪个月的卡片，写成 年-月，例如 2026-03（不写就是本月）", "out": "PDF 放在哪个文件夹（默认 print/）"})
def cards(c, month="", out="print"):
    """生成可以直接打印的卡片 PDF：这个月的村情明白卡和质询回音卡（A5），以及便民联系卡（A4 裁成 A6）。"""
    from tools import cards_print  # WeasyPrint loads only when printing

    village = village_config.load(ROOT / "village.yml")
    month = month or f"{dt.datetime.now(ZoneInfo(village['timezone'])):%Y-%m}"
    sys.exit(cards_print.main(ROOT, month, ROOT / out))
