"""After every file is read: the Chinese build pairs each translation with its original, tells
each page which editions have it, and leaves tools/build.py a plan per edition."""

from __future__ import annotations

from village.editions.translations import in_edition
from village.state import state_of


def on_all_generators_finalized(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    if in_edition(settings):
        return  # the Chinese build checked and planned it
    state = state_of(settings)
    state.translations.pair(state.report, settings)
    enabled = [lang.code for lang in state.editions.enabled]
    state.editions.alternates = state.translations.alternates(enabled)
    state.edition_plans = state.translations.plans(settings)
