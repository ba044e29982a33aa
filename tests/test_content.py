"""The content base every village type shares: mandatory properties, a template, one feed entry shape."""

from __future__ import annotations

import dataclasses

import pytest
from village.cards.inquiries import Inquiry
from village.cards.monthly import MonthlyCard
from village.content import VillageContent
from village.gongkai.decisions import Matter
from village.gongkai.items import Item
from village.photos.albums import Album


def test_a_type_without_its_template_or_a_mandatory_property_is_refused_when_defined():
    with pytest.raises(TypeError, match="must name its template"):
        type("NoTemplate", (VillageContent,), {"type_name": "x", "__annotations__": {"title": str}})
    with pytest.raises(TypeError, match="lacks url, date, source_path"):
        type("NoUrl", (VillageContent,), {"type_name": "x", "template": "x", "__annotations__": {"title": str}})


@pytest.mark.parametrize("kind", [Album, Item, Matter, Inquiry, MonthlyCard])
def test_every_village_type_is_content_with_its_own_template(kind):
    assert issubclass(kind, VillageContent) and dataclasses.is_dataclass(kind)
    assert kind.template and kind.type_name

