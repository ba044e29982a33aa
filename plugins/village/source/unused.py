"""Files under content/ that the build does not use, each named in a warning with the likely fix.

A file is used when a reader read it (post, page, album, 公开栏 item or attachment, 四议两公开,
card; drafts and files with errors too: they are reported elsewhere), when a post or page links
to it, or when it sits in a folder that is only published as files (images/, files/, extra/).
Files Pelican merely copies because they lie beside the posts are not "used": nobody links there.
The generators of the village's own folders record what they read with `claim`.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from village.editions.translations import PLAN_KEY
from village.photos.images import SUPPORTED_SOURCES
from village.posts.reader import REFS_KEY
from village.state import report_of

CONTEXT_KEY = "village_used_files"
MARKDOWN_LIKE = {".md", ".markdown", ".mdown", ".mkd", ".txt", ".text"}
OFFICE = {".doc", ".docx", ".wps", ".rtf", ".odt"}
# Folders a village generator reads (albums.py, gongkai/reading.py, decisions.py, cards/generator.py).
OWN_FOLDERS = {"albums": "相册", "disclosures": "公开栏", "decisions": "四议两公开", "cards": "三卡"}


def claim(context, *paths) -> None:
    """Record files a generator has read or deliberately left unpublished (drafts)."""
    used = context.setdefault(CONTEXT_KEY, set())
    used.update(os.path.abspath(str(p)) for p in paths)


def _ignored(relative: str, patterns) -> bool:
    return any(fnmatch.fnmatch(part, pattern) for part in relative.split("/") for pattern in patterns)


def _under(relative: str, folders) -> bool:
    return any(relative == f or relative.startswith(f.rstrip("/") + "/") for f in folders if f)


def _message(relative: str, settings) -> str:
    name = relative.rsplit("/", 1)[-1]
    suffix = Path(name).suffix.lower()
    content_dirs = list(settings.get("ARTICLE_PATHS", [])) + list(settings.get("PAGE_PATHS", []))
    top = relative.split("/", 1)[0]
    if top in OWN_FOLDERS and "/" in relative:
        section = OWN_FOLDERS[top]
        if top == "disclosures":
            return (
                f"这个文件没有被用到：没有哪一条公开把它写进“附件:”。如果它是附件，请在那一条的文件头里写"
                f"“附件: {name}”（和那一条放在同一个文件夹）；如果它是公开事项，请把扩展名改成 .md；不需要就删掉它。"
            )
        if top == "decisions":
            return "这个文件没有被用到：四议两公开只读 .yml 文件。如果它是一件事的记录，请把扩展名改成 .yml；不需要就删掉它。"
        if top == "albums":
            return f"这个文件没有被用到：相册的照片和 album.md 要放在相册自己的文件夹里（content/albums/相册名/），不能放在{section}的其他位置。"
        return f"这个文件没有被用到：{section}不读这个位置的文件。联系卡写在 content/cards/联系卡.yml，明白卡放在 content/cards/明白卡/，质询回音卡放在 content/cards/质询/。"
    if not _under(relative, content_dirs):
        return (
            "这个文件不在网站会读取的文件夹里，没有被用到。文章放在 content/posts/，页面放在 content/pages/，"
            "照片放在文章旁边，其他下载文件放在 content/files/。"
        )
    if suffix in SUPPORTED_SOURCES or suffix == ".svg":
        return (
            f"没有文章用到这张照片，它不会出现在任何页面上。要发布它，请在文章里写 ![说明]({name})，"
            f"或在文件头的“图片:”里写上它；不需要就删掉它。"
        )
    if suffix in MARKDOWN_LIKE:
        return (
            f"这个文件没有被用到：网站只把扩展名是 .md 的文件当作文章。如果它是文章，请把扩展名改成 .md"
            f"（小写，例如 {Path(name).stem}.md）；如果是附件，请在文章里链接它，例如 [下载]({name})。"
        )
    if suffix in OFFICE:
        return (
            f"这个文件没有被用到：Word 文件不能直接当文章发布。请把内容复制到一个 .md 文件里；"
            f"如果要让村民下载它，请在文章里链接它，例如 [下载]({name})。"
        )
    return f"这个文件没有被用到：没有文章或页面链接到它。要让村民下载它，请在文章里写 [下载]({name})；不需要就删掉它。"


def on_all_generators_finalized(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    if settings.get(PLAN_KEY) is not None:
        return  # an edition's build reads only its translations; the Chinese build named every unused file
    context = generators[0].context
    root = os.path.abspath(settings["PATH"])
    used = set(context.get(CONTEXT_KEY, set()))
    # Everything Pelican read (articles, pages, drafts, failed ones) and everything they link to.
    used.update(os.path.join(root, path) for path in context.get("generated_content", {}))
    for generator in generators:
        for attr in ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                     "drafts_translations", "pages", "hidden_pages", "draft_pages"):
            for item in getattr(generator, attr, []) or []:
                used.update(os.path.normpath(path) for _, path, _, _ in item.metadata.get(REFS_KEY, []))
    content_dirs = list(settings.get("ARTICLE_PATHS", [])) + list(settings.get("PAGE_PATHS", []))
    # Folders published only as files (images/, files/, extra/): each file there has its own address.
    file_dirs = [p for p in settings.get("STATIC_PATHS", []) if not _under(p, content_dirs)]
    patterns = settings.get("IGNORE_FILES", [])
    report = report_of(settings)
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _ignored(d, patterns))
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            if _ignored(name, patterns) or path in used or _under(relative, file_dirs):
                continue
            report.warning(path, None, _message(relative, settings))
