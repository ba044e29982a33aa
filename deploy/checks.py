"""The checks a built site must pass before it is published (the content check runs in the build)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tools.linkcheck import check_site

REQUIRED = {
    "index.html": "首页",
    "404.html": "找不到页面时显示的 404 页",
    "feeds/all.atom.xml": "全站订阅源",
    "sitemap.xml": "网站地图",
}


def check_output(output: Path, site_url: str) -> list[str]:
    """Every problem of the built site, one Chinese line each; an empty list means publishable."""
    output = Path(output)
    problems: list[str] = []
    for name, what in REQUIRED.items():
        if not (output / name).is_file():
            problems.append(f"生成的网站里缺少 {name}（{what}）。这通常是程序问题，请把这段信息发给技术人员。")
    for path in sorted(output.rglob("*.xml")):
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            problems.append(f"{path.relative_to(output).as_posix()} 不是合格的 XML（{exc}），订阅软件会读不出来。请把这段信息发给技术人员。")
    problems += [link.format() for link in check_site(output, site_url)]
    return problems
