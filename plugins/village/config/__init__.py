"""Loads and validates village.yml, the one file of settings an official edits.

Every bad value gets a Chinese message naming the line, what is wrong and what to write instead,
and all of them are reported at once (the way MkDocs validates mkdocs.yml).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from village.config.editions import Editions, EditionTexts
from village.config.options import Choice, DaysOrOff, Option, OptionalDay, OptionalText, PositiveInt, Text, TimeZone, Url, check_options
from village.config.publishing import _GIT_BRANCH, EDITOR_BACKENDS, EDITOR_DEFAULTS, Deploy, Editor
from village.config.village_options import (
    DEFAULT_CATEGORIES,
    RESERVED_SLUGS,
    Categories,
    ChannelSettings,
    CommentServer,
    ConversionOverrides,
    DaysOrAll,
    Freshness,
    SiteIdCode,
    Subjects,
)
from village.config.yamlfile import ConfigError, key_lines, line_finder, read_settings_file, unknown_keys
from village.source import privacy
from village.source.checked import file_hash

__all__ = [
    "DEFAULT_CATEGORIES", "EDITOR_BACKENDS", "EDITOR_DEFAULTS", "OPTIONS", "RESERVED_SLUGS", "TRADITIONAL_LANGS", "_GIT_BRANCH",
    "ConfigError", "Option", "OptionalText", "Text", "Url", "code_digest", "feed_domain", "key_lines", "load",
    "pelican_settings", "read_settings_file", "unknown_keys",
]

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
    "share_picture_days": DaysOrAll("最近多少天的内容在网页上放分享图", 90),
    "留言": CommentServer("留言服务器（Isso）的网址", ""),
    "editor": Editor("网页编辑器", {}),  # empty means no /admin/ at all
    "editions": Editions("民族文字版本"),  # ug, kk, mn, bo, ko: editions/
    "translations": EditionTexts("民族文字版本里的村名和分类名"),
}

# What each 繁體 conversion is called in the settings comments and which lang it publishes under.
TRADITIONAL_LANGS = {"s2t": "zh-Hant", "s2twp": "zh-Hant-TW", "s2hk": "zh-Hant-HK"}

def load(path: str | Path) -> dict:
    """Return the validated village settings, or raise ConfigError listing every problem."""
    path = Path(path)
    shown = path.name
    text, data = read_settings_file(path, f"找不到设置文件 {path}。请从项目里复制一份 village.yml。")
    at = line_finder(text)
    errors: list[str] = unknown_keys(data, OPTIONS, at)
    result, problems = check_options(
        data, OPTIONS, at, default_of=lambda option: DEFAULT_CATEGORIES if isinstance(option, Categories) else option.default,
    )
    errors += problems + _personal_numbers(text)
    emblem = result.get("emblem")
    if emblem and not (path.parent / "content" / emblem).is_file():
        errors.append(f"{at('emblem')}emblem（村徽图片）找不到文件 content/{emblem}。请把图片放进 content/images/，再写 images/文件名。")
    qr = (result.get("channels") or {}).get("wechat_qr")
    if qr and not (path.parent / "content" / qr).is_file():
        errors.append(f"{at('channels')}channels.wechat_qr（微信二维码图片）找不到文件 content/{qr}。请把图片放进 content/images/，再写 images/文件名。")
    if errors:
        raise ConfigError(shown, errors)
    return result


def _personal_numbers(text: str) -> list[str]:
    """ID and bank card numbers anywhere in village.yml, comments too: its texts are published on
    every page and the file stays in the git history. Phone numbers here are the office's own."""
    _, findings = privacy.mask(text)
    return [f"第 {f.line} 行：{f.message(strict=True)}" for f in findings if f.kind != "mobile"]


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
        digest.update(f"{path.relative_to(package).as_posix()}\0{file_hash(path)}\0".encode())
    for path in templates:
        digest.update(Path(path).name.encode() + b"\0" + (Path(path).read_bytes() if Path(path).is_file() else b""))
    return digest.hexdigest()[:10]


def feed_domain(site_url: str) -> str:
    return re.sub(r":\d+$", "", urlsplit(site_url).netloc)
