"""A deterministic synthetic corpus of Chinese village posts for benchmarks.

Written with English Pelican keys so that plain Pelican reads exactly the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

CATEGORIES = ["党建", "村务", "致富", "民俗", "建言"]
TAGS = [
    "主题党日", "党员积分", "道路硬化", "人居环境", "垃圾分类", "医保缴费", "防汛", "茶叶合作社",
    "香菇大棚", "稻虾共养", "电商直播", "返乡创业", "花鼓戏", "元宵灯会", "重阳敬老", "村规民约",
    "文明户", "快递驿站", "路灯", "自来水", "农家书屋", "老年食堂", "技能培训", "护林防火",
]
AUTHORS = ["林晓禾", "周建国", "陈桂芳", "吴志强", "刘雨晴"]
SUBJECTS = ["村党支部", "村两委", "合作社", "老年协会", "妇女代表", "驻村工作队", "网格员", "青年志愿者"]
ACTIONS = ["组织召开了", "认真开展了", "走访了解了", "集中整治了", "协调推进了", "带头参加了", "细致梳理了"]
OBJECTS = ["主题党日活动", "村民代表会议", "环境卫生评比", "茶园春季管护", "产业发展座谈", "安全隐患排查", "困难群众走访"]
DETAILS = [
    "共有{n}户村民参加", "现场收集意见{n}条", "涉及耕地{n}亩", "投入资金{n}万元", "惠及群众{n}人",
    "清理沟渠{n}米", "发放明白纸{n}份",
]
CLOSINGS = ["大家纷纷表示受益匪浅。", "下一步还将持续跟进。", "群众满意度明显提升。", "相关情况将在公开栏公示。"]


def _sentence(rng: random.Random) -> str:
    detail = rng.choice(DETAILS).format(n=rng.randint(3, 480))
    return f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，{detail}。"


def _body(rng: random.Random) -> str:
    paragraphs = []
    for index in range(rng.randint(3, 7)):
        if index and rng.random() < 0.25:
            paragraphs.append(f"## {rng.choice(OBJECTS)}")
        paragraphs.append("".join(_sentence(rng) for _ in range(rng.randint(2, 5))) + rng.choice(CLOSINGS))
    return "\n\n".join(paragraphs)


def write_corpus(folder: Path, count: int, seed: int = 20241) -> list[Path]:
    rng = random.Random(seed)
    start = dt.datetime(2023, 1, 1, 8, 0)
    paths = []
    for index in range(count):
        date = start + dt.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        title = f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}（第{index + 1}期）"
        tags = ", ".join(rng.sample(TAGS, rng.randint(1, 3)))
        text = (
            f"Title: {title}\nDate: {date:%Y-%m-%d %H:%M}\nCategory: {rng.choice(CATEGORIES)}\n"
            f"Tags: {tags}\nAuthor: {rng.choice(AUTHORS)}\n\n{_body(rng)}\n"
        )
        path = folder / f"{date:%Y}" / f"post-{index:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
