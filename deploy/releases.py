"""Releases in a folder on a server (or on this machine): upload, switch, prune, roll back.

Layout of the target folder (deploy.rsync_target in village.yml):

    releases/20260301-091500/        one whole copy of the site per publish
    releases/20260302-001000/        (files that did not change are hard links to the previous copy)
    current -> releases/20260302-001000      what nginx serves: root <target>/current;

A release is uploaded with rsync into a new folder that nothing serves yet, then `current` is
switched with a rename, which is atomic: a visitor gets the old site or the new one, never a mix.
Every command on the target runs through one Runner, locally with sh or on the server through
ssh, so the local tests run exactly the shell the server runs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

RELEASE_NAME = re.compile(r"^\d{8}-\d{6}(?:-\d+)?$")
_TARGET = re.compile(r"^(?:(?P<host>[A-Za-z0-9._-]+(?:@[A-Za-z0-9._-]+)?):)?(?P<path>/.*)$")
DEFAULT_RSH = "ssh -o BatchMode=yes"  # never stop at a password prompt in CI

# The shell run on the target. Arguments arrive as $1, $2…, never pasted into the script text.
_PREPARE = 'mkdir -p -- "$1/releases" && test -w "$1/releases"'
_STATE = """
cd -- "$1" 2>/dev/null || exit 0
for d in releases/*/; do [ -d "$d" ] && printf 'release %s\\n' "$(basename "$d")"; done
[ -L current ] && printf 'current %s\\n' "$(readlink current)"
exit 0
"""
# ln -sfn on a new name, then mv -T (rename(2)) over the old link: the switch is atomic.
_SWITCH = 'cd -- "$1" && test -f "releases/$2/index.html" && ln -sfn "releases/$2" current.new && mv -T current.new current'
_REMOVE = 'cd -- "$1/releases" && shift && rm -rf -- "$@"'


class DeployError(Exception):
    """A publish or rollback step failed; the message says, in Chinese, what to do."""


def _explain_ssh(stderr: str, host: str) -> str:
    """Chinese advice for the ssh and rsync failures officials and CI actually meet."""
    text = stderr.strip()
    if "Host key verification failed" in text:
        return (f"服务器 {host} 的指纹不在 known_hosts 里（或者和记录的不一样）。请在本机运行 ssh-keyscan {host.split('@')[-1]}，"
                "核对后把结果放进 ~/.ssh/known_hosts；CI 里放进 SSH_KNOWN_HOSTS 变量。")
    if "Permission denied" in text:
        return (f"服务器 {host} 拒绝了登录（Permission denied）。请确认 SSH 私钥正确，公钥已经加进服务器上"
                "这个用户的 ~/.ssh/authorized_keys；CI 里检查 SSH_PRIVATE_KEY 变量。")
    if "Could not resolve hostname" in text or "Name or service not known" in text:
        return f"找不到服务器 {host}（域名解析失败）。请检查 village.yml 里 deploy.rsync_target 的服务器名。"
    if "Connection refused" in text or "Connection timed out" in text or "No route to host" in text:
        return f"连不上服务器 {host}。请确认服务器开着、SSH 端口能访问，网络没有被防火墙挡住。"
    return ""


@dataclass(frozen=True)
class Target:
    """`[user@]host:/path` (through ssh) or `/path` (this machine)."""

    host: str | None
    path: str

    @classmethod
    def parse(cls, spec: str) -> Target:
        match = _TARGET.match(spec.strip())
        if not match or match.group("path").rstrip("/") == "":
            raise DeployError(f"deploy.rsync_target“{spec}”写法不对，请写“用户名@服务器:/绝对路径”或本机的绝对路径。")
        return cls(match.group("host"), match.group("path").rstrip("/"))

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path

    def rsync_dest(self, sub: str) -> str:
        return f"{self.host}:{self.path}/{sub}" if self.host else f"{self.path}/{sub}"


class Runner:
    """Runs a POSIX sh script on the target: `sh -c` here, or `ssh host 'sh -c …'` there."""

    def __init__(self, host: str | None, rsh: str | None = None):
        self.host = host
        # RSYNC_RSH is rsync's own variable for the remote shell; using it for our commands too
        # keeps one transport (port, key, known_hosts) for both.
        self.rsh = rsh or os.environ.get("RSYNC_RSH") or DEFAULT_RSH

    def command(self, script: str, *args: str) -> list[str]:
        if self.host is None:
            return ["sh", "-c", script, "sh", *args]
        # ssh joins its arguments into one string for the remote login shell: quote each piece.
        remote = " ".join(shlex.quote(part) for part in ["sh", "-c", script, "sh", *args])
        return [*shlex.split(self.rsh), self.host, remote]

    def run(self, script: str, *args: str, what: str) -> str:
        try:
            done = subprocess.run(self.command(script, *args), capture_output=True, text=True, timeout=600)
        except FileNotFoundError as exc:
            raise DeployError(f"{what}失败：找不到命令 {exc.filename}。请安装它（Debian：apt-get install -y openssh-client）。") from None
        except subprocess.TimeoutExpired:
            raise DeployError(f"{what}失败：10 分钟没有完成。请检查网络和服务器。") from None
        if done.returncode != 0:
            advice = _explain_ssh(done.stderr, self.host) if self.host else ""
            detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"退出码 {done.returncode}"
            raise DeployError(f"{what}失败：{advice or '请检查文件夹是否存在、有没有写入权限。'}（原始信息：{detail}）")
        return done.stdout


def rollback_target(state: State, to: str | None, kept_label: str, at_oldest: str) -> str:
    """The release a rollback switches to: `to` if given, else the one before the current."""
    if to:
        if to not in state.releases:
            kept = "、".join(state.releases) or "（没有）"
            raise DeployError(f"没有叫“{to}”的发布。{kept_label}：{kept}。用 invoke releases 查看。")
        if to == state.current:
            raise DeployError(f"“{to}”已经是当前正在使用的发布，不用回退。")
        return to
    older = [name for name in state.releases if name < state.current]
    if not older:
        raise DeployError(at_oldest)
    return older[-1]


@dataclass
class State:
    releases: list[str] = field(default_factory=list)  # oldest first
    current: str | None = None


class Releases:
    """The releases of one target folder."""

    def __init__(self, target: Target | str, rsh: str | None = None):
        self.target = Target.parse(target) if isinstance(target, str) else target
        self.runner = Runner(self.target.host, rsh)

    def state(self) -> State:
        state = State()
        for line in self.runner.run(_STATE, self.target.path, what="读取服务器上的发布记录").splitlines():
            kind, _, value = line.partition(" ")
            name = os.path.basename(value.rstrip("/"))
            if kind == "release" and RELEASE_NAME.match(name):
                state.releases.append(name)
            elif kind == "current" and RELEASE_NAME.match(name):
                state.current = name
        state.releases.sort()  # the names are timestamps
        return state

    def publish(self, site: Path, keep: int, now: dt.datetime, log=print) -> tuple[str, list[str]]:
        """Upload `site` as a new release, make it current, prune old ones. Returns (name, removed)."""
        if not (Path(site) / "index.html").is_file():
            raise DeployError(f"{site} 里没有 index.html，不是生成好的网站，没有上传。")
        self.runner.run(_PREPARE, self.target.path, what=f"在 {self.target} 建立 releases 文件夹")
        state = self.state()
        name = base = now.strftime("%Y%m%d-%H%M%S")
        counter = 2
        while name in state.releases:  # two publishes in one second
            name = f"{base}-{counter}"
            counter += 1
        command = [
            "rsync", "-a", "--delete",
            # The build writes every file anew, so compare contents, not times; unchanged files
            # then become hard links to the current release and cost no space or upload.
            "--checksum", "--no-times",
            "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r",  # nginx (www-data) must be able to read every file
        ]
        if self.target.host:
            command += ["-e", self.runner.rsh]
        if state.current in state.releases:
            command.append(f"--link-dest={self.target.path}/releases/{state.current}/")
        command += [f"{Path(site)}/", self.target.rsync_dest(f"releases/{name}/")]
        log(f"  上传到 {self.target}/releases/{name}/（rsync，没变的文件不重复上传）")
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        except FileNotFoundError:
            raise DeployError("找不到 rsync。请安装：apt-get install -y rsync（服务器上也要装）。") from None
        if done.returncode != 0:
            self._remove([name], quiet=True)  # a half upload must never become a release
            advice = _explain_ssh(done.stderr, self.target.host) if self.target.host else ""
            detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"退出码 {done.returncode}"
            raise DeployError(f"上传失败：{advice or '请检查目标文件夹的写入权限和磁盘空间。'}（rsync：{detail}）")
        self.switch(name)
        log(f"  已切换：current → releases/{name}")
        removed = self.prune(keep)
        return name, removed

    def switch(self, name: str) -> None:
        self.runner.run(_SWITCH, self.target.path, name, what=f"把 current 切换到 {name}")

    def prune(self, keep: int) -> list[str]:
        """Delete the oldest releases beyond `keep`; never the current one."""
        state = self.state()
        keep_set = set(state.releases[-keep:]) | {state.current}
        old = [name for name in state.releases if name not in keep_set]
        self._remove(old)
        return old

    def _remove(self, names: list[str], quiet: bool = False) -> None:
        if not names:
            return
        try:
            self.runner.run(_REMOVE, self.target.path, *names, what="删除旧的发布")
        except DeployError:
            if not quiet:
                raise

    def rollback(self, to: str | None = None) -> tuple[str, str]:
        """Point `current` at the release before it, or at `to`. Returns (from, to)."""
        state = self.state()
        if state.current is None:
            raise DeployError(f"{self.target} 还没有发布过网站（没有 current），没有可以回退的版本。")
        target = rollback_target(
            state, to, "服务器上保留的发布有",
            f"当前的发布 {state.current} 已经是保留下来的最早一次，没有更早的版本可以回退。"
            "（保留几次由 village.yml 里的 deploy.keep_releases 决定。）",
        )
        self.switch(target)
        return state.current, target
