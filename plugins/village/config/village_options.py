"""The settings only a village has: categories, channels, disclosure subjects, 繁體 corrections,
the 留言 server, the site code and the freshness rules."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from village.config.options import Option
from village.source.slugs import VALID_SLUG

# Words our own URLs already use at the top level of a category's folder or site.
RESERVED_SLUGS = {"page", "feeds", "tag", "category", "author", "archives", "theme", "static"}

DEFAULT_CATEGORIES = [
    {"name": "党建", "slug": "dangjian", "description": "支部活动、党员教育与党务动态"},
    {"name": "村务", "slug": "cunwu", "description": "村里的大事小情与村务公开"},
    {"name": "致富", "slug": "zhifu", "description": "产业发展、合作社与创业故事"},
    {"name": "民俗", "slug": "minsu", "description": "节庆、民间文艺与乡风文明"},
    {"name": "建言", "slug": "jianyan", "description": "党员和村民的意见建议"},
]


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


class DaysOrAll(Option):
    """A number of days, or 全部 (every day there is)."""

    ALL = "全部"

    def check(self, value, label, at, data):
        if str(value).strip() == self.ALL:
            return None, []
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return value, [f"{label}应当是天数，例如 {self.default}；每一篇都要就写 {self.ALL}。现在写的是“{value}”。"]
        return value, []
