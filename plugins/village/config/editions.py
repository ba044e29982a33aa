"""village.yml's `editions:` — which minority-language editions the village publishes — and
`translations:`, what village.yml itself says in each edition's script."""

from __future__ import annotations

import difflib

from village.config.options import Option
from village.config.village_options import DEFAULT_CATEGORIES
from village.editions.languages import LANGUAGES


class Editions(Option):
    """A list of edition codes (ug, kk, mn, bo, ko), each at most once; empty means Chinese only."""

    def __init__(self, label: str):
        super().__init__(label, [])

    def check(self, value, label, at, data):
        known = "、".join(f"{code}（{lang.chinese_name}）" for code, lang in LANGUAGES.items())
        example = "editions: [ug, bo]"
        if value in ("", None):
            return [], []
        if isinstance(value, str):
            value = [part for part in value.replace("，", ",").replace("、", ",").split(",") if part.strip()]
        if not isinstance(value, list):
            return [], [f"{label}应当是语种代码的列表，例如“{example}”。可以写：{known}。"]
        codes: list[str] = []
        problems: list[str] = []
        for written in value:
            code = str(written).strip().lower()
            if code not in LANGUAGES:
                problems.append(f"{label}里的“{written}”不是可以开设的语种。可以写：{known}，例如“{example}”。")
            elif code in codes:
                problems.append(f"{label}里“{code}”写了两次。请删掉一个。")
            else:
                codes.append(code)
        return codes, problems


class EditionTexts(Option):
    """translations: what village.yml itself says, in each edition's script — the village's name,
    region, description and office address, and each category's name and description. What is not written
    shows in Chinese.

        translations:
          ug:
            name: چىڭخې كەنتى
            categories:
              村务: كەنت ئىشلىرى
              党建: {name: پارتىيە قۇرۇلۇشى, description: ياچېيكا پائالىيىتى}
    """

    VILLAGE_KEYS = {"name": "村名", "region": "所属乡镇", "description": "网站简介", "office_address": "村委会地址"}

    def __init__(self, label: str):
        super().__init__(label, {})

    def check(self, value, label, at, data):
        if value in ("", None, {}):
            return {}, []
        known = "、".join(f"{code}（{lang.chinese_name}）" for code, lang in LANGUAGES.items())
        if not isinstance(value, dict):
            return {}, [f"{label}应当按语种代码分开写，例如：\ntranslations:\n  ug:\n    name: 村名的译文。可以写的语种：{known}。"]
        categories = [str(c.get("name")) for c in (data.get("categories") or []) if isinstance(c, dict)] or [c["name"] for c in DEFAULT_CATEGORIES]
        result, problems = {}, []
        for written, texts in value.items():
            code = str(written).strip().lower()
            if code not in LANGUAGES:
                problems.append(f"{at(f'translations.{written}')}translations 的“{written}”不是可以开设的语种。可以写：{known}。")
                continue
            result[code], found = self._texts(texts, f"translations 的“{written}”", categories, lambda key, w=written: at(f"translations.{w}.{key}"))
            problems += found
        return result, problems

    def _texts(self, texts, where, categories, at) -> tuple[dict, list[str]]:
        """One language's texts; `at(key)` is the "第 N 行：" of one of its keys."""
        allowed = [*self.VILLAGE_KEYS, "categories"]
        if not isinstance(texts, dict):
            return {}, [f"{where}下面应当分行写 {'、'.join(allowed)}，例如“name: 村名的译文”。"]
        result, problems = {}, []
        for key, text in texts.items():
            if key in self.VILLAGE_KEYS:
                result[key] = str(text or "").strip()
            elif key == "categories":
                result[key], found = _category_texts(text, f"{at(key)}{where}的 categories", categories)
                problems += found
            else:
                guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
                hint = f"是不是“{guess[0]}”？" if guess else ""
                problems.append(f"{at(key)}{where}里不认识“{key}”。{hint}可以写：{self._keys()}。")
        return result, problems

    def _keys(self) -> str:
        return "、".join([*(f"{key}（{label}）" for key, label in self.VILLAGE_KEYS.items()), "categories（分类名）"])


def _category_texts(value, where, categories) -> tuple[dict, list[str]]:
    """{Chinese category name: {"name", "description"}}; a value may be the name alone."""
    example = f"例如“{categories[0]}: 译名”" if categories else "例如“村务: 译名”"
    if not isinstance(value, dict):
        return {}, [f"{where}应当一行写一个分类：左边写中文分类名，冒号后面写译名，{example}。"]
    result, problems = {}, []
    for name, text in value.items():
        name = str(name).strip()
        if name not in categories:
            guess = difflib.get_close_matches(name, categories, n=1, cutoff=0.4)
            hint = f"是不是“{guess[0]}”？" if guess else ""
            problems.append(f"{where}里的“{name}”不是网站的分类。{hint}网站的分类有：{'、'.join(categories)}。")
            continue
        if isinstance(text, dict):
            unknown = set(text) - {"name", "description"}
            if unknown or not str(text.get("name") or "").strip():
                comma = "；说明里有逗号时，请把说明放在引号里（description: \"……\"）" if unknown else ""
                problems.append(f"{where}里“{name}”的译文要写 name（分类名），可以再写 description（分类说明），"
                                f"例如“{name}: {{name: 译名, description: 说明的译文}}”{comma}。")
                continue
            result[name] = {"name": str(text["name"]).strip(), "description": str(text.get("description") or "").strip()}
        elif str(text or "").strip():
            result[name] = {"name": str(text).strip(), "description": ""}
        else:
            problems.append(f"{where}里“{name}”后面没有写译名。请写上，或删掉这一行。")
    return result, problems

