"""An edition's own settings: village.yml's `translations:` for its language (the village's name,
region, description and office address, each category's name and description) over the Chinese ones."""

from __future__ import annotations


def edition_settings(settings, code: str) -> dict:
    """The settings an edition's build replaces. A category keeps its Chinese name as `written`:
    a translated post says `分类: 村务` like its original, and the reader finds it by that."""
    village = settings["VILLAGE"]
    texts = (village.get("translations") or {}).get(code, {})
    shown = {key: texts[key] for key in ("name", "region", "description", "office_address") if texts.get(key)}
    names = texts.get("categories", {})
    categories = []
    for category in settings["VILLAGE_CATEGORIES"]:
        translated = names.get(category["name"], {})
        categories.append({**category, "written": category["name"], "name": translated.get("name") or category["name"],
                           "description": translated.get("description") or category["description"]})
    return {"VILLAGE": {**village, **shown}, "SITENAME": shown.get("name", settings["SITENAME"]), "VILLAGE_CATEGORIES": categories}
