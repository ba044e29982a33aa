"""`invoke county-publish` / `invoke county-rollback`: the county site onto object storage (county.yml deploy:)."""

from __future__ import annotations

import sys

from village.config import ConfigError

from county import config
from county.objectstore import DeployError, ObjectStore


def _store(county_yml: str, out) -> tuple[config.County, ObjectStore] | None:
    try:
        county = config.load(county_yml)
    except ConfigError as exc:
        out(exc.format())
        return None
    if not county.deploy:
        out("county.yml 里没有 deploy（发布到对象存储）设置。请加上 target、releases 和 keep_releases，见 docs/guide.md 的“县级门户”一节。")
        return None
    return county, ObjectStore(county.deploy["target"], county.deploy["releases"], log=out)


def publish(county_yml: str = "county.yml", out=print, build: bool = True) -> int:
    found = _store(county_yml, out)
    if found is None:
        return 1
    county, store = found
    if build:
        from county import build as county_build

        out("第 1 步：用正式网址生成每个村和门户…")
        if county_build.main([county_yml, "--publish"]) != 0:
            out("没有发布：有村生成失败（见上面的表）。线上网站保持不变。失败的村改正后再发布。")
            return 1
    site = county.root / "output"
    if not (site / "index.html").is_file():
        out("没有发布：output/ 里还没有门户。请先运行 invoke county-build --publish。")
        return 1
    try:
        store.publish(site, county.deploy["keep_releases"])
    except DeployError as exc:
        out(f"错误：{exc}")
        return 1
    return 0


def rollback(county_yml: str = "county.yml", to: str | None = None, out=print) -> int:
    found = _store(county_yml, out)
    if found is None:
        return 1
    _, store = found
    try:
        old, new = store.rollback(to)
    except DeployError as exc:
        out(f"错误：{exc}")
        return 1
    out(f"已回退：线上网站从 {old or '（未知）'} 换回 {new}。")
    return 0


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("publish", [])
    files = [a for a in rest if not a.startswith("--")]
    county_yml = files[0] if files else "county.yml"
    if command == "rollback":
        to = next((a.split("=", 1)[1] for a in rest if a.startswith("--to=")), None)
        return rollback(county_yml, to)
    return publish(county_yml, build="--skip-build" not in rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
