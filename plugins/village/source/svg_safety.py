"""SVG files from content/ are published only after svg-hush has cleaned them.

An SVG is a document, not just a picture: opened at its own address it runs its scripts. Pelican
copies static files as they are, so every SVG that reaches the output from content/ is rewritten
here by py-svg-hush (Cloudflare's svg-hush): no scripts, event handlers or <foreignObject>, no
links, references to other hosts made same-site, data: URLs kept only for raster images. An SVG
it cannot read is refused (an error, and the file is not published), and so is one whose CSS
still reaches out after cleaning: svg-hush leaves @import remnants and image-set("…") strings.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.etree import ElementTree

import tinycss2
from py_svg_hush import filter_svg

from village.output.files import files_under
from village.source.sanitize import scheme_and_host
from village.state import report_of, state_of

THEME_DIR = "theme"  # the theme's own SVGs are ours, not content
DATA_IMAGES = {"image": ["png", "jpeg", "gif", "webp"]}  # no data:image/svg+xml inside an SVG


class UnsafeSvg(ValueError):
    pass


_SVG_NS = "{http://www.w3.org/2000/svg}"


def _reaches_out(tokens) -> bool:
    """Whether CSS loads anything but the SVG's own parts (#id) or same-site files."""
    for token in tokens:
        if token.type == "at-rule" and token.lower_at_keyword in ("import", "font-face"):
            return True
        if token.type == "url" and _foreign(token.value):
            return True
        # url("…"), image-set("…" 1x), src("…"): a string argument of a function is a URL there.
        if token.type == "function" and any(a.type == "string" and _foreign(a.value) for a in token.arguments):
            return True
        children = [getattr(token, name, None) for name in ("prelude", "content", "value", "arguments")]
        if any(isinstance(c, list) and _reaches_out(c) for c in children):
            return True
    return False


def _foreign(url: str) -> bool:
    scheme, host = scheme_and_host(url)
    return bool(host) or (bool(scheme) and not url.strip().lower().startswith("data:image/"))


def _css_reaches_out(svg: bytes) -> bool:
    root = ElementTree.fromstring(svg)  # svg-hush's output: well-formed, no DTD
    for element in root.iter():
        if element.tag == f"{_SVG_NS}style" and _reaches_out(tinycss2.parse_stylesheet(element.text or "")):
            return True
        if "style" in element.attrib and _reaches_out(tinycss2.parse_blocks_contents(element.attrib["style"])):
            return True
    return False


def clean_svg(data: bytes) -> bytes:
    """The SVG without what could run or call another host; UnsafeSvg if it cannot be made so."""
    try:
        cleaned = filter_svg(data, keep_data_url_mime_types=DATA_IMAGES)
    except ValueError as exc:
        raise UnsafeSvg("SVG 图片读不出来（不是完整、正确的 SVG 文件）") from exc
    if _css_reaches_out(cleaned):
        raise UnsafeSvg("SVG 图片的样式（CSS）要从别的网站或文件加载东西")
    return cleaned


def refusal(name: str, why: str) -> str:
    return (
        f"{why}，为了安全，“{name}”不会发布（SVG 文件里可以藏脚本和外部链接）。"
        "请用画图软件把它另存为 PNG 图片，再用 PNG 文件。"
    )


def on_static_files_known(generator) -> None:
    """Remember where each static SVG came from, to name the official's file in an error."""
    sources = state_of(generator.settings).static_svg_sources
    for static in generator.staticfiles:
        if static.source_path.lower().endswith(".svg"):
            sources[static.save_as.replace(os.sep, "/")] = static.source_path


def on_finalized(pelican) -> None:
    """Clean every SVG in the output that did not come from the theme (before precompressing)."""
    settings = pelican.settings
    report = report_of(settings)
    output = Path(pelican.output_path)
    sources = state_of(settings).static_svg_sources
    for path in files_under(output, (".svg",), skipped_top=(THEME_DIR,)):
        relative = path.relative_to(output).as_posix()
        source = sources.get(relative) or str(Path(settings["PATH"]) / relative)
        data = path.read_bytes()
        path.unlink()  # never write through a link into content/
        try:
            path.write_bytes(clean_svg(data))
        except UnsafeSvg as exc:
            report.error(source, None, refusal(Path(source).name, str(exc)))
