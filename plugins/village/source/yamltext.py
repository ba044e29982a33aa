"""YAML read through libyaml when PyYAML was built with it: the same safe loader, several times
faster, which counts because village.yml is read once per edition and front matter once per post."""

from __future__ import annotations

import yaml


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader, with a date that does not exist (2026-13-45) kept as its text: PyYAML would
    raise a bare ValueError with no line, and the readers' own date check names it at its line."""


def _timestamp(loader, node):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_LOADER = _Loader


def load(text: str):
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python


def compose(text: str):
    return yaml.compose(text, Loader=_LOADER)


def error_line(exc: yaml.YAMLError, text: str) -> int | None:
    """The 1-based line of `text` a YAML error points at. libyaml places an unclosed bracket's
    error past the last line; the last line is where the official has to look."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return None
    return min(mark.line, text.rstrip("\n").count("\n")) + 1
