"""A tiny county for the county tests: three small villages, one of them from a git repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import minimal_village_yml

TODAY = "2026-03-20"

COUNTY_YML = """\
name: 测试县村务公开门户
site_url: https://county.example.cn
description: 测试用的县级门户
townships:
  东山镇: dongshan
  西河乡: xihe
villages:
  - name: 甲村
    slug: jia
    township: 东山镇
    path: villages/jia
  - name: 乙村
    slug: yi
    township: 西河乡
    repo: {repo}
    branch: main
  - name: 丙村
    slug: bing
    township: 东山镇
    path: villages/bing
"""


def village_yml(name: str, prefix: str) -> str:
    text = re.sub(r"^name: .*$", f"name: {name}", minimal_village_yml(), flags=re.MULTILINE)
    text = re.sub(r"^traditional: .*$", "traditional: none", text, flags=re.MULTILINE)
    text = re.sub(r"disclosure_subjects:\n(  .*\n)+", "disclosure_subjects:\n  财务收支: {type: 财务, cadence: monthly}\n", text)
    return re.sub(r"^disclosure_prefix: .*$", f"disclosure_prefix: {prefix}", text, flags=re.MULTILINE)


def post(title: str, day: str, category: str, body: str) -> str:
    return f"标题: {title}\n日期: {day}\n分类: {category}\n\n{body}\n"


def write(folder: Path, relative: str, text: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def git(*args, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.cn", *args], cwd=cwd, check=True, capture_output=True)


def make_county(root: Path) -> Path:
    """Write the county; returns county.yml. 丙村 has a content error (no 标题 and no 正文)."""
    jia = root / "villages" / "jia"
    write(jia, "village.yml", village_yml("甲村", "JC"))
    write(jia, "content/posts/2026/a.md", post("甲村春耕动员会", "2026-03-02", "村务", "村两委召开春耕动员会，安排育秧和机耕路修补。"))
    write(jia, "content/posts/2026/b.md", post("甲村主题党日", "2026-03-10", "党建", "党员们清理了村口的水渠。"))
    write(jia, "content/disclosures/2026/2026-02-caiwu.md",
          "类型: 财务\n事项: 财务收支\n期间: 2026年2月\n发布日期: 2026-03-15\n公示期: 15天\n发布机构: 甲村村民委员会\n审核: 村务监督委员会 王某、李某 2026-03-12\n\n二月份收支情况。\n")
    write(jia, "content/disclosures/2025/2025-11-caiwu.md",
          "类型: 财务\n事项: 财务收支\n期间: 2025年11月\n发布日期: 2025-12-05\n公示期: 15天\n发布机构: 甲村村民委员会\n审核: 村务监督委员会 王某、李某 2025-12-02\n\n十一月份收支情况。\n")
    yi = root / "repos" / "yi"
    write(yi, "village.yml", village_yml("乙村", "YC"))
    write(yi, "content/posts/2026/a.md", post("乙村稻虾共养合作社分红", "2026-03-02", "致富", "合作社第一次分红，社员们领到了养殖收益。"))
    git("init", "-q", "-b", "main", cwd=yi)
    git("add", "-A", cwd=yi)
    git("commit", "-q", "-m", "乙村", cwd=yi)
    bing = root / "villages" / "bing"
    write(bing, "village.yml", village_yml("丙村", "BC"))
    write(bing, "content/posts/2026/a.md", post("丙村通知", "2026-03-05", "天气预报", "分类写错了。"))
    return write(root, "county.yml", COUNTY_YML.format(repo=yi))
