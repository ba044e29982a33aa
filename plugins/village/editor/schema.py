"""Decap CMS's configuration (admin/config.yml) from the village settings and the build's key tables.

Field names are the Chinese header keys officials write by hand (source/keys.py), so a file saved by
the editor is the file an official would have typed. Choices (categories, 公开类型, 事项, steps,
statuses) come from the same tables the build checks against; patterns mirror the build's parsers.
"""

from __future__ import annotations

from village.cards.contacts import CONTACT_FILE_KEYS, CONTACT_KEYS, GROUPS, MAX_PEOPLE
from village.cards.inquiries import STATUSES as INQUIRY_STATUSES
from village.config import EDITOR_DEFAULTS, OPTIONS
from village.gongkai.decisions import MATTER_KEYS, STEP_KEYS, STEPS
from village.gongkai.items import ATTACHMENT_FILES, TYPES, subjects_of
from village.source import keys
from village.source.frontmatter import DRAFT_WORDS, PUBLISHED_WORDS

# Custom formats registered by village-cms.js, one per key table.
FORMATS = {"post": keys.POST, "album": keys.ALBUM, "disclosure": keys.DISCLOSURE, "monthly": keys.MONTHLY, "inquiry": keys.INQUIRY}

# Patterns of the build's parsers (gongkai/periods.py, gongkai/reading.py).
PERIOD_PATTERN = r"^\s*\d{4}\s*(?:(?:-|年)\s*\d{1,2}\s*月?|(?:-Q|-q|年第?)\s*[一二三四1-4]\s*(?:季度?)?|年?度?)\s*$"
PERIOD_MESSAGE = "期间按月写“2026年3月”，按季度写“2026年第一季度”，按年写“2026年”。"
NOTICE_PATTERN = r"^\s*(?:\d+\s*[天日]|至?\d{4}(?:([-/.])\d{1,2}\1\d{1,2}|年\d{1,2}月\d{1,2}日))\s*$"
NOTICE_MESSAGE = "公示期写天数，例如“15天”，或截止日期，例如“2026-04-20”。"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MESSAGE = "网址只能用小写英文字母、数字和连字符，例如 lianxi-women。"
# cards/monthly.py needs all four sections; cards/inquiries.py needs text under 质询内容.
MONTHLY_PATTERN = "".join(rf"(?=(?:^|[\s\S]*\n)##[ \t]*{name})" for name in ("中心工作", "主要议程", "项目建设", "文化活动"))
MONTHLY_MESSAGE = "明白卡要有四个小标题：## 中心工作、## 主要议程、## 项目建设、## 文化活动。"
INQUIRY_PATTERN = r"(?:^|\n)##[ \t]*质询内容[ \t]*\n\s*[^#\s]"
INQUIRY_MESSAGE = "“## 质询内容”下面要写村民问的是什么事（照原意写清楚）。"
DATETIME = {"widget": "datetime", "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm"}
DATE_ONLY = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
STATUS_WORDS = [PUBLISHED_WORDS[0], DRAFT_WORDS[0]]  # 发布, 草稿


def chinese_name(table: keys.KeyTable, canonical: str) -> str:
    """The Chinese key officials write for `canonical` (the first Chinese spelling in the table)."""
    return next(k for k, v in table.keys.items() if v == canonical and not k.isascii())


def aliases() -> dict[str, dict[str, str]]:
    """Format name -> every accepted spelling -> the Chinese field name, for village-cms.js."""
    result = {}
    for name, table in FORMATS.items():
        result[name] = {written: chinese_name(table, canonical) for written, canonical in table.keys.items()}
    return result


def _f(name: str, label: str, widget: str = "string", required: bool = False, hint: str = "", **extra) -> dict:
    field = {"name": name, "label": label, "widget": widget, "required": required}
    if hint:
        field["hint"] = hint
    field.update(extra)
    return field


def _hidden(name: str, default: str = "") -> dict:
    return {"name": name, "label": name, "widget": "hidden", "required": False, "default": default}


def _status(hint: str = "写“草稿”就先不发布；不写或写“发布”就发布。") -> dict:
    return _f("状态", "状态", "select", options=STATUS_WORDS, hint=hint)


def _date(name: str, label: str, required: bool = True, time: bool = True, hint: str = "") -> dict:
    # pattern too: a date typed by hand into an old file must still be one the build reads
    return {**_f(name, label, required=required, hint=hint), **(DATETIME if time else DATE_ONLY)}


