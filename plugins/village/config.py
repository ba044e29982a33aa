"""Loads and validates village.yml, the one file of settings an official edits.

Every bad value gets a Chinese message naming the line, what is wrong and what to write instead,
and all of them are reported at once (the way MkDocs validates mkdocs.yml).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from village.source.slugs import VALID_SLUG

# Words our own URLs already use at the top level of a category's folder or site.
RESERVED_SLUGS = {"page", "feeds", "tag", "category", "author", "archives", "theme", "static"}


class ConfigError(Exception):
    def __init__(self, path: str, messages: list[str]):
        self.path = path
        self.messages = messages
        super().__init__(self.format())

    def format(self) -> str:
        lines = [f"网站设置文件 {self.path} 有 {len(self.messages)} 处需要修改："]
        lines += [f"  - {m}" for m in self.messages]
        return "\n".join(lines)


class Option:
    """One setting of village.yml: its label, its default, and how a value is checked. Each kind of
    setting is a subclass whose `check` returns the value to use and the problems, in Chinese.
    A setting without a default must be filled in."""

    def __init__(self, label: str, default=None):
        self.label = label
        self.default = default

    def check(self, value, label: str, at, data: dict) -> tuple[object, list[str]]:
        return value, []


class Text(Option):
    def check(self, value, label, at, data):
        return value, [] if str(value).strip() else [f"{label}不能是空的。"]


class OptionalText(Option):
    def __init__(self, label: str, default=""):
        super().__init__(label, default)

    def check(self, value, label, at, data):
        return str(value).strip(), []


class Url(Option):
    def check(self, value, label, at, data):
        parts = urlsplit(str(value))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return str(value), [f"{label}应当是完整网址，以 https:// 开头，例如 https://qinghe.example.cn。"]
        return str(value).rstrip("/"), []


class TimeZone(Option):
    def check(self, value, label, at, data):
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            return value, [f"{label}“{value}”不是时区名称。中国大陆写 Asia/Shanghai。"]
        return value, []


class PositiveInt(Option):
    def check(self, value, label, at, data):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return value, [f"{label}应当是一个正整数，例如 {self.default}，现在写的是“{value}”。"]
        return value, []


class DaysOrOff(Option):
    def check(self, value, label, at, data):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return value, [f"{label}应当是天数，例如 {self.default}；写 0 表示不提醒。现在写的是“{value}”。"]
        return value, []


class Choice(Option):
    def __init__(self, label: str, default: str, choices: tuple[str, ...]):
        super().__init__(label, default)
        self.choices = choices

    def check(self, value, label, at, data):
        if str(value) not in self.choices:
            return value, [f"{label}只能写 {' 或 '.join(self.choices)}，现在写的是“{value}”。"]
        return value, []


class CommentServer(Option):
    """留言: where the village's Isso server answers. Empty is off. It must be on the site's own
    address (a path such as /isso, proxied by nginx) or a host under the site's domain, so a
    villager's phone never loads anything from another site; 127.0.0.1 is for trying it locally."""

    LOOPBACK = ("127.0.0.1", "localhost", "[::1]")

    def check(self, value, label, at, data):
        text = str(value or "").strip()
        if not text:
            return "", []
        if text.startswith("/") and not text.startswith("//"):
            return text.rstrip("/") or "/", []
        parts = urlsplit(text)
        site = urlsplit(str(data.get("site_url") or "")).hostname or ""
        host = parts.hostname or ""
        example = f"请写 /isso（由本站的 nginx 转给 Isso，见 deploy/isso/README.md），或者 https://{site or '本站域名'}/isso；不开留言就留空。"
        if parts.scheme not in ("http", "https") or not host:
            return text, [f"{label}“{text}”不是网址。{example}"]
        if host != site and not host.endswith("." + site) and parts.netloc.rsplit(":", 1)[0] not in self.LOOPBACK:
            return text, [
                f"{label}“{text}”不在本站的域名（{site}）下：村民打开每一页都会连到别的网站，在有些地方会打不开或很慢。{example}"
            ]
        return text.rstrip("/"), []
