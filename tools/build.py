"""Runs a Pelican build safely: into a temporary folder, replacing output/ only on success.

A failed build (content errors, or Pelican itself failing) leaves the last good site whole.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import logging
import os
import shutil
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from village.config import ConfigError
from village.diagnostics import Report
from village.output import inputs
from village.output.forked import fork_map
from village.output.render_cache import Fingerprints
from village.source import memo
from village.state import STATE_KEY, BuildState

from tools import swap

# Pelican warnings that only repeat, in English, what our own checks already report in Chinese
# (missing linked files, duplicate slugs among unpublished drafts, empty alt text).
_ALREADY_REPORTED = (
    "Cannot get modification stamp",
    "Unable to find",
    "original (not translated) items with slug",
    'items "with slug',
    "Cannot unpickle cache",  # a cache from another version is simply rebuilt
    "Empty alt attribute",
    "Docutils has no localization",  # an edition's DEFAULT_LANG; reStructuredText is not read at all
)


class _PelicanLogCollector(logging.Handler):
    """Pelican reports its own trouble through logging; keep it so a problem can never pass unseen."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@dataclass
class BuildResult:
    ok: bool
    report: Report
    seconds: float
    articles: int = 0
    pages: int = 0
    output: str = ""
    rendered: list[str] = field(default_factory=list)  # files made afresh, not copied from the last build
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, for `invoke bench`

    def summary(self) -> str:
        return self.report.format() if self.report.problems else ""


def _quiet_pelican() -> _PelicanLogCollector:
    collector = _PelicanLogCollector()
    logger = logging.getLogger("pelican")
    for handler in list(logger.handlers):
        if isinstance(handler, _PelicanLogCollector):
            logger.removeHandler(handler)
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    return collector


def build(
    project: str | Path = ".",
    settings_file: str = "pelicanconf.py",
    output: str | Path | None = None,
    check_only: bool = False,
    overrides: dict | None = None,
    index_after_swap: bool = False,
) -> BuildResult:
    """`index_after_swap`: the new site keeps the last search index and the caller brings it up to
    date once the site is in place (search.update_in_place); the preview does, to show a saved
    post sooner."""
    started = time.perf_counter()
    project = Path(project).resolve()
    report = Report(root=str(project))
    collector = _quiet_pelican()
    previous_dir = os.getcwd()
    os.chdir(project)
    try:
        settings = _read_settings(project, settings_file, overrides, report)
        if settings is None:
            return BuildResult(False, report, time.perf_counter() - started)
        target = Path(output or settings["OUTPUT_PATH"]).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        recycled = None if check_only else swap.recycled_tree(target, Path(settings["CACHE_PATH"]).parent)
        staging, reused_tree = swap.staging_folder(target, recycled)
        settings["OUTPUT_PATH"] = str(staging)
        state = settings[STATE_KEY] = BuildState(report=report, index_after_swap=index_after_swap)
        _remember_replaced_site(state, target, settings)
        state.stopwatch.mark("start")
        _run_pelican(settings, state)
        editions, edition_log = [], []
        if not report.errors and not check_only:
            with state.stopwatch.stage("editions"):
                editions, edition_log = _build_editions(project, settings_file, overrides, settings, state, staging, target, collector)
        _report_pelican_log(_log_entries(collector.records) + edition_log, report)
        ok = not report.errors
        if ok and not check_only:
            if reused_tree:
                swap.drop_empty_folders(staging)
            _publish(staging, target, state, editions, Path(settings["CACHE_PATH"]), recycled)
        else:
            shutil.rmtree(staging, ignore_errors=True)
        state.stopwatch.mark("done")
        return BuildResult(
            ok, report, time.perf_counter() - started, report.counts.get("articles", 0),
            report.counts.get("pages", 0), str(target),
            list(state.render_cache.rendered) if ok and not check_only and state.render_cache else [],
            stages=_stages(state.stopwatch),
        )
    finally:
        os.chdir(previous_dir)
        logging.getLogger("pelican").removeHandler(collector)
        _forget_pelican_memos()


