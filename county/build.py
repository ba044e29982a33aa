"""Builds every village of a county, each in its own process, then the county portal.

Each village is built with tools/build.py's safe build into output/<township>/<village>/, with its
own settings, caches and URL prefix: a village whose content has errors keeps its last good site
and never stops the others. A village whose inputs (content, village.yml, the code, the day) did
not change since its last good build is not rebuilt.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from village.config import ConfigError

from county.config import County, Village

CODE_ROOT = Path(__file__).resolve().parent.parent
SUMMARY_FILE = "village-summary.json"  # in each village's site, next to its index.html
STATE_DIR = Path(".cache") / "county"
TASKS_PER_PROCESS = 8  # under the county folder: inputs hashes, build status, repos


@dataclass
class VillageResult:
    key: str
    name: str
    result: str  # built, unchanged, failed
    posts: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: int = 0
    seconds: float = 0.0
    finished: float = 0.0  # time.time() when done, for the benchmark's checkpoints

    @property
    def label(self) -> str:
        return {"built": "已生成", "unchanged": "未改动", "failed": "失败"}[self.result]


def code_version(root: Path = CODE_ROOT) -> str:
    """What a village's pages are made by: the plugin, the theme, the settings and the build tool."""
    digest = hashlib.sha1()
    files = sorted((root / "plugins" / "village").rglob("*.py")) + sorted(p for p in (root / "theme").rglob("*") if p.is_file())
    files += [root / "pelicanconf.py", root / "publishconf.py", root / "tools" / "build.py", Path(__file__)]
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def inputs_hash(folder: Path, extra: str) -> str:
    """Every byte of the village's content and village.yml, with the code version and the day."""
    digest = hashlib.sha1(extra.encode())
    files = [folder / "village.yml"] + sorted(p for p in (folder / "content").rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha1").digest())
    return digest.hexdigest()


def _checkout(village: Village, state_dir: Path) -> Path:
    """The village's git repository, cloned or brought up to its branch's newest commit."""
    folder = state_dir / "repos" / village.key.replace("/", "--")
    git = ["git", "-c", "advice.detachedHead=false"]
    if (folder / ".git").is_dir():
        subprocess.run([*git, "-C", str(folder), "fetch", "--quiet", "--depth", "1", "origin", village.branch], check=True, capture_output=True)
        subprocess.run([*git, "-C", str(folder), "reset", "--quiet", "--hard", "FETCH_HEAD"], check=True, capture_output=True)
    else:
        folder.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([*git, "clone", "--quiet", "--depth", "1", "--branch", village.branch, village.repo, str(folder)], check=True, capture_output=True)
    return folder


def village_url(county: County, village: Village, publish: bool) -> str:
    """The village's SITEURL: root-relative for a local preview of the whole county, absolute when published."""
    return f"{county.site_url if publish else ''}/{village.key}"


def build_village(county: County, village: Village, output_root: Path, code: str, publish: bool = False,
                  force: bool = False, today: str = "") -> VillageResult:
    """Build one village (run in a worker process). Never raises: any failure is the result."""
    started = time.perf_counter()
    result = VillageResult(village.key, village.name, "failed")
    try:
        _build_village(county, village, output_root, code, publish, force, today or dt.date.today().isoformat(), result)
    except subprocess.CalledProcessError as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        result.errors.append(f"取不到 git 仓库 {village.repo} 的分支 {village.branch}：{stderr[-1] if stderr else exc}。请检查 county.yml 里的 repo 和 branch。")
    except Exception as exc:  # noqa: BLE001 - one village's crash must never stop the county
        result.errors.append(f"生成时程序出错：{type(exc).__name__}: {exc}。这不是信息员的错，请把这段信息发给技术人员。")
        if os.environ.get("VILLAGE_DEBUG"):
            traceback.print_exc()
    result.seconds = time.perf_counter() - started
    result.finished = time.time()
    status = county.root / STATE_DIR / "status" / f"{village.township_slug}.{village.slug}.json"
    status.parent.mkdir(parents=True, exist_ok=True)
    status.write_text(json.dumps(asdict(result), ensure_ascii=False), "utf-8")
    return result


def _build_village(county, village, output_root, code, publish, force, today, result) -> None:
    from village import config as village_config

    from tools import build as village_build

    state_dir = county.root / STATE_DIR
    folder = _checkout(village, state_dir) if village.repo else village.path
    target = output_root / village.township_slug / village.slug
    siteurl = village_url(county, village, publish)
    stamp_file = state_dir / "inputs" / f"{village.township_slug}.{village.slug}"
    stamp = inputs_hash(folder, f"{code}\0{siteurl}\0{county.site_url}\0{today}")
    if not force and stamp_file.is_file() and stamp_file.read_text() == stamp and (target / SUMMARY_FILE).is_file():
        result.result = "unchanged"
        result.posts = json.loads((target / SUMMARY_FILE).read_text("utf-8"))["posts"]
        return
    try:
        settings = village_config.load(folder / "village.yml")
    except ConfigError as exc:
        result.errors += [f"village.yml：{m}" for m in exc.messages]
        return
    settings["site_url"] = f"{county.site_url}/{village.key}"  # feeds, QR codes and the sitemap name the county's address
    settings["region"] = settings["region"] or village.township
    cache = state_dir / "cache" / village.township_slug / village.slug
    overrides = {
        **village_config.pelican_settings(settings),
        "PATH": str(folder / "content"),
        "SITEURL": siteurl,
        "CACHE_PATH": str(cache / f"pelican-{code}"),
        "VILLAGE_IMAGE_CACHE": str(cache / "images"),
        "VILLAGE_SUMMARY": SUMMARY_FILE,
        "VILLAGE_TODAY": dt.date.fromisoformat(today),
        # villages already build side by side, one per core: each reads and writes in one process
        "VILLAGE_READ_WORKERS": 1,
        "VILLAGE_WRITE_WORKERS": 1,
    }
    if publish:
        overrides.update({"LOAD_CONTENT_CACHE": False, "VILLAGE_PRECOMPRESS": True})
    stamp_file.unlink(missing_ok=True)  # a crash mid-build must not leave the old stamp claiming the new inputs
    built = village_build.build(folder, settings_file=str(CODE_ROOT / "pelicanconf.py"), output=target, overrides=overrides)
    result.posts = built.articles
    result.warnings = len(built.report.warnings)
    result.errors += [p.format() for p in built.report.errors]
    if built.ok:
        result.result = "built"
        stamp_file.parent.mkdir(parents=True, exist_ok=True)
        stamp_file.write_text(stamp)


def build_county(county: County, output_root: Path, jobs: int | None = None, publish: bool = False,
                 force: bool = False, only: set[str] | None = None, today: str = "",
                 progress=None) -> list[VillageResult]:
    """Every village (or those whose key is in `only`), in parallel processes, one village per task."""
    code = code_version()
    villages = [v for v in county.villages if only is None or v.key in only]
    results: list[VillageResult] = []
    workers = jobs or os.cpu_count() or 1
    # Fresh processes every few villages per worker, so whatever one build leaves in memory does not
    # pile up over hundreds of villages (a new pool per batch: max_tasks_per_child hangs on Python 3.11).
    batch = workers * TASKS_PER_PROCESS
    for start in range(0, len(villages), batch):
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(build_village, county, v, output_root, code, publish, force, today): v for v in villages[start:start + batch]}
            for future in concurrent.futures.as_completed(futures):
                village = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - the worker process itself died (memory, signal)
                    result = VillageResult(village.key, village.name, "failed", errors=[f"生成进程意外退出：{exc}。请把这段信息发给技术人员。"])
                results.append(result)
                if progress:
                    progress(result)
    order = {v.key: i for i, v in enumerate(villages)}
    results.sort(key=lambda r: order[r.key])
    return results


