"""The built site as published: no broken links (preview and public builds), minified, precompressed."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.linkcheck import check_site


def test_demo_site_has_no_broken_links(demo_output):
    assert [b.format() for b in check_site(demo_output, "https://qinghe.example.cn")] == []


def test_planted_broken_links_are_listed_with_their_page(demo_output, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(demo_output, site)
    about = site / "about" / "index.html"
    html = about.read_text("utf-8")
    html = html.replace(
        "</main>",
        '<a href="/no-such-page/">x</a><img src="missing.png" alt="">'
        '<img src="/photos/x/1.jpg" srcset="/photos/nope/480.avif 480w" alt="">'
        '<a href="/feeds/gone.atom.xml">feed</a><a href="/2026/04/daoxia-gongyang/#no-anchor">a</a>'
        '<a href="https://qinghe.example.cn/also-missing/">abs</a><a href="https://example.org/x">ext</a></main>',
    )
    about.write_text(html, "utf-8")
    mirror = site / "zh-hant" / "about" / "index.html"  # the 繁體 pages are checked too
    mirror.write_text(mirror.read_text("utf-8").replace("</main>", '<a href="/zh-hant/no-such-page/">x</a></main>'), "utf-8")
    found = {(b.page, b.url) for b in check_site(site, "https://qinghe.example.cn")}
    assert found == {
        ("zh-hant/about/index.html", "/zh-hant/no-such-page/"),
        ("about/index.html", "/no-such-page/"),
        ("about/index.html", "missing.png"),
        ("about/index.html", "/photos/x/1.jpg"),
        ("about/index.html", "/photos/nope/480.avif"),
        ("about/index.html", "/feeds/gone.atom.xml"),
        ("about/index.html", "/2026/04/daoxia-gongyang/#no-anchor"),
        ("about/index.html", "https://qinghe.example.cn/also-missing/"),
    }
    message = next(b for b in check_site(site, "https://qinghe.example.cn") if b.url.endswith("#no-anchor")).format()
    assert message == "about/index.html：链接“/2026/04/daoxia-gongyang/#no-anchor”指向的页面里没有“#no-anchor”这个位置。"


def test_public_build_with_absolute_urls_has_no_broken_links(tmp_path):
    from conftest import ROOT

    from tools import build as village_build

    caches = {"CACHE_PATH": str(tmp_path / "cache"), "VILLAGE_IMAGE_CACHE": str(tmp_path / "images")}
    result = village_build.build(ROOT, settings_file="publishconf.py", output=tmp_path / "public", overrides=caches)
    assert result.ok, result.summary()
    assert 'href="https://qinghe.example.cn/theme/css/site.css"' in (tmp_path / "public" / "index.html").read_text("utf-8")
    assert [b.format() for b in check_site(tmp_path / "public", "https://qinghe.example.cn")] == []


def test_public_build_is_minified_and_precompressed(tmp_path):
    import gzip

    import brotli
    from conftest import ROOT

    from tools import build as village_build

    caches = {"CACHE_PATH": str(tmp_path / "cache"), "VILLAGE_IMAGE_CACHE": str(tmp_path / "images")}
    result = village_build.build(ROOT, settings_file="publishconf.py", output=tmp_path / "public", overrides=caches)
    assert result.ok, result.summary()
    public = tmp_path / "public"
    css = (public / "theme/css/site.css").read_text("utf-8")
    assert len(css) < len((ROOT / "theme/static/css/site.css").read_text("utf-8")) * 0.85 and "/*" not in css
    for name in ("index.html", "theme/css/site.css", "theme/js/viewer.js", "feeds/all.atom.xml", "sitemap.xml"):
        original = (public / name).read_bytes()
        assert gzip.decompress((public / f"{name}.gz").read_bytes()) == original, name
        assert brotli.decompress((public / f"{name}.br").read_bytes()) == original, name
    assert not list(public.rglob("*.jpg.gz")) and not list(public.rglob("*.avif.br"))  # photos are compressed already
    # A release trusts no cache, but a file with the same bytes as in the site it replaces takes
    # that site's compressed copies instead of minutes of Brotli.
    assert result.report.counts["precompressed_reused"] == 0
    again = village_build.build(ROOT, settings_file="publishconf.py", output=public, overrides=caches)
    assert again.ok, again.summary()
    assert again.report.counts["precompressed_reused"] > again.report.counts["files_precompressed"]
    for name in ("index.html", "theme/css/site.css", "feeds/all.atom.xml"):
        original = (public / name).read_bytes()
        assert brotli.decompress((public / f"{name}.br").read_bytes()) == original, name


def test_compressed_copies_are_reused_only_for_the_same_bytes(tmp_path):
    import brotli
    from village.output.precompress import precompress

    last, new = tmp_path / "last", tmp_path / "new"
    for folder in (last, new):
        (folder / "a").mkdir(parents=True)
    (last / "same.html").write_text("村务公开" * 100, "utf-8")
    (last / "a" / "copied.css").write_text("body { color: #222; }" * 20, "utf-8")
    (last / "a" / "edited.html").write_text("旧的通知" * 100, "utf-8")
    assert precompress(last) == (3, 0)
    (new / "same.html").hardlink_to(last / "same.html")  # a page the render cache linked
    (new / "a" / "copied.css").write_bytes((last / "a" / "copied.css").read_bytes())  # same bytes, new file
    (new / "a" / "edited.html").write_text("新的通知" * 100, "utf-8")
    assert precompress(new, last) == (1, 2)
    assert (new / "same.html.br").samefile(last / "same.html.br")
    assert (new / "a" / "copied.css.gz").samefile(last / "a" / "copied.css.gz")
    assert brotli.decompress((new / "a" / "edited.html.br").read_bytes()).decode() == "新的通知" * 100
    assert brotli.decompress((last / "a" / "edited.html.br").read_bytes()).decode() == "旧的通知" * 100  # untouched


def test_the_site_listing_finds_what_os_walk_finds(tmp_path):
    # files_under lists the site for the mirror, search, compression and the safety nets.
    import os

    from village.output.files import files_under

    site = tmp_path / "site"
    for name in ("index.html", "2026/03/a/index.HTML", "2026/03/a/photo.jpg", "theme/x.html", "zh-hant/index.html", "b/c/d/e.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "outside.html").write_text("x")
    (site / "linked").symlink_to(tmp_path / "elsewhere")  # a link to a folder is not followed
    found = files_under(site, (".html",), skipped_top=("theme",))
    walked = sorted(
        Path(folder, name) for folder, dirs, names in os.walk(site) for name in names
        if name.lower().endswith(".html") and not Path(folder).is_relative_to(site / "theme")
    )
    assert found == walked
    assert [p.relative_to(site).as_posix() for p in found] == ["2026/03/a/index.HTML", "b/c/d/e.html", "index.html", "zh-hant/index.html"]
    assert files_under(site, (".jpg",)) == [site / "2026/03/a/photo.jpg"]