class OptionalDay(Option):
    """A day written 2026-12-01 (YAML reads it as a date) or left empty."""

    def check(self, value, label, at, data):
        import datetime as dt

        if value in ("", None):
            return None, []
        if isinstance(value, dt.date):
            return value, []
        try:
            return dt.date.fromisoformat(str(value).strip()), []
        except ValueError:
            return None, [f"{label}应当是一个日期，例如 2026-12-01；不需要就留空。现在写的是“{value}”。"]


class SiteIdCode(Option):
    """网站标识码: 10 digits (6-digit area code + 4), or bm + 8 digits for a department's site."""

    def check(self, value, label, at, data):
        text = str(value or "").strip()
        if text and not re.fullmatch(r"\d{10}|bm\d{8}", text):
            return text, [f"{label}“{text}”写法不对：网站标识码是 10 位数字（例如 5300000001），部门网站是 bm 加 8 位数字。"
                          "没有标识码（村网站一般挂在县政府网站下，没有自己的）就留空。"]
        return text, []


class Freshness(Option):
    """freshness: how long a column may stay silent (国办秘函〔2019〕19号: news 2 weeks, notices 6 months)."""

    LABELS = {"news_days": "动态类栏目多少天不更新算超期", "notice_days": "公开类栏目多少天不更新算超期",
              "empty_columns": "空栏目达到几个算一票否决", "notice_categories": "哪些分类按公开类算"}

    def check(self, value, label, at, data):
        if value in (None, "", {}):
            return {}, []
        if not isinstance(value, dict):
            return {}, [f"{label}应当是几行缩进两个空格的设置，例如下一行写“  news_days: 14”。"]
        errors, result = [], {}
        names = {str(c.get("name")) for c in (data.get("categories") or DEFAULT_CATEGORIES) if isinstance(c, dict)}
        for key, raw in value.items():
            if key not in self.LABELS:
                errors.append(f"{at('freshness')}freshness 里不认识的设置“{key}”。可以用的有：{'、'.join(self.LABELS)}。")
            elif key == "notice_categories":
                listed = raw if isinstance(raw, list) else []
                unknown = [str(n) for n in listed if str(n) not in names]
                if not isinstance(raw, list) or unknown:
                    errors.append(f"{at('freshness')}freshness.notice_categories 应当写分类名的列表，例如 [建言]；"
                                  f"“{'、'.join(unknown) or raw}”不是分类名。分类有：{'、'.join(sorted(names))}。")
                else:
                    result[key] = [str(n) for n in listed]
            elif isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                errors.append(f"{at('freshness')}freshness.{key}（{self.LABELS[key]}）应当是正整数（写 0 表示不检查），现在写的是“{raw}”。")
            else:
                result[key] = raw
        return result, errors


class ChannelSettings(Option):
    """channels: the ways villagers reach the village (互动 page, 我要反映, 纠错)."""

    KEYS = {"phone": "电话", "email": "邮箱", "wechat_qr": "微信二维码图片", "hours": "办公时间"}

    def check(self, value, label, at, data):
        if value in (None, "", {}):
            return {}, []
        if not isinstance(value, dict):
            return {}, [f"{label}应当是几行缩进两个空格的设置，例如下一行写“  phone: 0000-0000000”。"]
        errors, result = [], {}
        where = at("channels")
        for key, raw in value.items():
            text = str(raw or "").strip()
            if key not in self.KEYS:
                errors.append(f"{where}channels 里不认识的设置“{key}”。可以用的有：{'、'.join(self.KEYS)}。")
            elif key == "phone" and text and not re.fullmatch(r"[\d+][\d -]{4,}", text):
                errors.append(f"{where}channels.phone（电话）“{text}”不是电话号码。请写村委会办公电话，例如 0000-0000000。")
            elif key == "email" and text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", text):
                errors.append(f"{where}channels.email（邮箱）“{text}”不是邮箱地址，例如 qinghe@example.cn。")
            else:
                result[key] = text
        return result, errors


