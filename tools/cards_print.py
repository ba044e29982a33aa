"""Print-ready PDFs of the cards (`invoke cards --month 2026-03`), made with WeasyPrint.

The site is built first, so a card with a mistake is never printed. WeasyPrint then renders the
built print pages (cards/print/<month>/ and cards/contacts/print/) with the same CSS as a browser:
A5 for the month's 明白卡 and 回音卡, an A4 sheet of A6 contact cards to cut. It reads only files
of the built site, never the network, and needs a CJK font (fonts-wqy-microhei on Debian).
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from village import config
from village.output.pdf import site_fetcher

from tools import build as village_build

MONTH_PAGE = "cards/print/{month}/index.html"
CONTACTS_PAGE = "cards/contacts/print/index.html"
FONT_HINT = "请安装中文字体：sudo apt-get install -y fonts-wqy-microhei（或 fonts-noto-cjk）。"
PANGO_HINT = "打印卡片要用系统的 Pango 库：sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"


class PrintError(Exception):
    """Something an official can fix, in Chinese."""


@dataclass
class Pdf:
    path: Path
    pages: int
    cards: list[tuple[str, int]] = field(default_factory=list)  # (card title, pages it takes)


A5_CARDS = ("monthly-card", "inquiry-card")
FIT_SIZES_PT = (20, 18, 17, 16, 15, 14, 13, 12)  # the printed cards' body type, largest first


def month_of(text: str) -> str:
    """--month as typed (2026-03, 2026-3, 2026/3, 2026年3月) as 2026-03, or '' if it is no month."""
    match = re.match(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return ""
    return f"{match.group(1)}-{int(match.group(2)):02d}"


def label(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:])}月"


def has_cjk_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True  # cannot tell; WeasyPrint's own fallback will show
    result = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(result.stdout.strip())


def render(site: Path, page: str, site_url: str, target: Path) -> Pdf:
    """Render the built page `page` (site-relative) into `target`; count the pages of each card."""
    import weasyprint

    url = f"{site_url}/{page.removesuffix('index.html')}"
    fetcher = site_fetcher(site, site_url)

    def layout(html_text: str):
        return weasyprint.HTML(string=html_text, base_url=url, url_fetcher=fetcher, media_type="print").render()

    document = layout(_fitted((site / page).read_text("utf-8"), layout))
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target)
    starts = [(label, destination[0]) for label, destination, _children, _state in document.make_bookmark_tree()]
    ends = [start for _, start in starts[1:]] + [len(document.pages)]
    cards = [(title, end - start) for (title, start), end in zip(starts, ends)]
    return Pdf(target, len(document.pages), cards)


def _fitted(html_text: str, layout) -> str:
    """The page with each A5 card's type as large as still fits its one page.

    Elderly villagers read the notice board standing: a short card gets big type and fills its
    page, a long one steps down, never below 12 pt (then it takes two pages and is named).
    """
    import lxml.html

    tree = lxml.html.document_fromstring(html_text)
    cards = [element for element in tree.iter() if _is_a5_card(element)]
    for card in cards:
        card.set("style", f"font-size: {_largest_fitting(tree, card, layout)}pt")
    return lxml.html.tostring(tree, doctype="<!DOCTYPE html>", encoding="unicode")


def _is_a5_card(element) -> bool:
    classes = (element.get("class") or "").split() if isinstance(element.tag, str) else []
    return "print-card" in classes and any(kind in classes for kind in A5_CARDS)


def _largest_fitting(tree, card, layout) -> int:
    """Binary search over FIT_SIZES_PT (largest first) for the largest size at which `card`,
    laid out alone, takes one page."""
    import lxml.html

    alone = copy.deepcopy(tree)
    path = tree.getroottree().getpath(card)
    kept = alone.getroottree().xpath(path)[0]
    for element in list(alone.iter()):
        classes = (element.get("class") or "").split() if isinstance(element.tag, str) else []
        if "print-card" in classes and element is not kept:
            element.getparent().remove(element)
    low, high = 0, len(FIT_SIZES_PT) - 1  # FIT_SIZES_PT[high] is the floor, used even if it does not fit
    while low < high:
        middle = (low + high) // 2
        kept.set("style", f"font-size: {FIT_SIZES_PT[middle]}pt")
        if len(layout(lxml.html.tostring(alone, doctype="<!DOCTYPE html>", encoding="unicode")).pages) == 1:
            high = middle
        else:
            low = middle + 1
    return FIT_SIZES_PT[low]


def available_months(site: Path) -> list[str]:
    folder = site / "cards" / "print"
    return sorted((p.name for p in folder.iterdir() if (p / "index.html").is_file()), reverse=True) if folder.is_dir() else []


def make_pdfs(site: Path, month: str, out: Path, village: dict) -> list[Pdf]:
    """The month's cards and the contact sheet as PDFs in `out`, from a built site."""
    if not (site / MONTH_PAGE.format(month=month)).is_file():
        months = available_months(site)
        known = f"有卡片的月份：{'、'.join(months)}。请换一个月，例如 invoke cards --month {months[0]}。" if months else "现在还没有任何卡片。"
        raise PrintError(
            f"{label(month)}没有卡片：content/cards/明白卡/ 里没有 {month}.md，content/cards/质询/ 里也没有收到日期在{label(month)}的质询。{known}"
        )
    site_url = village["site_url"]
    pdfs = [render(site, MONTH_PAGE.format(month=month), site_url, out / f"{month}-{village['name']}村情明白卡和质询回音卡.pdf")]
    if (site / CONTACTS_PAGE).is_file():
        pdfs.append(render(site, CONTACTS_PAGE, site_url, out / f"{village['name']}便民联系卡.pdf"))
    return pdfs


