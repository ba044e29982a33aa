"""Honest dates: when each content file was first committed, and every change of its date line,
read from git with one `git log` for the whole tree (two processes per build, however many files).

A forged publication date is a veto item of the inspection: a post dated long before it was first
committed was back-dated. That is fine when it says why (`补录: 会议当天停电，次日补发`); the page
then shows 补录于 <commit date>. A date changed after the item was already public warns and the
page keeps the history (修改记录), unless `修改说明:` says why.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from village.i18n import Day, Message
from village.source.dates import chinese_date, parse_date, today
from village.state import report_of

# The publication date's line in a post (日期) or a 公开 item (发布日期); 修改日期 and 收到日期 are not it.
_DATE_LINE = re.compile(r"^([+-])[ \t]*(?:发布日期|日期|date|Date|DATE)[ \t]*[:：][ \t]*(.+?)\s*$")
_COMMIT = "\x1eC\x1f"
PATTERNS = ("*.md", "*.MD", "*.markdown", "*.Markdown")


@dataclass(frozen=True)
class DateChange:
    committed: dt.datetime
    old: str
    new: str

    @property
    def label(self) -> str:
        return Message("%(date)s：发布日期由 %(old)s 改为 %(new)s", date=Day(self.committed.date()), old=self.old, new=self.new)


@dataclass
class FileHistory:
    first_commit: dt.datetime | None = None
    changes: list[DateChange] = field(default_factory=list)  # every change of the date line


@dataclass
class ProjectHistory:
    available: bool
    note: str = ""  # why dates cannot be checked
    shallow: bool = False
    files: dict[str, FileHistory] = field(default_factory=dict)  # absolute path -> history


@dataclass(frozen=True)
class Honesty:
    """What a page shows about its own date."""

    backfilled_on: dt.date | None = None  # first committed this day, long after its date
    reason: str = ""  # 补录: …
    changes: tuple[DateChange, ...] = ()  # 发布日期 changed after publication
    change_note: str = ""  # 修改说明: …


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess | None:
    git = shutil.which("git")
    if git is None:
        return None
    return subprocess.run(  # fixed arguments, no shell
        [git, "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
        errors="replace", check=False,
    )


def read_history(content_root: Path, timezone: str) -> ProjectHistory:
    """Every Markdown file's first commit and date changes under `content_root`."""
    content_root = content_root.resolve()
    found = _git(["rev-parse", "--show-toplevel", "--is-shallow-repository"], content_root)
    if found is None:
        return ProjectHistory(False, "这台电脑没有安装 git，没有核对发布日期是否补录或改动过（检查时会核对）。")
    if found.returncode != 0:
        return ProjectHistory(False, "网站文件夹不在 git 仓库里，没有核对发布日期是否补录或改动过。")
    top, shallow = found.stdout.split("\n")[:2]
    top = Path(top).resolve()
    if shallow.strip() == "true":
        return ProjectHistory(False, "", shallow=True)
    relative = content_root.relative_to(top).as_posix()
    prefix = "" if relative == "." else relative + "/"
    log = _git(
        ["log", "--reverse", "--no-renames", "--no-color", "--diff-filter=AM", f"--format={_COMMIT}%cI", "-p", "-U0",
         "--", *(f"{prefix}{pattern}" for pattern in PATTERNS)],
        top,
    )
    if log is None or log.returncode != 0:
        return ProjectHistory(True)  # a repository without commits yet
    zone = ZoneInfo(timezone)
    return ProjectHistory(True, files=_parse_log(log.stdout, top, zone, timezone))


def _parse_log(text: str, top: Path, zone: ZoneInfo, timezone: str) -> dict[str, FileHistory]:
    files: dict[str, FileHistory] = {}
    committed: dt.datetime | None = None
    current: FileHistory | None = None
    removed: list[str] = []
    added: list[str] = []

    def close():
        if current is not None and removed and added and removed[0] != added[0]:
            current.changes.append(DateChange(committed, removed[0], added[0]))

    for line in text.split("\n"):
        if line.startswith(_COMMIT):
            close()
            current, removed, added = None, [], []
            committed = dt.datetime.fromisoformat(line[len(_COMMIT):].strip()).astimezone(zone)
        elif line.startswith("diff --git "):
            close()
            current, removed, added = None, [], []
        elif line.startswith("+++ "):
            name = line[4:].strip().strip('"')
            if name.startswith("b/"):
                path = str(top / name[2:])
                current = files.setdefault(path, FileHistory())
                if current.first_commit is None:
                    current.first_commit = committed
        elif current is not None and (match := _DATE_LINE.match(line)) and not line.startswith(("+++", "---")):
            (removed if match.group(1) == "-" else added).append(match.group(2))
    close()
    return files


