"""Collects every content problem of a build so they can be reported together, in Chinese."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

_LEVEL_LABEL = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file: what is wrong and what to write instead."""

    path: str
    line: int | None
    level: str
    message: str

    def format(self) -> str:
        where = self.path or "（整个网站）"
        if self.line:
            where += f" 第 {self.line} 行"
        return f"{_LEVEL_LABEL[self.level]}  {where}：{self.message}"


@dataclass
class Report:
    """The problems found in one build (kept in the build state)."""

    root: str = ""
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # what was published, for task output
    notes: list[str] = field(default_factory=list)  # facts, not problems (e.g. dates not checked: no git)
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)  # a problem is reported once

    def relative(self, path: str) -> str:
        if self.root and path and os.path.isabs(path):
            try:
                return os.path.relpath(path, self.root)
            except ValueError:
                return path
        return path

    def add(self, level: str, path: str, line: int | None, message: str) -> None:
        problem = Problem(self.relative(path), line, level, message)
        if problem not in self._seen:  # a set: a build may report thousands (a list lookup made that quadratic)
            self._seen.add(problem)
            self.problems.append(problem)

    def error(self, path: str, line: int | None, message: str) -> None:
        self.add(ERROR, path, line, message)

    def warning(self, path: str, line: int | None, message: str) -> None:
        self.add(WARNING, path, line, message)

    def extend(self, problems) -> None:
        for problem in problems:
            self.add(*problem) if isinstance(problem, tuple) else self.add(
                problem.level, problem.path, problem.line, problem.message
            )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def format(self) -> str:
        if not self.problems:
            return "内容检查通过，没有发现问题。"
        lines = [f"发现 {len(self.errors)} 个错误、{len(self.warnings)} 个警告："]
        ordered = sorted(self.problems, key=lambda p: (p.level != ERROR, p.path, p.line or 0))
        lines += [p.format() for p in ordered]
        if self.errors:
            lines.append("有错误时网站不会更新，上一次成功生成的网站保持不变。改正以上错误后再生成一次。")
        return "\n".join(lines)

