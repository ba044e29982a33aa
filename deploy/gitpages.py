"""Publishing to a branch such as gh-pages with ghp-import (GitHub Pages and similar hosts).

Each publish is one commit "发布 <name>" on the branch, so the branch history holds every
release; a rollback is a new commit "回退到 <name>" with that release's files (no force push).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .releases import RELEASE_NAME, DeployError, State, rollback_target

_PUBLISHED = re.compile(r"^发布 (\S+)$")
_ROLLED_BACK = re.compile(r"^回退到 (\S+)$")


def shown(remote: str) -> str:
    """The remote for logs: never print a token embedded in an https URL."""
    return re.sub(r"//[^/@\s]+@", "//***@", remote)


def _git_failure(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    useful = [line for line in lines if re.match(r"(fatal|error|remote|!|hint|To )", line)]
    return " / ".join((useful or lines[-1:])[-3:]) or "没有输出"


class GitPages:
    def __init__(self, repo: Path, remote: str, branch: str, cname: str = ""):
        self.repo = Path(repo)
        self.remote = remote
        self.branch = branch
        self.cname = cname

    def _git(self, *args: str, what: str, check: bool = True) -> subprocess.CompletedProcess:
        try:
            done = subprocess.run(["git", *args], cwd=self.repo, capture_output=True, text=True, env=self._env())
        except FileNotFoundError:
            raise DeployError("找不到 git。请安装：apt-get install -y git。") from None
        if check and done.returncode != 0:
            raise DeployError(f"{what}失败：{self._advice(done.stderr)}（git：{_git_failure(done.stderr)}）")
        return done

    def _advice(self, stderr: str) -> str:
        if "not a git repository" in stderr:
            return f"{self.repo} 不是 git 仓库。git 方式要在网站的 git 仓库里运行 invoke publish。"
        if "Authentication failed" in stderr or "could not read Username" in stderr or "403" in stderr:
            return (f"没有推送到 {shown(self.remote)} 的权限。GitHub Actions 里给工作流 contents: write 权限；"
                    "其他地方请配置有写权限的令牌或 SSH 密钥。")
        if "rejected" in stderr or "non-fast-forward" in stderr:
            return f"{self.branch} 分支在远端被别人改过了。请稍后再运行一次 invoke publish（会先取回远端的分支）。"
        if "does not appear to be a git repository" in stderr or "Could not read from remote" in stderr:
            return f"找不到仓库 {shown(self.remote)}。请检查 village.yml 里的 deploy.git_remote。"
        return "请检查 deploy.git_remote 和网络。"

    def _env(self) -> dict:
        # ghp-import and commit-tree need a committer; CI machines often have none configured.
        env = dict(os.environ)
        name = subprocess.run(["git", "config", "user.name"], cwd=self.repo, capture_output=True, text=True).stdout.strip()
        email = subprocess.run(["git", "config", "user.email"], cwd=self.repo, capture_output=True, text=True).stdout.strip()
        for key, fallback in (("NAME", name or "网站发布"), ("EMAIL", email or "publish@localhost")):
            env.setdefault(f"GIT_COMMITTER_{key}", fallback)
            env.setdefault(f"GIT_AUTHOR_{key}", fallback)
        return env

    def _tracking_ref(self) -> str:
        """Where the remote branch is fetched to; ghp-import builds on <remote>/<branch> when it exists."""
        remotes = self._git("remote", what="读取 git 远端").stdout.split()
        return f"refs/remotes/{self.remote}/{self.branch}" if self.remote in remotes else f"refs/heads/{self.branch}"

    def fetch(self) -> str | None:
        """Bring the remote branch here, so the new commit goes on top of it. None: not published yet."""
        self._git("rev-parse", "--git-dir", what="检查 git 仓库")
        probe = self._git("ls-remote", "--exit-code", self.remote, f"refs/heads/{self.branch}", what="连接远端仓库", check=False)
        if probe.returncode == 2:
            return None
        if probe.returncode != 0:
            raise DeployError(f"连接远端仓库失败：{self._advice(probe.stderr)}（git：{_git_failure(probe.stderr)}）")
        ref = self._tracking_ref()
        self._git("fetch", "--quiet", "--no-tags", self.remote, f"+refs/heads/{self.branch}:{ref}", what="取回远端的发布分支")
        return ref

    def history(self) -> tuple[State, dict[str, str]]:
        """The releases on the branch (from the commit messages) and the commit of each."""
        ref = self.fetch()
        state, commits = State(), {}
        if ref is None:
            return state, commits
        log = self._git("log", "--format=%H%x09%s", ref, what="读取发布分支的历史").stdout.splitlines()
        for number, line in enumerate(log):
            sha, _, subject = line.partition("\t")
            published = _PUBLISHED.match(subject)
            if published and RELEASE_NAME.match(published.group(1)):
                commits.setdefault(published.group(1), sha)
            if number == 0:
                match = published or _ROLLED_BACK.match(subject)
                state.current = match.group(1) if match else None
        state.releases = sorted(commits)
        return state, commits

    def state(self) -> State:
        return self.history()[0]

    def publish(self, site: Path, now: dt.datetime, log=print) -> str:
        existing = set(self.state().releases)
        name = base = now.strftime("%Y%m%d-%H%M%S")
        counter = 2
        while name in existing:  # two publishes in one second
            name = f"{base}-{counter}"
            counter += 1
        ghp = Path(sys.executable).with_name("ghp-import")
        command = [str(ghp) if ghp.exists() else (shutil.which("ghp-import") or "ghp-import")]
        command += ["-n", "-p", "-r", self.remote, "-b", self.branch, "-m", f"发布 {name}"]
        if self.cname:
            command += ["-c", self.cname]
        log(f"  ghp-import：把网站提交到 {self.branch} 分支，推送到 {shown(self.remote)}")
        try:
            done = subprocess.run([*command, str(site)], cwd=self.repo, capture_output=True, text=True, env=self._env())
        except FileNotFoundError:
            raise DeployError("找不到 ghp-import。请先运行 make setup 安装依赖。") from None
        if done.returncode != 0 or "Failed to process commit" in done.stdout:
            raise DeployError(f"推送失败：{self._advice(done.stderr)}（git：{_git_failure(done.stderr + done.stdout)}）")
        state = self.state()  # read back what the remote now has
        if state.current != name:
            raise DeployError(f"推送后远端 {self.branch} 分支上没有找到“发布 {name}”这次提交。请用 git log {self.branch} 检查。")
        return name

    def rollback(self, to: str | None = None) -> tuple[str, str]:
        state, commits = self.history()
        if state.current is None:
            raise DeployError(f"{shown(self.remote)} 的 {self.branch} 分支上还没有发布过网站，没有可以回退的版本。")
        target = rollback_target(
            state, to, f"{self.branch} 分支上的发布有",
            f"当前的发布 {state.current} 已经是 {self.branch} 分支上最早的一次，没有更早的版本可以回退。",
        )
        ref = self._tracking_ref()
        # A new commit with the old release's files: the branch only moves forward, no force push.
        commit = self._git(
            "commit-tree", f"{commits[target]}^{{tree}}", "-p", ref, "-m", f"回退到 {target}", what="生成回退提交"
        ).stdout.strip()
        self._git("push", "--quiet", self.remote, f"{commit}:refs/heads/{self.branch}", what="推送回退")
        self._git("update-ref", ref, commit, what="更新本地的发布分支")
        return state.current, target
