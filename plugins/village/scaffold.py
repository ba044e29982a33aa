"""New posts from Chinese templates (`invoke new`): the right folder, file name, keys and date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .slugs import slugify

KINDS = ("文章", "微博")


class ScaffoldError(ValueError):
    pass


def render(kind: str, village: dict, category: str, title: str, now: dt.datetime) -> str:
    lines = []
    if kind == "文章":
        lines.append(f"标题: {title or '在这里写标题'}")
    lines += [
        f"日期: {now:%Y-%m-%d %H:%M}",
        f"分类: {category}",
        "标签: ",
        f"作者: {village.get('default_author') or ''}".rstrip(),
    ]
    if kind == "文章":
        lines += ["来源: ", "编辑: ", "摘要: "]
        body = (
            "在这里写正文。一段话写完空一行再写下一段。\n\n## 小标题\n\n"
            "<!-- 插入照片：把照片放在这个文件旁边，写成 ![照片说明](照片文件名.jpg)。这行提示不会发布，可以删掉。 -->"
        )
    else:
        lines.append("图片: ")
        body = "在这里写这条微博，第一句话会自动当作标题。照片放在这个文件旁边，把文件名写在上面“图片:”后面，用顿号隔开。"
    return "\n".join(line.rstrip() for line in lines) + "\n\n" + body + "\n"


def new_post(content: Path, village: dict, kind: str, category: str, title: str, now: dt.datetime) -> Path:
    if kind not in KINDS:
        raise ScaffoldError(f"类型“{kind}”不认识，请写 {' 或 '.join(KINDS)}。")
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
