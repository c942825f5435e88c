"""One forked copy of this process doing part of a job, when a second core is free.

A single long document is audited by one worker process while the other core idles. Two steps
split well over a forked copy, which shares everything already built (the parsed pages so far,
the compiled pack, the matches) without pickling it: reading the pages of a long PDF
(`ingest.pdf_split`) and evaluating the rules (`engine`). The copy sends its part back through
a pipe, pickled; if it fails for any reason (crash, memory limit, an exception), the caller
does that part itself, so a split never changes a result, only the time it takes.

How many processes a job may use is a budget set by the batch runner (``--jobs``): 1 when the
pool's workers already fill the cores. A fork is only made from a single-threaded process
(forking a threaded one is unsafe), and the copy dies with its parent (``PR_SET_PDEATHSIG``), so
a worker killed for its time limit leaves nothing behind; it inherits the parent's memory cap.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1
_processes = 2
"""Processes one job may use (the batch runner sets 1 when its workers fill the cores)."""


def set_processes(count: int) -> None:
    """How many processes one job may use (1: never fork)."""
    global _processes
    _processes = max(1, count)


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork_alone() -> bool:
    """Whether this process may fork a copy to do a job in its place (one worker)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def can_fork() -> bool:
    """Whether a second process may take part of the job now."""
    return _processes >= 2 and can_fork_alone() and cores() >= 2


class Forked(Generic[T]):
    """`work()` run in a forked copy of this process; `result()` waits for what it returned."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._child: tuple[int, int] | None = None  # (pid, read end of the pipe)
        self.exit_code: int | None = None
        """How the copy ended, once `result` waited for it (negative: killed by that signal)."""
        read_end, write_end = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no process left: the caller does the work
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the copy: never returns
            code = 1
            try:
                os.close(read_end)
                _die_with(parent)
                payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._child = (pid, read_end)

    @property
    def started(self) -> bool:
        return self._child is not None

    def result(self, timeout: float | None = None) -> T | None:
        """What the copy returned (waits for it); None if it failed or never started (see
        `exit_code`). With `timeout` (seconds), a copy still running then is killed and
        `TimeoutError` raised; an interrupted wait (Ctrl-C) kills it too."""
        if self._child is None:
            return None
        pid, read_end = self._child
        deadline = None if timeout is None else time.monotonic() + timeout
        chunks = []
        try:
            while True:
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0 or not select.select([read_end], [], [], left)[0]:
                        raise TimeoutError(f"the forked copy ran over {timeout:g} s")
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        except BaseException:
            self.cancel()
            raise
        self._child = None
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
        self.exit_code = os.waitstatus_to_exitcode(status)
        if self.exit_code != 0:
            return None
        try:
            found: T = pickle.loads(b"".join(chunks))
        except Exception:  # a truncated payload: the copy died while writing
            return None
        return found

    def cancel(self) -> None:
        """Stop and reap the copy if its result is not needed."""
        if self._child is not None:
            pid, read_end = self._child
            self._child = None
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(read_end)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _die_with(parent: int) -> None:
    """Be killed when the parent dies (Linux); exit now if it already has."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
