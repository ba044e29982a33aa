"""YAML read through libyaml when PyYAML was built with it: the same safe loader, several times
faster, which counts because village.yml is read once per edition and front matter once per post."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
