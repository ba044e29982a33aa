"""Pelican settings for building and previewing the site.

Officials change village.yml, not this file: it holds the technical settings that follow from it.
"""

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from village import config as _village_config
from village.source.slugs import heading_id

PROJECT = Path(__file__).resolve().parent


def _jinja_cache_dir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


VILLAGE_SETTINGS_FILE = PROJECT / "village.yml"
globals().update(_village_config.pelican_settings(_village_config.load(VILLAGE_SETTINGS_FILE)))

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["village"]

DEFAULT_LANG = "zh-CN"
SITEURL = ""  # local preview uses root-relative links; publishconf.py sets the public URL
RELATIVE_URLS = False

ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["posts", "pages", "images", "files", "extra"]
STATIC_EXCLUDES = []
IGNORE_FILES = [".*", "_*", "*~", "README*", "LICENSE*"]
EXTRA_PATH_METADATA = {"extra/PHOTO-CREDITS.txt": {"path": "PHOTO-CREDITS.txt"}}
USE_FOLDER_AS_CATEGORY = False
WITH_FUTURE_DATES = False  # a post dated tomorrow is published by tomorrow's build

# Readable directory URLs. Every listing is namespaced so no two can write the same file
# (see the pagination and author/category pitfalls in the domain notes).
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
CATEGORIES_SAVE_AS = "category/index.html"
TAGS_SAVE_AS = "tag/index.html"
AUTHORS_SAVE_AS = "author/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""  # drafts (and posts dated in the future) are never written
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives"]
TEMPLATE_PAGES = {
    "feeds.html": "feeds/index.html",
    "404.html": "404.html",
    "search.html": "search/index.html",
    "manifest.webmanifest": "manifest.webmanifest",
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds are written by the village plugin with feedgen; Pelican's own are off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

MARKDOWN = {
    "extensions": [
        "markdown.extensions.extra",
        "markdown.extensions.sane_lists",
        "markdown.extensions.nl2br",  # a line break typed in Chinese text stays a line break
        "markdown.extensions.toc",
    ],
    "extension_configs": {"markdown.extensions.toc": {"slugify": heading_id, "permalink": False}},
    "output_format": "html5",
}
DEFAULT_DATE_FORMAT = "%Y年%-m月%-d日"
# Each generator has its own Jinja environment and compiled every template again on every build
# (a second of a one-post rebuild): compiled templates are kept, keyed by their source.
JINJA_ENVIRONMENT = {
    "trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
    "bytecode_cache": FileSystemBytecodeCache(str(_jinja_cache_dir(PROJECT / ".cache" / "jinja"))),
}

# Reading Markdown is most of a build; the reader cache keeps it for unchanged files.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
# Pelican's reader cache only notices changed content files, not a changed reader: key the
# folder by the plugin code (and the photo grid's template, which the reader renders) so an
# updated project never serves HTML made by the old code.
_code = _village_config.code_digest(PROJECT / "plugins" / "village", PROJECT / "theme" / "templates" / "_photo_grid.html")
CACHE_PATH = str(PROJECT / ".cache" / f"pelican-{_code}")
# Processed photos are keyed by their own bytes and settings, so they survive code updates.
VILLAGE_IMAGE_CACHE = str(PROJECT / ".cache" / "images")
VILLAGE_FONT_CACHE = str(PROJECT / ".cache" / "fonts")  # editions' font subsets, by font and characters
CHECK_MODIFIED_METHOD = "md5"  # git checkouts reset file times
GZIP_CACHE = False  # a bigger cache file loads faster than a compressed one
DELETE_OUTPUT_DIRECTORY = False  # the build writes to a fresh folder and swaps it in
# An edition's DEFAULT_LANG (ug, kk, mn, bo) has no docutils translation; no post is reStructuredText.
LOG_FILTER = [(30, "Docutils has no localization for '%s'. Using 'en' instead.")]
