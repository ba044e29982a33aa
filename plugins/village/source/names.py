"""Chinese personal names: the surname (compound ones too), and the masked form 张某 that notice
boards use for people who did not agree to be named."""

from __future__ import annotations

# Two-character surnames, so 欧阳明 is shown as 欧阳某 and not 欧某.
COMPOUND_SURNAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐",
    "端木", "西门", "南宫", "独孤", "轩辕", "百里", "呼延", "万俟", "申屠", "太史", "闻人", "澹台", "公冶", "宗政",
}


def surname(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def masked_name(name: str) -> str:
    """张桂兰 -> 张某, 欧阳明 -> 欧阳某; a name already written as 张某 stays as it is."""
    if name.endswith("某"):
        return name
    return surname(name) + "某"
