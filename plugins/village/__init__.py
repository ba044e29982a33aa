"""Pelican plugin for a village's public website (村务网站).

Each sub-package owns one concern; this file only wires them to Pelican's signals, all in one
place and in the order they must run (tests/test_wiring.py pins it).
"""

import functools

from pelican import signals

from village.cards import generator as cards
from village.channels import generator as channels
from village.config import TRADITIONAL_LANGS
from village.editions import content as edition_content
from village.editions import pairing
from village.editions.languages import language_of
from village.editions.translations import editions_of
from village.editor import generator as editor
from village.gongkai import decisions, generator, items, tables
from village.i18n import catalogs as i18n_catalogs
from village.i18n import jinja as i18n
from village.inspection import channels as asking
from village.inspection import freshness, history, links, meta, report
from village.output import feeds, fonts, precompress, render_cache, search, sitemap, summary, traditional
from village.photos import albums, markup, metadata
from village.posts import checks, home, page_meta, prefetch, taxonomy
from village.posts.reader import VillageMarkdownReader
from village.source import placeholders, svg_safety, unused
from village.state import state_of


def _add_readers(readers):
    # Pelican matches extensions case-sensitively; Windows editors save 通知.MD or 通知.Markdown.
    for extension in VillageMarkdownReader.file_extensions:
        for spelling in {extension, extension.upper(), extension.capitalize()}:
            readers.reader_classes[spelling] = VillageMarkdownReader


def _prepare(pelican):
    settings = pelican.settings
    state = state_of(settings)
    render_cache.check_settings(settings)
    state.feeds = feeds.feed_list(settings)
    state.language = language_of(settings)
    state.fonts = fonts.links(state.language)  # an edition's own font, linked from every page
    state.editions = editions_of(settings)  # which editions exist; each page's alternates once paired
    variant = settings["VILLAGE"]["traditional"]
    state.mirror = (
        {"prefix": traditional.PREFIX, "lang": TRADITIONAL_LANGS[variant]} if traditional.enabled(settings) else None
    )
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}), **page_meta.jinja_filters(state), "amount": tables.format_amount,
        **meta.jinja_filters(settings), **asking.jinja_filters(settings),  # page metadata; 我要反映, 纠错
        **i18n.jinja_filters(settings),  # dates and numbers in the build's language
    }
    _claim_site_outputs(settings, state)
    for category in settings["VILLAGE_CATEGORIES"]:
        category["url"] = settings["CATEGORY_URL"].format(slug=category["slug"])
        category["feed"] = next(f for f in state.feeds if f["key"] == category["slug"])


def _claim_site_outputs(settings, state) -> None:
    """What the site writes itself, so no post or page may take those addresses (网址: albums)."""
    for save_as, label in checks.reserved_outputs(settings).items():
        state.outputs.claim(save_as, label)
    folders = {
        albums.ALBUMS_DIR: "相册", items.URL: "公开栏", cards.URL: "三卡", feeds.FEEDS_DIR: "订阅",
        markup.OUTPUT_DIR: "照片", search.BUNDLE_DIR: "搜索索引", editor.ADMIN_DIR: "网页编辑器", asking.URL: "互动",
    }
    if state.mirror:
        folders[traditional.PREFIX] = "繁體版"
    if state.fonts:
        folders[fonts.FONTS_DIR] = "字体"
    for folder, label in folders.items():
        state.outputs.claim_folder(folder, label)


def _all_content_known(generators):
    stopwatch = state_of(generators[0].settings).stopwatch if generators else None
    if stopwatch:
        stopwatch.mark("read")
    checks.check_unique_urls(generators)
    render_cache.on_all_content_known(generators)
    markup.on_all_content_known(generators)
    page_meta.on_all_content_known(generators)
    channels.on_all_content_known(generators)  # after markup: a post's first photo is its share picture
    home.on_all_content_known(generators)  # after page_meta: it links the 联系我们 page
    if stopwatch:
        stopwatch.mark("checked")


def _timed(stage: str, handler):
    """The handler, with its seconds counted under `stage` for the benchmark's breakdown."""

    @functools.wraps(handler)
    def timed(pelican):
        stopwatch = state_of(pelican.settings).stopwatch
        stopwatch.mark("written")
        with stopwatch.stage(stage):
            handler(pelican)

    return timed