def _forget_pelican_memos() -> None:
    """Pelican memoises every post's content and summary on its Content class for the life of the
    process: the preview, which builds on every save, kept each build's posts, and all they lead
    to, alive until it stopped."""
    from pelican.contents import Content

    for method in (Content.get_content, Content.get_summary):
        method.cache.clear()


def _read_settings(project: Path, settings_file: str, overrides: dict | None, report: Report):
    """Pelican's settings with village.yml's, or None with the problems in the report."""
    from pelican.settings import read_settings  # import after logging is set up

    try:
        return read_settings(str(project / settings_file), override=overrides or {})
    except ConfigError as exc:
        for message in exc.messages:
            report.error(exc.path, None, message)
    except Exception as exc:  # noqa: BLE001 - Pelican's own settings checks raise plain errors
        hint = "找不到内容文件夹 content/，请先建好它（文章放在 content/posts/ 里）。" if "path containing the content" in str(exc) else ""
        report.error(settings_file, None, f"设置有问题：{exc}。{hint}")
    return None


def _run_pelican(settings, state: BuildState) -> None:
    """Run Pelican into the staging folder; any crash becomes a Chinese problem, never a traceback."""
    from pelican import Pelican
    from pelican.writers import FileOverwriteFailedError

    report = state.report
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican's English progress lines
            Pelican(settings).run()
    except FileOverwriteFailedError:
        if not report.errors:  # otherwise it is the duplicate URL we already named
            report.error("", None, "有两个页面要写到同一个网址，请检查“网址”是否重复。")
    except Exception as exc:  # noqa: BLE001 - any crash is reported in Chinese, never a bare traceback
        report.error("", None, f"生成网站时程序出错：{type(exc).__name__}: {exc}。这不是您的错，请把这段信息发给技术人员。")
        if os.environ.get("VILLAGE_DEBUG"):
            traceback.print_exc()
    finally:
        if state.photo_pool is not None:
            state.photo_pool.close()  # its worker processes must not outlive the build


def _log_entries(records: list[logging.LogRecord]) -> list[tuple[int, str]]:
    return [(record.levelno, record.getMessage().splitlines()[0]) for record in records]


def _report_pelican_log(entries: list[tuple[int, str]], report: Report) -> None:
    for level, message in entries:
        if level >= logging.ERROR:
            report.error("", None, f"Pelican 报告错误：{message}")
        elif not any(known in message for known in _ALREADY_REPORTED):
            report.warning("", None, f"Pelican 提示：{message}")


@dataclass
class _Edition:
    """An edition of this build: where its caches are, the fingerprint of its inputs, and its render
    cache's fingerprints to save after the swap (None when it was linked whole from the last site)."""

    code: str
    cache_path: str
    inputs: str
    fingerprints: Fingerprints | None = None


