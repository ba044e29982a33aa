"""Interface text catalogs (invoke i18n-extract, i18n-update, i18n-compile), and the check that
every user-visible Chinese string in the theme's templates goes through gettext.

The Chinese text is the msgid; theme/translations/messages.pot is extracted from the templates
and from the labels plugins/village marks with N_(); each edition's catalog is
theme/translations/<code>/LC_MESSAGES/messages.po. The build compiles the .po itself
(village/i18n/catalogs.py): a compiled .mo is never committed.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "theme" / "translations"
POT = TRANSLATIONS / "messages.pot"
MAPPING = ROOT / "babel.cfg"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}

# Han characters, CJK punctuation (，。：（）) and full-width forms: Chinese a reader sees.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_TRANS = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S)
_GETTEXT_CALL = re.compile(r"""\b(?:_|gettext|ngettext|N_)\(\s*(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
_KEY = re.compile(r"""\[\s*(?:'[^']*'|"[^"]*")\s*\]""")  # VILLAGE['留言']: a data key, not text


def untranslated(source: str) -> list[tuple[int, str]]:
    """Chinese in a template that no gettext call or trans block carries: (line, text)."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731 - keeps line numbers
    for pattern in (_COMMENT, _TRANS, _GETTEXT_CALL, _KEY):
        source = pattern.sub(blank, source)
    return [(source.count("\n", 0, m.start()) + 1, m.group(0)) for m in CJK.finditer(source)]


def template_problems(folder: Path = ROOT / "theme" / "templates") -> list[str]:
    return [f"{path.relative_to(ROOT)} 第 {line} 行：“{text}”没有放进 _()，其他语言版会显示中文。"
            f"请写成 {{{{ _(\"{text}\") }}}}，然后运行 invoke i18n-extract。"
            for path in sorted(folder.glob("*.html")) for line, text in untranslated(path.read_text("utf-8"))]


if __name__ == "__main__":
    for problem in template_problems():
        print(problem)
