"""Run one function over several parts of a job at once, in forked copies of this process.

Writing thousands of pages is pure Python and held one core. A forked child sees the whole build
(content, templates, state) without pickling any of it; only each part's small result comes back
through a pipe. The parent does the first part itself. Linux (and macOS) only: where there is no
fork, every part runs here, one after another.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from collections.abc import Callable, Sequence


class ChildFailed(RuntimeError):
    """A part failed in a child process; the message carries the child's error."""


def fork_map(work: Callable, parts: Sequence) -> list:
    """[work(part) for part in parts], the parts after the first each in a forked child."""
    if len(parts) < 2 or not hasattr(os, "fork"):
        return [work(part) for part in parts]
    children: list[tuple[int, int]] = []
    gc.freeze()  # the collector would otherwise touch (and so copy) every object in each child
    try:
        for part in parts[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: do its part, hand back the result, leave without cleanup
                os.close(read_end)
                _child(work, part, write_end)
            os.close(write_end)
            children.append((pid, read_end))
        first = work(parts[0])
    except BaseException:
        _abandon(children)  # a failed fork or a failure here: no child is left behind
        raise
    finally:
        gc.unfreeze()
    return [first, *_results(children)]


def _abandon(children: list[tuple[int, int]]) -> None:
    for pid, read_end in children:
        os.close(read_end)  # the child's write then fails and it exits
        os.waitpid(pid, 0)


def _child(work: Callable, part, write_end: int) -> None:
    status = 1
    try:
        try:
            payload = pickle.dumps((True, work(part)))
            status = 0
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the parent, not a shell
            payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        # Whatever happens (a parent that stopped listening breaks the pipe), the child ends here:
        # never back into the caller's code, never flushing the parent's buffers a second time.
        os._exit(status)


def _results(children: list) -> list:
    results, failure = [], None
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()  # read before waiting: a full pipe would block the child
        _, status = os.waitpid(pid, 0)
        try:
            ok, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a child killed mid-write leaves no readable result
            ok, value = False, f"子进程异常退出（状态 {status}）"
        if ok:
            results.append(value)
        elif failure is None:
            failure = value
    if failure is not None:
        raise ChildFailed(failure)
    return results