class Categories(Option):
    def check(self, value, label, at, data):
        return _check_categories(value, at)


class Deploy(Option):
    def check(self, value, label, at, data):
        return _check_deploy(value, at, data.get("site_url"))


class Editor(Option):
    def check(self, value, label, at, data):
        return _check_editor(value, at)


class Subjects(Option):
    def check(self, value, label, at, data):
        return _check_subjects(value, at("disclosure_subjects"))


class ConversionOverrides(Option):
    """traditional_overrides: 简体词: 繁體词, for what OpenCC converts wrongly (并到 → 並到, not 併到)."""

    def check(self, value, label, at, data):
        if value in (None, "", {}):
            return {}, []
        example = "例如：\n  并到: 並到"
        if not isinstance(value, dict):
            return {}, [f"{label}应当一行写一个词：左边写简体，冒号后面写繁体，{example}"]
        errors, result = [], {}
        for simplified, traditional in value.items():
            simplified, traditional = str(simplified or "").strip(), str(traditional or "").strip()
            if not simplified or not traditional:
                errors.append(f"{label}里“{simplified or traditional}”缺了一边：左边写简体，冒号后面写繁体，{example}")
            else:
                result[simplified] = traditional
        return result, errors


OPTIONS: dict[str, Option] = {
    "name": Text("村名"),
    "region": OptionalText("所属乡镇"),
    "description": OptionalText("网站简介"),
    "site_url": Url("正式网址"),
    "timezone": TimeZone("时区", "Asia/Shanghai"),
    "default_author": OptionalText("默认作者"),
    "deploy": Deploy("发布设置", {}),  # an empty "deploy:" means the defaults: nothing goes live
    "categories": Categories("分类"),  # the default list is filled in below
    "icp": OptionalText("ICP 备案号"),
    "police_beian": OptionalText("公安备案号"),
    "site_id_code": SiteIdCode("网站标识码", ""),
    "office_phone": OptionalText("村委会办公电话"),
    "office_address": OptionalText("村委会地址"),
    "channels": ChannelSettings("村民反映问题的渠道", {}),
    "summary_length": PositiveInt("摘要字数", 80),
    "title_length": PositiveInt("自动标题字数", 20),
    "inquiry_days": PositiveInt("质询办理期限（天）", 30),
    "stale_days": DaysOrOff("多少天不更新就提醒", 14),
    "freshness": Freshness("栏目更新要求", {}),
    "backdate_days": DaysOrOff("日期比第一次提交早多少天算补录", 7),
    "history_since": OptionalDay("从哪天起核对发布日期", ""),
    "disclosure_prefix": OptionalText("公开事项索引号的前缀", "GK"),
    "disclosure_subjects": Subjects("公开事项和公开周期", {}),
    "feed_items": PositiveInt("订阅源条数", 20),
    "per_page": PositiveInt("首页每页文章数", 10),
    "per_page_lists": PositiveInt("分类、标签、作者页每页文章数", 20),
    "traditional": Choice("繁體版转换方式", "s2t", ("s2t", "s2twp", "s2hk", "none")),
    "traditional_overrides": ConversionOverrides("繁體版的更正词表", {}),
    "emblem": OptionalText("村徽图片"),
    "contact_page": OptionalText("“联系我们”页面"),
    "disclosure_url": OptionalText("“公开栏”网址"),
    "privacy": Choice("隐私保护方式", "strict", ("mask", "strict")),
    "office_wechat": OptionalText("村委会微信号"),
    "留言": CommentServer("留言服务器（Isso）的网址", ""),
    "editor": Editor("网页编辑器", {}),  # empty means no /admin/ at all
}

# What each 繁體 conversion is called in the settings comments and which lang it publishes under.
TRADITIONAL_LANGS = {"s2t": "zh-Hant", "s2twp": "zh-Hant-TW", "s2hk": "zh-Hant-HK"}

