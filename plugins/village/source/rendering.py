"""Markdown to HTML with the site's own MARKDOWN settings, for every body an official writes (posts,
pages, 公开 items, cards, inspection notes), so all of them are rendered alike."""

from __future__ import annotations

import markdown

from village.source import privacy, sanitize
from village.source.memo import DiskMemo


def markdown_options(settings) -> dict:
    """Python-Markdown's options from the site's MARKDOWN setting. Meta is left out: the front
    matter has its own reader."""
    md_settings = dict(settings.get("MARKDOWN", {}))
    return {
        "extensions": [e for e in md_settings.get("extensions", []) if e != "markdown.extensions.meta"],
        "extension_configs": md_settings.get("extension_configs", {}),
        "output_format": md_settings.get("output_format", "html5"),
    }


class SiteMarkdown:
    """The site's Markdown. With `kept`, a text converted by an earlier build is taken from the cache
    (memo.py); posts and pages go without, as Pelican's reader cache already keeps them."""

    def __init__(self, settings, kept: bool = True):
        self._options = markdown_options(settings)
        # made on the first text not in the cache: building one with its extensions costs more
        # than converting a post
        self._markdown: markdown.Markdown | None = None
        self._memo = DiskMemo(settings, "markdown") if kept else None
        self._settings = settings

    def convert(self, text: str) -> str:
        if self._memo is None:
            return self._convert(text).decode("utf-8")
        return self._memo.result([markdown.__version__, self._options, text], lambda: self._convert(text)).decode("utf-8")

    def checked(self, source: str, first_line: int) -> tuple[str, list[tuple[str, int | None, str]]]:
        """Markdown `source` (from line `first_line` of its file) as sanitised HTML, and the
        (level, line, message) of what the sanitiser removes or refuses: every body is checked here."""
        rendered = self.convert(source) if source.strip() else ""
        return (sanitize.clean_html(rendered) if rendered else ""), sanitize.content_problems(rendered, source, first_line)

    def publishable(self, source: str, shown: str, first_line: int, report) -> str:
        """`checked`, with personal numbers masked and each problem reported under file `shown`.
        (The posts reader guards privacy over the whole file, header included, with its own list.)"""
        html, found = self.checked(source, first_line)
        for level, line, message in found:
            report.add(level, shown, line, message)
        return privacy.guard_html(
            source, html, self._settings,
            lambda line, message: report.error(shown, line, message), lambda line, message: report.warning(shown, line, message),
            first_line,
        )

    def _convert(self, text: str) -> bytes:
        if self._markdown is None:
            self._markdown = markdown.Markdown(**self._options)
        return self._markdown.reset().convert(text).encode("utf-8")
