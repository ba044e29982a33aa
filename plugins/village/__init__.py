"""Pelican plugins for a village's public website (村务网站).

Each module owns one concern; this file only wires them to Pelican's signals.
"""

from pelican import signals

from . import (
    albums, decisions, disclosure, feeds, page_meta, photo_privacy, photos, precompress, render_cache, search, sitemap, taxonomy,
    traditional, unused, validation,
)
from .config import TRADITIONAL_LANGS
from . import cards  # noqa: I001 - the 三卡 (便民联系卡, 村情明白卡, 质询回音卡)
from .diagnostics import report_of
from .reader import VillageMarkdownReader


def _add_readers(readers):
    # Pelican matches extensions case-sensitively; Windows editors save 通知.MD or 通知.Markdown.
    for extension in VillageMarkdownReader.file_extensions:
        for spelling in {extension, extension.upper(), extension.capitalize()}:
            readers.reader_classes[spelling] = VillageMarkdownReader


def _prepare(pelican):
    report_of(pelican.settings)
    settings = pelican.settings
    settings["VILLAGE_FEEDS"] = feeds.feed_list(settings)
    variant = settings["VILLAGE"]["traditional"]
    settings["VILLAGE_MIRROR"] = (
        {"prefix": traditional.PREFIX, "lang": TRADITIONAL_LANGS[variant]} if traditional.enabled(settings) else None
    )
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}), **page_meta.jinja_filters(), "amount": disclosure.format_amount,
    }
    for category in settings["VILLAGE_CATEGORIES"]:
        category["url"] = settings["CATEGORY_URL"].format(slug=category["slug"])
        category["feed"] = next(f for f in settings["VILLAGE_FEEDS"] if f["key"] == category["slug"])


def _all_content_known(generators):
    validation.check_unique_urls(generators)
    render_cache.freeze_urls(generators)
    photos.on_all_content_known(generators)
    page_meta.on_all_content_known(generators)


def register():
    signals.initialized.connect(_prepare)
    signals.readers_init.connect(_add_readers)
    signals.content_object_init.connect(validation.on_content_object_init)
    signals.article_generator_pretaxonomy.connect(taxonomy.on_pretaxonomy)
    signals.page_generator_finalized.connect(taxonomy.on_pages_read)
    signals.all_generators_finalized.connect(_all_content_known)
    signals.all_generators_finalized.connect(unused.on_all_generators_finalized)  # after every generator read its files
    signals.static_generator_finalized.connect(photos.on_static_files_known)
    signals.finalized.connect(photos.on_finalized)
    signals.finalized.connect(photo_privacy.on_finalized)
    signals.finalized.connect(traditional.on_finalized)  # needs every simplified page written
    signals.finalized.connect(search.on_finalized)  # indexes both scripts
    signals.finalized.connect(precompress.on_finalized)  # last: it compresses the final files
    signals.get_writer.connect(render_cache.get_writer)
    signals.get_generators.connect(albums.get_generators)
    signals.get_generators.connect(disclosure.get_generators)
    signals.get_generators.connect(decisions.get_generators)  # after disclosure: it links to its items
    feeds.register()
    sitemap.register()
    cards.register()
