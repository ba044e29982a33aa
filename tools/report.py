"""`invoke report --year 2026`: the yearly 信息公开 report. Writes a first draft of
content/nianbao/<year>.md when there is none (the officials fill in the two narrative sections,
whose prompts the build rejects until they are replaced); once there is one, builds the site: the
page is /gongkai/nianbao/<year>/, its PDF beside it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from village.source import placeholders as ph

from tools import build as village_build

DRAFT = """年度: {year}
发布日期: {date}

## 总体情况

{year}年，村两委按照村务公开的要求，通过村务公开栏和本网站公开党务、村务、财务。（{practice}）

## 存在的主要问题及改进情况

（{shortcomings}）
"""


def main(root: Path, year_text: str, today: dt.date) -> int:
    """`today` is the village's date (village.yml's timezone), as the build counts days: a draft
    dated by a machine's clock in another zone could be a day ahead, and the build would hold it back."""
    year_text = str(year_text or "").strip().removesuffix("年")
    if not re.fullmatch(r"\d{4}", year_text):
        print(f"年份“{year_text}”不对。请写四位数字，例如 invoke report --year {today.year - 1}。")
        return 1
    year = int(year_text)
    target = root / "content" / "nianbao" / f"{year}.md"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        date = min(today, dt.date(year + 1, 1, 31))
        target.write_text(DRAFT.format(year=year, date=date.isoformat(), practice=ph.YEAR_PRACTICE, shortcomings=ph.YEAR_SHORTCOMINGS), "utf-8")
        # Not built yet: its two prompts are placeholders, which the build rejects as errors.
        print(f"已写好 {target.relative_to(root)} 的初稿：请补写“总体情况”和“存在的主要问题及改进情况”两段"
              f"（把括号里的提示换成真正的内容），再运行一次 invoke report --year {year}。")
        return 0
    code = village_build.main(["pelicanconf.py"])
    page = root / "output" / "gongkai" / "nianbao" / str(year)
    if code == 0 and (page / "index.html").is_file():
        print(f"年度报告：output/gongkai/nianbao/{year}/index.html，PDF：output/gongkai/nianbao/{year}/{year}年信息公开工作年度报告.pdf")
    elif code == 0:
        print(f"{year}年的年度报告没有生成：{target.relative_to(root)} 里的发布日期还没到。")
    return code
