"""Reading a YAML settings file (village.yml, county.yml): its text, its mapping, the line of each
key, and the Chinese error that lists every problem at once."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from village.source import yamltext


class ConfigError(Exception):
    def __init__(self, path: str, messages: list[str]):
        self.path = path
        self.messages = messages
        super().__init__(self.format())

    def format(self) -> str:
        lines = [f"网站设置文件 {self.path} 有 {len(self.messages)} 处需要修改："]
        lines += [f"  - {m}" for m in self.messages]
        return "\n".join(lines)


def key_lines(text: str) -> dict[str, int]:
    """The line of every key of a YAML settings file, named as errors name them: top-level keys,
    their keys ('deploy.method', 'townships.桂山镇'), list entries ('categories[0]') and the keys
    of those ('villages[2].path')."""
    lines: dict[str, int] = {}
    try:
        node = yamltext.compose(text)
    except yaml.YAMLError:
        return lines

    def walk(node, prefix: str, depth: int) -> None:
        if depth > 2:
            return
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                name = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
                lines[name] = key_node.start_mark.line + 1
                walk(value_node, name, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[f"{prefix}[{i}]"] = item.start_mark.line + 1
                walk(item, f"{prefix}[{i}]", depth + 1)

    walk(node, "", 0)
    return lines


def read_settings_file(path: Path, missing: str) -> tuple[str, dict]:
    """The text of a YAML settings file (village.yml, county.yml) and its top-level mapping, or
    ConfigError saying in Chinese why it cannot be read."""
    shown = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(shown, [missing]) from None
    except UnicodeDecodeError:
        raise ConfigError(shown, ["设置文件不是 UTF-8 编码。请用 VS Code 或记事本另存为 UTF-8。"]) from None
    try:
        data = yamltext.load(text) or {}
    except yaml.YAMLError as exc:
        line = yamltext.error_line(exc, text)
        where = f"第 {line} 行：" if line is not None else ""
        raise ConfigError(
            shown, [f"{where}YAML 写法有误。每行写成“键: 值”，冒号是英文冒号，后面留一个空格；缩进只用空格。"]
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(shown, ["设置文件应当是一行一个“键: 值”。"])
    return text, data


def unknown_keys(data: dict, options: dict, at) -> list[str]:
    """An error for each top-level key no option knows, with the nearest one as a suggestion."""
    errors = []
    for key in data:
        if key not in options:
            guess = difflib.get_close_matches(str(key), options, n=1, cutoff=0.6)
            hint = f"是不是想写 {guess[0]}？" if guess else f"可以用的设置有：{'、'.join(options)}。"
            errors.append(f"{at(key)}不认识的设置 “{key}”。{hint}")
    return errors


def line_finder(text: str):
    """`at(key)`: the "第 N 行：" that starts an error about `key`, or "" when the key is not written."""
    lines = key_lines(text)

    def at(key: str) -> str:
        return f"第 {lines[key]} 行：" if key in lines else ""

    return at