# Collections whose folders may hold translations list only the originals (village-cms.js sets _role;
# the posts' collections filter on _kind, which is 译文 for a translation too).
ORIGINALS = {"field": "_role", "value": "原文"}


def _media(collection: dict) -> dict:
    # photos and attachments go beside the file that uses them, as officials place them by hand
    return {**collection, "media_folder": "", "public_folder": ""}


def post_collections(village: dict) -> list[dict]:
    t = keys.POST
    categories = [c["name"] for c in village["categories"]]
    common = {
        "folder": "content/posts", "format": "village-post", "extension": "md", "create": True,
        "slug": "{{fields._stem}}", "path": "{{_dir}}/{{slug}}", "identifier_field": "_stem",
        "sortable_fields": [chinese_name(t, "date")],
    }
    category = _f(chinese_name(t, "category"), "分类", "select", True, options=categories, hint="分类在 village.yml 的 categories 里设置。")
    tags = _f(chinese_name(t, "tags"), "标签", "list", hint="可以不写。每个标签之间用逗号隔开，例如：护林防火, 冬季安全。")
    author = _f(chinese_name(t, "author"), "作者", default=village.get("default_author") or "", hint="不写就用 village.yml 里的默认作者。")
    photos = _f(
        chinese_name(t, "photos"), "图片", "image", media_library={"config": {"multiple": True}},
        hint="微博的照片（可以多张），会放在这篇文章旁边。照片里的位置信息发布时会自动去掉。",
    )
    date = _date(chinese_name(t, "date"), "日期", hint="发布的日期和时间（北京时间）。写成将来的日子，到那天才会出现在网站上。")
    weibo = {
        **common, "name": "weibo", "label": "微博", "label_singular": "微博",
        "description": "没有标题的图文短消息，一两句话配几张照片。网站自动用正文开头当标题。",
        "filter": {"field": "_kind", "value": "微博"},
        "summary": "{{fields.日期}} · {{fields.分类}}",
        "fields": [
            _hidden("_kind", "微博"), _hidden("_stem"), _hidden("_dir"), date, category, tags, author, photos, _status(),
            _f("body", "正文", "markdown", True, hint="写几句话就行，不要写村民的身份证号、银行卡号和手机号。"),
        ],
    }
    article = {
        **common, "name": "wenzhang", "label": "文章", "label_singular": "文章",
        "description": "有标题的长文章：通知、报道、经验介绍。",
        "filter": {"field": "_kind", "value": "文章"},
        "summary": "{{fields.日期}} · {{fields.标题}}",
        "fields": [
            _hidden("_kind", "文章"), _hidden("_stem"), _hidden("_dir"),
            _f(chinese_name(t, "title"), "标题", required=True, hint="文件名会用标题的拼音自动取。"),
            date, category, tags, author,
            _f(chinese_name(t, "source"), "来源", hint="可以不写，例如：桂山镇人民政府。"),
            _f(chinese_name(t, "editor"), "编辑", hint="可以不写。"),
            _f(chinese_name(t, "summary"), "摘要", "text", hint=f"可以不写，网站会自动取正文开头 {village['summary_length']} 个字。"),
            photos, _status(),
            _f("body", "正文", "markdown", True, hint="可以用小标题、列表和照片。照片放在文章旁边。"),
        ],
    }
    page = {
        "name": "yemian", "label": "页面", "label_singular": "页面", "folder": "content/pages", "format": "village-post",
        "extension": "md", "create": True, "filter": ORIGINALS, "slug": "{{fields._stem}}", "identifier_field": "标题",
        "description": "“联系我们”“关于本村”这类长期不变的页面。",
        "fields": [
            _hidden("_stem"),
            _f(chinese_name(t, "title"), "标题", required=True),
            _f(chinese_name(t, "slug"), "网址", pattern=[SLUG_PATTERN, SLUG_MESSAGE], hint="页面的网址名，例如 contact。可以不写，会用标题的拼音。"),
            _f(chinese_name(t, "summary"), "摘要", "text"), _status(),
            _f("body", "正文", "markdown", True),
        ],
    }
    return [_media(weibo), _media(article), _media(page)]


