"""village.yml's `editions:` — which minority-language editions the village publishes."""

from __future__ import annotations

from village.config.options import Option
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