def _build_editions(project: Path, settings_file: str, overrides: dict | None, settings, state: BuildState,
                    staging: Path, target: Path, collector: _PelicanLogCollector) -> tuple[list[_Edition], list[tuple[int, str]]]:
    """Each edition the Chinese build planned (village.yml's editions), built by the same plugin into
    <staging>/<code>/, so it is swapped in with the Chinese site or not at all. Returns the editions
    and the Pelican log entries of their builds.

    An edition whose inputs did not change is linked from the last good site. The others are built
    side by side, one forked process per core (each edition is one Python process's work, its font
    subset most of it). Their problems are the Chinese build's: the same files were read and
    checked there, so only an edition's own errors (a crash, a template) are added, marked with
    the edition's name."""
    from village.editions.languages import LANGUAGES

    editions, todo = [], []
    shared = inputs.shared_inputs(settings) if state.edition_plans else None
    template_reads = state.render_cache.template_reads() if state.render_cache else {}
    for code, plan in state.edition_plans.items():
        report = Report(root=str(project))
        edition = _edition_settings(project, settings_file, overrides, settings, code, plan, staging, report)
        if edition is None:
            state.report.extend(report.problems)
            continue
        fingerprint = inputs.edition_fingerprint(edition, plan, shared, ignored=("OUTPUT_PATH", STATE_KEY))
        editions.append(_Edition(code, edition["CACHE_PATH"], fingerprint))
        if edition.get("LOAD_CONTENT_CACHE") and inputs.reuse_edition(edition["CACHE_PATH"], fingerprint, target / code, staging / code):
            state.report.counts["editions_reused"] = state.report.counts.get("editions_reused", 0) + 1
            continue  # nothing it shows changed: the last good site's edition, linked
        edition_state = edition[STATE_KEY] = BuildState(report=report, template_reads=template_reads)
        _remember_replaced_site(edition_state, target / code, edition)
        todo.append((len(editions) - 1, edition, edition_state))

    def build_part(part: list) -> list[tuple]:
        done = []
        for index, edition, edition_state in part:
            logged = len(collector.records)
            edition_state.stopwatch.mark("start")
            _run_pelican(edition, edition_state)
            log = _log_entries(collector.records[logged:])
            del collector.records[logged:]  # handed back with the result, from a child as from here
            cache = edition_state.render_cache
            done.append((index, edition_state.report.errors, log, cache.fingerprints() if cache is not None else None))
        return done

    workers = max(1, min(len(todo), settings.get("VILLAGE_WRITE_WORKERS") or os.cpu_count() or 1))
    log: list[tuple[int, str]] = []
    for part in fork_map(build_part, [todo[start::workers] for start in range(workers)] if todo else []):
        for index, errors, entries, fingerprints in part:
            editions[index].fingerprints = fingerprints
            log += entries
            name = LANGUAGES[editions[index].code].chinese_name
            for problem in errors:
                state.report.error(problem.path, problem.line, f"（{name}版）{problem.message}")
    return editions, log


def _edition_settings(project: Path, settings_file: str, overrides: dict | None, settings, code: str, plan: dict,
                      staging: Path, report: Report):
    """The settings of one edition's build, or None with the problems in `report`."""
    from village.editions.texts import edition_settings
    from village.editions.translations import PLAN_KEY, plan_paths

    edition = _read_settings(project, settings_file, {
        **(overrides or {}), "DEFAULT_LANG": code, "SITEURL": f"{settings['SITEURL']}/{code}",
        **plan_paths(plan, settings["PATH"]),
    }, report)
    if edition is None:
        return None
    edition.update(edition_settings(edition, code))  # village.yml's translations: names in the edition's script
    edition["VILLAGE"] = {**edition["VILLAGE"], "site_url": f"{edition['VILLAGE']['site_url']}/{code}", "traditional": "none",
                          "contact_page": ""}  # 联系我们 is a Chinese page unless translated (then it is in the footer)
    edition[PLAN_KEY] = plan
    edition["STATIC_PATHS"] = ["images"]  # the emblem; a translation's photos go through photos/ as the original's
    edition["OUTPUT_PATH"] = str(staging / code)
    # Its own reader and render caches, per plan: what the plan says (a 示例译文 flag, an original's
    # address, another edition's new translation) is in no file the caches fingerprint, nor are
    # the category names a translated post is read with.
    digest = hashlib.sha1(json.dumps([plan, edition["VILLAGE_CATEGORIES"]], sort_keys=True, default=str).encode()).hexdigest()[:8]
    edition["CACHE_PATH"] = f"{edition['CACHE_PATH']}-edition-{code}-{digest}"
    return edition


CACHE_DAYS = 7  # a content cache nobody used for this long is deleted (see _prune_caches)


