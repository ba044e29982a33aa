"""Skips re-rendering pages whose inputs did not change since the last good build.

The safe build writes every page into a fresh folder, so without this a one-word fix re-renders
thousands of pages. Each page gets a fingerprint of everything it is made from:

- the site signature: theme, plugin code, settings files, Pelican and Python versions;
- the site index: URL, title, date, category, tags, authors and status of every published post
  and page (anything a listing, navigation or "related posts" block can show);
- the objects handed to that page's template (the article, the tag and its posts on this page…),
  a post counting by the bytes of its source file.

When the fingerprint matches the last good build's, the page is copied from the last good
output instead of rendered. A template that shows other posts' *body text* or summaries from the
global context (rather than from its own arguments) would defeat this; ours do not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pelican
from pelican.contents import Content
from pelican.paginator import Page as PaginatedPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from village.state import state_of

STATE_FILE = "render-fingerprints.json"


PLUGIN_PACKAGE = Path(__file__).resolve().parent.parent  # the whole village package, not just output/


class _Unknown(Exception):
    """A template argument we cannot fingerprint: the page is always rendered."""


class RenderCache:
    def __init__(self, settings):
        self.settings = settings
        self.previous_output = state_of(settings).previous_output
        self.state_path = Path(settings["CACHE_PATH"]) / STATE_FILE
        self.previous = self._load() if self.previous_output else {}
        self.current: dict[str, str] = {}
        self.hits = 0
        self._source_hashes: dict[str, str] = {}
        self._site_key: str | None = None
        self._lists: dict[int, tuple] = {}

    def _load(self) -> dict:
        try:
            return json.loads(self.state_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def forget(self) -> None:
        self.state_path.unlink(missing_ok=True)

    def save(self) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.current, ensure_ascii=False, sort_keys=True), "utf-8")
        os.replace(temporary, self.state_path)

    # -- fingerprints --------------------------------------------------------------------------

    def _signature(self) -> list:
        root = Path(self.settings["PATH"]).resolve().parent
        files = [root / "village.yml", *sorted(root.glob("*conf.py"))]
        for folder, pattern in ((Path(self.settings["THEME"]), "**/*"), (PLUGIN_PACKAGE, "**/*.py")):
            files += sorted(p for p in folder.glob(pattern) if p.is_file())
        digest = hashlib.sha1()
        for path in files:
            if path.is_file():
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
        # The feed list grows when a village writes its first disclosure or inquiry (the feeds
        # page and every page's feed links show it).
        feeds = json.dumps(state_of(self.settings).feeds, ensure_ascii=False, sort_keys=True, default=str)
        return [digest.hexdigest(), pelican.__version__, sys.version, self.settings.get("SITEURL", ""), feeds]

    def _site_index(self, context) -> list:
        items = list(context.get("articles", [])) + list(context.get("pages", []))
        return sorted(
            (
                item.source_path, item.url, item.title, str(getattr(item, "date", "")),
                str(getattr(item, "modified", "")), item.status,
                str(getattr(item, "category", "")), [t.name for t in getattr(item, "tags", [])],
                [a.name for a in getattr(item, "authors", [])],
            )
            for item in items
        )

    def site_key(self, context) -> str:
        if self._site_key is None:
            payload = json.dumps([self._signature(), self._site_index(context)], ensure_ascii=False)
            self._site_key = hashlib.sha1(payload.encode()).hexdigest()
        return self._site_key

    def _source_hash(self, content: Content) -> str:
        path = content.source_path
        if path not in self._source_hashes:
            with open(path, "rb") as handle:
                self._source_hashes[path] = hashlib.sha1(handle.read()).hexdigest()
        return self._source_hashes[path]

    def fingerprint(self, value) -> str:
        """A short string that changes whenever what a template can show of `value` changes."""
        if value is None or isinstance(value, (str, int, float, bool)):
            return repr(value)
        if isinstance(value, Content):
            photos = ",".join(getattr(value, "village_photo_keys", []))
            return f"c:{self._source_hash(value)}:{value.status}:{photos}"
        if isinstance(value, URLWrapper):
            return f"w:{type(value).__name__}:{value.name}:{value.slug}"
        if isinstance(value, PaginatedPage):
            return f"p:{value.number}/{value.paginator.num_pages}:{self.fingerprint(value.object_list)}"
        if isinstance(value, Paginator):
            return f"n:{value.num_pages}:{value.count}"
        if isinstance(value, (list, tuple)):
            # One list (a tag's posts) is handed to each of its pages: fingerprint it once.
            memo = self._lists.get(id(value))
            if memo is None or memo[0] is not value:
                joined = "|".join(self.fingerprint(v) for v in value)
                memo = self._lists[id(value)] = (value, "l:" + hashlib.sha1(joined.encode()).hexdigest())
            return memo[1]
        if isinstance(value, dict):
            return "d:" + "|".join(f"{k}={self.fingerprint(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        raise _Unknown(type(value).__name__)

    def key(self, template_name: str, localcontext: dict, variable_keys) -> str | None:
        try:
            variables = [f"{k}={self.fingerprint(localcontext.get(k))}" for k in sorted(variable_keys)]
        except _Unknown:
            return None
        parts = [self.site_key(localcontext), template_name, str(localcontext.get("output_file")), str(localcontext.get("SITEURL")), *variables]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()

    # -- use -----------------------------------------------------------------------------------

    def reuse(self, name: str, key: str, output_path: str) -> bool:
        """Copy `name` from the last good output if it was made from the same inputs."""
        self.current[name] = key
        if self.previous.get(name) != key:
            return False
        try:
            shutil.copyfile(Path(self.previous_output, name), Path(output_path, name))
        except OSError:
            return False
        self.hits += 1
        return True

    def render(self, template, localcontext: dict, variable_keys) -> str:
        name = localcontext.get("output_file", "")
        if "articles_page" in localcontext:
            # A paginated page shows its own slice; the full lists would tie every page of a
            # tag to every post of it. The slice and the paginator's counts are fingerprinted.
            variable_keys = variable_keys - {"articles", "dates"}
        key = self.key(template.name, localcontext, variable_keys)
        if key is not None:
            self.current[name] = key
            if self.previous.get(name) == key:
                try:
                    text = Path(self.previous_output, name).read_text("utf-8")
                    self.hits += 1
                    return text
                except OSError:
                    pass
        return template.render(localcontext)


class _CachedTemplate:
    def __init__(self, template, cache: RenderCache, variable_keys):
        self.template = template
        self.cache = cache
        self.variable_keys = variable_keys
        self.name = template.name

    def render(self, localcontext):
        return self.cache.render(self.template, localcontext, self.variable_keys)


class CachingWriter(Writer):
    def write_file(self, name, template, context, *args, **kwargs):
        cache = cache_of(self.settings)
        # Whatever write_file adds to the global context (the page's own objects, pagination,
        # SITEURL for relative URLs) is what distinguishes one page from another.
        pagination = {f"{k}_{suffix}" for k in ("articles", "dates") for suffix in ("page", "paginator", "previous_page", "next_page")}
        # all_articles is the whole site, already summed up in the site index.
        not_variables = {"paginated", "template_name", "override_output", "url", "relative_urls", "all_articles"}
        variable_keys = (set(kwargs) | pagination | {"SITEURL"}) - not_variables
        return super().write_file(name, _CachedTemplate(template, cache, variable_keys), context, *args, **kwargs)


def cache_of(settings) -> RenderCache:
    state = state_of(settings)
    if state.render_cache is None:
        state.render_cache = RenderCache(settings)
    return state.render_cache


def get_writer(pelican_object):
    return CachingWriter


def freeze_urls(generators) -> None:
    """Pelican recomputes a post's URL from its settings on every template access (tens of
    thousands of times a build); once all content is known it cannot change, so pin it with
    Pelican's own override_url attribute."""
    for generator in generators:
        for attr in ("articles", "translations", "hidden_articles", "pages", "hidden_pages", "hidden_translations"):
            for item in getattr(generator, attr, []):
                if not hasattr(item, "override_url"):
                    item.override_url = item.url