def album_collection() -> dict:
    t = keys.ALBUM
    return _media({
        "name": "xiangce", "label": "相册", "label_singular": "相册", "folder": "content/albums", "format": "village-album",
        "extension": "md", "create": True, "slug": "{{fields._stem}}", "path": "{{slug}}/album", "identifier_field": "标题",
        "description": "一次活动的一组照片，每张照片配一句说明。",
        "fields": [
            _hidden("_stem"),
            _f(chinese_name(t, "title"), "标题", required=True),
            _date(chinese_name(t, "date"), "日期"),
            _f(chinese_name(t, "description"), "说明", "text"),
            _f(chinese_name(t, "cover"), "封面", "image", required=True, hint="封面照片，也要写进下面的照片说明里。"),
            _status(),
            _f("body", "照片说明", "text", True, hint="每张照片一行，写成“- 照片文件名：说明”，例如“- dengmi.jpg：长廊里的灯谜”。"),
        ],
    })


def disclosure_collection(village: dict, settings: dict) -> dict:
    t = keys.DISCLOSURE
    subjects = subjects_of(settings)
    return _media({
        "name": "gongkai", "label": "公开事项", "label_singular": "公开事项", "folder": "content/disclosures",
        "format": "village-disclosure", "extension": "md", "create": True, "filter": ORIGINALS, "slug": "{{fields._stem}}",
        "path": "{{_dir}}/{{slug}}", "identifier_field": "_stem", "summary": "{{fields.期间}} {{fields.事项}}",
        "description": "村务、党务、财务公开：每月的收支、每季度的补贴和救助、随时公开的重大事项。",
        "fields": [
            _hidden("_stem"), _hidden("_dir"),
            _f(chinese_name(t, "disclosure_type"), "类型", "select", True, options=list(TYPES)),
            _f(chinese_name(t, "subject"), "事项", "select", True, options=list(subjects),
               hint="事项和类型要对应：" + "；".join(f"{name}属于{kind}" for name, (kind, _) in subjects.items()) + "。"),
            _f(chinese_name(t, "period"), "期间", required=True, pattern=[PERIOD_PATTERN, PERIOD_MESSAGE], hint=PERIOD_MESSAGE),
            _date(chinese_name(t, "date"), "发布日期", time=False),
            _f(chinese_name(t, "notice"), "公示期", required=True, default="15天", pattern=[NOTICE_PATTERN, NOTICE_MESSAGE], hint=NOTICE_MESSAGE),
            _f(chinese_name(t, "publisher"), "发布机构", required=True, default=f"{village['name']}村民委员会"),
            _f(chinese_name(t, "review"), "审核",
               hint="财务公开必填：民主理财小组或村务监督委员会审核签字，写审核机构、签字的成员和日期（不晚于发布日期），"
                    "例如“村务监督委员会 何某某、李某某 2026-04-03”。还没审核的先存为草稿。"),
            _f(chinese_name(t, "backfill"), "补录", hint="可以不写。发布日期比实际上网早好几天时，写明原因，例如“会议当天停电，次日补发”。"),
            _f(chinese_name(t, "title"), "标题", hint="可以不写，网站会用“期间 + 事项 + 公开”。"),
            _f(chinese_name(t, "attachments"), "附件", "file", media_library={"config": {"multiple": True}},
               hint=f"收支表等附件（{'、'.join(sorted(ATTACHMENT_FILES))}）。CSV 和 Excel 表格会显示成网页上的表格，合计会自动核对。"),
            _status(),
            _f("body", "说明", "markdown", True, hint="几句话说明这一期的主要情况。"),
        ],
    })