def table(results: list[VillageResult]) -> str:
    """The run's table: village, result, posts, errors, seconds."""
    import unicodedata

    def wcswidth(text: str) -> int:  # Chinese characters take two columns in a terminal
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    rows = [("村庄", "结果", "文章", "错误", "用时（秒）")]
    rows += [(f"{r.name}（{r.key}）", r.label, str(r.posts), str(len(r.errors)), f"{r.seconds:.1f}") for r in results]
    widths = [max(wcswidth(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell + " " * (widths[i] - wcswidth(cell)) for i, cell in enumerate(row)).rstrip() for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m county build [county.yml] [--jobs N] [--publish] [--force]`."""
    import argparse

    from county import config, portal

    parser = argparse.ArgumentParser(prog="python -m county build")
    parser.add_argument("county_yml", nargs="?", default="county.yml")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--publish", action="store_true")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--only", action="append", help="乡镇网址名/村网址名，可写多次")
    parser.add_argument("--output", default=None)
    parser.add_argument("--shard", default=None, help="只生成第 i 片，写成 i/N（CI 矩阵用，例如 2/4）")
    parser.add_argument("--no-portal", action="store_true", help="只生成村，不生成门户（CI 分片用）")
    args = parser.parse_args(argv)
    try:
        county = config.load(args.county_yml)
    except ConfigError as exc:
        print(exc.format())
        return 1
    output = Path(args.output) if args.output else county.root / "output"
    only = set(args.only) if args.only else None
    if args.shard:
        from county.shards import villages_in

        index, _, total = args.shard.partition("/")
        if not (index.isdigit() and total.isdigit() and 1 <= int(index) <= int(total)):
            print(f"--shard 写成 第几片/共几片，例如 2/4，现在写的是“{args.shard}”。")
            return 2
        only = villages_in(county, int(index) - 1, int(total)) & (only or {v.key for v in county.villages})
    started = time.perf_counter()
    results = build_county(county, output, args.jobs, args.publish, args.force, only)
    if not args.no_portal:
        portal.build_portal(county, output, publish=args.publish)
    print(table(results))
    for r in results:
        for message in r.errors:
            print(f"{r.name}：{message}")
    failed = [r for r in results if r.result == "failed"]
    print(f"共 {len(results)} 个村：{len(results) - len(failed)} 个正常，{len(failed)} 个失败（失败的村保留上次成功的网站）。"
          f"用时 {time.perf_counter() - started:.1f} 秒。门户已生成到 {os.path.relpath(output)}/")
    return 1 if failed else 0


def portal_main(argv: list[str]) -> int:
    """`python -m county portal [county.yml]`: only the portal, from the villages' summaries (CI's last job)."""
    from county import config, portal

    try:
        files = [a for a in argv if not a.startswith("--")]
        county = config.load(files[0] if files else "county.yml")
    except ConfigError as exc:
        print(exc.format())
        return 1
    output = portal.build_portal(county, county.root / "output", publish="--publish" in argv)
    print(f"门户已生成到 {os.path.relpath(output)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
