"""Where the site goes and who may edit it: the deploy: and editor: sections of village.yml."""

from __future__ import annotations

import difflib
import re
from urllib.parse import urlsplit

from village.config.options import Option


class Deploy(Option):
    def check(self, value, label, at, data):
        return _check_deploy(value, at, data.get("site_url"))


class Editor(Option):
    def check(self, value, label, at, data):
        return _check_editor(value, at)


DEPLOY_DEFAULTS = {
    "method": "none", "git_remote": "origin", "git_branch": "gh-pages", "rsync_target": "", "keep_releases": 5, "cname": "",
}
DEPLOY_LABELS = {
    "method": "发布方式", "git_remote": "推送到的仓库", "git_branch": "推送到的分支", "rsync_target": "服务器上的网站文件夹",
    "keep_releases": "保留几次发布", "cname": "自己的域名",
}
# [user@]host:/absolute/path, or a local absolute path; no spaces or shell characters.
_RSYNC_TARGET = re.compile(r"^(?:(?P<host>[A-Za-z0-9._-]+(?:@[A-Za-z0-9._-]+)?):)?(?P<path>/[\w./+-]*)$")
_GIT_BRANCH = re.compile(r"^(?!-)(?!.*\.\.)(?!.*//)[A-Za-z0-9._/-]+(?<![./])$")
_HOSTNAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


