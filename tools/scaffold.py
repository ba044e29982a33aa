"""New posts, albums and pages from Chinese templates (`invoke new`): the right folder, file name, keys and date.

Templates are built from the placeholder sentences of placeholders.py; the content check rejects
any of them left in a file, so a template saved unchanged is never published.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from village.source import placeholders as ph
from village.source.slugs import slugify

KINDS = ("文章", "微博", "相册", "页面", "明白卡", "质询")


class ScaffoldError(ValueError):
    pass


def render(kind: str, village: dict, category: str, title: str, now: dt.datetime) -> str:
    lines = []
    if kind == "文章":
        lines.append(f"标题: {title or ph.TITLE}")
    lines += [
        f"日期: {now:%Y-%m-%d %H:%M}",
        f"分类: {category}",
        "标签: ",
        f"作者: {village.get('default_author') or ''}".rstrip(),
    ]
    if kind == "文章":
        lines += ["来源: ", "编辑: ", "摘要: "]
        body = (
            f"{ph.ARTICLE}{ph.PARAGRAPHS}\n\n## {ph.SUBHEADING}\n\n"
            "<!-- 插入照片：把照片放在这个文件旁边，写成 ![照片说明](照片文件名.jpg)。这行提示不会发布，可以删掉。 -->"
        )
    else:
        lines.append("图片: ")
        body = ph.WEIBO + ph.WEIBO_PHOTOS
    return "\n".join(line.rstrip() for line in lines) + "\n\n" + body + "\n"


def _free_path(make, first: Path) -> Path:
    """`first`, or make(2), make(3)… if it exists: never overwrite an official's file."""
    path, counter = first, 2
    while path.exists():
        path = make(counter)
        counter += 1
    return path


def new_page(content: Path, title: str) -> Path:
    if not title.strip():
        raise ScaffoldError("页面要有标题，请用 --title 写上，例如 --title 联系我们。")
    slug = slugify(title, max_length=32) or "page"
    folder = content / "pages"
    path = _free_path(lambda n: folder / f"{slug}-{n}.md", folder / f"{slug}.md")
    folder.mkdir(parents=True, exist_ok=True)
    text = (
        f"标题: {title.strip()}\n网址: {path.stem}\n\n"
        f"{ph.PAGE}{ph.PARAGRAPHS}{ph.PAGE_NOTE}\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def new_album(content: Path, title: str, now: dt.datetime, photos: Path | None) -> Path:
    """content/albums/<year>-<pinyin>/ with copies of the photos and an album.md listing them."""
    from village.photos.images import SUPPORTED_SOURCES  # Pillow only when an album is made
    if not title.strip():
        raise ScaffoldError("相册要有标题，请用 --title 写上，例如 --title 元宵灯会。")
    if photos is None:
        raise ScaffoldError("相册要有照片，请用 --photos 写照片所在的文件夹，例如 --photos ~/照片/元宵灯会。")
    photos = Path(photos).expanduser()
    if not photos.is_dir():
        raise ScaffoldError(f"找不到照片文件夹“{photos}”。请写照片所在文件夹的完整路径。")
    sources = sorted(p for p in photos.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SOURCES)
    if not sources:
        raise ScaffoldError(f"“{photos}”里没有照片（支持 JPG、PNG、WebP、HEIC、GIF）。")
    stem = f"{now:%Y}-{slugify(title, max_length=32) or 'xiangce'}"
    root = content / "albums"
    folder = _free_path(lambda n: root / f"{stem}-{n}", root / stem)
    folder.mkdir(parents=True)
    names = []
    for source in sources:
        # A caption line is "- file：caption", so names must not contain spaces or colons.
        name = re.sub(r"[\s:：]+", "-", source.name)
        while name in names:
            name = f"{Path(name).stem}-2{Path(name).suffix}"
        shutil.copy2(source, folder / name)
        names.append(name)
    lines = [
        f"标题: {title.strip()}",
        f"日期: {now:%Y-%m-%d %H:%M}",
        f"说明: {ph.ALBUM}",
        f"封面: {names[0]}",
        "",
    ]
    # One caption line per photo, in album order (the album format of albums.py).
    lines += [f"- {name}：{ph.CAPTION}" for name in names]
    (folder / "album.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "album.md"


def new_monthly_card(content: Path, now: dt.datetime) -> Path:
    """This month's 村情明白卡 with its four sections (cards/monthly.py requires all four)."""
    path = content / "cards" / "明白卡" / f"{now:%Y-%m}.md"
    if path.exists():
        raise ScaffoldError(f"这个月的明白卡已经有了：{path.relative_to(content.parent)}。直接打开它修改。")
    lines = [f"日期: {now:%Y-%m-%d}", "编辑: ", ""]
    for name in ph.MONTHLY_SECTIONS:
        lines += [f"## {name}", "", f"- {ph.MONTHLY_ITEM.format(section=name)}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(line.rstrip() for line in lines), encoding="utf-8")
    return path


def new_inquiry(content: Path, title: str, now: dt.datetime) -> Path:
    """A 质询回音卡 received today, still being handled (办理中)."""
    if not title.strip():
        raise ScaffoldError("质询要有一句话的标题，请用 --title 写上，例如 --title 一组路口路灯坏了。")
    folder = content / "cards" / "质询"
    stem = f"{now:%Y-%m-%d}-{slugify(title, max_length=32) or 'zhixun'}"
    path = _free_path(lambda n: folder / f"{stem}-{n}.md", folder / f"{stem}.md")
    text = (
        f"标题: {title.strip()}\n收到日期: {now:%Y-%m-%d}\n质询人: 张三\n办理状态: 办理中\n"
        "经办人: \n\n"
        f"## 质询内容\n\n{ph.INQUIRY}{ph.INQUIRER_NOTE}\n\n"
        f"## 办理措施\n\n{ph.MEASURES}\n"
    )
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_post(
    content: Path, village: dict, kind: str, category: str, title: str, now: dt.datetime, photos: Path | None = None
) -> Path:
    if kind not in KINDS:
        raise ScaffoldError(f"类型“{kind}”不认识，请写 {'、'.join(KINDS)} 之一。")
    if kind == "页面":
        return new_page(content, title)
    if kind == "相册":
        return new_album(content, title, now, photos)
    if kind == "明白卡":
        return new_monthly_card(content, now)
    if kind == "质询":
        return new_inquiry(content, title, now)
    names = [c["name"] for c in village["categories"]]
    if category not in names:
        raise ScaffoldError(f"请用 --category 指定分类，可以用的分类有：{'、'.join(names)}。")
    stem = slugify(title, max_length=32) if title else ("weibo" if kind == "微博" else "wenzhang")
    folder = content / "posts" / f"{now:%Y}"
    path = folder / f"{now:%Y-%m-%d}-{stem}.md"
    counter = 2
    while path.exists():  # never overwrite an official's file
        path = folder / f"{now:%Y-%m-%d}-{stem}-{counter}.md"
        counter += 1
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(render(kind, village, category, title, now), encoding="utf-8")
    return path