def describe(pdf: Pdf, root: Path) -> list[str]:
    shown = pdf.path.relative_to(root) if pdf.path.is_relative_to(root) else pdf.path
    if pdf.path.name.endswith("便民联系卡.pdf"):
        return [f"  {shown}：{pdf.pages} 页（A4 纸，沿虚线裁开）"]
    lines = [
        f"    注意：“{title}”一页印不下，占了 {pages} 页。可以把这张卡片写得短一些。" for title, pages in pdf.cards if pages > 1
    ]
    counts = {kind: sum(1 for title, _ in pdf.cards if title.startswith(kind + "：")) for kind in ("村情明白卡", "质询回音卡")}
    parts = [f"{kind} {count} 张" for kind, count in counts.items() if count]
    return [f"  {shown}：{pdf.pages} 页（A5 纸，{'，'.join(parts)}）", *lines]


def main(root: Path, month: str, out: Path) -> int:
    """`invoke cards`: build the site, then print the month's cards and the contact card."""
    wanted = month_of(month)
    if not wanted:
        print(f"错误：月份“{month}”写法不对。请写成 年-月，例如 invoke cards --month 2026-03。")
        return 1
    try:
        import weasyprint  # noqa: F401 - only to learn whether its Pango libraries load
    except OSError:
        print(f"错误：{PANGO_HINT}")
        return 1
    if not has_cjk_font():
        print(f"错误：这台电脑没有中文字体，印出来的卡片会是方框。{FONT_HINT}")
        return 1
    result = village_build.build(root)
    if result.summary():
        print(result.summary())
    if not result.ok:
        print("没有生成 PDF：网站内容有错误。改正以上错误后再运行 invoke cards。")
        return 1
    try:
        village = config.load(root / "village.yml")
        pdfs = make_pdfs(Path(result.output), wanted, out, village)
    except PrintError as exc:
        print(f"错误：{exc}")
        return 1
    print(f"已生成 {len(pdfs)} 个 PDF（打印时选“实际大小”，不要缩放）：")
    for pdf in pdfs:
        for line in describe(pdf, root):
            print(line)
    return 0