# Generators Pelican runs after its own, in this order; all read their content before any writes.
# chinese_only: not run in an edition's build (editions/), whose links lead to the Chinese pages.
_chinese = edition_content.chinese_only
GENERATORS = (
    _chinese(albums.get_generators),
    generator.get_generators,  # in an edition: only its translated 公开 items
    _chinese(decisions.get_generators),  # after disclosure: it links to its items
    cards.get_generators,  # in an edition: only its translated cards
    _chinese(asking.get_generators),  # the 互动 page
    _chinese(report.get_generators),  # the yearly 信息公开 report: writes after every generator's data is known
    feeds.get_generators,  # the output generators write what the content generators found
    _chinese(channels.get_generators),  # 广播稿, recordings, share pictures, the 村村响 podcast
    sitemap.get_generators,
    _chinese(summary.get_generators),  # the county portal's summary (VILLAGE_SUMMARY), from what the others found
    _chinese(editor.get_generators),  # /admin/: the web editor, its config from village.yml
)

# After the last page is written, in this order.
FINALIZERS = (
    render_cache.on_finalized,  # first: the pages Pelican's writer handed over, on every core
    _timed("qr", page_meta.on_finalized),  # the QR codes the pages showed, kept for the next build
    _timed("photos", markup.on_finalized),  # the photos of posts, albums and cards into the site
    _timed("photos", metadata.on_finalized),  # no image leaves with EXIF
    _timed("photos", svg_safety.on_finalized),  # no SVG from content leaves with script
    _timed("report", report.write_pdfs),  # the yearly report's PDF, from its written page
    _timed("mirror", traditional.on_finalized),  # needs every simplified page written
    _timed("fonts", fonts.on_finalized),  # reads the final pages' characters; before compression
    _timed("search", search.on_finalized),  # indexes both scripts
    _timed("compress", precompress.on_finalized),  # last: it compresses the final files
)


def register():
    signals.initialized.connect(_prepare)
    signals.initialized.connect(cards.on_initialized)  # before any post is read: the cadres' phones
    signals.initialized.connect(placeholders.on_initialized)  # text left over from `invoke new`
    signals.initialized.connect(i18n_catalogs.on_initialized)  # an edition's caches, by its language and catalog
    signals.generator_init.connect(i18n.on_generator_init)  # every generator's templates in the build's language
    signals.readers_init.connect(_add_readers)
    signals.article_generator_init.connect(prefetch.on_articles_init)  # a large site's posts, on every core
    signals.page_generator_init.connect(prefetch.on_pages_init)
    signals.content_object_init.connect(checks.on_content_object_init)
    signals.article_generator_pretaxonomy.connect(edition_content.on_articles_read)  # translations out of the listings
    signals.article_generator_pretaxonomy.connect(taxonomy.on_pretaxonomy)
    for get_generators in GENERATORS:
        signals.get_generators.connect(get_generators)
    signals.page_generator_finalized.connect(edition_content.on_pages_read)
    signals.page_generator_finalized.connect(taxonomy.on_pages_read)
    signals.all_generators_finalized.connect(_all_content_known)
    signals.all_generators_finalized.connect(pairing.on_all_generators_finalized)  # each translation with its original
    signals.all_generators_finalized.connect(history.on_all_generators_finalized)  # 补录, 修改记录 from git
    signals.all_generators_finalized.connect(links.on_all_generators_finalized)  # 政策解读 of 公开 items
    signals.all_generators_finalized.connect(freshness.on_all_generators_finalized)  # after history: its note
    signals.all_generators_finalized.connect(unused.on_all_generators_finalized)  # after every generator read its files
    signals.static_generator_finalized.connect(markup.on_static_files_known)
    signals.static_generator_finalized.connect(svg_safety.on_static_files_known)
    signals.static_generator_finalized.connect(channels.on_static_files_known)  # recordings leave without tags
    signals.get_writer.connect(render_cache.get_writer)
    for finalizer in FINALIZERS:
        signals.finalized.connect(finalizer)
