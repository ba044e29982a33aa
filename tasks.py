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


def _village() -> dict:
    """village.yml's settings; a mistake in it is printed (file, line, what to write) and ends the task."""
    try:
        return village_config.load(ROOT / "village.yml")
    except village_config.ConfigError as exc:
        print(f"错误：{exc}")
        sys.exit(1)


def _village_now(village: dict | None = None) -> dt.datetime:
    """Now in the village's time zone, as the build counts days."""
    return dt.datetime.now(ZoneInfo((village or _village())["timezone"]))


def _build(settings_file: str = "pelicanconf.py", check_only: bool = False) -> bool:
    return village_build.main(([settings_file]) + (["--check"] if check_only else [])) == 0


@task
def build(c, publish=False):
    """生成网站到 output/（失败时保留上一次成功的网站）。--publish 用正式网址生成。"""
    village_build.finish(0 if _build("publishconf.py" if publish else "pelicanconf.py") else 1)


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
    """生成某一年的信息公开工作年度报告（网页和 PDF）；第一次运行只写初稿 content/nianbao/年份.md，补写好再运行一次。"""
    from tools import report as year_report

    sys.exit(year_report.main(ROOT, year, _village_now().date()))


@task
def linkcheck(c):
    """检查 output/ 里每个站内链接、图片、订阅源和页内位置都能打开（先运行 invoke build）。"""
    from tools.linkcheck import check_site

    if not OUTPUT.is_dir():
        print("还没有生成网站：请先运行 invoke build。")
        sys.exit(1)
    broken = check_site(OUTPUT, _village()["site_url"])
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
    from tools import swap

    swap.wait_for_clearing(OUTPUT)  # the last replaced site goes into .cache once emptied
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


@task(help={"port": "预览网站的端口（编辑器在 网站/admin/）", "editor_port": "decap-server 的端口"})
def edit(c, port=8000, editor_port=8081):
    """在浏览器里写：本机的网页编辑器（不用登录，保存就是一次 git 提交），旁边是边写边看的预览。只在本机 127.0.0.1 上。"""
    import os

    server = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    node = shutil.which("node")
    if not server.is_file() or node is None:
        print("错误：没有装网页编辑器。请先安装 Node.js，再在项目文件夹里运行 npm ci。")
        sys.exit(1)
    os.environ.update(VILLAGE_EDITOR="local", VILLAGE_EDITOR_PORT=str(editor_port))  # the build writes the local /admin/
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(ROOT), "BIND_HOST": "127.0.0.1", "PORT": str(editor_port)}
    proxy = subprocess.Popen([node, str(server)], env=env, cwd=ROOT)
    print(f"网页编辑器：http://127.0.0.1:{port}/admin/ （点“登录”，不用密码；每次保存都是一次 git 提交）")
    try:
        livereload(c, port=port)
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


@task(help={
    "title": "标题（微博可以不写；四议两公开写事项的标题）", "category": "分类，例如 党建（文章、微博要写）",
    "kind": "要新建什么，可以写：" + "；".join(f"{k}：{v}" for k, v in scaffold.KIND_HELP.items()),
    "photos": "相册：照片所在的文件夹（照片会复制进相册）", "month": "财务：哪个月，写成 年-月，例如 2026-11（不写就是本月）",
})
def new(c, category="", title="", kind="文章", photos="", month=""):
    """新建文章、微博、相册、页面、明白卡、质询回音卡、财务公开或四议两公开的一步，自动填好日期，例如：invoke new --kind 财务 --month 2026-11"""
    village = _village()
    now = _village_now(village)
    try:
        path = scaffold.new_post(
            ROOT / "content", village, kind, category, title, now, photos=Path(photos) if photos else None, month=month,
        )
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

    month = month or f"{_village_now():%Y-%m}"
    sys.exit(cards_print.main(ROOT, month, ROOT / out))


@task(help={
    "publish": "用门户的正式网址生成", "force": "不管有没有改动，每个村都重新生成", "jobs": "同时生成几个村（默认每个 CPU 核一个）",
    "shard": "只生成第 i 片，写成 i/N（CI 矩阵用）", "only": "只生成这个村，写成 乡镇网址名/村网址名",
})
def county_build(c, publish=False, force=False, jobs=0, shard="", only=""):
    """县级门户：按 county.yml 生成每个村（output/乡镇/村/）和顶层的门户；没改动的村不重新生成。"""
    from county import build as county

    args = ["--publish"] * publish + ["--force"] * force + (["--jobs", str(jobs)] if int(jobs) else [])
    args += (["--shard", shard] if shard else []) + (["--only", only] if only else [])
    sys.exit(county.main(args))


