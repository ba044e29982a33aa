"""The placeholder sentences `invoke new` writes into new files, and the check that none is published.

The scaffolds (scaffold.py) build their templates from these constants and the check reads the
same constants, so a template changed in one place cannot slip past the check.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

from village.editions.translations import PLAN_KEY
from village.source.checked import CheckedFiles, file_hash

TITLE = "在这里写标题"
ARTICLE = "在这里写正文。"
PARAGRAPHS = "一段话写完空一行再写下一段。"
SUBHEADING = "在这里写小标题"
WEIBO = "在这里写这条微博，第一句话会自动当作标题。"
WEIBO_PHOTOS = "照片放在这个文件旁边，把文件名写在上面“图片:”后面，用顿号隔开。"
PAGE = "在这里写页面的内容。"
PAGE_NOTE = "页面不按日期排列，会一直放在网站上。"
ALBUM = "在这里用一两句话介绍这个相册。"
CAPTION = "在这里写这张照片的说明"
MONTHLY_SECTIONS = ("中心工作", "主要议程", "项目建设", "文化活动")
MONTHLY_ITEM = "在这里写本月的{section}，一件事一行；这个月没有就写“本月无”。"
INQUIRY = "在这里照原意写村民问的是什么事。"
INQUIRER_NOTE = "质询人写真实姓名，网站上只显示“张某”；本人同意公开时加一行“同意公开: 是”。"
FINANCE = "在这里用几句话说明这个月的主要收入和支出，收支明细写在旁边的表格文件里。"
REVIEW = "在这里写审核机构、签字的成员和审核日期，例如 村务监督委员会 何某某、李某某 2026-12-03"
DECISION = "在这里写这件事为什么要办、打算怎么办。"
MEASURES = "办好以后写村里做了什么、结果怎样，再把办理状态改成“已办结”，加一行“答复日期: ”。"
YEAR_PRACTICE = "请在这里写一年来公开工作的做法和变化。"  # the yearly report's draft (invoke report)
YEAR_SHORTCOMINGS = "请在这里写一年来公开工作的不足，比如哪几期没有按时公开、为什么，明年怎样改进。"

SENTENCES = (
    TITLE, ARTICLE, PARAGRAPHS, SUBHEADING, WEIBO, WEIBO_PHOTOS, PAGE, PAGE_NOTE, ALBUM, CAPTION,
    *(MONTHLY_ITEM.format(section=s) for s in MONTHLY_SECTIONS), INQUIRY, INQUIRER_NOTE, MEASURES, FINANCE, REVIEW, DECISION,
    YEAR_PRACTICE, YEAR_SHORTCOMINGS,
)


def _key(sentence: str) -> str:
    """The sentence up to its first punctuation: still found when the rest was edited away."""
    return re.split(r"[，。；]", sentence, maxsplit=1)[0]


_KEYS = {_key(s): s for s in SENTENCES}
_ANY_KEY = re.compile("|".join(map(re.escape, _KEYS)))  # one pass over a file that has none: most files
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
CODE = file_hash(__file__)  # new sentences: every file again


def find(text: str) -> list[tuple[int, list[str]]]:
    """(line, placeholder keys) of each line with placeholders left; HTML comments are not published."""
    if not _ANY_KEY.search(text):
        return []
    text = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found = [(number, [key for key in _KEYS if key in line]) for number, line in enumerate(text.split("\n"), 1)]
    return [(number, keys) for number, keys in found if keys]


def message(keys: list[str]) -> str:
    quoted = "”“".join(keys)
    return f"这里还是新建文件时的提示文字“{quoted}”，会原样发布到网站上。请把它换成真正的内容，或删掉这句。"


def _ignored(relative: Path, patterns) -> bool:
    return any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in patterns)


def on_initialized(pelican) -> None:
    """Every Markdown file under content/ (posts, pages, albums, cards) and every 四议两公开 file: placeholders are errors."""
    from village.gongkai.decisions import DECISIONS_DIR
    from village.output.files import files_under
    from village.output.inputs import MARKDOWN_SUFFIXES
    from village.source.encoding import UndecodableFile, decode_source
    from village.state import report_of

    settings = pelican.settings
    if settings.get(PLAN_KEY) is not None:
        return  # an edition's build: the Chinese build checked every file, its translations included
    report = report_of(settings)
    root = Path(settings["PATH"])
    checked = CheckedFiles(settings["CACHE_PATH"], "placeholders", CODE)
    # Every spelling the readers take (通知.MD, as Windows editors save it), and 四议两公开 files too
    for path in [*files_under(root, MARKDOWN_SUFFIXES), *files_under(root / DECISIONS_DIR, (".yml", ".yaml"))]:
        relative = path.relative_to(root)
        if _ignored(relative, settings.get("IGNORE_FILES", ())) or checked.known_clean(relative.as_posix(), path):
            continue
        try:
            text = decode_source(path.read_bytes()).text
        except (OSError, UndecodableFile):
            continue  # the reader of that kind of file reports it
        found = find(text)
        for line, keys in found:
            report.error(str(path), line, message(keys))
        if not found:
            checked.clean(relative.as_posix(), path)
    checked.save()
