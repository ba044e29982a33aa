"""Renders a theme template from Python, for markup made outside a page's own template (the
photo grid a post's reader writes into its body): the markup stays in theme/templates/ and the
Python side hands over only the values that go in it."""

from __future__ import annotations

import os

from jinja2 import Environment, FileSystemLoader

from village.i18n import jinja as i18n


def environment(settings) -> Environment:
    """A Jinja environment over the theme's templates, set up as Pelican sets up its own."""
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", []), os.path.join(settings["THEME"], "templates")]
    # Always escaped: the values are officials' text (titles, file names) going into HTML.
    options = {"trim_blocks": True, "lstrip_blocks": True, **settings.get("JINJA_ENVIRONMENT", {}), "autoescape": True}
    env = Environment(loader=FileSystemLoader(folders), **options)
    i18n.install(env, settings)  # the grid's labels in the build's language
    return env
