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

KINDS = ("文章", "微博", "相册", "页面", "明白卡", "质询", "财务", "四议两公开")
KIND_HELP = {
    "文章": "有标题的文章（要 --category）", "微博": "图文短消息（要 --category）", "相册": "一组照片（要 --title、--photos）",
    "页面": "长期不变的页面（要 --title）", "明白卡": "本月的村情明白卡", "质询": "质询回音卡（要 --title）",
    "财务": "某月的财务收支公开和收支表（--month 2026-11）", "四议两公开": "新的重大事项，或给已有事项加下一步（要 --title）",
}
# The finance table's usual lines; amounts are left for the official (tables.py checks 合计).
FINANCE_ROWS = ("上级拨付运转经费", "集体资产租金收入", "保洁员工资", "村委会水电费", "办公费")


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


def new_finance(content: Path, village: dict, now: dt.datetime, month: str) -> Path:
    """A month's 财务收支 item and its CSV beside it (科目, 收入, 支出, 备注 and the 合计 row)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ScaffoldError(f"月份“{month}”写法不对。请用 --month 写成 年-月，例如 --month 2026-11。")
    year, number = int(match.group(1)), int(match.group(2))
    stem = f"{year}-{number:02d}-caiwu"
    folder = content / "disclosures" / str(year)
    path = folder / f"{stem}.md"
    if path.exists():
        raise ScaffoldError(f"{year}年{number}月的财务公开已经有了：{path.relative_to(content.parent)}。直接打开它修改。")
    subjects = village.get("disclosure_subjects") or {}
    subject = next((name for name, spec in subjects.items() if spec["type"] == "财务"), "财务收支")
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["科目,收入,支出,备注", *(f"{row},,," for row in FINANCE_ROWS), "合计,0.00,0.00,"]
    (folder / f"{stem}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = (
        f"类型: 财务\n事项: {subject}\n期间: {year}年{number}月\n发布日期: {now:%Y-%m-%d}\n公示期: 15天\n"
        f"发布机构: {village['name']}村民委员会\n审核: {ph.REVIEW}\n附件: {stem}.csv\n\n{ph.FINANCE}\n\n"
        "<!-- 收支表：在 Excel 或 WPS 里打开旁边的 .csv 文件，每笔收支一行，金额只写数字；最后一行“合计”要等于上面各行相加，生成网站时会核对。这行提示不会发布。 -->\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def new_decision_step(content: Path, title: str, now: dt.datetime) -> Path:
    """A 四议两公开 matter: a new file starting with 提议, or the next step added to the matter of that title."""
    import yaml
    from village.gongkai.decisions import STEPS

    if not title.strip():
        raise ScaffoldError("请用 --title 写事项的标题，例如 --title 修缮老祠堂；已有这个事项时会加上下一步。")
    folder = content / "decisions"
    for path in sorted(folder.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text("utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict) or str(data.get("标题", "")).strip() != title.strip():
            continue
        done = [str(step.get("步骤", "")) for step in data.get("步骤") or [] if isinstance(step, dict)]
        later = [name for name in STEPS if name not in done]
        if not later:
            raise ScaffoldError(f"“{title}”六个步骤都已经写了（{path.relative_to(content.parent)}）。")
        step = later[0]
        lines = [f"  - 步骤: {step}", f"    日期: {now:%Y-%m-%d}"]
        if step in ("审议", "决议"):
            lines += ["    会议: " + ("党员大会" if step == "审议" else "村民代表会议"), "    应到: 0", "    实到: 0", "    赞成: 0", "    反对: 0", "    弃权: 0"]
        elif step in ("决议公开", "实施结果公开"):
            lines += ["    公开: 在这里写公开栏里那条公开事项的索引号"]
        else:
            lines += ["    会议: 村两委联席会议"]
        text = path.read_text("utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n"
        path.write_text(text, encoding="utf-8")
        return path
    stem = f"{now:%Y}-{slugify(title, max_length=32) or 'shixiang'}"
    path = _free_path(lambda n: folder / f"{stem}-{n}.yml", folder / f"{stem}.yml")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# 四议两公开：一件事一个文件，每办完一步运行一次 invoke new --kind 四议两公开 --title 同一个标题，加上下一步。\n"
        f"标题: {title.strip()}\n说明: {ph.DECISION}\n步骤:\n"
        f"  - 步骤: 提议\n    日期: {now:%Y-%m-%d}\n    会议: 村党支部委员会会议\n",
        encoding="utf-8",
    )
    return path


def new_post(
    content: Path, village: dict, kind: str, category: str, title: str, now: dt.datetime, photos: Path | None = None,
    month: str = "",
) -> Path:
    title = title.strip()  # the editor names files from the title as shown, without the spaces around it
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
    if kind == "财务":
        return new_finance(content, village, now, month or f"{now:%Y-%m}")
    if kind == "四议两公开":
        return new_decision_step(content, title, now)
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