DEFAULT_CATEGORIES = [
    {"name": "党建", "slug": "dangjian", "description": "支部活动、党员教育与党务动态"},
    {"name": "村务", "slug": "cunwu", "description": "村里的大事小情与村务公开"},
    {"name": "致富", "slug": "zhifu", "description": "产业发展、合作社与创业故事"},
    {"name": "民俗", "slug": "minsu", "description": "节庆、民间文艺与乡风文明"},
    {"name": "建言", "slug": "jianyan", "description": "党员和村民的意见建议"},
]


def key_lines(text: str) -> dict[str, int]:
    """The line of every key of a YAML settings file, named as errors name them: top-level keys,
    their keys ('deploy.method', 'townships.桂山镇'), list entries ('categories[0]') and the keys
    of those ('villages[2].path')."""
    lines: dict[str, int] = {}
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return lines

    def walk(node, prefix: str, depth: int) -> None:
        if depth > 2:
            return
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                name = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
                lines[name] = key_node.start_mark.line + 1
                walk(value_node, name, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[f"{prefix}[{i}]"] = item.start_mark.line + 1
                walk(item, f"{prefix}[{i}]", depth + 1)

    walk(node, "", 0)
    return lines


def _check_categories(value, at) -> tuple[list[dict], list[str]]:
    errors: list[str] = []
    if not isinstance(value, list) or not value:
        return [], [f"{at('categories')}categories 应当是一个列表，每项写 name（分类名）和 slug（网址用的英文或拼音）。"]
    seen_names: dict[str, int] = {}
    seen_slugs: dict[str, int] = {}
    categories = []
    for i, item in enumerate(value):
        where = at(f"categories[{i}]")
        if not isinstance(item, dict):
            errors.append(f"{where}第 {i + 1} 个分类应当写成 “- name: 党建” 和 “slug: dangjian” 两行。")
            continue
        name = str(item.get("name") or "").strip()
        slug = str(item.get("slug") or "").strip()
        if not name:
            errors.append(f"{where}第 {i + 1} 个分类缺少 name（分类名，例如 党建）。")
        if not VALID_SLUG.match(slug):
            errors.append(
                f"{where}分类“{name}”的 slug “{slug}”不行：只能用小写英文字母、数字和连字符，例如 dangjian。"
            )
        elif slug in RESERVED_SLUGS:
            errors.append(f"{where}分类“{name}”的 slug “{slug}”是网站保留的词，请换一个，例如 {slug}-news。")
        if name in seen_names:
            errors.append(f"{where}分类名“{name}”重复了（第 {seen_names[name] + 1} 个分类已经用过）。")
        if slug in seen_slugs:
            errors.append(f"{where}slug “{slug}”重复了（第 {seen_slugs[slug] + 1} 个分类已经用过）。")
        unknown = set(item) - {"name", "slug", "description"}
        if unknown:
            errors.append(f"{where}分类里不认识的设置：{'、'.join(sorted(map(str, unknown)))}。只能写 name、slug、description。")
        seen_names.setdefault(name, i)
        seen_slugs.setdefault(slug, i)
        categories.append({"name": name, "slug": slug, "description": str(item.get("description") or "")})
    return categories, errors


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


def read_settings_file(path: Path, missing: str) -> tuple[str, dict]:
    """The text of a YAML settings file (village.yml, county.yml) and its top-level mapping, or
    ConfigError saying in Chinese why it cannot be read."""
    shown = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(shown, [missing]) from None
    except UnicodeDecodeError:
        raise ConfigError(shown, ["设置文件不是 UTF-8 编码。请用 VS Code 或记事本另存为 UTF-8。"]) from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行：" if mark is not None else ""
        raise ConfigError(
            shown, [f"{where}YAML 写法有误。每行写成“键: 值”，冒号是英文冒号，后面留一个空格；缩进只用空格。"]
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(shown, ["设置文件应当是一行一个“键: 值”。"])
    return text, data


def unknown_keys(data: dict, options: dict, at) -> list[str]:
    """An error for each top-level key no option knows, with the nearest one as a suggestion."""
    errors = []
    for key in data:
        if key not in options:
            guess = difflib.get_close_matches(str(key), options, n=1, cutoff=0.6)
            hint = f"是不是想写 {guess[0]}？" if guess else f"可以用的设置有：{'、'.join(options)}。"
            errors.append(f"{at(key)}不认识的设置 “{key}”。{hint}")
    return errors


def load(path: str | Path) -> dict:
    """Return the validated village settings, or raise ConfigError listing every problem."""
    path = Path(path)
    shown = path.name
    text, data = read_settings_file(path, f"找不到设置文件 {path}。请从项目里复制一份 village.yml。")
    lines = key_lines(text)

    def at(key: str) -> str:
        return f"第 {lines[key]} 行：" if key in lines else ""

    errors: list[str] = unknown_keys(data, OPTIONS, at)

    result: dict = {}
    for key, option in OPTIONS.items():
        value = data.get(key)
        if value is None:
            value = DEFAULT_CATEGORIES if isinstance(option, Categories) else option.default
        label = f"{at(key)}{key}（{option.label}）"
        if value is None:
            errors.append(f"{label}没有填写，这一项必须填。")
            continue
        result[key], problems = option.check(value, label, at, data)
        errors += problems
    emblem = result.get("emblem")
    if emblem and not (path.parent / "content" / emblem).is_file():
        errors.append(f"{at('emblem')}emblem（村徽图片）找不到文件 content/{emblem}。请把图片放进 content/images/，再写 images/文件名。")
    qr = (result.get("channels") or {}).get("wechat_qr")
    if qr and not (path.parent / "content" / qr).is_file():
        errors.append(f"{at('channels')}channels.wechat_qr（微信二维码图片）找不到文件 content/{qr}。请把图片放进 content/images/，再写 images/文件名。")
    if errors:
        raise ConfigError(shown, errors)
    return result


_SUBJECT_TYPES = ("党务", "村务", "财务")
_CADENCES = ("monthly", "quarterly", "yearly", "event")


def _check_subjects(value, where: str) -> tuple[dict, list[str]]:
    """disclosure_subjects: 事项名: {type: 财务, cadence: monthly}; empty means the usual list."""
    if value in (None, "", {}):
        return {}, []
    example = "例如：\n  财务收支: {type: 财务, cadence: monthly}"
    if not isinstance(value, dict):
        return {}, [f"{where}disclosure_subjects 应当一行写一个事项，{example}"]
    errors, result = [], {}
    for name, spec in value.items():
        if not isinstance(spec, dict) or spec.get("type") not in _SUBJECT_TYPES or spec.get("cadence") not in _CADENCES:
            errors.append(
                f"{where}disclosure_subjects 里的“{name}”写得不对：type 只能写 {'、'.join(_SUBJECT_TYPES)}，"
                f"cadence（公开周期）只能写 monthly（每月）、quarterly（每季度）、yearly（每年）或 event（随时公开，不进公开日历）。{example}"
            )
            continue
        result[str(name)] = {"type": spec["type"], "cadence": spec["cadence"]}
    return result, errors


def pelican_settings(village: dict) -> dict:
    """The Pelican settings that follow from the village settings."""
    return {
        "SITENAME": village["name"],
        "TIMEZONE": village["timezone"],
        "DEFAULT_PAGINATION": village["per_page"],
        "PAGINATED_TEMPLATES": {
            "index": village["per_page"],
            "category": village["per_page_lists"],
            "tag": village["per_page_lists"],
            "author": village["per_page_lists"],
        },
        "VILLAGE": village,
        "VILLAGE_CATEGORIES": village["categories"],
    }


def code_digest(package: Path, *templates: Path) -> str:
    """A short hash of the plugin's source files, to key caches by the code that filled them;
    `templates` are theme files whose markup the reader writes into posts (the photo grid)."""
    digest = hashlib.sha1()
    for path in sorted(Path(package).rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for path in templates:
        digest.update(Path(path).name.encode() + b"\0" + (Path(path).read_bytes() if Path(path).is_file() else b""))
    return digest.hexdigest()[:10]


def feed_domain(site_url: str) -> str:
    return re.sub(r":\d+$", "", urlsplit(site_url).netloc)
