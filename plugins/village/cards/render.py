"""Card text to HTML, with the same checks as posts, and inquirers' names kept out of it."""

from __future__ import annotations

from markupsafe import Markup

from village.source.rendering import SiteMarkdown
from village.state import report_of


class MarkdownRenderer:
    """Card text through the site's Markdown settings, the sanitiser and the privacy guard."""

    def __init__(self, settings):
        self._markdown = SiteMarkdown(settings)
        self.settings = settings
        self.report = report_of(settings)

    def render(self, source: str, path: str, first_line: int, names: dict[str, str] | None = None) -> Markup:
        """`names` maps full names that must not be published (inquirers) to their masked form."""
        body = self._markdown.publishable(source, path, first_line, self.report)
        return Markup(mask_names(body, names or {}, source, path, first_line, self.report))


def mask_names(value: str, names: dict[str, str], source: str, path: str, first_line: int, report) -> str:
    """Replace an inquirer's full name in published text, and say where it was written."""
    for full, masked in names.items():
        if full == masked or full not in value:
            continue
        line = next((first_line + i for i, t in enumerate(source.split("\n")) if full in t), first_line)
        report.warning(path, line, f"这里写了质询人的全名“{full}”，本人没有同意公开，发布时已改为“{masked}”。建议原文也改成“{masked}”。")
        value = value.replace(full, masked)
    return value
