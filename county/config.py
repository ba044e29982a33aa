"""Loads and validates county.yml: the county portal and the villages it builds.

Checked the way village.yml is (village/config/options.py): every problem at once, each
in Chinese with its line, what is wrong and what to write instead.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from village.config import _GIT_BRANCH, ConfigError, Option, OptionalText, Text, Url, read_settings_file, unknown_keys
from village.config.options import check_options
from village.config.yamlfile import line_finder
from village.source.slugs import VALID_SLUG


@dataclass(frozen=True)
class Village:
    name: str
    slug: str
    township: str
    township_slug: str
    path: Path | None  # a folder holding village.yml and content/
    repo: str = ""  # or a git repository (URL or local path) and its branch
    branch: str = "main"

    @property
    def key(self) -> str:
        """The village's place in the county: its folder under output/ and its URL path."""
        return f"{self.township_slug}/{self.slug}"


@dataclass(frozen=True)
class County:
    name: str
    site_url: str
    description: str
    root: Path  # the folder county.yml is in
    villages: tuple[Village, ...]
    deploy: dict = field(default_factory=dict)  # object storage: target, releases, keep_releases


class Slug(Option):
    def check(self, value, label, at, data):
        text = str(value).strip()
        if not VALID_SLUG.match(text):
            return text, [f"{label}“{text}”不行：只能用小写英文字母、数字和连字符，例如 qinghe。"]
        return text, []


# rclone's remote:bucket/path; the remote's credentials live in rclone's own configuration.
_REMOTE = re.compile(r"^[A-Za-z0-9_-]+:[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._/-]*)?$")
DEPLOY_KEYS = {"target": "网站放在哪里", "releases": "保留的发布放在哪里", "keep_releases": "保留几次发布"}


class ObjectStorage(Option):
    """deploy: where `invoke county-publish` puts the site, as rclone remote:bucket/path."""

    def check(self, value, label, at, data):
        if value in (None, "", {}):
            return {}, []
        example = "例如：\ndeploy:\n  target: oss:yunxi-cunwu/site\n  releases: oss:yunxi-cunwu/releases\n  keep_releases: 5"
        if not isinstance(value, dict):
            return {}, [f"{label}应当是几行缩进两个空格的设置，{example}"]
        errors = []
        for key in value:
            if key not in DEPLOY_KEYS:
                errors.append(f"{at(f'deploy.{key}') or at('deploy')}deploy 里不认识的设置 “{key}”。可以用的有：{'、'.join(DEPLOY_KEYS)}。")
        result = {"keep_releases": 5}
        for key in ("target", "releases"):
            text = str(value.get(key) or "").strip().rstrip("/")
            where = f"{at(f'deploy.{key}') or at('deploy')}deploy.{key}（{DEPLOY_KEYS[key]}）"
            if not _REMOTE.match(text):
                errors.append(f"{where}“{text}”写法不对：写成“rclone 远端名:存储桶/路径”，例如 oss:yunxi-cunwu/{'site' if key == 'target' else 'releases'}。")
            result[key] = text
        if not errors and (result["releases"] + "/").startswith(result["target"] + "/"):
            errors.append(f"{at('deploy.releases') or at('deploy')}deploy.releases 不能放在 target 里面：发布时会把它当作旧文件删掉。请写另一个路径，例如 {result['target'].rsplit('/', 1)[0]}/releases。")
        keep = value.get("keep_releases", 5)
        if isinstance(keep, bool) or not isinstance(keep, int) or keep < 2:
            errors.append(f"{at('deploy.keep_releases') or at('deploy')}deploy.keep_releases（保留几次发布）应当是 2 或更大的整数，例如 5，现在写的是“{keep}”。")
        result["keep_releases"] = keep
        return result, errors


OPTIONS: dict[str, Option] = {
    "name": Text("门户名称"),
    "site_url": Url("门户网址"),
    "description": OptionalText("门户简介"),
    "townships": Option("乡镇列表"),
    "villages": Option("村庄列表"),
    "deploy": ObjectStorage("发布到对象存储", {}),
}
VILLAGE_OPTIONS: dict[str, Option] = {
    "name": Text("村名"),
    "slug": Slug("网址名"),
    "township": Text("所属乡镇"),
    "path": OptionalText("村庄文件夹"),
    "repo": OptionalText("村庄的 git 仓库"),
    "branch": OptionalText("分支", "main"),
}


