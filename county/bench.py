"""`invoke county-bench --villages 200 --posts 300`: a generated county, built cold, then one village edited.

Prints the cold time and the time per village when the 50th, 100th and 200th village were done
(linear growth keeps it flat), the one-village edit (only that village and the portal rebuilt) and
its share of the cold time, and the peak memory of one build process (independent of how many
villages there are, since each village builds in a process of its own).
"""

from __future__ import annotations

import argparse
import re
import resource
import time
from pathlib import Path

from benchmarks.common import verdict, work_folder
from benchmarks.corpus import write_corpus
from county import build as county_build
from county import config as county_config
from county import portal

ROOT = Path(__file__).resolve().parent.parent
CHECKPOINTS = (50, 100, 200)
VILLAGES_PER_TOWNSHIP = 20
TARGET_EDIT_SHARE = 0.03


def _village_yml(name: str) -> str:
    text = (ROOT / "village.yml").read_text("utf-8")
    text = re.sub(r"^name: .*$", f"name: {name}", text, flags=re.MULTILINE)
    text = re.sub(r"^(emblem|contact_page): .*$", r'\1: ""', text, flags=re.MULTILINE)
    text = re.sub(r"^  wechat_qr: .*$", '  wechat_qr: ""', text, flags=re.MULTILINE)  # the demo's image is not copied
    return re.sub(r"^stale_days: .*$", "stale_days: 0", text, flags=re.MULTILINE)


def make_county(folder: Path, villages: int, posts: int) -> Path:
    """A county of `villages` villages of `posts` posts each, in townships of 20."""
    townships = (villages + VILLAGES_PER_TOWNSHIP - 1) // VILLAGES_PER_TOWNSHIP
    lines = ["name: 基准测试县", "site_url: https://county.example.cn", "townships:"]
    lines += [f"  测试{t + 1}镇: zhen{t + 1}" for t in range(townships)]
    lines.append("villages:")
    for index in range(villages):
        village = folder / "villages" / f"cun{index + 1}"
        (village / "content" / "posts").mkdir(parents=True)
        (village / "village.yml").write_text(_village_yml(f"测试{index + 1}村"), "utf-8")
        write_corpus(village / "content" / "posts", posts, seed=index + 1)
        lines += [f"  - name: 测试{index + 1}村", f"    slug: cun{index + 1}",
                  f"    township: 测试{index // VILLAGES_PER_TOWNSHIP + 1}镇", f"    path: villages/cun{index + 1}"]
    path = folder / "county.yml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def run(villages: int, posts: int, jobs: int | None = None, keep: bool = False) -> dict:
    with work_folder("county-bench-", keep) as folder:
        print(f"生成测试县：{villages} 个村，每村 {posts} 篇文章……")
        county = county_config.load(make_county(folder, villages, posts))
        output = folder / "output"
        started = time.perf_counter()
        wall_start = time.time()
        results = county_build.build_county(county, output, jobs=jobs)
        portal.build_portal(county, output)
        cold = time.perf_counter() - started
        failed = [r for r in results if r.result != "built"]
        if failed:
            raise SystemExit(f"基准测试中有 {len(failed)} 个村生成失败：{failed[0].errors[:3]}")
        done = sorted(r.finished - wall_start for r in results)
        print(f"冷启动（全部 {villages} 个村和门户）：{cold:.1f} 秒，平均每村 {cold / villages:.2f} 秒")
        per_village = {}
        for k in sorted({*(c for c in CHECKPOINTS if c <= villages), villages}):
            per_village[k] = done[k - 1] / k
            print(f"  第 {k} 个村完成时：{done[k - 1]:.1f} 秒，每村 {per_village[k]:.2f} 秒")
        # One post edited in one village: only that village and the portal are rebuilt.
        edited = county.villages[0]
        target = next((edited.path / "content" / "posts").rglob("*.md"))
        target.write_text(target.read_text("utf-8") + "\n补充说明：活动照片已上传。\n", "utf-8")
        started = time.perf_counter()
        results = county_build.build_county(county, output, jobs=jobs)
        portal.build_portal(county, output)
        edit = time.perf_counter() - started
        rebuilt = [r.key for r in results if r.result == "built"]
        share = edit / cold
        print(f"改一个村的一篇文章后重新生成：{edit:.1f} 秒（重新生成的村：{'、'.join(rebuilt) or '无'}），"
              f"是冷启动的 {share:.1%}，目标 ≤ {TARGET_EDIT_SHARE:.0%}：{verdict(share <= TARGET_EDIT_SHARE)}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"内存峰值：单个生成进程最多 {peak:.0f} MB，主进程 {own:.0f} MB（每个村在自己的进程里生成，与村的数量无关）")
        return {"cold": cold, "per_village": per_village, "edit": edit, "share": share, "rebuilt": rebuilt, "peak_mb": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m county bench")
    parser.add_argument("--villages", type=int, default=200)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if args.villages < 1 or args.posts < 1:
        print("--villages 和 --posts 都要写正整数，例如 --villages 10 --posts 20。")
        return 2
    run(args.villages, args.posts, args.jobs, args.keep)
    return 0
