"""Build-wide checks: problems recorded by the reader, missing files, duplicate URLs, future posts."""

from __future__ import annotations

import datetime as dt
import os

from village.posts.reader import PROBLEMS_KEY, REFS_KEY, SLUG_LINE_KEY
from village.source import assets
from village.state import report_of, state_of


def on_content_object_init(content) -> None:
    """Re-emit the reader's problems (they survive the reader cache) and check linked files now."""
    metadata = getattr(content, "metadata", {})
    if PROBLEMS_KEY not in metadata:
        return
    report = report_of(content.settings)
    path = content.source_path
    for level, line, message in metadata[PROBLEMS_KEY]:
        report.add(level, path, line, message)
    content_root = os.path.abspath(content.settings["PATH"])
    for written, target, line, is_image in metadata.get(REFS_KEY, []):
        if not os.path.isfile(target):
            ref = assets.LocalRef(written, target, line, is_image)
            report.error(path, line, assets.missing_message(ref, path, content_root))
    date = getattr(content, "date", None)
    if (
        date is not None
        and not content.settings.get("WITH_FUTURE_DATES", True)
        and metadata.get("status") != "draft"
        and date > dt.datetime.now(dt.UTC)
    ):
        report.warning(
            path,
            None,
            f"日期是 {date:%Y-%m-%d %H:%M}，还没到。到那天以后再生成网站时才会发布（网站每天自动生成一次）。",
        )


def check_unique_urls(generators) -> None:
    """Every post and page claims its file; two claims on one file are named with their files."""
    if not generators:
        return
    state = state_of(generators[0].settings)
    for generator in generators:
        for attr in ("articles", "translations", "hidden_articles", "pages", "hidden_pages"):
            for item in getattr(generator, attr, []):
                line, written = item.metadata.get(SLUG_LINE_KEY, (None, True))
                state.outputs.claim(item.save_as, "", item.source_path, line, written)
    state.report.counts["articles"] = sum(len(getattr(g, "articles", [])) for g in generators)
    state.report.counts["pages"] = sum(len(getattr(g, "pages", [])) for g in generators)
    state.outputs.check(state.report)


def reserved_outputs(settings) -> dict[str, str]:
    """Files the site writes itself, which no article or page may take."""
    outputs = {
        settings.get(key): label
        for key, label in (
            ("INDEX_SAVE_AS", "首页"),
            ("ARCHIVES_SAVE_AS", "归档"),
            ("CATEGORIES_SAVE_AS", "分类列表"),
            ("TAGS_SAVE_AS", "标签列表"),
            ("AUTHORS_SAVE_AS", "作者列表"),
        )
        if settings.get(key)
    }
    for save_as in settings.get("TEMPLATE_PAGES", {}).values():
        outputs[save_as] = "网站页面"
    return outputs
