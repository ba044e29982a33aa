"""The Markdown reader officials' files go through.

Replaces Pelican's MarkdownReader: front matter with Chinese keys or YAML, lenient Chinese date
forms, encodings from Chinese Windows editors, titles for title-less microblog posts, summaries
counted in characters, pinyin slugs, sanitised HTML and checked photo links. It never raises for a
content problem: it records the problem (file, line, Chinese message) in the metadata, where it
survives Pelican's reader cache, and returns a draft so the build can go on collecting problems.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import os
from zoneinfo import ZoneInfo

from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from village.channels.audio import REF_KEY as AUDIO_REF_KEY
from village.diagnostics import ERROR, WARNING
from village.editions.content import skip_in_edition
from village.editions.translations import TRANSLATION_KEY
from village.i18n import Message
from village.output import theme
from village.source import assets, dates, frontmatter, keys, privacy, sanitize, slugs, text, translation
from village.source.encoding import text_or_problem
from village.source.rendering import SiteMarkdown
from village.state import state_of

PROBLEMS_KEY = "village_problems"
REFS_KEY = "village_refs"
AUTO_SLUG_KEY = "village_auto_slug"  # the slug came from the title, so taxonomy.py may make it distinct
SLUG_LINE_KEY = "village_slug_line"  # (line, written): the 网址 line, or the 标题 the address came from

STATUS_WORDS = {
    "草稿": "draft", "draft": "draft",
    "发布": "published", "已发布": "published", "published": "published",
    "隐藏": "hidden", "hidden": "hidden",
}
HEADER_EXAMPLE = "标题: 村里召开党员大会\n日期: 2024-05-01\n分类: 党建"
GRID_TEMPLATE = "_photo_grid.html"
GRID_SHOWN = 9  # listings show nine photos; the ninth leads to the post, where all are shown


def photo_grid(names: list[str], title: str, post_file: str) -> dict:
    """What the 九宫格 template shows: each photo's address and alt text, the width the grid shows
    them at (site.css), so the browser fetches the right size, and on the ninth of more than nine
    photos the link to the post with how many more there are."""
    sizes = {1: "(min-width: 24rem) 24rem, 100vw", 2: "(min-width: 20rem) 10rem, 50vw", 4: "(min-width: 20rem) 10rem, 50vw"}.get(
        len(names), "(min-width: 30rem) 10rem, 33vw"
    )
    photos = []
    for index, name in enumerate(names, start=1):
        more = None
        if index == GRID_SHOWN and len(names) > GRID_SHOWN:
            more = {"href": post_file, "count": len(names) - GRID_SHOWN}
        photos.append({"url": name, "alt": Message("%(title)s（配图 %(number)s）", title=title, number=index), "more": more})
    return {"count": min(len(names), GRID_SHOWN), "sizes": sizes, "photos": photos}


class ContentProblems:
    def __init__(self):
        self.items: list[tuple[str, int | None, str]] = []

    def error(self, line, message):
        self.items.append((ERROR, line, message))

    def warning(self, line, message):
        self.items.append((WARNING, line, message))

    @property
    def has_errors(self) -> bool:
        return any(level == ERROR for level, _, _ in self.items)


class VillageMarkdownReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]
    prefetchable = True  # a function of the file and the settings alone (posts/prefetch.py)

    def __init__(self, settings):
        super().__init__(settings)
        self._markdown = SiteMarkdown(self.settings, kept=False)
        self._grid = None
        village = self.settings.get("VILLAGE", {})
        # by the name a file writes (an edition shows its translated name: editions/texts.py)
        self.categories = {c.get("written", c["name"]): c for c in self.settings.get("VILLAGE_CATEGORIES", [])}
        self.category_by_slug = {c["slug"]: c for c in self.categories.values()}
        self.timezone = self.settings.get("TIMEZONE", "Asia/Shanghai")
        self.summary_length = village.get("summary_length", 80)
        self.title_length = village.get("title_length", 20)
        self.default_author = village.get("default_author", "")
        self.content_root = os.path.abspath(self.settings.get("PATH", "content"))

    # -- helpers -------------------------------------------------------------------------------

    def _is_page(self, source_path: str) -> bool:
        relative = os.path.relpath(source_path, self.content_root).replace(os.sep, "/")
        return any(
            relative == p or relative.startswith(p.rstrip("/") + "/")
            for p in self.settings.get("PAGE_PATHS", ["pages"])
        )

    def _parse_date(self, fm, key, problems):
        if key not in fm.fields:
            return None
        try:
            return dates.parse_date(str(fm.value(key)), self.timezone)
        except dates.BadDate as exc:
            problems.error(fm.line(key), str(exc))
            return None

    def _category(self, fm, problems) -> Category | None:
        line = fm.line("category") or 1
        valid = "、".join(self.categories)
        written = str(fm.value("category", "")).strip()
        if not written:
            problems.error(line, f"缺少分类。请加一行“分类: 党建”，可以用的分类有：{valid}。")
            return None
        config = self.categories.get(written) or self.category_by_slug.get(written.lower())
        if config is None:
            guess = difflib.get_close_matches(written, list(self.categories), n=1, cutoff=0.4)
            hint = f"是不是“{guess[0]}”？" if guess else ""
            problems.error(line, f"分类“{written}”不在网站的分类里。{hint}可以用的分类有：{valid}（在 village.yml 里设置）。")
            return None
        category = Category(config["name"], self.settings)
        category.slug = config["slug"]
        return category

    def _slug(self, fm, title, source_path, problems) -> str:
        written = str(fm.value("slug", "")).strip()
        if written:
            if slugs.VALID_SLUG.match(written):
                return written
            suggestion = slugs.slugify(written) or slugs.slugify(title) or "tong-zhi"
            problems.error(
                fm.line("slug"),
                f"网址“{written}”只能用小写英文字母、数字和连字符（-），不能有空格或汉字。可以写成“{suggestion}”。",
            )
        return (
            slugs.slugify(title)
            or slugs.slugify(os.path.splitext(os.path.basename(source_path))[0])
            or "post"
        )

    def _photos_html(self, fm, title, source_path, source_lines, problems) -> tuple[str, list]:
        """The 九宫格 of a microblog post; photos/markup.py turns each <img> into a sized <picture>."""
        names = []
        for name in frontmatter.split_list(fm.value("photos", "")):
            # Only files beside the post: not another host's picture, not a javascript: link.
            found = sanitize.media_problem("img", "图片", name, fm.line("photos"))
            for _, line, message in found:
                problems.error(line, message)
            if not found:
                names.append(name)
        if not names:
            return "", []
        grid = self._grid_template().render(grid=photo_grid(names, title, os.path.basename(source_path)))
        grid, refs = assets.rewrite_local_links(grid, source_path, self.content_root, source_lines)
        line = fm.line("photos")
        return grid, [assets.LocalRef(r.written, r.path, line, r.is_image) for r in refs]

    def _grid_template(self):
        # One environment per reader: Pelican makes a reader per generator, not per post.
        if self._grid is None:
            self._grid = theme.environment(self.settings).get_template(GRID_TEMPLATE)
        return self._grid

    # -- the reader ----------------------------------------------------------------------------

    def read(self, source_path):
        if skip_in_edition(self.settings, source_path):
            return "", {"status": "skip"}  # an edition's build reads only its translations
        prefetched = state_of(self.settings).prefetched.pop(source_path, None)
        if prefetched is not None:
            return prefetched  # read on another core already (posts/prefetch.py)
        problems = ContentProblems()
        is_page = self._is_page(source_path)
        stem = os.path.splitext(os.path.basename(source_path))[0]
        metadata = {}
        content = ""
        refs: list[assets.LocalRef] = []
        try:
            with open(source_path, "rb") as handle:
                raw = handle.read()
            decoded = text_or_problem(raw, problems.error, problems.warning)
            if decoded is not None:
                content, metadata, refs = self._read_text(decoded, source_path, is_page, problems)
                content = self._guard_privacy(decoded, content, metadata, problems)
        finally:
            self._finish(metadata, stem, is_page, problems, refs)
        return content, metadata

    def _guard_privacy(self, decoded, content, metadata, problems) -> str:
        """Personal numbers are masked in the page and its metadata (title, summary…)."""
        content = privacy.guard_html(decoded, content, self.settings, problems.error, problems.warning)
        allowed = privacy.allowed_numbers(self.settings)
        for key, value in list(metadata.items()):
            if isinstance(value, str):
                metadata[key], _ = privacy.mask(value, allowed)  # already reported from the source
        return content

    def _read_text(self, decoded, source_path, is_page, problems):
        fm = self._header(decoded, problems)
        if fm is None:
            return "", {}, []
        source_lines = decoded.split("\n")
        body_html, refs = self._body(fm, source_path, source_lines, problems)
        body_text = text.plain_text(body_html)
        metadata = self._title(fm, body_text, is_page, problems)
        self._dates(fm, metadata, is_page, problems)
        if not is_page:
            self._category_and_tags(fm, metadata, problems)
        elif "category" in fm.fields:
            problems.warning(fm.line("category"), "页面不需要分类，这一行会被忽略。")
        self._authors(fm, metadata)
        for key in ("source", "editor", "backfill", "change_note"):  # 补录, 修改说明: see history/
            if str(fm.value(key, "")).strip():
                metadata[key] = str(fm.value(key)).strip()
        self._status(fm, metadata, problems)
        marking = translation.read_marking(fm, self.settings, problems.error)
        if marking is not None:  # a translation: read and checked like any post, paired in editions/
            metadata[TRANSLATION_KEY] = marking.as_dict()
        explicit_summary = str(fm.value("summary", "")).strip()
        metadata["summary"] = html.escape(explicit_summary or text.summarize(body_text, self.summary_length))
        photos_html, photo_refs = self._photos_html(fm, metadata["title"], source_path, source_lines, problems)
        if photos_html:
            metadata["photo_count"] = sum(1 for ref in photo_refs if ref.is_image)
        audio = str(fm.value("audio", "")).strip()
        if audio:  # checked each build (channels/generator.py): the recording may change on its own
            metadata[AUDIO_REF_KEY] = (audio, os.path.join(os.path.dirname(os.path.abspath(source_path)), audio), fm.line("audio"))
        metadata["slug"] = self._slug(fm, metadata["title"], source_path, problems)
        if metadata["slug"] != str(fm.value("slug", "")).strip():
            metadata[AUTO_SLUG_KEY] = True
        metadata[SLUG_LINE_KEY] = (fm.line("slug"), True) if fm.line("slug") else (fm.line("title"), False)
        return body_html + photos_html, metadata, refs + photo_refs

    def _header(self, decoded, problems):
        """The front matter, or None when the file cannot be read further (each problem reported)."""
        if not decoded.strip():
            problems.error(None, f"文件是空的。请写上文件头和正文，例如：\n{HEADER_EXAMPLE}\n\n正文……")
            return None
        fm = frontmatter.parse(decoded, keys.POST)
        for level, line, message in fm.problems:
            (problems.error if level == ERROR else problems.warning)(line, message)
        if fm.unreadable:
            return None  # its YAML error is reported; guessing at missing keys would only add noise
        if not fm.has_header:
            problems.error(
                1,
                f"文件开头没有文件头（日期、分类等）。请在文件最前面加上几行，例如：\n{HEADER_EXAMPLE}\n"
                "然后空一行再写正文。",
            )
            return None
        if not fm.body.strip():
            last_header_line = max((f.line for f in fm.fields.values()), default=1)
            problems.error(last_header_line, "只有文件头，没有正文。请在文件头下面空一行，然后写正文。")
        return fm

    def _body(self, fm, source_path, source_lines, problems):
        """The body's sanitised HTML with local files pointed at, and those files."""
        body_html, found = self._markdown.checked(fm.body, fm.body_line)
        for level, line, message in found:
            (problems.error if level == ERROR else problems.warning)(line, message)
        for line, src in assets.images_without_alt(body_html, source_lines):
            problems.warning(
                line,
                f"图片“{src}”没有说明文字，用读屏软件的盲人和老人不知道图上是什么。"
                f"请在方括号里写一句说明，例如：![村民在文化广场排练]({src})",
            )
        return assets.rewrite_local_links(body_html, source_path, self.content_root, source_lines)

    def _title(self, fm, body_text, is_page, problems) -> dict:
        metadata: dict = {}
        title = str(fm.value("title", "")).strip()
        if not title:
            if is_page:
                problems.error(1, "页面必须有标题。请加一行“标题: 村情简介”。")
            title = text.title_from_text(body_text, self.title_length) if body_text else ""
            metadata["microblog"] = True
        metadata["title"] = title or "无标题"
        return metadata

    def _dates(self, fm, metadata, is_page, problems) -> None:
        date = self._parse_date(fm, "date", problems)
        if date is None and not is_page and "date" not in fm.fields:
            problems.error(1, "缺少日期。请加一行“日期: 2024-05-01”（也可以写 2024年5月1日）。")
        if date is not None:
            metadata["date"] = date
        modified = self._parse_date(fm, "modified", problems)
        if modified is not None:
            metadata["modified"] = modified
        self._pinned(fm, metadata, date, is_page, problems)

    def _pinned(self, fm, metadata, date, is_page, problems) -> None:
        """置顶: 截止日期 — the post heads the home page through that day. Whether the day has
        passed is checked at build time (posts/home.py), not here: the reader's cache keeps this."""
        if "pinned" not in fm.fields:
            return
        line = fm.line("pinned")
        if is_page:
            problems.warning(line, "页面不能置顶，这一行会被忽略。要在首页置顶，请写在文章（content/posts/）里。")
            return
        if not str(fm.value("pinned", "")).strip():
            problems.error(line, "“置顶:”后面要写置顶到哪一天，例如“置顶: 2026-12-20”（到这一天结束后自动取消置顶）。")
            return
        try:
            until = dates.parse_date(str(fm.value("pinned")), self.timezone)
        except dates.BadDate as exc:
            problems.error(line, f"置顶截止日期写得不对：{exc}")
            return
        if date is not None and until.date() < date.date():
            problems.error(line, f"置顶截止日期 {until.date().isoformat()} 早于文章日期 {date.date().isoformat()}。请写文章发布以后的日期，例如“置顶: {(date.date() + dt.timedelta(days=7)).isoformat()}”。")
            return
        metadata["pinned_until"] = until.date()
        metadata["pinned_line"] = line

    def _category_and_tags(self, fm, metadata, problems) -> None:
        category = self._category(fm, problems)
        if category is not None:
            metadata["category"] = category
        tags = []
        for name in frontmatter.split_list(fm.value("tags", "")):
            tag = Tag(name, self.settings)
            tag.slug = slugs.slugify(name) or "tag"
            tags.append(tag)
        if tags:
            metadata["tags"] = tags

    def _authors(self, fm, metadata) -> None:
        names = frontmatter.split_list(fm.value("author", "")) or ([self.default_author] if self.default_author else [])
        authors = []
        for name in names:
            author = Author(name, self.settings)
            author.slug = slugs.slugify(name) or "author"
            authors.append(author)
        if authors:
            metadata["authors"] = authors
            metadata["author"] = authors[0]

    def _status(self, fm, metadata, problems) -> None:
        if "status" not in fm.fields:
            return
        word = str(fm.value("status")).strip()
        status = STATUS_WORDS.get(word.lower())
        if status is None:
            problems.error(fm.line("status"), f"状态“{word}”不认识。只能写“草稿”（不发布）或“发布”。")
        else:
            metadata["status"] = status

    def _finish(self, metadata, stem, is_page, problems, refs):
        """Fill what a broken file lacks so Pelican can go on; a file with errors is never published."""
        metadata.setdefault("title", stem)
        metadata.setdefault("slug", slugs.slugify(stem) or "post")
        if not is_page:
            metadata.setdefault("date", dt.datetime(1970, 1, 1, tzinfo=ZoneInfo(self.timezone)))
        if problems.has_errors:
            metadata["status"] = "draft"
        metadata[PROBLEMS_KEY] = list(problems.items)
        metadata[REFS_KEY] = [(r.written, r.path, r.line, r.is_image) for r in refs]
