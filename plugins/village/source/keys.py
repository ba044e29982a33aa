"""The header keys of every content type, in one table each, and what to say about a key a type
does not know.

A key that belongs to another type (封面 in a post, 期间 in an album) is not a typo to guess at:
the official put it in the wrong kind of file, and the message says which type uses it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class KeyTable:
    kind: str  # the type as officials call it
    where: str  # where such files live, for messages
    keys: dict[str, str]  # every accepted spelling (Chinese; English in lower case) -> canonical key

    def canonical(self, written: str) -> str | None:
        written = written.strip()
        return self.keys.get(written) or self.keys.get(written.lower())

    @property
    def chinese(self) -> list[str]:
        return [k for k in self.keys if not k.isascii()]


# A translation (editions/) is a file beside its original in any type: the same keys, plus these.
TRANSLATION = {"语言": "language", "原文": "original", "示例译文": "sample_translation"}
TRANSLATION_ENGLISH = {"language": "language", "lang": "language", "original": "original", "sample_translation": "sample_translation"}


def _table(kind: str, where: str, pairs: dict[str, str], english: dict[str, str]) -> KeyTable:
    return KeyTable(kind, where, {**pairs, **TRANSLATION, **english, **TRANSLATION_ENGLISH})


POST = _table(
    "文章", "content/posts/ 或 content/pages/",
    {
        "标题": "title", "日期": "date", "分类": "category", "标签": "tags", "作者": "author", "摘要": "summary",
        "来源": "source", "编辑": "editor", "网址": "slug", "状态": "status", "图片": "photos", "修改日期": "modified",
        "音频": "audio",
        "置顶": "pinned",  # 置顶: 截止日期 — on the home page's first screen until that day
        "补录": "backfill", "修改说明": "change_note",
    },
    {
        "title": "title", "date": "date", "category": "category", "tags": "tags", "tag": "tags", "author": "author",
        "authors": "author", "summary": "summary", "source": "source", "editor": "editor", "slug": "slug",
        "status": "status", "photos": "photos", "modified": "modified", "audio": "audio", "pinned": "pinned",
        "backfill": "backfill", "change_note": "change_note",
    },
)
ALBUM = _table(
    "相册", "content/albums/相册名/album.md",
    {"标题": "title", "日期": "date", "说明": "description", "封面": "cover", "网址": "slug", "状态": "status"},
    {"title": "title", "date": "date", "description": "description", "cover": "cover", "slug": "slug", "status": "status"},
)
DISCLOSURE = _table(
    "公开事项", "content/disclosures/",
    {
        "类型": "disclosure_type", "事项": "subject", "期间": "period", "发布日期": "date", "公示期": "notice",
        "发布机构": "publisher", "附件": "attachments", "标题": "title", "索引号": "index_number", "状态": "status",
        "音频": "audio",
        "审核": "review", "补录": "backfill", "修改说明": "change_note", "主题分类": "topic", "成文日期": "written",
        "文号": "doc_number", "有效性": "validity", "公开形式": "form", "公开责任部门": "department",
        "政策解读": "interpretation",
    },
    {
        "type": "disclosure_type", "subject": "subject", "period": "period", "date": "date", "notice": "notice",
        "publisher": "publisher", "attachments": "attachments", "title": "title", "index": "index_number",
        "status": "status", "audio": "audio", "review": "review", "backfill": "backfill", "change_note": "change_note", "topic": "topic",
        "written": "written", "doc_number": "doc_number", "validity": "validity", "form": "form",
        "department": "department", "interpretation": "interpretation",
    },
)
MONTHLY = _table(
    "村情明白卡", "content/cards/明白卡/",
    {"标题": "title", "日期": "date", "编辑": "editor", "状态": "status", "音频": "audio"},
    {"title": "title", "date": "date", "editor": "editor", "status": "status", "audio": "audio"},
)
INQUIRY = _table(
    "质询回音卡", "content/cards/质询/",
    {
        "标题": "title", "收到日期": "received", "质询人": "inquirer", "同意公开": "consent", "质询内容": "content",
        "办理措施": "measures", "办理状态": "status", "答复日期": "answered", "客观原因": "reason", "经办人": "handler",
        "状态": "publish",  # 草稿/发布, as for posts; "status" in English is 办理状态
        "音频": "audio",
    },
    {
        "title": "title", "received": "received", "inquirer": "inquirer", "consent": "consent", "content": "content",
        "measures": "measures", "status": "status", "answered": "answered", "reason": "reason", "handler": "handler",
        "audio": "audio",
    },
)
TABLES = (POST, ALBUM, DISCLOSURE, MONTHLY, INQUIRY)


def unknown_key(written: str, table: KeyTable) -> tuple[str, str]:
    """(level, message) for a key `table` does not know: another type's key, a likely typo, or
    a line that will not be published."""
    owners = [other for other in TABLES if other is not table and other.canonical(written)]
    if owners:
        kinds = "、".join(f"{other.kind}（{other.where}）" for other in owners)
        return (
            "error",
            f"“{written}”是{kinds}用的键，{table.kind}里没有这一项，写了也不会发布。"
            f"请删掉这一行；{table.kind}能用的键有：{'、'.join(table.chinese)}。",
        )
    candidates = table.chinese + [k.capitalize() for k in table.keys if k.isascii()]
    guess = difflib.get_close_matches(written, candidates, n=1, cutoff=0.5)
    if not guess and written.isascii():
        guess = difflib.get_close_matches(written.capitalize(), candidates, n=1, cutoff=0.6)
    if guess:
        return "error", f"不认识的键“{written}”。是不是想写“{guess[0]}”？"
    return "warning", f"不认识的键“{written}”，这一行不会发布。可以用的键有：{'、'.join(table.chinese)}。"


def written_twice(written: str, first_written: str, first_line: int) -> str:
    return f"“{written}”写了两次（第 {first_line} 行已经有“{first_written}”）。请删掉其中一行。"
