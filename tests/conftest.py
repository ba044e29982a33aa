"""Shared fixtures: throwaway village projects built with the real plugin, and the built demo site."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from tools import build as village_build

ROOT = Path(__file__).resolve().parent.parent
# Every test build's "today" unless a test pins another: what a build shows and warns about
# (the yearly report due by 31 January, a pinned notice's end) must not change with the day the
# suite runs on.
TEST_DAY = dt.date(2026, 12, 1)



def minimal_village_yml() -> str:
    """The demo's village.yml without what points into the demo's content (emblem, contact page),
    and without the not-updated and column reminders, which would otherwise follow every old test post."""
    text = (ROOT / "village.yml").read_text("utf-8")
    text = re.sub(r"^(emblem|contact_page): .*$", r'\1: ""', text, flags=re.MULTILINE)
    text = re.sub(r"^  backend: .*$", "  backend: none", text, flags=re.MULTILINE)  # no /admin/ unless a test asks
    text = re.sub(r"^  (news_days|notice_days|empty_columns): .*$", r"  \1: 0", text, flags=re.MULTILINE)
    text = re.sub(r"^  wechat_qr: .*$", '  wechat_qr: ""', text, flags=re.MULTILINE)  # an image of the demo's
    text = re.sub(r"^editions: .*$", "editions: []", text, flags=re.MULTILINE)  # no edition builds unless a test asks
    return re.sub(r"^stale_days: .*$", "stale_days: 0", text, flags=re.MULTILINE)


class Site:
    """A minimal village project in a temporary folder, sharing the real theme and plugins."""

    def __init__(self, path: Path, village_yml: str | None = None):
        self.path = path
        self.content = path / "content"
        (self.content / "posts").mkdir(parents=True)
        (self.content / "pages").mkdir()
        shutil.copy(ROOT / "pelicanconf.py", path / "pelicanconf.py")
        shutil.copy(ROOT / "publishconf.py", path / "publishconf.py")
        (path / "village.yml").write_text(village_yml or minimal_village_yml(), "utf-8")
        (path / "theme").symlink_to(ROOT / "theme")
        (path / "plugins").symlink_to(ROOT / "plugins")
        self.pin_today(TEST_DAY.isoformat())

    def write(self, relative: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        target = self.content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_bytes(text.encode(encoding))
        return target

    def pin_today(self, day: str) -> None:
        """The build's "today" (VILLAGE_TODAY); the last one pinned wins."""
        with (self.path / "pelicanconf.py").open("a", encoding="utf-8") as handle:
            handle.write(f"\nimport datetime as _dt\nVILLAGE_TODAY = _dt.date.fromisoformat({day!r})\n")

    def build(self, check_only: bool = False, settings_file: str = "pelicanconf.py"):
        return village_build.build(self.path, settings_file=settings_file, check_only=check_only)

    @property
    def output(self) -> Path:
        return self.path / "output"

    def page(self, relative: str) -> str:
        return (self.output / relative).read_text("utf-8")


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "village")


SCRIPT_FIXTURES = ROOT / "tests" / "fixtures" / "scripts"  # one sample post per minority script


def edition_site(site: Site, code: str) -> str:
    """`site` as an edition build (DEFAULT_LANG = code, as the editions' sub-builds set it) with
    the sample post in that script; returns the settings file to build with."""
    shutil.copytree(SCRIPT_FIXTURES / code, site.content, dirs_exist_ok=True)
    return edition_settings(site, code)


def edition_settings(site: Site, code: str) -> str:
    """A settings file building `site` as an edition. The site's pelicanconf.py is run by path:
    `from pelicanconf import *` would take whichever pelicanconf this process imported first."""
    (site.path / f"edition_{code}.py").write_text(
        "import runpy\nfrom pathlib import Path\n"
        "globals().update((k, v) for k, v in runpy.run_path(str(Path(__file__).with_name('pelicanconf.py'))).items()"
        " if k.isupper())\n"
        f"DEFAULT_LANG = {code!r}\n",
        "utf-8",
    )
    return f"edition_{code}.py"


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these flags Chromium phones home at start-up; this machine has no network for it.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def launch_chromium(playwright, **options):
    """Debian's Chromium (never a downloaded one), headless, as every browser test starts it."""
    if not Path(CHROMIUM).exists():
        pytest.fail("没有找到 Chromium。请运行 make test（会自动安装），或 apt-get install chromium fonts-wqy-microhei。")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **options)


@pytest.fixture(scope="session")
def chromium():
    """One real Chromium per test worker, shared by the browser tests that ask for it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def published_bytes(output: Path) -> bytes:
    """Every byte a visitor could fetch, with gzip files (the search index's fragments) unpacked and
    the zero-width spaces Pagefind puts between words removed, so a number cannot hide in them."""
    import gzip

    parts = []
    for path in sorted(output.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            parts.append(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return b"".join(parts).replace("\u200b".encode(), b"")


def site_files(folder: Path) -> dict[Path, bytes]:
    """Every file of a built site by path, for byte-for-byte comparison of two builds. Pagefind's
    index is rebuilt from the pages on every build and orders its files freely; the pages it is
    made from are compared."""
    return {
        p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"
    }


def scanned(png: Path) -> list[str]:
    """What a phone's scanner reads from the QR code(s) in a picture (zbarimg, from zbar-tools)."""
    import subprocess

    run = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=False)
    return run.stdout.split()


def scanned_svg(svg: str, folder: Path) -> list[str]:
    """The same for an inline SVG code, drawn as a phone's camera would see it on screen."""
    import cairosvg

    png = folder / "qr-scan.png"
    cairosvg.svg2png(bytestring=svg.encode(), write_to=str(png), output_width=400)
    return scanned(png)


def build_settings(base: Path, day: dt.date = TEST_DAY) -> dict:
    """Settings for a build of the demo (or a copy of it): its caches under `base`, its "today"."""
    return {"CACHE_PATH": str(base / "cache"), "VILLAGE_IMAGE_CACHE": str(base / "images"), "VILLAGE_TODAY": day}


def browser_clock(day: dt.date) -> dt.datetime:
    """A time on `day` for the browser's clock (Playwright's clock.set_system_time): noon UTC is
    the same date in the village (UTC+8) and in a browser left on UTC."""
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def messages(result, level: str = "error") -> list[str]:
    return [p.format() for p in result.report.problems if p.level == level]


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory) -> Path:
    """The demo village site, built once per test worker with the project's own settings."""
    base = tmp_path_factory.mktemp("demo")
    output = base / "output"
    result = village_build.build(ROOT, output=output, overrides=build_settings(base))
    assert result.ok, result.summary()
    return output


@pytest.fixture(scope="session")
def demo_server(demo_output):
    """The built demo site served on 127.0.0.1 (a random free port), as a villager's phone sees it."""
    from benchmarks.common import site_server

    with site_server(demo_output) as url:
        yield url