def honesty_of(path: str, date: dt.datetime, reason: str, change_note: str, history: ProjectHistory,
               settings, warn) -> Honesty:
    """The page's 补录于 and 修改记录; `warn(line_key, message)` for a back-dated or re-dated file."""
    village = settings["VILLAGE"]
    limit = village.get("backdate_days", 7)
    since = village.get("history_since")
    timezone = settings.get("TIMEZONE", "Asia/Shanghai")
    own = history.files.get(str(Path(path).resolve()), FileHistory())
    first = own.first_commit.date() if own.first_commit else today(settings)  # not committed yet: it will be now
    if since and first < since:
        return Honesty()  # imported from paper or an older site before the checks began
    backfilled_on = None
    if limit and (first - date.date()).days > limit:
        backfilled_on = first
        if not reason:
            warn("date", (
                f"日期是 {date:%Y-%m-%d}，但这个文件 {first:%Y-%m-%d} 才第一次提交，晚了 {(first - date.date()).days} 天。"
                f"检查时这会被当作“伪造发布日期”。如果是补发，请加一行“补录: 补发的原因”，例如“补录: 会议当天停电，次日补发”，"
                f"页面上会注明“补录于 {chinese_date(first)}”；如果日期写错了，请改成实际发布的日期。"
            ))
    changes = []
    for change in own.changes:
        if since and change.committed.date() < since:
            continue
        try:
            old = parse_date(change.old, timezone)
        except ValueError:
            continue
        if old <= change.committed:  # it was already public under the old date
            changes.append(change)
    if changes and not change_note:
        last = changes[-1]
        warn("date", (
            f"发布日期在公开以后被改过：{last.committed:%Y-%m-%d} 由 {last.old} 改为 {last.new}。检查时改动过的发布日期"
            "会被当作“伪造发布日期”。页面上会显示修改记录；请加一行“修改说明: 为什么改”，例如“修改说明: 原日期录入有误”。"
        ))
    return Honesty(backfilled_on, reason if backfilled_on else "", tuple(changes), change_note if changes else "")


def _date_line(path: str) -> int | None:
    """The line of the date in `path`, for the message (read only for files that get one)."""
    try:
        lines = Path(path).read_text("utf-8-sig", errors="replace").split("\n")
    except OSError:
        return None
    return next((n for n, line in enumerate(lines[:40], 1) if _DATE_LINE.match("+" + line.strip())), None)


def on_all_generators_finalized(generators) -> None:
    """Check every post's and 公开 item's date against git, and hand the pages what they show."""
    if not generators:
        return
    settings = generators[0].settings
    report = report_of(settings)
    history = read_history(Path(settings["PATH"]), settings.get("TIMEZONE", "Asia/Shanghai"))
    if history.shallow:
        report.warning(
            "", None,
            "这是一份浅克隆（只取了最近几次提交），无法核对发布日期。自动生成网站时请取完整历史："
            "GitHub Actions 在 actions/checkout 下写“fetch-depth: 0”，GitLab CI 设置变量“GIT_DEPTH: 0”；本机运行 git fetch --unshallow。",
        )
    elif history.note:
        report.notes.append(history.note)
    if not history.available:
        return
    for generator in generators:
        for article in getattr(generator, "articles", []):
            meta = article.metadata
            article.honesty = honesty_of(
                article.source_path, article.date, meta.get("backfill", ""), meta.get("change_note", ""),
                history, settings, lambda _, message, path=article.source_path: report.warning(path, _date_line(path), message),
            )
        for item in getattr(generator, "items", []) if hasattr(generator, "calendar") else []:
            item.honesty = honesty_of(
                item.source_path, item.date, item.backfill, item.change_note, history, settings,
                lambda _, message, path=item.source_path: report.warning(path, _date_line(path), message),
            )
