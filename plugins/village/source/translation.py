"""A translation's own header lines, as every reader reads them: 语言, 原文, 示例译文.

    语言: ug
    原文: chun-geng-bei-geng
    示例译文: 是

A translation is a file beside its original, of the same type, read through the same reader as
the original (privacy guard, sanitising, every check). What it says about itself is checked here;
whether its original exists and whether one language appears once per original needs every file,
so editions/translations.py checks that after reading.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from village.editions.languages import LANGUAGES

YES = {"是", "yes", "true", "对"}
NO = {"否", "no", "false", "不是", ""}


@dataclass(frozen=True)
class Marking:
    """What a translation's header says about it."""

    language: str  # the edition's code: ug, kk, mn, bo, ko
    original: str  # the original's 网址名 (slug), as written
    sample: bool  # 示例译文: 是 — shown on the page as not checked by a native speaker
    line: int | None  # of 原文, for messages about the original
    language_line: int | None

    def as_dict(self) -> dict:
        """What the pairing keeps (a plain dict: a post's metadata is pickled with Pelican's cache)."""
        return {"language": self.language, "original": self.original, "line": self.line, "sample": self.sample}


def enabled_editions(settings) -> list[str]:
    return list((settings.get("VILLAGE") or {}).get("editions") or [])


KEYS = ("language", "original", "sample_translation")  # 语言, 原文, 示例译文


def is_marked(fm) -> bool:
    """Whether a file's header has any of a translation's lines (right or wrong)."""
    return any(fm.line(key) for key in KEYS)


def _known() -> str:
    return "、".join(f"{code}（{lang.chinese_name}）" for code, lang in LANGUAGES.items())


def read_marking(fm, settings, error) -> Marking | None:
    """The marking of a file whose header has 语言 or 原文, else None; `error(line, message)`.

    `fm` is any reader's parsed header (frontmatter.FrontMatter or cardfile.CardFile)."""
    written_language = str(fm.value("language", "") or "").strip()
    original = str(fm.value("original", "") or "").strip()
    sample_text = str(fm.value("sample_translation", "") or "").strip()
    if not is_marked(fm):
        return None
    language_line, original_line = fm.line("language"), fm.line("original")
    if not written_language:
        error(language_line or original_line or fm.line("sample_translation") or 1,
              f"译文要写是哪种文字，例如“语言: ug”。可以写：{_known()}。")
        return None
    code = written_language.lower()
    if code not in LANGUAGES:
        error(language_line, f"“语言: {written_language}”不认识。可以写：{_known()}。")
        return None
    enabled = enabled_editions(settings)
    if code not in enabled:
        name = LANGUAGES[code].chinese_name
        now = f"现在开设的是：{'、'.join(enabled)}" if enabled else "现在一个也没有开设"
        error(language_line, f"网站没有开设{name}版本（village.yml 的 editions，{now}），这篇译文不会发布。"
                             f"请在 village.yml 里写“editions: [{', '.join([*enabled, code])}]”，或删掉这个译文文件。")
    if not original:
        error(original_line or language_line,
              "译文要写原文是哪一篇：加一行“原文: 原文的网址名”（原文网页网址的最后一段，例如 chun-geng-bei-geng）。")
        return None
    if sample_text.lower() not in YES | NO:
        error(fm.line("sample_translation"), f"“示例译文: {sample_text}”只能写“是”或“否”。")
    return Marking(code, original, sample_text.lower() in YES, original_line, language_line)


# -- staleness: did the original change after its translation? -------------------------------


def last_changes(paths: list[str], root: Path) -> dict[str, dt.datetime]:
    """When each file last changed: its last git commit (one `git log` for all), else its mtime."""
    found: dict[str, dt.datetime] = {}
    git = shutil.which("git")
    if git and paths:
        run = subprocess.run(  # fixed arguments, no shell
            [git, "-c", "core.quotepath=off", "log", "--format=@%ct", "--name-only", "--", *paths],
            cwd=root, capture_output=True, text=True, encoding="utf-8", check=False,
        )
        top = subprocess.run([git, "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, check=False)
        if run.returncode == 0 and top.returncode == 0:
            base = Path(top.stdout.strip())
            when = None
            for line in run.stdout.splitlines():
                if line.startswith("@"):
                    when = dt.datetime.fromtimestamp(int(line[1:]), dt.UTC)
                elif line.strip() and when is not None:
                    found.setdefault(os.path.realpath(base / line.strip()), when)  # newest first
    result = {}
    for path in paths:
        real = os.path.realpath(path)
        result[path] = found.get(real) or dt.datetime.fromtimestamp(os.path.getmtime(path), dt.UTC)
    return result
