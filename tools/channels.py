"""`invoke broadcast` and `invoke share`: a page's 广播稿, or its WeChat message and share
picture, for a content file or a page address. The site is built first (the render cache makes
that quick), so what is printed is exactly what the site publishes."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican.settings import read_settings

from tools import build as village_build


def _lookup(root: Path, target: str, settings) -> dict | None:
    from village.channels.generator import read_manifest

    entries = read_manifest(root)
    path = Path(target)
    candidates = [path, root / path, root / "content" / path]
    for candidate in candidates:
        if candidate.exists():
            wanted = os.path.abspath(candidate)
            return next((e for e in entries if e["source"] == wanted), None)
    address = unquote(urlsplit(target).path if "://" in target else target).strip("/")
    return next((e for e in entries if e["url"].strip("/") == address), None)


def _built(root: Path, overrides: dict | None = None):
    """The project's settings after a build, or None when the content has errors (printed)."""
    result = village_build.build(root, overrides=overrides)
    if not result.ok:
        print(result.summary())
        print("内容有错误，改好以后再试。")
        return None
    previous = os.getcwd()
    os.chdir(root)
    try:
        return read_settings(str(root / "pelicanconf.py"))
    finally:
        os.chdir(previous)


def _find(root: Path, target: str, overrides: dict | None = None):
    settings = _built(root, overrides)
    if settings is None:
        return None, None
    entry = _lookup(root, target, settings)
    if entry is None:
        print(
            f"错误：找不到“{target}”对应的页面。请写 content/ 里一篇已发布的文章、公开事项或卡片的文件，"
            "或者它的网址（例如 https://…/2026/11/xxx/）。草稿和还没到发布日期的文章没有页面。"
        )
    return settings, entry


def broadcast(root: Path, target: str) -> int:
    settings, entry = _find(root, target)
    if entry is None:
        return 1
    sys.stdout.write((Path(settings["OUTPUT_PATH"]) / entry["broadcast"]).read_text("utf-8"))
    return 0


def share(root: Path, target: str, out: Path) -> int:
    from village.channels import share as sharing

    settings, entry = _find(root, target)
    if entry is None:
        return 1
    if not entry["share_image"]:  # older than the build makes pictures for: this once, it does
        if not sharing.font_file():
            print("错误：这台电脑没有中文字体，做不了分享图。请安装：apt-get install fonts-wqy-microhei")
            return 1
        settings, entry = _find(root, target, {"VILLAGE_SHARE_FOR": [entry["source"]]})
        if entry is None:
            return 1
    print(entry["share_text"])
    out.mkdir(parents=True, exist_ok=True)
    picture = out / f"{entry['url'].strip('/').replace('/', '-') or 'index'}.png"
    shutil.copyfile(Path(settings["OUTPUT_PATH"]) / entry["share_image"], picture)
    print(f"\n分享图：{picture}（发到微信群时选“原图”更清楚）")
    return 0
