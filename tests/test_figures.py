"""A photo on a line of its own shows its 说明 under it, as a figure, on the article page."""

from __future__ import annotations

from PIL import Image


def _photo(site, name: str) -> None:
    target = site.content / "posts" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 200), (90, 140, 60)).save(target)


def test_photo_alone_in_its_paragraph_becomes_a_figure_with_its_caption(site):
    _photo(site, "tian.jpg")
    site.write("posts/a.md", "标题: 稻田\n日期: 2026-04-01\n分类: 村务\n\n开春以后，稻田放满了水。\n\n![放满水的稻田，远处是青禾山](tian.jpg)\n\n行内的图 ![小图](tian.jpg) 不变。\n")
    result = site.build()
    assert result.ok, result.summary()
    page = site.page("2026/04/dao-tian/index.html")
    assert '<figure class="photo"><picture>' in page
    assert "</picture><figcaption>放满水的稻田，远处是青禾山</figcaption></figure>" in page
    # a photo inside a sentence is not a figure: its sentence is its context
    assert page.count("<figure") == 1 and 'alt="小图"' in page