def _prune_caches(cache_dir: Path, used: list[str]) -> None:
    """Delete the content caches of old code versions and old edition plans: each is a new folder
    beside the others (pelican-<code>…), and over a year of updates they would fill the disk.
    Those this build used are touched, so one not used for CACHE_DAYS by any build goes; in those,
    the memo entries no build used for CACHE_DAYS go (source/memo.py)."""
    root = cache_dir.parent
    if not root.is_dir():
        return
    cutoff = time.time() - CACHE_DAYS * 86400
    for folder in root.iterdir():
        if not (folder.is_dir() and folder.name.startswith("pelican-")):
            continue
        if any(folder.name.startswith(Path(path).name) for path in used):
            os.utime(folder)
            memo.prune(folder, cutoff)
        elif folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def _publish(staging: Path, target: Path, state: BuildState, editions: list[_Edition], cache_dir: Path, recycled: Path | None) -> None:
    """Swap the finished site in, keeping the render caches' fingerprints true to output/."""
    caches = [f for f in (state.render_cache.fingerprints() if state.render_cache else None, *(e.fingerprints for e in editions)) if f]
    for cache in caches:
        cache.forget()  # a crash during the swap must not leave stale fingerprints
    for edition in editions:
        inputs.forget_edition(edition.cache_path)
    swap.replace_dir(staging, target, recycled)
    for cache in caches:
        cache.save()  # only now does output/ match these fingerprints
    for edition in editions:
        inputs.remember_edition(edition.cache_path, edition.inputs)
    _prune_caches(cache_dir, [str(cache_dir), *(edition.cache_path for edition in editions)])
    render_cache = state.render_cache
    if render_cache is not None:
        state.report.counts["render_cache_hits"] = render_cache.hits
        state.report.counts["rendered"] = len(render_cache.rendered)


def _remember_replaced_site(state: BuildState, site: Path, settings) -> None:
    """The site this build replaces: its compressed copies always count (same bytes, same copies);
    its pages only when the settings trust the caches."""
    if site.is_dir():
        state.last_site = str(site)
        if settings.get("LOAD_CONTENT_CACHE"):
            state.previous_output = str(site)  # unchanged pages are copied from it


def _stages(stopwatch) -> dict[str, float]:
    """Where the build's time went: read, write, mirror, search, QR, photos, editions, other."""
    seconds = stopwatch.seconds
    stages = {
        "read": stopwatch.between("start", "read"),
        "write": stopwatch.between("checked", "written"),
        "mirror": seconds["mirror"],
        "search": seconds["search"],
        "qr": seconds["qr"],
        "photos": seconds["photos"],
        "compress": seconds["compress"],
        "editions": seconds["editions"],  # their font subsets included: the Chinese site has none
    }
    stages["other"] = max(0.0, stopwatch.between("start", "done") - sum(stages.values()))
    return stages


def main(argv: list[str] | None = None) -> int:
    """`python -m tools.build [--check] [--stages] [settings.py]` — used by tasks.py and tests.
    --stages prints the seconds of each stage as the last line, in JSON, for `invoke bench`."""
    args = list(sys.argv[1:] if argv is None else argv)
    check_only, stages = "--check" in args, "--stages" in args
    args = [a for a in args if a not in ("--check", "--stages")]
    result = build(settings_file=args[0] if args else "pelicanconf.py", check_only=check_only)
    code = _print_outcome(result, check_only)
    if stages:
        print(json.dumps(result.stages))
    return code


def finish(code: int) -> NoReturn:
    """Leave a command-line build. The process ends here, so the collector's last pass over all
    the build made (0.7 s after a 2,000-post build) is skipped: the memory goes with the process."""
    gc.freeze()
    sys.exit(code)


def _print_outcome(result: BuildResult, check_only: bool) -> int:
    text = result.summary()
    if text:
        print(text)
    for note in result.report.notes:
        print(f"说明  {note}")
    if result.ok:
        done = "检查完成" if check_only else f"网站已生成到 {os.path.relpath(result.output)}/"
        counts = result.report.counts
        photos = f"，{counts['photos']} 张照片（新处理 {counts.get('photos_processed', 0)} 张）" if counts.get("photos") else ""
        reused = f"，{counts['rendered']} 个文件重新生成、{counts['render_cache_hits']} 个沿用上次" if counts.get("render_cache_hits") else ""
        print(f"{done}：{result.articles} 篇文章，{result.pages} 个页面{photos}{reused}，用时 {result.seconds:.1f} 秒。")
        return 0
    print(f"没有生成网站：发现 {len(result.report.errors)} 个错误（用时 {result.seconds:.1f} 秒）。")
    return 1


if __name__ == "__main__":
    finish(main())