def decision_collection() -> dict:
    t = {v: k for k, v in STEP_KEYS.items()}
    m = {v: k for k, v in MATTER_KEYS.items()}
    number = {"widget": "number", "value_type": "int", "min": 0}
    step_fields = [
        _f(t["step"], "步骤", "select", True, options=list(STEPS), hint="按顺序：提议、商议、审议、决议，再决议公开、实施结果公开。"),
        _date(t["date"], "日期", time=False, hint="后一步的日期不能早于前一步。"),
        _f(t["meeting"], "会议", hint="例如：村党支部委员会会议、村两委联席会议、党员大会、村民代表会议。"),
        {**_f(t["members"], "应到人数", hint="审议、决议要写：应到、实到（至少三分之二）、赞成（过半数）。"), **number},
        {**_f(t["present"], "实到人数"), **number},
        {**_f(t["for"], "赞成"), **number},
        {**_f(t["against"], "反对"), **number},
        {**_f(t["abstain"], "弃权"), **number},
        _f(t["disclosure"], "公开事项索引号", hint="决议公开、实施结果公开这两步写公开栏里那条公开事项的索引号。"),
        _f(t["note"], "说明", "text"),
    ]
    return {
        "name": "siyi", "label": "四议两公开", "label_singular": "四议两公开事项", "folder": "content/decisions",
        "format": "village-yaml", "extension": "yml", "create": True, "slug": "{{fields._stem}}", "identifier_field": m["title"],
        "description": "村里的重大事项，按提议、商议、审议、决议、决议公开、实施结果公开一步步记录。",
        "fields": [
            _hidden("_stem"),
            _f(m["title"], "标题", required=True), _f(m["description"], "说明", "text"),
            _f(m["steps"], "步骤", "list", True, fields=step_fields, summary="{{fields.步骤}} {{fields.日期}}", add_to_top=False),
            _status(),
        ],
    }


def card_collections() -> list[dict]:
    mt, it = keys.MONTHLY, keys.INQUIRY
    sections = "## 中心工作\n\n- \n\n## 主要议程\n\n- \n\n## 项目建设\n\n- \n\n## 文化活动\n\n- \n"
    monthly = {
        "name": "mingbaika", "label": "明白卡", "label_singular": "村情明白卡", "folder": "content/cards/明白卡",
        "format": "village-monthly", "extension": "md", "create": True, "filter": ORIGINALS, "slug": "{{fields._stem}}",
        "identifier_field": "_stem",
        "description": "每月一张：中心工作、主要议程、项目建设、文化活动。",
        "fields": [
            _hidden("_stem"),
            _date(chinese_name(mt, "date"), "日期", time=False, hint="这张卡是哪个月的：文件名用这个日期的年月。"),
            _f(chinese_name(mt, "editor"), "编辑"), _status(),
            _f("body", "内容", "markdown", True, default=sections, hint="四个小标题都要有，每个下面一条一条写。",
               pattern=[MONTHLY_PATTERN, MONTHLY_MESSAGE]),
        ],
    }
    inquiry = {
        "name": "zhixun", "label": "质询回音卡", "label_singular": "质询回音卡", "folder": "content/cards/质询",
        "format": "village-inquiry", "extension": "md", "create": True, "filter": ORIGINALS, "slug": "{{fields._stem}}",
        "identifier_field": "标题",
        "description": "村民的质询、村里的办理措施和结果；暂时办不了的要写明客观原因。",
        "fields": [
            _hidden("_stem"),
            _f(chinese_name(it, "title"), "标题", required=True, hint="一句话说清是什么事，例如：一组路口路灯坏了。"),
            _date(chinese_name(it, "received"), "收到日期", time=False),
            _f(chinese_name(it, "inquirer"), "质询人", required=True, hint="没有本人同意公开时，网站只显示“张某”。"),
            _f(chinese_name(it, "consent"), "同意公开", "select", options=["是", "否"], hint="质询人同意公开姓名时选“是”。"),
            _f(chinese_name(it, "status"), "办理状态", "select", True, options=list(INQUIRY_STATUSES),
               hint="已办结要写答复日期和办理措施；暂缓办理必须写客观原因。"),
            _date(chinese_name(it, "answered"), "答复日期", required=False, time=False),
            _f(chinese_name(it, "handler"), "经办人"),
            _f(chinese_name(it, "publish"), "状态", "select", options=STATUS_WORDS, hint="写“草稿”就先不发布。"),
            _f("body", "内容", "markdown", True, default="## 质询内容\n\n\n\n## 办理措施\n\n",
               hint="小标题：## 质询内容、## 办理措施，暂缓或超期时加 ## 客观原因。", pattern=[INQUIRY_PATTERN, INQUIRY_MESSAGE]),
        ],
    }
    c = {v: k for k, v in CONTACT_KEYS.items() if not k.isascii()}
    cf = {v: k for k, v in CONTACT_FILE_KEYS.items() if not k.isascii()}
    contacts = {
        "name": "lianxika", "label": "便民联系卡", "files": [{
            "name": "lianxika", "label": "便民联系卡", "file": "content/cards/联系卡.yml", "format": "village-yaml",
            "media_folder": "", "public_folder": "",
            "fields": [
                _f(cf["title"], "标题", required=True), _f(cf["note"], "说明", "text"),
                _f(cf["people"], "人员", "list", True, max=MAX_PEOPLE, summary="{{fields.姓名}}（{{fields.职务}}）", fields=[
                    _f(c["name"], "姓名", required=True), _f(c["title"], "职务", required=True),
                    _f(c["phone"], "电话", required=True, hint="公开的工作电话，网站上不打码。手机写 11 位，座机写“区号-号码”，例如 0871-6512 3456。"),
                    _f(c["group"], "类别", "select", True, options=list(GROUPS)),
                    _f(c["duties"], "分工"), _f(c["org"], "单位", hint="驻村干部的派出单位。"),
                    _f(c["photo"], "照片", "image"),
                ]),
            ],
        }],
    }
    return [monthly, inquiry, contacts]


