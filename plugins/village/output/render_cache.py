"""Skips re-rendering pages whose inputs did not change since the last good build.

The safe build writes every page into a fresh folder, so without this a one-word fix re-renders
thousands of pages. Each page gets a fingerprint of everything it is made from:

- the site signature: theme, plugin code, settings files, Pelican and Python versions, the
  build's language and its message catalog (i18n/);
- the site index: URL, title, date, category, tags, authors and status of every published post
  and page (anything a listing, navigation or "related posts" block can show);
- every variable the page's template (with the templates it extends, includes or imports) reads,
  whether handed to this page (the article, the tag and its posts on this page, an album…) or
  global (the site's update date, the 公开栏's list of decisions…); a variable the template never
  names cannot change the page and is left out. A post counts by the bytes of its source file;
  the site's own objects (albums, 公开 items, 四议两公开 matters, cards) field by field, as
  dataclasses, or through their `render_key()` (an object that is not plain data, such as a
  generator handed to its templates, says there what its templates can show of it). A dataclass
  field declared with `compare=False` is not part of its value and is left out. Anything that
  depends on "today" (公示中, days open, overdue months) is stored in such a field or passed to
  the template, so a new day changes exactly the pages that show it.

Files written outside Pelican's writer (feeds, sitemap.xml, robots.txt) use `key` and
`reuse_files` with the same fingerprints. `rendered` lists every file made afresh in this build.

Pelican's writer hands each page over and goes on; once it has handed over the last one, the
pages are fingerprinted and written, split over every core by forked copies of the build
(write_pending). When the fingerprint matches the last good build's, the page is linked from the
last good output instead of rendered. Only a filter or function that reads the context itself, or a
template named at run time, could hide a read: such a template is always rendered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import io
import json
import os
import shutil
import sys
from decimal import Decimal
from pathlib import PurePath, Path
from collections.abc import Callable
from types import SimpleNamespace

import jinja2
from jinja2 import meta

import pelican
from pelican.contents import Content
from pelican.paginator import Page as PaginatedPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.writers import FileOverwriteFailedError, Writer

from village.i18n.catalogs import catalog_key
from village.output.files import link_or_copy, read_json, write_json
from village.output.inputs import code_digest
from village.output.forked import fork_map
from village.state import state_of

STATE_FILE = "render-fingerprints.json"
PAGES_PER_PROCESS = 200  # below this a forked writer costs more than it saves
TEMPLATES_FILE = "template-reads.json"  # what each template file reads, by the hash of its source




# Variables whose posts a template only lists by URL, title, date, category, tags and authors,
# all in the site index: their body text or summary cannot change the page. (A template here
# that showed a summary would make a warm build differ from a cold one; tests compare them.)
LISTED_ONLY = {
    "archives.html": {"dates"}, "period_archives.html": {"dates"},
    "tags.html": {"tags"}, "categories.html": {"categories"}, "authors.html": {"authors"},
}


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
        self.rendered: list[str] = []  # files made afresh (not copied) in this build, in order
        self.pending: list[tuple] = []  # pages Pelican's writer handed over, written at the end
        self._source_hashes: dict[str, str] = {}
        self._site_key: str | None = None
        self._site_index: list = []
        # (id, listing?) -> (object, fingerprint) of lists, dataclasses and the like, so an object
        # shown on many pages (a 公开 item, a tag's posts) is fingerprinted once, not once a page
        self._memo: dict[tuple[int, bool], tuple] = {}
        self._memo_across_pages = False  # on in write_pending: by then no object changes any more
        self._back_references = 0  # cycle markers handed out so far (see fingerprint)
        self._settings: dict[str, tuple] = {}  # setting name -> (value, fingerprint)
        self._stack: list[int] = []  # ids of the objects being fingerprinted, against cycles
        self._listed = False  # fingerprinting a variable from LISTED_ONLY
        self._reads: dict[str, frozenset[str] | None] = {}
        # Parsing a template takes ~10 ms and every page template pulls in the same base ones,
        # so each file is analysed once per build, and not again while its source is unchanged.
        # An edition starts from the Chinese build's analyses; each entry names its source's hash.
        self.templates_path = Path(settings["CACHE_PATH"]) / TEMPLATES_FILE
        self._templates: dict[str, list] = {**state_of(settings).template_reads, **self._load(self.templates_path)}
        self._templates_changed = False

    def _load(self, path: Path | None = None) -> dict:
        return read_json(path or self.state_path)

    def template_reads(self) -> dict[str, list]:
        return dict(self._templates)

    def fingerprints(self) -> Fingerprints:
        """What this build learnt, to be saved once its site is in place (and small enough to
        come back from a forked edition build)."""
        return Fingerprints(self.state_path, self.current, self.templates_path, self._templates if self._templates_changed else None)

    # -- fingerprints --------------------------------------------------------------------------

    def _signature(self) -> list:
        # The feed list grows when a village writes its first disclosure or inquiry (the feeds
        # page and every page's feed links show it).
        feeds = json.dumps(state_of(self.settings).feeds, ensure_ascii=False, sort_keys=True, default=str)
        # The language and its catalog: the theme folder holds the .po, but an edition's build
        # differs from the Chinese one by DEFAULT_LANG alone.
        return [code_digest(self.settings), pelican.__version__, sys.version, self.settings.get("SITEURL", ""), feeds, catalog_key(self.settings)]

    def index_site(self, generators) -> None:
        """Fix the site index once all content is known (a feed's or a page's own "articles"
        must never stand in for the site's)."""
        items = [item for g in generators for attr in ("articles", "pages") for item in getattr(g, attr, [])]
        self._site_index = sorted(
            (
                item.source_path, item.url, item.title, str(getattr(item, "date", "")),
                str(getattr(item, "modified", "")), item.status,
                str(getattr(item, "category", "")), [t.name for t in getattr(item, "tags", [])],
                [a.name for a in getattr(item, "authors", [])],
            )
            for item in items
        )

    def site_key(self) -> str:
        if self._site_key is None:
            payload = json.dumps([self._signature(), self._site_index], ensure_ascii=False)
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
        if value is None or isinstance(value, (str, int, float, bool, bytes)):
            return repr(value)  # Markup too: its repr names the type
        if isinstance(value, Content):
            if self._listed:
                return f"c:{value.source_path}"  # the site index holds what a listing shows
            photos = ",".join(getattr(value, "village_photo_keys", []))
            channels = self.fingerprint(getattr(value, "channels", None))  # channels/: a recording's length
            # what git says of its date (补录于, 修改记录) can change while its file does not
            honesty = self.fingerprint(getattr(value, "honesty", None))
            return f"c:{self._source_hash(value)}:{value.status}:{photos}:{channels}:{honesty}"
        if isinstance(value, URLWrapper):
            return f"w:{type(value).__name__}:{value.name}:{value.slug}"
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            return value.isoformat()
        if isinstance(value, (Decimal, PurePath, dt.timedelta)):
            return f"{type(value).__name__}:{value}"
        if isinstance(value, enum.Enum):
            return f"e:{type(value).__name__}.{value.name}"
        if id(value) in self._stack:
            # A cycle (an item lists the decision that lists the item): the object is being
            # fingerprinted further up, so naming its place there is enough.
            self._back_references += 1
            return f"^{len(self._stack) - self._stack.index(id(value))}"
        memo_key = (id(value), self._listed)
        memo = self._memo.get(memo_key)
        if memo is not None and memo[0] is value:
            return memo[1]
        self._stack.append(id(value))
        before = self._back_references
        try:
            fingerprint = self._composite(value)
        finally:
            self._stack.pop()
        # One that points back at an object further up says where it was met, not what it is
        # wherever else it is shown: only one made without such a marker is remembered.
        if self._back_references == before:
            self._memo[memo_key] = (value, fingerprint)  # the object too: its id is not reused meanwhile
        return fingerprint

    def _composite(self, value) -> str:
        if isinstance(value, PaginatedPage):
            return f"p:{value.number}/{value.paginator.num_pages}:{self.fingerprint(value.object_list)}"
        if isinstance(value, Paginator):
            return f"n:{value.num_pages}:{value.count}"
        if isinstance(value, (list, tuple)):
            joined = "|".join(self.fingerprint(v) for v in value)
            return f"l:{type(value).__name__}:" + hashlib.sha1(joined.encode()).hexdigest()
        if isinstance(value, (set, frozenset)):
            return "s:" + "|".join(sorted(self.fingerprint(v) for v in value))
        if isinstance(value, dict):
            return "d:" + "|".join(f"{k}={self.fingerprint(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
        if isinstance(value, SimpleNamespace):
            return "ns:" + self._composite(vars(value))
        render_key = getattr(type(value), "render_key", None)
        if callable(render_key):
            return f"r:{type(value).__qualname__}:{self.fingerprint(render_key(value))}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = "|".join(
                f"{f.name}={self.fingerprint(getattr(value, f.name))}" for f in dataclasses.fields(value) if f.compare
            )
            return f"dc:{type(value).__qualname__}:{hashlib.sha1(fields.encode()).hexdigest()}"
        raise _Unknown(type(value).__name__)

    def reads(self, template) -> frozenset[str] | None:
        """Every name `template` and the templates it uses read; None when one is named at run time."""
        name = template.name
        if name not in self._reads:
            env = template.environment
            names: set[str] = set()
            todo, seen = [name], set()
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                undeclared, used = self._analyse(env, current)
                names.update(undeclared)
                if None in used:
                    self._reads[name] = None
                    return None
                todo += used
            self._reads[name] = frozenset(names)
        return self._reads[name]

    def _analyse(self, env, name: str) -> tuple[list[str], list[str | None]]:
        """The names one template file reads itself and the templates it names (None: at run time)."""
        source = env.loader.get_source(env, name)[0]
        # Extensions (and Jinja's version) can change how the same source parses.
        digest = hashlib.sha1(f"{jinja2.__version__}|{sorted(env.extensions)}|{source}".encode()).hexdigest()
        known = self._templates.get(name)
        if not (isinstance(known, list) and len(known) == 3 and known[0] == digest):
            ast = env.parse(source)
            known = self._templates[name] = [
                digest, sorted(meta.find_undeclared_variables(ast)), list(meta.find_referenced_templates(ast)),
            ]
            self._templates_changed = True
        return known[1], known[2]

    def key(self, template_name: str, localcontext: dict, variable_keys) -> str | None:
        if not self._memo_across_pages:
            # A feed's or the sitemap's key, made while generators still write: an object may yet
            # change (an attachment's published size is known once it is written).
            self._memo.clear()
        listed = LISTED_ONLY.get(template_name, set())
        variables = []
        try:
            for k in sorted(variable_keys):
                self._listed = k in listed
                variables.append(f"{k}={self._setting_fingerprint(k, localcontext) if k.isupper() else self.fingerprint(localcontext.get(k))}")
        except _Unknown:
            return None
        finally:
            self._listed = False
        parts = [self.site_key(), template_name, str(localcontext.get("output_file")), str(localcontext.get("SITEURL")), *variables]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()

    def _setting_fingerprint(self, name: str, localcontext: dict) -> str:
        """Settings (VILLAGE, VILLAGE_BUILD…) are the same objects on every page and do not change
        once pages are written: fingerprinted once a build, they were most of a warm build's keys."""
        value = localcontext.get(name)
        memo = self._settings.get(name)
        if memo is None or memo[0] is not value:
            memo = self._settings[name] = (value, self.fingerprint(value))
        return memo[1]

    # -- use -----------------------------------------------------------------------------------

    def reuse(self, name: str, key: str, output_path: str) -> bool:
        """Copy `name` from the last good output if it was made from the same inputs."""
        self.current[name] = key
        if self.previous.get(name) != key:
            return False
        try:
            link_or_copy(Path(self.previous_output, name), Path(output_path, name))
        except OSError:
            return False
        self.hits += 1
        return True

    def reuse_files(self, names, key: str | None, output_path: str) -> bool:
        """Copy files made together (a feed's Atom and RSS) if all were made from the same inputs;
        otherwise the caller writes them all, and they count as rendered."""
        names = list(names)
        # a list, not a generator: every file must be looked up and recorded, with no short cut
        if key is not None and all([self.reuse(name, key, output_path) for name in names]):
            return True
        self.rendered += names
        return False

    def render(self, template, localcontext: dict) -> str:
        """Pelican's writer asks for a page: it is put aside and written by write_pending()."""
        self.pending.append(_Job(localcontext.get("output_file", ""), functools.partial(self._page_key, template, localcontext),
                                 functools.partial(template.render, localcontext)))
        return ""  # nothing reaches the disk now (_open_w): write_pending() writes the page

    def defer(self, name: str, key: Callable[[], str | None], text: Callable[[], str]) -> None:
        """A file made outside Pelican's writer (a broadcast script…), written with the pages:
        `key` is its fingerprint as key() makes it, `text` its content when it must be made."""
        self.pending.append(_Job(name, key, text))

    def write_pending(self, output_path: str, workers: int) -> None:
        """Write every page put aside, split over `workers` processes when there are many.

        Fingerprinting and rendering are pure Python; forked copies of this process share the
        content and templates, and each writes its own pages. What rendering adds to the build
        (QR codes made on demand, problems reported from templates) comes back to this process.
        """
        jobs, self.pending = self.pending, []
        # Every generator has written what it writes: the objects pages show are final now.
        self._memo.clear()
        self._memo_across_pages = True
        count = max(1, min(workers, len(jobs) // PAGES_PER_PROCESS))
        parts = [range(start, len(jobs), count) for start in range(count)]
        state = state_of(self.settings)
        known_codes, known_problems = set(state.qr_codes), len(state.report.problems)

        def write(indexes: range) -> dict:
            outcome = {"keys": {}, "rendered": [], "hits": 0}
            for index in indexes:
                job = jobs[index]
                key, reused = self._write(job, Path(output_path, job.name))
                if key is not None:
                    outcome["keys"][job.name] = key
                if reused:
                    outcome["hits"] += 1
                else:
                    outcome["rendered"].append((index, job.name))
            outcome["qr_codes"] = {url: svg for url, svg in state.qr_codes.items() if url not in known_codes}
            outcome["problems"] = state.report.problems[known_problems:]
            return outcome

        rendered = []
        for outcome in fork_map(write, parts):
            self.current.update(outcome["keys"])
            self.hits += outcome["hits"]
            rendered += outcome["rendered"]
            state.qr_codes.update(outcome["qr_codes"])
            state.report.extend(outcome["problems"])
        self.rendered += [name for _, name in sorted(rendered)]
        self._memo.clear()
        self._memo_across_pages = False

    def _page_key(self, template, localcontext: dict) -> str | None:
        reads = self.reads(template)
        if reads is None:
            return None
        # Only what the template reads can change the page: a paginated tag page reads its
        # slice (articles_page), not every post of the tag; every page reads the site's update
        # date and the feed list from the global context.
        return self.key(template.name, localcontext, reads & localcontext.keys())

    def _write(self, job: _Job, target: Path) -> tuple[str | None, bool]:
        """Write one file to `target`: linked from the last good site when its fingerprint is
        unchanged, made afresh otherwise. Returns (fingerprint or None, whether it was reused)."""
        key = job.key()
        if key is not None and self.previous.get(job.name) == key:
            try:
                target.unlink(missing_ok=True)  # an address an override wrote first
                link_or_copy(Path(self.previous_output, job.name), target)
                return key, True
            except OSError:
                pass
        text = job.text()
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
        return key, False


@dataclasses.dataclass
class Fingerprints:
    """A render cache's fingerprints of the pages written, and what each template reads."""

    state_path: Path
    pages: dict[str, str]
    templates_path: Path
    templates: dict | None  # None: unchanged since they were last saved

    def forget(self) -> None:
        """Before the swap: a crash during it must not leave fingerprints of a site not in place."""
        self.state_path.unlink(missing_ok=True)

    def save(self) -> None:
        """Only once the site is in place does output/ match these fingerprints."""
        for path, data in ((self.state_path, self.pages), (self.templates_path, self.templates)):
            if data is not None:
                write_json(path, data)


@dataclasses.dataclass(frozen=True)
class _Job:
    """One file to write: its site path, its fingerprint and its text, each made when needed."""

    name: str
    key: Callable[[], str | None]
    text: Callable[[], str]


class _CachedTemplate:
    def __init__(self, template, cache: RenderCache):
        self.template = template
        self.cache = cache
        self.name = template.name

    def render(self, localcontext):
        return self.cache.render(self.template, localcontext)


def check_settings(settings) -> None:
    """Pages are rendered after Pelican's writer moved on, so a page's links must not depend on
    where it is written (Pelican's relative URLs do)."""
    if settings.get("RELATIVE_URLS"):
        state_of(settings).report.error(
            "pelicanconf.py", None,
            "RELATIVE_URLS = True 不能用：本站的页面在全部交给写入器之后才生成，相对网址会算错。"
            "请写 RELATIVE_URLS = False（本地预览用 SITEURL = \"\" 即可）。",
        )


def on_finalized(pelican) -> None:
    """Every page Pelican's writer handed over is written now, before anything reads the site."""
    settings = pelican.settings
    workers = settings.get("VILLAGE_WRITE_WORKERS") or os.cpu_count() or 1
    cache_of(settings).write_pending(pelican.output_path, workers)
    state_of(settings).stopwatch.mark("written")


class CachingWriter(Writer):
    _deferring = False  # inside write_file: the page itself is written by write_pending()

    def write_file(self, name, template, context, *args, **kwargs):
        self._deferring = True
        try:
            return super().write_file(name, _CachedTemplate(template, cache_of(self.settings)), context, *args, **kwargs)
        finally:
            self._deferring = False

    def _open_w(self, filename, encoding, override=False):
        """Pelican's rule of one page per address (a second write is an error unless it overrides,
        and an address is overridden once), without the empty file Pelican would create for a
        page write_pending() writes anyway: thousands of needless files on a big site."""
        if not self._deferring:
            return super()._open_w(filename, encoding, override)
        overridden, written = filename in self._overridden_files, filename in self._written_files
        if (overridden and override) or (written and not overridden and not override):
            raise FileOverwriteFailedError(f'"{filename}" would be written twice')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return io.StringIO()


def cache_of(settings) -> RenderCache:
    state = state_of(settings)
    if state.render_cache is None:
        state.render_cache = RenderCache(settings)
    return state.render_cache


def get_writer(pelican_object):
    return CachingWriter


def on_all_content_known(generators) -> None:
    freeze_urls(generators)
    cache_of(generators[0].settings).index_site(generators)


def freeze_urls(generators) -> None:
    """Pelican recomputes a post's URL from its settings on every template access (tens of
    thousands of times a build); once all content is known it cannot change, so pin it with
    Pelican's own override_url attribute."""
    for generator in generators:
        for attr in ("articles", "translations", "hidden_articles", "pages", "hidden_pages", "hidden_translations"):
            for item in getattr(generator, attr, []):
                if not hasattr(item, "override_url"):
                    item.override_url = item.url
