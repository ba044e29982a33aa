"""Loading the build's catalog: the .po compiled by Babel into a .mo in the cache, keyed by the
.po's bytes, so officials and translators never commit compiled files."""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
import re
from pathlib import Path

import babel
from babel.messages import mofile, pofile

from village.editions.languages import SOURCE, language_of
from village.state import state_of

DOMAIN = "messages"
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[a-z]")  # %(days)s, %(seconds)02d
FOLDER = "translations"  # in the theme: translations/<code>/LC_MESSAGES/messages.po


def po_path(settings, code: str) -> Path:
    return Path(settings["THEME"]) / FOLDER / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_key(settings) -> str:
    """What the build's interface text is made from: the language and its catalog's bytes (the
    render cache and the reader cache key on it, so an edited .po re-renders every page)."""
    code = language_of(settings).code
    if code == SOURCE:
        return code
    path = po_path(settings, code)
    data = path.read_bytes() if path.is_file() else b""
    return f"{code}-{hashlib.sha1(data + babel.__version__.encode()).hexdigest()[:10]}"


def compile_po(source: Path, target: Path | None) -> list[tuple[int | None, str]]:
    """Compile `source` into `target` (None: only check it); returns the problems (line, message)
    Babel finds in the catalog."""
    catalog = _read_po(source)
    problems = []
    for message, errors in list(catalog.check()):
        problems.append((message.lineno, f"“{message.id}”：{'；'.join(str(e) for e in errors)}"))
        catalog.delete(message.id, message.context)  # a broken entry shows the Chinese, never breaks a page
    for message in list(catalog):
        # Babel lets a translation drop every placeholder; the page would then lose the number or name.
        if message.id and message.string and sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(message.string)):
            problems.append((message.lineno, f"“{message.id}”：译文的占位符和原文不一样（原文有 {'、'.join(PLACEHOLDER.findall(message.id)) or '无'}）"))
            catalog.delete(message.id, message.context)
    if target is None:
        return problems
    buffer = io.BytesIO()
    mofile.write_mo(buffer, catalog, use_fuzzy=False)  # a fuzzy entry still needs checking: Chinese shows
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(buffer.getvalue())
    temporary.replace(target)
    return problems


class _Loaded:
    """The build's translations as the state keeps them. Pelican pickles its settings (and so the
    state) into the reader cache; GNUTranslations holds a plural-forms lambda, so the holder is
    pickled empty and reloaded where it is next needed."""

    def __init__(self, translations: gettext.NullTranslations | None):
        self.translations = translations

    def __reduce__(self):
        return (_Loaded, (None,))


def translations_of(settings) -> gettext.NullTranslations:
    """The build's translations, loaded once a build: none for the Chinese source."""
    state = state_of(settings)
    if state.catalog is not None and state.catalog.translations is not None:
        return state.catalog.translations
    language = language_of(settings)
    translations: gettext.NullTranslations = gettext.NullTranslations()
    if language.code != SOURCE:
        path = po_path(settings, language.code)
        if not path.is_file():
            state.report.warning(
                str(path), None,
                f"{language.chinese_name}版没有界面翻译（找不到这个文件），页面上的按钮和栏目名会显示中文。"
                f"请运行 invoke i18n-update 生成它，再请译者填写。",
            )
        else:
            compiled = Path(settings["CACHE_PATH"]).parent / "i18n" / f"{catalog_key(settings)}.mo"
            for line, problem in compile_po(path, None if compiled.is_file() else compiled):
                state.report.warning(str(path), line, f"这一条翻译有问题，页面上会显示中文或格式出错：{problem}。请按原文的 %(…)s 占位写译文。")
            with compiled.open("rb") as handle:
                translations = gettext.GNUTranslations(handle)
    state.catalog = _Loaded(translations)
    return translations


def source_names(settings, code: str, names) -> dict[str, str]:
    """Each of the Chinese `names` as the `code` catalog translates it -> the Chinese name: a
    translated card may head its sections in its own language, as the edition shows them."""
    path = po_path(settings, code)
    if not path.is_file():
        return {}
    strings = _catalog_strings(path, path.stat().st_mtime_ns)
    return {strings[name]: name for name in names if strings.get(name)}


@functools.lru_cache(maxsize=8)
def _catalog_strings(path: Path, mtime: int) -> dict[str, str]:
    return {m.id: m.string for m in _read_po(path) if isinstance(m.id, str) and m.string and not m.fuzzy}


def _read_po(path: Path):
    with path.open("rb") as handle:
        return pofile.read_po(handle, locale=None, abort_invalid=False)


def on_initialized(pelican) -> None:
    """An edition's posts hold translated markup (the photo grid's labels): Pelican's reader cache
    and the render cache get a folder per language and catalog, so an edited .po shows at once."""
    settings = pelican.settings
    if language_of(settings).code != SOURCE and settings.get("CACHE_PATH"):
        settings["CACHE_PATH"] = f"{settings['CACHE_PATH']}-{catalog_key(settings)}"
