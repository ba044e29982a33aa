"""Written Chinese into the words a broadcaster reads out: 12,340元 → 一万二千三百四十元,
85% → 百分之八十五, 2026-11-05 → 二〇二六年十一月五日, no web addresses, no symbols.

cn2an does the number → words; this module finds the numbers and knows how each kind is read.
"""

from __future__ import annotations

import functools
import re

import cn2an

_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．／－～￥", "0123456789%./-~¥")
_DIGITS = "〇一二三四五六七八九"
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"

_URL = re.compile(r"(?:(?:详见|参见|请访问|访问|请看|网址|链接|见)[:：]?\s*)?(?:https?://|ftp://|www\.)[^\s\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<![\d.])(\d{1,2})/(\d{1,2})(?=\s*[（(日号至到~-]|\s*$)")
_TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:：]([0-5]\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*(?=年)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_YUAN = re.compile(r"¥\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*元")
_FRACTION = re.compile(r"(?<![\d/])(\d+)/(\d+)(?![\d/])")
_RANGE = re.compile(r"(\d)\s*[-~–—]\s*(?=\d)")
# Codes such as the 索引号 QH-CW-20260206-3A1 are spelled out, not read as a range of numbers.
_CODE_TOKEN = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![A-Za-z0-9])")
_CODE = re.compile(r"(?<![\d.])(?:\d{7,}|0\d+)(?![\d.])")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A lone 2 before a measure word is said 两: 2人 → 两人, but 第2 and 12 stay 二.
_TWO = re.compile(r"(?<![\d第.])2(?=\s*(?:个|人|户|位|名|盏|间|张|次|条|台|辆|棵|头|只|本|天|周|年|小时|分钟|万|千|百|亩|米|公里|斤|元|块|座|场|项|批|组)(?!\d))")
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK})[ \t]+|[ \t]+(?={_CJK})")


def digits(number: str) -> str:
    """Each digit on its own, as years and codes are read: 2026 → 二〇二六."""
    return "".join(_DIGITS[int(d)] for d in number)


@functools.lru_cache(maxsize=4096)  # cn2an takes ~20 µs a number; a site says the same few thousand numbers
def number(written: str) -> str:
    """A count or a decimal as words: 12340 → 一万二千三百四十, 12.5 → 十二点五."""
    words = cn2an.an2cn(written.rstrip(".") or "0", "low")
    # 20000 is said 两万, 2000 两千 (cn2an writes 二万, 二千).
    return re.sub(r"^二(?=[千万亿])", "两", words)


def amount(written: str) -> str:
    """Money in 元, with 角 and 分 for what is after the point: 1086.40 → 一千零八十六元四角."""
    whole, _, cents = written.partition(".")
    cents = (cents + "00")[:2]
    jiao, fen = int(cents[0]), int(cents[1])
    words = number(whole) + "元" if int(whole) or not (jiao or fen) else ""
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif fen and words:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    return words


def _date(match: re.Match) -> str:
    year, month, day = match.groups()
    return f"{digits(year)}年{number(str(int(month)))}月{number(str(int(day)))}日"


def _time(match: re.Match) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    return f"{number(str(hour))}点" + (f"{number(str(minute))}分" if minute else "")


def _yuan(match: re.Match) -> str:
    return amount(match.group(1) or match.group(2))


def _code(match: re.Match) -> str:
    """An office phone (0871-1234567) or an index number read sign by sign; 3-5 stays a range."""
    token = match.group(0)
    parts = token.split("-")
    if not any(c.isalpha() for c in token) and not any(p.startswith("0") or len(p) > 4 for p in parts):
        return token
    return "".join(digits(c) if c.isdigit() else ("杠" if c == "-" else c) for c in token)


def spoken(text: str) -> str:
    """`text` as it is read aloud: numbers, money, percentages, dates and times in words, web and
    e-mail addresses left out."""
    text = text.translate(_FULL_WIDTH)
    text = _URL.sub("", text)
    text = _SPACE_NEAR_CJK.sub("", text)
    text = _THOUSANDS.sub("", text)
    text = _ISO_DATE.sub(_date, text)
    text = _CODE_TOKEN.sub(_code, text)
    text = _TIME.sub(_time, text)
    text = _YEAR.sub(lambda m: digits(m.group(1)), text)
    text = _PERCENT.sub(lambda m: "百分之" + number(m.group(1)), text)
    text = _YUAN.sub(_yuan, text)
    text = _MONTH_DAY.sub(lambda m: f"{number(str(int(m.group(1))))}月{number(str(int(m.group(2))))}日", text)
    text = _FRACTION.sub(lambda m: f"{number(m.group(2))}分之{number(m.group(1))}", text)
    text = _RANGE.sub(r"\1至", text)
    text = _CODE.sub(lambda m: digits(m.group(0)), text)
    text = _TWO.sub("两", text)
    text = _NUMBER.sub(lambda m: number(m.group(0)), text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