SETTINGS_SHOWN = (
    "name", "region", "description", "site_url", "default_author", "icp", "police_beian", "office_phone",
    "office_address", "stale_days", "summary_length", "per_page", "inquiry_days",
)


def settings_collection() -> dict:
    fields = []
    for key in SETTINGS_SHOWN:
        option = OPTIONS[key]
        widget = {"widget": "number", "value_type": "int", "min": 0} if isinstance(option.default, int) else {}
        fields.append({**_f(key, option.label, required=option.default is None), **widget})
    fields.insert(fields.index(next(f for f in fields if f["name"] == "default_author")), _f(
        "categories", "分类", "list", True, hint="slug 定下后不要再改，否则旧链接会失效。", summary="{{fields.name}}",
        fields=[
            _f("name", "分类名", required=True), _f("slug", "网址用的拼音", required=True, pattern=[SLUG_PATTERN, SLUG_MESSAGE]),
            _f("description", "说明"),
        ],
    ))
    return {
        "name": "shezhi", "label": "网站设置", "files": [{
            "name": "village", "label": "网站设置（village.yml）", "file": "village.yml", "format": "village-yaml",
            "description": "只改这里列出的几项；其他设置（公开事项、发布、编辑器）请直接改 village.yml。",
            "fields": fields,
        }],
    }


LOCAL_PORT = 8081  # decap-server's own default


COMMIT_MESSAGES = {
    "create": "新建{{collection}}：{{path}}", "update": "修改{{collection}}：{{path}}",
    "delete": "删除{{collection}}：{{path}}", "uploadMedia": "上传 {{path}}", "deleteMedia": "删除 {{path}}",
}


def backend(editor: dict, local: bool, port: int = LOCAL_PORT) -> dict:
    if local:
        return {
            "name": "proxy", "proxy_url": f"http://127.0.0.1:{port}/api/v1",
            "branch": editor["branch"] or EDITOR_DEFAULTS["branch"], "commit_messages": COMMIT_MESSAGES,
        }
    result = {"name": editor["backend"], "repo": editor["repo"], "branch": editor["branch"], "commit_messages": COMMIT_MESSAGES}
    base = editor["base_url"]
    if editor["backend"] == "gitlab":
        result.update({"auth_type": "pkce", "app_id": editor["app_id"]})
        if base:
            result.update({"base_url": base, "api_root": f"{base}/api/v4", "auth_endpoint": "oauth/authorize"})
    elif editor["backend"] == "gitea":
        result.update({"base_url": base, "api_root": f"{base}/api/v1", "app_id": editor["app_id"]})
    elif editor["backend"] == "github":
        result.update({"base_url": editor["auth_url"]})
    return result


def decap_config(village: dict, settings: dict, local: bool = False, port: int = LOCAL_PORT) -> dict:
    editor = village["editor"]
    config = {
        "backend": backend(editor, local, port),
        "locale": "zh_Hans",
        "site_url": village["site_url"],
        "display_url": village["site_url"],
        "media_folder": "content/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            *post_collections(village), album_collection(), disclosure_collection(village, settings),
            decision_collection(), *card_collections(), settings_collection(),
        ],
    }
    if editor["review"]:  # decap-server's git mode keeps the same branches locally (cms/…, merged on 发布)
        config["publish_mode"] = "editorial_workflow"
    return config
