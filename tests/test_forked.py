"""fork_map: parts run in forked children, results come back in order, failures are not lost."""

from __future__ import annotations

import os

import pytest
from village.output.forked import ChildFailed, fork_map


def test_each_part_runs_in_its_own_process_and_results_keep_their_order():
    results = fork_map(lambda part: (part, os.getpid()), ["a", "b", "c"])
    assert [part for part, _ in results] == ["a", "b", "c"]
    assert results[0][1] == os.getpid()  # the first part is done here
    assert len({pid for _, pid in results}) == 3


def test_a_failing_child_is_reported_with_its_error():
    def work(part):
        if part == 2:
            raise ValueError("第二部分坏了")
        return part

    with pytest.raises(ChildFailed, match="ValueError: 第二部分坏了"):
        fork_map(work, [1, 2, 3])


def test_a_failure_in_this_process_leaves_no_child_behind():
    def work(part):
        if part == "here":
            raise ValueError("这里坏了")
        return part

    with pytest.raises(ValueError, match="这里坏了"):
        fork_map(work, ["here", "child"])
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child was waited for
