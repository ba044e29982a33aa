"""Full-text search with Pagefind's extended binary, which segments Chinese words.

Indexed after every page (and its 繁體 mirror) is written. Pagefind keeps one index per page
language, so the simplified and traditional pages each search their own script. Only elements
marked data-pagefind-body (a post's or page's text) are indexed, never navigation or footers.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .diagnostics import report_of

BUNDLE_DIR = "pagefind"


def pagefind_binary() -> Path | None:
    """The extended binary pinned in requirements.lock (pagefind[extended])."""
    try:
        from pagefind_bin_extended import get_executable  # noqa: PLC0415
    except ImportError:
        return None
    return Path(get_executable())


def build_index(site: Path) -> str | None:
    """Index `site` into site/pagefind/; returns a Chinese error message, or None on success."""
    binary = pagefind_binary()
    if binary is None:
        return "没有安装 Pagefind 扩展版，无法生成站内搜索。请运行 make setup（会按 requirements.lock 安装 pagefind[extended]）。"
    result = subprocess.run(  # noqa: S603 - the pinned binary on our own output folder
        [str(binary), "--site", str(site), "--output-subdir", BUNDLE_DIR, "--silent"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        return f"生成站内搜索索引失败：{detail[-1] if detail else '退出码 ' + str(result.returncode)}。"
    return None


def on_finalized(pelican) -> None:
    if not pelican.settings.get("VILLAGE_SEARCH", True):
        return
    problem = build_index(Path(pelican.output_path))
    if problem:
        report_of(pelican.settings).error("", None, problem)
