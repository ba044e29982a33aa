"""Photo albums (相册): one folder per album under content/albums/, with an album file.

    content/albums/2026-yuanxiao/album.md
        标题: 元宵花鼓戏
        日期: 2026-03-03
        说明: 正月十五晚上，村文化广场……
        封面: huagu-1.jpg

        - huagu-1.jpg：戏班班主钱满仓和孙女同台
        - huagu-2.jpg：……

Every photo in the folder is published (through the photo pipeline), in the order of the caption
list; one without a caption is a warning. Writes an album index, a page per album and a page per photo, so the viewer works
without JavaScript; theme/static/js/viewer.js only enhances it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from village.content import FeedCategory, FeedEntry, VillageContent
from village.photos.images import SUPPORTED_SOURCES
from village.photos.markup import CONTENT_SIZES, photo_url, picture_html, process_photos
from village.source import dates, frontmatter, keys, privacy, slugs, unused
from village.source.encoding import read_source
from village.state import report_of

ALBUMS_DIR = "albums"
ALBUM_FILES = ("album.md", "相册.md")
GRID_SIZES = "(min-width: 30rem) 10rem, 33vw"  # three columns, as .photo-grid in site.css
_CAPTION = re.compile(r"^\s*[-*]\s*(?P<file>[^\s：:]+)\s*[：:]\s*(?P<caption>.+?)\s*$")
# a photo given by its web address; a colon before digits is the address's port, not the caption's
_ADDRESS = re.compile(r"^\s*[-*]\s*(?P<url>(?:[a-z][a-z0-9+.-]*:)?//\S+?)\s*(?:：|:(?!\d)|$)", re.I)


@dataclass
class AlbumPhoto:
    file: str
    path: str
    caption: str
    number: int
    url: str = ""
    result: object = None
    thumbnail: str = ""  # <picture> markup for the album grid
    large: str = ""  # <picture> markup for the photo's own page
    full_url: str = ""  # the upright, metadata-free download


@dataclass
class Album(VillageContent):
    type_name = "相册"
    template = "album"

    title: str
    date: dt.datetime
    description: str
    slug: str
    source_path: str
    cover: AlbumPhoto | None = None
    photos: list[AlbumPhoto] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{ALBUMS_DIR}/{self.slug}/"

    @property
    def locale_date(self) -> str:
        return dates.chinese_date(self.date)

    def feed_entry(self) -> FeedEntry:
        return FeedEntry(
            source=self, title=self.title, url=self.url, date=self.date,
            summary=html.escape(self.description or self.title),
            category=FeedCategory("相册", ALBUMS_DIR, f"{ALBUMS_DIR}/"), body=self.feed_html,
        )

    def feed_html(self, siteurl: str) -> str:
        """The album in a feed reader: its description and each photo as a plain <img>."""
        parts = [f"<p>{html.escape(self.description)}</p>"] if self.description else []
        for photo in self.photos:
            if photo.result is None:
                continue
            fallback = [v for v in photo.result.variants if v.format == photo.result.variants[-1].format]
            middle = sorted(fallback, key=lambda v: v.width)[len(fallback) // 2]
            caption = html.escape(photo.caption)
            parts.append(
                f'<figure><img src="{photo_url(siteurl, photo.result, middle.file)}" alt="{caption}"'
                f' width="{middle.width}" height="{middle.height}"><figcaption>{caption}</figcaption></figure>'
            )
        return "".join(parts)


def _captions(fm, folder: Path, path: str, settings, report) -> dict[str, tuple[str, int]]:
    """The "- 文件名：说明" lines of the album file, in their order: {file: (caption, line)}."""
    captions: dict[str, tuple[str, int]] = {}
    for offset, line in enumerate(fm.body.split("\n")):
        if not line.strip():
            continue
        match = _CAPTION.match(line)
        number = fm.body_line + offset
        address = _ADDRESS.match(line)
        if address:
            url = address.group("url").rstrip("：:")
            report.error(path, number, f"照片“{url}”是网上的地址，相册只发布相册文件夹里的照片。请把照片下载下来放进这个文件夹，写成“- 文件名.jpg：说明”。")
        elif not match:
            report.warning(path, number, "这一行不是照片说明，不会发布。照片说明写成“- 文件名.jpg：说明”。")
        elif not (folder / match.group("file")).is_file():
            report.error(path, number, f"照片“{match.group('file')}”不在相册文件夹里。请检查文件名（包括大小写和扩展名）。")
        else:
            captions[match.group("file")] = (privacy.guard(match.group("caption"), path, settings, number), number)
    return captions


def read_album(folder: Path, settings, report) -> Album | None:
    album_file = next((folder / name for name in ALBUM_FILES if (folder / name).is_file()), None)
    photos = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SOURCES)
    for other in sorted(p for p in folder.iterdir() if p.is_file() and p not in photos and p.name not in ALBUM_FILES):
        if other.suffix.lower() == ".svg":
            report.error(str(other), None, f"相册里的“{other.name}”是 SVG 图片，相册不收（SVG 文件里可以藏脚本）。请用画图软件把它另存为 PNG 再放进相册。")
        elif not other.name.startswith("."):
            report.error(str(other), None, f"相册里的“{other.name}”不是支持的照片格式，不会发布。请用 JPG、PNG、WebP 或 HEIC，或把它移出相册文件夹。")
    if album_file is None:
        report.error(str(folder), None, "相册文件夹里缺少相册文件 album.md（写标题、日期、说明、封面和每张照片的说明）。")
        return None
    path = str(album_file)
    text = read_source(album_file, report)  # GBK/GB18030 is read with a warning, as posts are
    if text is None:
        return None
    fm = frontmatter.parse(text, keys.ALBUM)
    for level, line, message in fm.problems:
        report.add(level, path, line, message)
    # Album text is published like a post's, so it passes the same privacy guard.
    title = privacy.guard(str(fm.value("title", "")).strip(), path, settings, fm.line("title") or 1)
    if not title:
        report.error(path, 1, "相册缺少标题。请加一行“标题: 元宵花鼓戏”。")
    date = None
    try:
        date = dates.parse_date(str(fm.value("date", "")), settings.get("TIMEZONE", "Asia/Shanghai"))
    except dates.BadDate as exc:
        report.error(path, fm.line("date") or 1, str(exc) if "date" in fm.fields else "相册缺少日期。请加一行“日期: 2024-05-01”。")

    captions = _captions(fm, folder, path, settings, report)
    draft = frontmatter.is_draft(fm, lambda line, message: report.error(path, line, message))
    album = Album(
        title=title or folder.name,
        date=date or dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        description=privacy.guard(str(fm.value("description", "")).strip(), path, settings, fm.line("description") or 1),
        slug=str(fm.value("slug", "")).strip() or slugs.slugify(folder.name) or slugs.slugify(title) or "album",
        source_path=path,
    )
    if not photos:
        report.error(str(folder), None, "相册里没有照片。请把 JPG、PNG 或 HEIC 照片放进这个文件夹。")
    # The order of the captions in the album file is the order of the album; the rest follow by name.
    listed = list(captions)
    photos.sort(key=lambda p: (listed.index(p.name) if p.name in captions else len(listed), p.name))
    for number, photo in enumerate(photos, start=1):
        caption = captions.get(photo.name, ("", 0))[0]
        if not caption:
            report.warning(path, None, f"照片“{photo.name}”没有说明。请在相册文件里加一行“- {photo.name}：说明”，方便看不见的人和以后查找。")
        album.photos.append(AlbumPhoto(photo.name, str(photo), caption, number, f"{album.url}{number}/"))
    cover_name = str(fm.value("cover", "")).strip()
    if cover_name and not (folder / cover_name).is_file():
        report.error(path, fm.line("cover"), f"封面“{cover_name}”不在相册文件夹里。请写相册里一张照片的文件名。")
    album.cover = next((p for p in album.photos if p.file == cover_name), album.photos[0] if album.photos else None)
    return None if draft else album  # a draft is checked like any album, but never published


class AlbumGenerator(Generator):
    """Reads the albums, runs their photos through the pipeline and writes their pages."""

    def generate_context(self):
        report = report_of(self.settings)
        root = Path(self.path) / ALBUMS_DIR
        albums = []
        if root.is_dir():
            for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
                unused.claim(self.context, *(p for p in folder.iterdir() if p.is_file()))  # read_album reports every file
                album = read_album(folder, self.settings, report)
                if album is not None:
                    albums.append(album)
        paths = [photo.path for album in albums for photo in album.photos]
        results = process_photos(self.settings, paths)
        base = self.settings.get("SITEURL", "")
        for album in albums:
            for photo in album.photos:
                photo.result = results.get(photo.path)
                if photo.result is None:
                    continue
                attrs = {"alt": photo.caption or f"{album.title}（第 {photo.number} 张）"}
                photo.thumbnail = Markup(picture_html(photo.result, attrs, base, GRID_SIZES))
                photo.large = Markup(picture_html(photo.result, attrs, base, CONTENT_SIZES, "eager"))
                photo.full_url = photo_url(base, photo.result, photo.result.full)
        seen: dict[str, str] = {}
        for album in albums:
            if album.slug in seen:
                report.error(album.source_path, None, f"相册网址 /{album.url} 和 {report.relative(seen[album.slug])} 重复了。请加一行“网址: 另一个英文网址”。")
            seen.setdefault(album.slug, album.source_path)
        albums.sort(key=lambda a: a.date, reverse=True)
        self.albums = albums
        self.context["albums"] = albums

    def generate_output(self, writer):
        writer.write_file(f"{ALBUMS_DIR}/index.html", self.get_template("albums"), self.context, albums=self.albums, page_name="albums")
        for album in self.albums:
            writer.write_file(album.url + "index.html", self.get_template(album.template), self.context, album=album, page_name="albums")
            for index, photo in enumerate(album.photos):
                writer.write_file(
                    photo.url + "index.html", self.get_template("album_photo"), self.context,
                    album=album, photo=photo, page_name="albums",
                    previous_photo=album.photos[index - 1] if index else None,
                    next_photo=album.photos[index + 1] if index + 1 < len(album.photos) else None,
                )


def get_generators(pelican_object):
    return AlbumGenerator
