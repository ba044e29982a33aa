"""Page metadata of the 政府网站发展指引 (国办发〔2017〕47号): every page says which site and
column it belongs to, and a content page its title, publication time and source, in <meta> tags
the county portal's crawler and the inspectors' tools read.

Computed here from the page's address and the object it shows; templates only print the tags.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from village.posts.page_meta import page_path

# ColumnType, from a fixed list: what kind of column a page belongs to.
COLUMN_TYPES = {
    "home": "首页", "news": "动态信息", "disclosure": "信息公开", "interaction": "互动交流", "service": "办事服务",
    "special": "专题专栏", "site": "网站信息",
}
INTERACTION_CATEGORIES = {"建言"}  # a category of villagers' suggestions is an interaction column

# Columns by the first part of the address: (name, description, type).
_FIXED = {
    "gongkai": ("公开栏", "党务、村务、财务公开和四议两公开", "disclosure"),
    "cards": ("三卡", "便民联系卡、村情明白卡和质询回音卡", "interaction"),
    "albums": ("相册", "村里的活动照片", "special"),
    "search": ("搜索", "全站搜索", "site"),
    "hudong": ("互动", "向村里反映问题、提出建议的渠道", "interaction"),
    "site-info": ("网站运行情况", "各栏目更新情况、公开日历按时率和质询答复情况", "site"),
}
_CARD_COLUMNS = {
    "inquiries": ("质询回音卡", "村民质询的办理和答复", "interaction"),
    "monthly": ("村情明白卡", "每月的中心工作、主要议程、项目建设和文化活动", "disclosure"),
    "contacts": ("便民联系卡", "驻村干部和村两委成员的分工和电话", "service"),
}


def column_of(path: str, obj, settings) -> tuple[str, str, str]:
    """(ColumnName, ColumnDescription, column type key) of the page at site-relative `path`."""
    categories = {c["slug"]: c for c in settings.get("VILLAGE_CATEGORIES", [])}
    by_name = {c["name"]: c for c in categories.values()}
    category = getattr(obj, "category", None)
    if category is not None and str(category) in by_name:
        found = by_name[str(category)]
        return found["name"], found["description"], "interaction" if found["name"] in INTERACTION_CATEGORIES else "news"
    parts = [p for p in path.split("/") if p]
    if not parts or parts[0] == "page":
        return "首页", settings["VILLAGE"].get("description", ""), "home"
    if parts[0] == "category" and len(parts) > 1 and parts[1] in categories:
        found = categories[parts[1]]
        return found["name"], found["description"], "interaction" if found["name"] in INTERACTION_CATEGORIES else "news"
    if parts[0] == "gongkai":
        kind = getattr(obj, "kind", None)
        if kind:
            return f"{kind}公开", f"{kind}公开事项", "disclosure"
        if len(parts) > 1 and parts[1] == "juece":
            return "四议两公开", "重大事项的提议、商议、审议、决议和两公开", "disclosure"
    if parts[0] == "cards" and len(parts) > 1 and parts[1] in _CARD_COLUMNS:
        return _CARD_COLUMNS[parts[1]]
    if parts[0] in _FIXED:
        return _FIXED[parts[0]]
    if getattr(obj, "title", None) and getattr(obj, "slug", None) == parts[0]:  # a page such as 村情简介
        return str(obj.title), str(getattr(obj, "summary", "") or ""), "site"
    return "归档", "按时间、标签和作者查看文章", "site"


def _pub_date(obj):
    return getattr(obj, "date", None) or getattr(obj, "answered", None)


def _source(obj, village: dict) -> str:
    for name in ("source", "publisher", "handler"):
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return village["name"]


def _plain(value) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", str(value or ""))).strip()


def metadata(output_file: str, obj, settings) -> list[tuple[str, str]]:
    """(name, content) of every tag for one page, in the guide's order; empty values left out."""
    village = settings["VILLAGE"]
    path = page_path(output_file)
    name, description, kind = column_of(path, obj, settings)
    tags = [
        ("SiteName", village["name"]),
        ("SiteDomain", urlsplit(village["site_url"]).hostname or ""),
        ("SiteIDCode", village.get("site_id_code", "")),
        ("ColumnName", name),
        ("ColumnDescription", _plain(description) or name),
        ("ColumnKeywords", f"{name},{village['name']}"),
        ("ColumnType", COLUMN_TYPES[kind]),
    ]
    date = _pub_date(obj) if obj is not None else None
    if obj is not None and getattr(obj, "title", None) and date is not None:
        keywords = [str(t) for t in getattr(obj, "tags", []) or []]
        authors = [str(a) for a in getattr(obj, "authors", []) or []]
        image = getattr(obj, "share_image", None)
        tags += [
            ("ArticleTitle", _plain(obj.title)),
            ("PubDate", date.strftime("%Y-%m-%d %H:%M")),
            ("ContentSource", _source(obj, village)),
            ("Keywords", ",".join(keywords)),
            ("Author", "、".join(authors)),
            ("Description", _plain(getattr(obj, "summary", ""))),
            ("Image", f"{village['site_url']}/{image}" if image else ""),
            ("Url", f"{village['site_url']}/{path}"),
        ]
    return [(key, value) for key, value in tags if value]


class GovMeta:
    """The `gov_meta` filter: a class, not a closure, because Pelican pickles its settings."""

    def __init__(self, settings):
        self.settings = {"VILLAGE": settings["VILLAGE"], "VILLAGE_CATEGORIES": settings.get("VILLAGE_CATEGORIES", [])}

    def __call__(self, output_file: str, obj=None) -> Markup:
        tags = metadata(output_file, obj, self.settings)
        return Markup("\n".join(f'<meta name="{key}" content="{escape(value)}">' for key, value in tags))


def jinja_filters(settings) -> dict:
    return {"gov_meta": GovMeta(settings)}
