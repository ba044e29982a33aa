"""`invoke bench --posts N`: our build against plain Pelican on the same Markdown, in one run.

Prints both cold times and their ratio, then edits one post and times a warm rebuild with the
content cache. Each build runs in a fresh Python process so imports count for both sides alike.
Last, the preview's rebuild of the demo after a one-post edit, as `invoke livereload` prints it.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tools import swap

from .common import verdict, work_folder
from .corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
TARGET_COLD_RATIO = 1.5
TARGET_WARM_RATIO = 0.15
TARGET_PREVIEW_SECONDS = 0.5  # `invoke livereload` after a one-post edit of the demo
PREVIEW_SAVES = 5
STAGES = {
    "read": "读取", "write": "写页面", "mirror": "繁體", "search": "搜索索引", "qr": "二维码", "photos": "照片",
    "compress": "压缩", "editions": "少数民族文字版（含字体子集）", "other": "其他",
}

PLAIN_SETTINGS = textwrap.dedent(
    """
    SITENAME = "青禾村"
    SITEURL = ""
    PATH = "content"
    ARTICLE_PATHS = ["posts"]
    TIMEZONE = "Asia/Shanghai"
    DEFAULT_LANG = "zh"
    DEFAULT_PAGINATION = 10
    """
)


def _timed(command: list[str], cwd: Path, stages: list | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"基准测试中的构建失败（{' '.join(command[:3])}）：\n{result.stdout}\n{result.stderr}")
    if stages is not None:
        measured = json.loads(result.stdout.strip().splitlines()[-1])
        # "other" is everything the build did not attribute, starting Python and imports included
        measured["other"] = max(0.0, elapsed - sum(v for k, v in measured.items() if k != "other"))
        stages.append(measured)
    return elapsed


def _clear_before_cold(plain: Path, ours: Path) -> None:
    """Both projects as a fresh clone has them, and the disk done with the deleting before either
    build is timed: this disk discards freed blocks, and a cold build that started right after
    deleting tens of thousands of files measured up to a quarter slower."""
    swap.wait_for_clearing(ours / "output")  # the last build's old site, cleared in the background
    # our .cache holds the emptied tree of the last site too (tools/swap.py): a cold build gets none
    for folder in (plain / "output", ours / ".cache", ours / "output"):
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()


def _compile_our_code() -> None:
    """Pip compiled Pelican to bytecode when it installed it; our packages, installed editable,
    are compiled on every import where Python may not write bytecode (PYTHONDONTWRITEBYTECODE),
    which cost each of our builds about 0.3 s. Compiled once here, both sides import bytecode."""
    for folder in ("plugins", "tools"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def preview_seconds(work: Path, saves: int = PREVIEW_SAVES) -> float:
    """A copy of the demo village, rebuilt by the preview after each of `saves` one-post edits as
    `invoke livereload` rebuilds on every save: the median of the times it prints."""
    from tools.preview import Preview

    demo = work / "demo"
    shutil.copytree(ROOT / "content", demo / "content")
    for name in ("pelicanconf.py", "village.yml"):
        shutil.copy(ROOT / name, demo)
    for name in ("theme", "plugins"):
        (demo / name).symlink_to(ROOT / name)
    preview = Preview(demo, out=lambda line: None)
    if not preview.rebuild().ok:
        raise SystemExit("基准测试中演示网站生成失败，请先运行 invoke check。")
    post = next(p for p in sorted((demo / "content" / "posts").rglob("*.md")) if len(p.suffixes) == 1)  # not a translation
    seconds = []
    for number in range(saves):
        preview.wait_for_search()  # as between two saves: the last index is in place
        post.write_text(post.read_text("utf-8") + f"\n补记{number + 1}：会后又补充了一条意见。\n", "utf-8")
        started = time.perf_counter()
        result = preview.rebuild()
        seconds.append(time.perf_counter() - started)
        if not result.ok:
            raise SystemExit(f"基准测试中演示网站重新生成失败：\n{result.summary()}")
    preview.wait_for_search()
    return statistics.median(seconds)


def _breakdown(label: str, runs: list[dict]) -> str:
    median = {stage: statistics.median(run.get(stage, 0.0) for run in runs) for stage in STAGES}
    return f"{label}各阶段（秒）：" + "，".join(f"{name} {median[stage]:.2f}" for stage, name in STAGES.items())


def _prepare(work: Path, posts: int) -> tuple[Path, Path]:
    ours = work / "ours"
    plain = work / "plain"
    for project in (ours, plain):
        (project / "content").mkdir(parents=True)
    write_corpus(ours / "content" / "posts", posts)
    shutil.copytree(ours / "content" / "posts", plain / "content" / "posts")
    # The demo's pages and emblem: village.yml's contact page and emblem point at them.
    for folder in ("pages", "images"):
        shutil.copytree(ROOT / "content" / folder, ours / "content" / folder)
    shutil.copy(ROOT / "pelicanconf.py", ours)
    shutil.copy(ROOT / "village.yml", ours)
    (ours / "theme").symlink_to(ROOT / "theme")
    (ours / "plugins").symlink_to(ROOT / "plugins")
    (plain / "plainconf.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
    return ours, plain


def run(posts: int, keep: bool = False, repeat: int = 1) -> dict:
    with work_folder("village-bench-", keep) as work:
        print(f"生成 {posts} 篇测试文章（固定随机种子，每次相同）……")
        ours, plain = _prepare(work, posts)
        _compile_our_code()
        python = sys.executable
        plain_cmd = [python, "-m", "pelican", "content", "-s", "plainconf.py", "-o", "output", "-q"]
        our_cmd = [python, "-m", "tools.build", "--stages"]  # as `invoke build` runs it; stages as its last line
        plain_times, cold_times, warm_times = [], [], []
        cold_stages, warm_stages = [], []
        for _ in range(repeat):
            # Alternate the two builds so machine noise hits both alike.
            _clear_before_cold(plain, ours)
            plain_times.append(_timed(plain_cmd, plain))
            cold_times.append(_timed(our_cmd, ours, cold_stages))
            edited = sorted((ours / "content" / "posts").rglob("*.md"))[posts // 2]
            edited.write_text(edited.read_text("utf-8") + "\n补记：会后大家又补充了两条意见。\n", "utf-8")
            warm_times.append(_timed(our_cmd, ours, warm_stages))
        plain_s, cold_s, warm_s = (statistics.median(t) for t in (plain_times, cold_times, warm_times))
        cold_ratio, warm_ratio = cold_s / plain_s, warm_s / cold_s
        print(f"文章数：{posts}，每项取 {repeat} 次的中位数")
        print(f"原版 Pelican（默认主题）冷构建：{plain_s:.2f} 秒")
        print(f"本项目冷构建：{cold_s:.2f} 秒")
        print(f"冷构建倍数（本项目 / 原版）：{cold_ratio:.2f}（目标 ≤ {TARGET_COLD_RATIO}，{verdict(cold_ratio <= TARGET_COLD_RATIO)}）")
        print(_breakdown("本项目冷构建", cold_stages))
        print(f"改一篇后的增量构建：{warm_s:.2f} 秒")
        print(_breakdown("增量构建", warm_stages))
        print(f"增量倍数（增量 / 本项目冷构建）：{warm_ratio:.2f}（目标 ≤ {TARGET_WARM_RATIO}，{verdict(warm_ratio <= TARGET_WARM_RATIO)}）")
        # The last warm build's old site is still being cleared in the background; the preview of the
        # demo is timed once that is done, as an official's would be, not against the disk's discard.
        swap.wait_for_clearing(ours / "output")
        os.sync()
        preview = preview_seconds(work)
        print(f"边写边看（invoke livereload，演示网站改一篇，{PREVIEW_SAVES} 次的中位数）：{preview:.2f} 秒"
              f"（目标 ≤ {TARGET_PREVIEW_SECONDS}，{verdict(preview <= TARGET_PREVIEW_SECONDS)}）")
        return {"plain": plain_s, "cold": cold_s, "warm": warm_s, "cold_ratio": cold_ratio, "warm_ratio": warm_ratio, "preview": preview}
