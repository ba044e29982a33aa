"""广播稿: a post, 公开 item or card as the script a cadre reads over the village loudspeaker.

Made from the page's sanitised HTML, so what is read is what is published (privacy masks
included): headings and list items become sentences, a table becomes one sentence a row, links
keep their words and lose their addresses, photos are left out. Numbers go through spoken.py.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from village.channels.spoken import number, spoken

FILE_NAME = "guangbo.txt"  # next to the page's index.html
CHARS_PER_MINUTE = 180  # a loudspeaker is read slowly, for the elderly; newsreaders manage ~250
MONEY_HEADERS = ("元", "金额", "收入", "支出", "余额", "资金", "费用", "工资", "款")
_END = "。！？；…"
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dt", "dd", "figcaption", "pre"}
_SKIPPED = {"script", "style", "img", "picture", "svg", "figure", "audio", "video", "source", "button"}
_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[)）]")
_MASKED = re.compile(r"[*＊]{2,}|\d*[*＊]+\d*")


@dataclass
class Script:
    title: str
    opening: str  # 现在播送…
    paragraphs: list[str] = field(default_factory=list)
    closing: str = ""

    @property
    def spoken_lines(self) -> list[str]:
        return [line for line in (self.opening, *self.paragraphs, self.closing) if line]

    @functools.cached_property
    def characters(self) -> int:
        """What is read aloud, without punctuation or spaces (asked three times per script)."""
        return sum(map(str.isalnum, "".join(self.spoken_lines)))

    @property
    def minutes(self) -> float:
        """Reading time rounded up to half a minute, at least half a minute."""
        return max(0.5, math.ceil(self.characters / CHARS_PER_MINUTE * 2) / 2)

    @property
    def duration_label(self) -> str:
        whole = int(self.minutes)
        half = self.minutes != whole
        if not whole:
            return "约半分钟"
        minutes = "两" if whole == 2 else number(str(whole))
        return f"约{minutes}分{'半' if half else ''}钟"

    def text(self) -> str:
        """The file a cadre prints or reads from: a note for the reader, then the script."""
        note = f"【广播稿】{self.title}\n（全文{self.characters}字，按每分钟{CHARS_PER_MINUTE}字念，{self.duration_label}。）"
        return note + "\n\n" + "\n\n".join(self.spoken_lines) + "\n"


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ，,、：:")
    if not text:
        return ""
    return text if text[-1] in _END else text + "。"


def _cell_text(cell) -> str:
    return re.sub(r"\s+", " ", cell.text_content()).strip()


def table_sentences(table) -> list[str]:
    """One sentence a row: 科目 保洁员工资，支出 四千四百元，备注 四人。 Money columns (收入, 金额,
    …（元）) are read with 元; empty cells are left out."""
    rows = [row for row in table.iter("tr")]
    if not rows:
        return []
    header = [_cell_text(c) for c in rows[0] if c.tag in ("th", "td")]
    has_header = bool(rows[0].findall("th")) or table.find("thead") is not None
    body = rows[1:] if has_header else rows
    if not has_header:
        header = [""] * max((len(r) for r in rows), default=0)
    money = [any(word in h for word in MONEY_HEADERS) for h in header]
    names = [_UNIT.sub("", h).strip() for h in header]
    sentences = []
    for row in body:
        parts = []
        for index, cell in enumerate(c for c in row if c.tag in ("th", "td")):
            value = _cell_text(cell)
            if not value or _MASKED.fullmatch(value):
                continue
            if index < len(money) and money[index] and re.fullmatch(r"-?[\d,]+(?:\.\d+)?", value):
                value += "万元" if "万元" in header[index] else "元"
            # The first cell names the row (保洁员工资); the others are said with their column's name.
            name = names[index] if 0 < index < len(names) else ""
            parts.append(f"{name}{value}")
        if parts:
            sentences.append(spoken(_sentence("，".join(parts))))
    return sentences


def paragraphs_of(html: str) -> list[str]:
    """The spoken paragraphs of a piece of published HTML."""
    import lxml.html

    if not html or not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    out: list[str] = []

    def walk(element) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag.lower()
            if tag in _SKIPPED:
                continue
            if tag == "table":
                out.extend(table_sentences(child))
            elif tag in ("ul", "ol", "div", "section", "article", "dl", "thead", "tbody") or (
                tag in _BLOCKS and child.find(".//table") is not None
            ):
                walk(child)
            elif tag in _BLOCKS:
                for skipped in child.iter(*_SKIPPED):
                    skipped.drop_tree() if skipped.getparent() is not None else None
                said = spoken(_sentence(child.text_content()))
                if said.strip("。"):
                    out.append(said)
            else:
                said = spoken(_sentence(child.text_content()))
                if said.strip("。"):
                    out.append(said)

    walk(root)
    if root.text and root.text.strip():
        out.insert(0, spoken(_sentence(root.text)))
    return out


def _ending(village: dict, title: str) -> str:
    return f"刚才播送的是：{spoken(title)}。详细内容请到村委会查看，或者看{village['name']}网站。"


def article_script(article, village: dict) -> Script:
    title = article.title
    opening = f"各位村民，现在播送：{spoken(title)}。"
    if getattr(article, "microblog", False):
        opening = f"各位村民，现在播送{village['name']}近况。"
    date = getattr(article, "date", None)
    paragraphs = paragraphs_of(str(article.content))
    if date is not None:
        paragraphs.insert(0, spoken(f"{date:%Y-%m-%d}消息。"))
    return Script(title, opening, paragraphs, _ending(village, title))


def item_script(item, village: dict) -> Script:
    opening = f"各位村民，现在播送{item.kind}公开：{spoken(item.title)}。"
    meta = spoken(f"发布机构：{item.publisher}。公示期：{item.notice_label}。") if item.publisher else spoken(f"公示期：{item.notice_label}。")
    paragraphs = [meta, *paragraphs_of(str(item.content))]
    for attachment in item.attachments:
        if attachment.table_html:
            paragraphs.append(f"下面播送{spoken(attachment.name.rsplit('.', 1)[0])}的明细。")
            paragraphs.extend(paragraphs_of(str(attachment.table_html)))
    ending = f"公示期内有疑问，请向村务监督委员会反映。{_ending(village, item.title)}"
    return Script(item.title, opening, paragraphs, ending)


def monthly_script(card, village: dict) -> Script:
    opening = f"各位村民，现在播送{spoken(card.title)}。"
    paragraphs = paragraphs_of(str(card.intro))
    for order, section in enumerate(card.sections, 1):
        paragraphs.append(f"{number(str(order))}、{section.name}。")
        paragraphs.extend(paragraphs_of(str(section.html)))
    ending = f"对本月村务有意见建议，请告诉本组组长，或者到村委会反映。{_ending(village, card.title)}"
    return Script(card.title, opening, paragraphs, ending)


def inquiry_script(inquiry, village: dict) -> Script:
    opening = f"各位村民，现在播送质询回音卡：{spoken(inquiry.title)}。"
    paragraphs = [spoken(f"{inquiry.received:%Y-%m-%d}，{inquiry.inquirer}提出质询。")]
    for label, html in (("质询内容", inquiry.content), ("办理措施", inquiry.measures), ("客观原因", inquiry.reason)):
        said = paragraphs_of(str(html))
        if said:
            paragraphs.append(f"{label}：")
            paragraphs.extend(said)
    paragraphs.append(f"办理状态：{inquiry.status}。")
    return Script(inquiry.title, opening, paragraphs, _ending(village, inquiry.title))
