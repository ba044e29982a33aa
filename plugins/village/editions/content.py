"""Posts and pages in the Chinese build and in an edition's build.

The Chinese build keeps translations out of its listings (they are paired and planned instead);
an edition's build keeps only its own translations, each at its original's address.
"""

from __future__ import annotations

import dataclasses
import functools
import os

from village.editions.translations import PAGE, POST, TRANSLATION_KEY, plan_of
from village.state import state_of


def on_articles_read(generator) -> None:
    """article_generator_pretaxonomy, before taxonomy: listings are built from what is left."""
    _split(generator, ("articles",), POST)


def on_pages_read(generator) -> None:
    """page_generator_finalized, before the pages are written and listed in footers."""
    _split(generator, ("pages", "hidden_pages"), PAGE)


def _split(generator, attrs, kind) -> None:
    settings = generator.settings
    state = state_of(settings)
    plan = plan_of(settings)
    for attr in attrs:
        items = getattr(generator, attr)
        kept = []
        for item in items:
            marking = item.metadata.get(TRANSLATION_KEY)
            if plan is None:
                if marking:
                    state.translations.add_translation(kind, item.source_path, marking, item.title)
                else:
                    state.translations.add_original(kind, item)
                    kept.append(item)
                continue
            entry = plan["sources"].get(os.path.abspath(item.source_path))
            if marking and entry and entry["kind"] == kind:
                item.override_url, item.override_save_as = entry["url"], entry["save_as"]
                item.sample_translation = entry["sample"]
                kept.append(item)
        items[:] = kept


def skip_in_edition(settings, source_path: str) -> bool:
    """In an edition's build, the reader skips every file that edition does not publish."""
    plan = plan_of(settings)
    return plan is not None and os.path.abspath(source_path) not in plan["sources"]


def chinese_only(get_generators):
    """A get_generators handler that adds nothing in an edition's build."""

    @functools.wraps(get_generators)
    def chinese_build_only(pelican):
        return None if plan_of(pelican.settings) is not None else get_generators(pelican)

    return chinese_build_only


def edition_items(settings, items: list, translations: list[dict]) -> list:
    """公开 items: in the Chinese build the originals (translations registered for pairing); in an
    edition, each of its translations as its original with the translated title and body."""
    from village.editions.translations import DISCLOSURE

    state = state_of(settings)
    plan = plan_of(settings)
    if plan is None:
        for t in translations:
            state.translations.add_translation(DISCLOSURE, t["path"], t["marking"], t["title"])
        for item in items:
            state.translations.add_original(DISCLOSURE, item)
        return items
    by_source = {os.path.abspath(item.source_path): item for item in items}
    translated = []
    for t in translations:
        entry = plan["sources"].get(os.path.abspath(t["path"]))
        original = by_source.get(entry["original"]) if entry else None
        if original is not None:
            item = dataclasses.replace(original, title=t["title"], content=t["content"], summary=t["summary"], source_path=t["path"])
            item.sample_translation = entry["sample"]
            translated.append(item)
    return translated
