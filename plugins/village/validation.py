"""Build-wide checks: problems recorded by the reader, missing files, duplicate URLs, future posts."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict

from . import assets
from .diagnostics import report_of
from .reader import PROBLEMS_KEY, REFS_KEY


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
    """Two published things that would be written to one file: name both files."""
    written = defaultdict(list)
    report = None
    for generator in generators:
        report = report or report_of(generator.settings)
        for attr in ("articles", "translations", "hidden_articles", "pages", "hidden_pages"):
            for item in getattr(generator, attr, []):
                if item.save_as:
                    written[item.save_as].append(item)
    report.counts["articles"] = sum(len(getattr(g, "articles", [])) for g in generators)
    report.counts["pages"] = sum(len(getattr(g, "pages", [])) for g in generators)
    reserved = reserved_outputs(generators[0].settings) if generators else {}
    for save_as, items in written.items():
        for item in items if save_as in reserved else []:
            report.error(
                item.source_path,
                None,
                f"网址 /{save_as.removesuffix('index.html')} 是网站自己要用的（{reserved[save_as]}）。"
                "请加一行“网址: 另一个英文网址”。",
            )
        if len(items) < 2:
            continue
        names = [report.relative(i.source_path) for i in items]
        for item in items:
            others = "、".join(n for n in names if n != report.relative(item.source_path))
            report.error(
                item.source_path,
                None,
                f"网址 /{save_as.removesuffix('index.html')} 和 {others} 重复了。"
                "两篇都写了这个“网址:”，请把其中一篇的“网址:”改成别的英文网址。",
            )


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
