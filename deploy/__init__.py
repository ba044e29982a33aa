"""Publishing the village site: build with the public settings, check everything, then deploy.

    python -m deploy publish [--dry-run]     (invoke publish)
    python -m deploy rollback [--to NAME]    (invoke rollback)
    python -m deploy releases                (invoke releases)

Nothing is deployed unless the build and every check pass; a failure leaves the live site as it was.
Where to deploy is the deploy: section of village.yml (method none, git or rsync).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from village import config as village_config

from tools import build as village_build

from .checks import check_output
from .gitpages import GitPages, shown
from .releases import DeployError, Releases

__all__ = ["DeployError", "publish", "rollback", "releases", "main"]


def _settings(project: Path, out) -> dict | None:
    try:
        return village_config.load(project / "village.yml")
    except village_config.ConfigError as exc:
        out(exc.format())
        return None


def _backend(project: Path, deploy: dict):
    if deploy["method"] == "git":
        return GitPages(project, deploy["git_remote"], deploy["git_branch"], deploy["cname"])
    if deploy["method"] == "rsync":
        return Releases(deploy["rsync_target"])
    return None


def _where(deploy: dict) -> str:
    if deploy["method"] == "git":
        return f"{shown(deploy['git_remote'])} 的 {deploy['git_branch']} 分支"
    return deploy["rsync_target"]


_NOT_CONFIGURED = (
    "village.yml 里 deploy.method 是 none（不发布）。要发布，请改成 git（推送到 gh-pages 分支）"
    "或 rsync（上传到服务器），并填好对应的设置，见 README 的“发布”一节。"
)


def publish(project: str | Path = ".", dry_run: bool = False, out=print, now: dt.datetime | None = None) -> int:
    """Build, check, deploy. Returns the exit code: 0 published (or checked), 1 stopped."""
    project = Path(project).resolve()
    village = _settings(project, out)
    if village is None:
        out("没有发布：先改正 village.yml 里的以上问题。线上网站保持不变。")
        return 1
    deploy = village["deploy"]

    out(f"第 1 步：用正式网址 {village['site_url']} 生成网站，同时检查内容…")
    result = village_build.build(project, settings_file="publishconf.py")
    if result.report.problems:
        out(result.report.format())
    if not result.ok:
        out(f"没有发布：内容有 {len(result.report.errors)} 个错误（见上面的列表）。线上网站保持不变，改正后再运行 invoke publish。")
        return 1
    out(f"  生成完成：{result.articles} 篇文章，{result.pages} 个页面，用时 {result.seconds:.1f} 秒。")

    out("第 2 步：检查链接、订阅源和必需的页面…")
    problems = check_output(Path(result.output), village["site_url"])
    for problem in problems:
        out(f"错误  {problem}")
    if problems:
        out(f"没有发布：发现 {len(problems)} 个问题（见上面的列表）。线上网站保持不变，改正后再运行 invoke publish。")
        return 1
    out("  检查通过：所有链接都能打开，订阅源和网站地图格式正确。")

    if dry_run:
        out("全部检查通过。这次只检查（--dry-run），没有发布。")
        return 0
    backend = _backend(project, deploy)
    if backend is None:
        out(f"全部检查通过，没有发布：{_NOT_CONFIGURED}")
        return 0
    out(f"第 3 步：发布到 {_where(deploy)}…")
    now = now or dt.datetime.now(ZoneInfo(village["timezone"]))
    try:
        if deploy["method"] == "git":
            name, removed = backend.publish(Path(result.output), now, log=out), []
        else:
            name, removed = backend.publish(Path(result.output), deploy["keep_releases"], now, log=out)
    except DeployError as exc:
        out(f"错误  {exc}")
        out("发布没有完成，线上网站保持不变。")
        return 1
    if removed:
        out(f"  删除了更早的发布：{'、'.join(removed)}（保留最近 {deploy['keep_releases']} 次）。")
    out(f"发布完成：{name}，网址 {village['site_url']}/ 。出问题时可以运行 invoke rollback 回到上一次发布。")
    return 0


def rollback(project: str | Path = ".", to: str | None = None, out=print) -> int:
    project = Path(project).resolve()
    village = _settings(project, out)
    if village is None:
        return 1
    backend = _backend(project, village["deploy"])
    if backend is None:
        out(f"没有可以回退的发布：{_NOT_CONFIGURED}")
        return 1
    try:
        before, after = backend.rollback(to)
    except DeployError as exc:
        out(f"错误  {exc}")
        out("没有回退，线上网站保持不变。")
        return 1
    out(f"已回退：线上网站从 {before} 换回 {after}（{_where(village['deploy'])}）。")
    out("注意：内容本身没有改。下次 invoke publish 会重新发布最新内容，请先在 content/ 里改正出问题的文章。")
    return 0


def releases(project: str | Path = ".", out=print) -> int:
    project = Path(project).resolve()
    village = _settings(project, out)
    if village is None:
        return 1
    backend = _backend(project, village["deploy"])
    if backend is None:
        out(f"没有发布记录：{_NOT_CONFIGURED}")
        return 1
    try:
        state = backend.state()
    except DeployError as exc:
        out(f"错误  {exc}")
        return 1
    if not state.releases:
        out(f"{_where(village['deploy'])} 还没有发布过网站。")
        return 0
    out(f"保留的发布（{_where(village['deploy'])}，最新的在最下面）：")
    for name in state.releases:
        out(f"  {name}{'   ← 当前' if name == state.current else ''}")
    if state.current not in state.releases:
        out(f"注意：current 指向的 {state.current or '（无）'} 不在上面的列表里。请运行 invoke rollback --to 发布名 选一个。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description="生成、检查并发布网站")
    parser.add_argument("--project", default=".", help="网站项目文件夹（默认是当前文件夹）")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("publish", help="生成、检查，全部通过后发布")
    run.add_argument("--dry-run", action="store_true", help="只生成和检查，不发布")
    back = commands.add_parser("rollback", help="线上网站换回上一次（或指定的）发布")
    back.add_argument("--to", default=None, help="发布名，例如 20260301-091500")
    commands.add_parser("releases", help="列出保留的发布，标出当前的一次")
    args = parser.parse_args(argv)
    if args.command == "publish":
        return publish(args.project, dry_run=args.dry_run)
    if args.command == "rollback":
        return rollback(args.project, to=args.to)
    return releases(args.project)