def _check_deploy(value, at, site_url) -> tuple[dict, list[str]]:
    """The deploy: section (invoke publish). Defaults deploy nowhere, so nothing goes live by accident."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        return dict(DEPLOY_DEFAULTS), [
            f"{at('deploy')}deploy（发布设置）应当是几行缩进两个空格的设置，例如下一行写“  method: rsync”。"
        ]
    errors: list[str] = []
    for key in value:
        if key not in DEPLOY_DEFAULTS:
            guess = difflib.get_close_matches(str(key), DEPLOY_DEFAULTS, n=1, cutoff=0.6)
            hint = f"是不是想写 {guess[0]}？" if guess else f"可以用的有：{'、'.join(DEPLOY_DEFAULTS)}。"
            errors.append(f"{at(f'deploy.{key}')}deploy 里不认识的设置 “{key}”。{hint}")
    result = dict(DEPLOY_DEFAULTS)
    for key in DEPLOY_DEFAULTS:
        raw = value.get(key)
        if raw is None or raw == "":
            continue
        label = f"{at(f'deploy.{key}')}deploy.{key}（{DEPLOY_LABELS[key]}）"
        if key == "keep_releases":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 2:
                errors.append(f"{label}应当是 2 或更大的整数（至少留一次可以回退），例如 5，现在写的是“{raw}”。")
                continue
            result[key] = raw
            continue
        text = str(raw).strip()
        if key == "method" and text not in ("none", "git", "rsync"):
            errors.append(
                f"{label}只能写 none（不发布）、git（推送到 gh-pages 分支）或 rsync（上传到服务器），现在写的是“{text}”。"
            )
        elif key == "git_branch" and (not _GIT_BRANCH.match(text) or text.endswith(".lock")):
            errors.append(f"{label}“{text}”不是能用的分支名。请写英文字母、数字和 - 组成的名字，例如 gh-pages。")
        elif key == "git_branch" and text in ("main", "master"):
            errors.append(f"{label}不能是 {text}：网站源文件就在这个分支上，发布会把它们覆盖掉。请写 gh-pages。")
        elif key == "git_remote" and (any(c.isspace() for c in text) or text.startswith("-")):
            errors.append(f"{label}“{text}”里有空格或以 - 开头。请写 origin，或完整的仓库地址。")
        elif key == "rsync_target" and not _RSYNC_TARGET.match(text.rstrip("/") or "/"):
            errors.append(
                f"{label}“{text}”写法不对。上传到服务器写“用户名@服务器:/绝对路径”，例如 deploy@203.0.113.5:/srv/qinghe；"
                "本机文件夹写以 / 开头的绝对路径。路径里不能有空格和引号。"
            )
        elif key == "rsync_target" and (_RSYNC_TARGET.match(text.rstrip("/") or "/").group("path").rstrip("/") == ""):
            errors.append(f"{label}不能是根目录 /。请写网站专用的文件夹，例如 /srv/qinghe。")
        elif key == "cname":
            host = urlsplit(str(site_url or "")).hostname or ""
            if not _HOSTNAME.match(text.lower()):
                errors.append(f"{label}“{text}”不是域名。只写域名，不写 https:// 和路径，例如 qinghe.example.cn。")
            elif host and text.lower() != host:
                errors.append(f"{label}“{text}”和 site_url（正式网址）的域名 {host} 不一致。两处要写同一个域名。")
        result[key] = text.rstrip("/") if key == "rsync_target" else text
    if result["method"] == "rsync" and not result["rsync_target"]:
        errors.append(
            f"{at('deploy.method')}deploy.method 写了 rsync，但没有写 rsync_target（服务器上的网站文件夹），"
            "例如“  rsync_target: deploy@203.0.113.5:/srv/qinghe”。"
        )
    return result, errors


EDITOR_DEFAULTS = {"backend": "none", "repo": "", "branch": "main", "base_url": "", "app_id": "", "auth_url": "", "review": False}
EDITOR_LABELS = {
    "backend": "代码仓库放在哪种平台", "repo": "仓库", "branch": "分支", "base_url": "自建服务器的网址",
    "app_id": "OAuth 应用的 Application ID", "auth_url": "GitHub 登录中转服务的网址", "review": "发布前要不要审核",
}
EDITOR_BACKENDS = {"none": "不要网页编辑器", "gitlab": "GitLab（含自建 GitLab、极狐 GitLab）", "gitea": "自建 Gitea", "github": "GitHub"}
_REPO = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")


def _check_editor(value, at) -> tuple[dict, list[str]]:
    """The editor: section, which decides whether /admin/ (the web editor) is built and where it saves."""
    if value is None or value == "":
        value = {}
    if not isinstance(value, dict):
        return dict(EDITOR_DEFAULTS), [f"{at('editor')}editor（网页编辑器）应当是几行缩进两个空格的设置，例如下一行写“  backend: gitlab”。"]
    errors: list[str] = []
    for key in value:
        if key not in EDITOR_DEFAULTS:
            guess = difflib.get_close_matches(str(key), EDITOR_DEFAULTS, n=1, cutoff=0.6)
            hint = f"是不是想写 {guess[0]}？" if guess else f"可以用的有：{'、'.join(EDITOR_DEFAULTS)}。"
            errors.append(f"{at(f'editor.{key}')}editor 里不认识的设置 “{key}”。{hint}")
    result = dict(EDITOR_DEFAULTS)

    def label(key: str) -> str:
        return f"{at(f'editor.{key}') or at('editor')}editor.{key}（{EDITOR_LABELS[key]}）"

    for key in EDITOR_DEFAULTS:
        raw = value.get(key)
        if raw is None or raw == "":
            continue
        if key == "review":
            if not isinstance(raw, bool):
                errors.append(f"{label(key)}只能写 true（保存后先送审，第二个人同意才发布）或 false（保存就发布），现在写的是“{raw}”。")
                continue
            result[key] = raw
            continue
        result[key] = str(raw).strip()
    backend = result["backend"]
    if backend not in EDITOR_BACKENDS:
        choices = "；".join(f"{name}（{text}）" for name, text in EDITOR_BACKENDS.items())
        errors.append(f"{label('backend')}只能写：{choices}。现在写的是“{backend}”。")
        return result, errors
    if backend == "none":
        return result, errors
    if not _REPO.match(result["repo"]):
        errors.append(
            f"{label('repo')}应当写成“用户名或组名/仓库名”，例如 qinghe/qinghe-site（打开仓库页面，网址里服务器地址后面的那一段）。"
            f"现在写的是“{result['repo']}”。"
        )
    if not _GIT_BRANCH.match(result["branch"]):
        errors.append(f"{label('branch')}“{result['branch']}”不是能用的分支名，一般写 main。")
    for key in ("base_url", "auth_url"):
        text = result[key]
        parts = urlsplit(text)
        if text and (parts.scheme not in ("http", "https") or not parts.netloc):
            errors.append(f"{label(key)}应当是完整网址，以 https:// 开头，例如 https://git.example.cn。现在写的是“{text}”。")
        result[key] = text.rstrip("/")
    if backend == "gitea" and not result["base_url"]:
        errors.append(f"{label('base_url')}用 Gitea 时必须写自建服务器的网址，例如 https://git.example.cn。")
    if backend in ("gitlab", "gitea") and not result["app_id"]:
        errors.append(
            f"{label('app_id')}用 {backend} 时必须写 OAuth 应用的 Application ID（在{backend}的“应用”设置里新建，"
            "见《信息员操作指南》“不装任何软件：在浏览器里写”一章）。"
        )
    if backend == "github" and not result["auth_url"]:
        errors.append(
            f"{label('auth_url')}用 GitHub 时必须写登录中转服务的网址（GitHub 不能直接从网页登录），例如 https://auth.example.cn。"
        )
    if backend == "gitea" and result["review"]:
        errors.append(f"{label('review')}Gitea 不支持“先送审再发布”。请写 false，或改用 GitLab / GitHub。")
    return result, errors
