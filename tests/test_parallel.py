"""A large site is read and written by forked copies of the build: the site must be exactly the
one a single process makes, with nothing the children found (QR codes, problems) lost."""

from __future__ import annotations

import json
import shutil

from conftest import site_files
from village.output import render_cache
from village.posts import prefetch

from tools import build as village_build


def _fill(site, count=30):
    for i in range(count):
        site.write(
            f"posts/p{i:02d}.md",
            f"标题: 第{i}篇\n日期: 2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}\n分类: {'党建' if i % 2 else '村务'}\n"
            f"标签: 标签{i % 4}, 共同标签\n\n第{i}篇的正文，<b onclick=\"steal()\">加粗</b>。\n",
        )



def _kept_qr_codes(project):
    (cache_file,) = (project / ".cache").glob("*/qr-codes.json")
    return json.loads(cache_file.read_text("utf-8"))["codes"]


def test_a_site_read_and_written_by_several_processes_equals_one_process(site, tmp_path, monkeypatch):
    monkeypatch.setattr(render_cache, "PAGES_PER_PROCESS", 5)  # fork even for this small site
    monkeypatch.setattr(prefetch, "FILES_PER_PROCESS", 5)
    forks = []
    for module in (render_cache, prefetch):
        real = module.fork_map
        monkeypatch.setattr(module, "fork_map", lambda work, parts, real=real: forks.append(len(parts)) or real(work, parts))
    _fill(site)
    one = tmp_path / "one"
    shutil.copytree(site.path, one, symlinks=True)
    forked = village_build.build(site.path, overrides={"VILLAGE_WRITE_WORKERS": 3, "VILLAGE_READ_WORKERS": 3})
    single = village_build.build(one, overrides={"VILLAGE_WRITE_WORKERS": 1, "VILLAGE_READ_WORKERS": 1})
    assert forked.ok and single.ok, forked.summary() + single.summary()
    assert forks == [3, 3, 1]  # posts read and pages written in three processes; then pages in one
    assert forked.articles == single.articles == 30
    assert site_files(site.output) == site_files(one / "output")
    assert forked.rendered == single.rendered  # every page, in the order Pelican handed them over
    # what the children found came back: the warnings of posts read elsewhere…
    assert forked.report.problems == single.report.problems
    assert sum("脚本或事件" in p.message for p in forked.report.problems) == 30
    # …and the QR codes made while writing, kept for the next build
    assert _kept_qr_codes(site.path) == _kept_qr_codes(one) and len(_kept_qr_codes(one)) >= 30


def test_relative_urls_are_refused_with_a_chinese_message(site):
    _fill(site, 2)
    result = village_build.build(site.path, overrides={"RELATIVE_URLS": True})
    assert not result.ok
    assert any("RELATIVE_URLS" in p.message and p.path == "pelicanconf.py" for p in result.report.errors)


def test_qr_codes_of_pages_carried_over_are_kept_for_the_next_build(site):
    _fill(site, 5)
    assert site.build().ok
    cold = _kept_qr_codes(site.path)
    site.write("posts/p01.md", "标题: 第1篇\n日期: 2024-02-02\n分类: 党建\n标签: 标签1, 共同标签\n\n改过的正文。\n")
    result = site.build()
    assert result.ok and result.report.counts.get("render_cache_hits", 0) > 0
    assert _kept_qr_codes(site.path) == cold  # the unchanged posts' codes were not dropped