def _townships(value, at) -> tuple[dict[str, str], list[str]]:
    example = "例如：\ntownships:\n  桂山镇: guishan"
    if not isinstance(value, dict) or not value:
        return {}, [f"{at('townships')}townships（乡镇列表）应当一行写一个乡镇和它的网址名，{example}"]
    errors, result, seen = [], {}, {}
    for name, slug in value.items():
        where = at(f"townships.{name}")
        slug = str(slug or "").strip()
        if not VALID_SLUG.match(slug):
            errors.append(f"{where}乡镇“{name}”的网址名“{slug}”不行：只能用小写英文字母、数字和连字符，例如 guishan。")
        elif slug in seen:
            errors.append(f"{where}乡镇“{name}”的网址名“{slug}”和“{seen[slug]}”重复了，请换一个。")
        seen.setdefault(slug, str(name))
        result[str(name)] = slug
    return result, errors


def _village(i: int, item, root: Path, townships: dict[str, str], at) -> tuple[Village | None, list[str]]:
    where = at(f"villages[{i}]")
    if not isinstance(item, dict):
        return None, [f"{where}第 {i + 1} 个村应当写成几行：“- name: 青禾村”“slug: qinghe”“township: 桂山镇”“path: 村庄文件夹”。"]
    errors: list[str] = []
    for key in item:
        if key not in VILLAGE_OPTIONS:
            guess = difflib.get_close_matches(str(key), VILLAGE_OPTIONS, n=1, cutoff=0.6)
            hint = f"是不是想写 {guess[0]}？" if guess else f"可以用的有：{'、'.join(VILLAGE_OPTIONS)}。"
            errors.append(f"{at(f'villages[{i}].{key}') or where}第 {i + 1} 个村里不认识的设置 “{key}”。{hint}")
    values: dict = {}
    for key, option in VILLAGE_OPTIONS.items():
        value = item.get(key)
        if value is None:
            value = option.default
        label = f"{at(f'villages[{i}].{key}') or where}第 {i + 1} 个村的 {key}（{option.label}）"
        if value is None:
            errors.append(f"{label}没有填写，这一项必须填。")
            continue
        values[key], problems = option.check(value, label, at, item)
        errors += problems
    name = values.get("name", f"第 {i + 1} 个村")
    township = str(values.get("township", ""))
    if township and townships and township not in townships:
        errors.append(
            f"{at(f'villages[{i}].township') or where}{name}的乡镇“{township}”不在 townships（乡镇列表）里。"
            f"请写 {'、'.join(townships)} 之一，或在 townships 里加一行“{township}: 网址名”。"
        )
    path, repo = values.get("path", ""), values.get("repo", "")
    folder = None
    if bool(path) == bool(repo):
        errors.append(f"{where}{name}要写 path（村庄文件夹）或 repo（git 仓库）其中一个，不能都写，也不能都不写。")
    elif path:
        folder = (root / path).resolve()
        if not (folder / "village.yml").is_file():
            errors.append(f"{at(f'villages[{i}].path') or where}{name}的文件夹 {path} 里没有 village.yml。请写村庄文件夹的路径（从 county.yml 所在的文件夹算起）。")
    branch = values.get("branch") or "main"
    if repo and not _GIT_BRANCH.match(branch):
        errors.append(f"{at(f'villages[{i}].branch') or where}{name}的分支名“{branch}”不能用。请写英文字母、数字和 - 组成的名字，例如 main。")
    if errors:
        return None, errors
    return Village(name, values["slug"], township, townships[township], folder, repo, branch), []


def load(path: str | Path) -> County:
    """The validated county, or ConfigError listing every problem."""
    path = Path(path)
    shown = path.name
    text, data = read_settings_file(path, f"找不到县级设置文件 {path}。请参照项目里的 county.yml 写一份。")
    at = line_finder(text)
    errors: list[str] = unknown_keys(data, OPTIONS, at)
    top, problems = check_options(data, {key: OPTIONS[key] for key in ("name", "site_url", "description", "deploy")}, at)
    errors += problems
    townships, problems = _townships(data.get("townships"), at)
    errors += problems
    raw = data.get("villages")
    villages: list[Village] = []
    if not isinstance(raw, list) or not raw:
        errors.append(f"{at('villages')}villages（村庄列表）应当是一个列表，每个村写 name、slug、township 和 path（或 repo）。")
        raw = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        village, problems = _village(i, item, path.parent.resolve(), townships, at)
        errors += problems
        if village is None:
            continue
        if village.key in seen:
            errors.append(
                f"{at(f'villages[{i}].slug') or at(f'villages[{i}]')}{village.name}的网址名“{village.slug}”和第 {seen[village.key] + 1} 个村重复了"
                f"（同一个乡镇里），请换一个。"
            )
            continue
        seen[village.key] = i
        villages.append(village)
    if errors:
        raise ConfigError(shown, errors)
    return County(top["name"], top["site_url"], top["description"], path.parent.resolve(), tuple(villages), top["deploy"])