@task(help={"villages": "测试县有多少个村", "posts": "每个村多少篇文章", "jobs": "同时生成几个村", "keep": "保留测试用的文件夹"})
def county_bench(c, villages=200, posts=300, jobs=0, keep=False):
    """县级门户性能测试：冷启动时间、第 50/100/200 个村时的每村用时、改一个村后的重新生成时间和内存峰值。"""
    from county import bench

    bench.run(int(villages), int(posts), int(jobs) or None, keep=keep)


@task(help={"skip_build": "不重新生成，直接发布 output/ 里已经用正式网址生成的网站"})
def county_publish(c, skip_build=False):
    """县级门户：用正式网址生成全部村和门户，再用 rclone 发布到 county.yml 里 deploy 设置的对象存储。"""
    from county import publish

    sys.exit(publish.publish("county.yml", build=not skip_build))


@task(help={"to": "换回哪一次发布，例如 20260301-091500（不写就是上一次）"})
def county_rollback(c, to=""):
    """县级门户：对象存储上的线上网站换回上一次发布（或 --to 指定的那次）。"""
    from county import publish

    sys.exit(publish.rollback("county.yml", to or None))


@task(help={"target": "文章、公开事项或卡片的文件（如 content/posts/2026/通知.md），或者它的网址"})
def broadcast(c, target):
    """打印一篇文章、公开事项或明白卡的广播稿（数字、金额、日期都写成念的字），拿去大喇叭念。"""
    from tools import channels

    sys.exit(channels.broadcast(ROOT, target))


@task(help={"target": "文章、公开事项或卡片的文件，或者它的网址", "out": "分享图放在哪个文件夹（默认 share/）"})
def share(c, target, out="share"):
    """打印可以直接粘贴到微信群的文字（标题、两行摘要、网址），并做一张手机大小的分享图（带二维码）。"""
    from tools import channels

    sys.exit(channels.share(ROOT, target, ROOT / out))


@task(help={"month": "哪个月，写成 年-月，例如 2026-11（不写就是本月）", "out": "PDF 放在哪个文件夹（默认 print/）"})
def poster(c, month="", out="print"):
    """生成贴在村务公开栏的 A4 海报 PDF：这个月的公开事项、明白卡和质询回音卡，每项带二维码和索引号，大字。"""
    from tools import poster as notice_board  # WeasyPrint loads only when printing

    month = month or f"{_village_now():%Y-%m}"
    sys.exit(notice_board.main(ROOT, month, ROOT / out))


@task(name="i18n-extract")
def i18n_extract(c):
    """界面翻译：从模板和插件里提取全部界面文字到 theme/translations/messages.pot（先检查模板里没有漏掉的中文）。"""
    from tools import i18n

    problems = i18n.template_problems()
    for problem in problems:
        print(f"错误  {problem}")
    catalog = i18n.extract()
    print(f"提取了 {sum(1 for m in catalog if m.id)} 条界面文字到 {i18n.POT.relative_to(ROOT)}。")
    if problems:
        sys.exit(1)


@task(name="i18n-update")
def i18n_update(c):
    """界面翻译：按 messages.pot 更新各语言的 messages.po（新文字留空，改过的标为待核对），打印每种语言翻译了多少。"""
    from tools import i18n

    for code, (done, total) in i18n.update().items():
        print(f"{code}：{done}/{total} 条已翻译" + ("" if done == total else f"，还差 {total - done} 条（invoke i18n-compile 列出）"))


@task(name="i18n-compile")
def i18n_compile(c):
    """界面翻译：检查并编译各语言的 messages.po（生成网站时也会自动编译，.mo 不提交），列出有问题和没翻译的条目。"""
    from tools import i18n

    problems = i18n.compile_all()
    for problem in problems:
        print(f"错误  {problem}")
    for code in i18n.LANGUAGES:
        for msgid in i18n.missing(code):
            print(f"未翻译  {i18n.po_file(code).relative_to(ROOT)}：“{msgid}”（页面上会显示中文）")
    print("编译完成。" if not problems else f"有 {len(problems)} 条翻译格式不对，这些条目在网站上显示中文。")
    if problems:
        sys.exit(1)
