"""Read the pages of a long PDF in two processes, with the result of reading them in one.

pdfium spends 2-3 ms a page loading and extracting text, and the parser adds 1-1.5 ms of
Python: a 500-page tender is a second of one core, the largest part of its audit. pdfium is not
thread-safe, so the second half of the pages is read by a forked copy of the process, which
opens the same bytes, reads its pages exactly as the parent would and sends them back through a
pipe while the parent reads the first half. Only documents of at least `MIN_PAGES` pages are
split, only when two cores are available and only from a single-threaded process (forking a
threaded one is unsafe).

The result is the sequential one, page for page:

* the character budget (`Limits.max_chars`) depends on the pages before: the child reads each
  page in full, and the parent takes a page from it only when the sequential reading would not
  have cut it (else it reads the page itself, with the budget left);
* the ruled-table cap counts pages with rulings in reading order: the child says which pages
  had rulings and whether it analysed them, and the parent re-reads the few pages whose
  analysis the sequential order would have decided otherwise;
* a child that fails (crash, memory limit, damaged page) costs nothing but time: the parent
  reads whatever the child did not deliver.

The child dies with its parent (``PR_SET_PDEATHSIG``), so a worker killed for its time limit
leaves nothing behind; it inherits the parent's memory cap.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium

from pppcheck.ingest.pdf_page import PageReader, PageText
from pppcheck.ingest.pdf_tables import TableFinder

MIN_PAGES = 40
"""Fewer pages are read in one process: forking and merging would cost more than it saves."""
_PR_SET_PDEATHSIG = 1

_processes = 2
"""Processes a PDF may be read with (the batch runner sets 1 when its workers fill the cores)."""


def set_processes(count: int) -> None:
    """How many processes one PDF may be read with (1: never split)."""
    global _processes
    _processes = max(1, count)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def should_split(page_count: int) -> bool:
    return (
        _processes >= 2
        and page_count >= MIN_PAGES
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and _cores() >= 2
    )


Outcome = PageText | None
"""A page read, or None when pdfium could not load or read it."""


class PageSource:
    """Pages of a document in order, some of them read ahead by a child process.

    `read(index, budget)` returns what `PageReader.read` on that page with that budget returns
    in a sequential reading, or raises `pdfium.PdfiumError` where it would.
    """

    def __init__(
        self,
        document: pdfium.PdfDocument,
        data: bytes,
        finder: TableFinder,
        max_chars: int,
        opener: Callable[[bytes], pdfium.PdfDocument],
    ) -> None:
        self.document = document
        self.finder = finder
        self.reader = PageReader(finder)
        self.max_chars = max_chars
        self._ahead: dict[int, Outcome] | None = None
        self._child: tuple[int, int] | None = None  # (pid, read end of the pipe)
        self._split = len(document)
        count = len(document)
        if should_split(count):
            self._split = count // 2
            self._start_child(data, opener, self._split, count, finder.cap)

    # ------------------------------------------------------------------ the child

    def _start_child(
        self, data: bytes, opener: Callable[[bytes], Any], first: int, last: int, cap: int
    ) -> None:
        read_end, write_end = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            self._split = last
            return
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.close(read_end)
                _die_with(parent)
                outcomes = _read_range(opener(data), first, last, cap, self.max_chars)
                payload = pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._child = (pid, read_end)

    def _collect(self) -> dict[int, Outcome]:
        """The child's pages (waits for it); an empty mapping if it failed."""
        if self._ahead is not None:
            return self._ahead
        self._ahead = {}
        if self._child is None:
            return self._ahead
        pid, read_end = self._child
        self._child = None
        chunks = []
        with os.fdopen(read_end, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            with contextlib.suppress(Exception):
                self._ahead = pickle.loads(b"".join(chunks))
        return self._ahead

    def close(self) -> None:
        """Stop and reap the child if its pages were not needed (budget or error)."""
        if self._child is not None:
            pid, read_end = self._child
            self._child = None
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(read_end)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)

    # ------------------------------------------------------------------ reading in order

    def read(self, index: int, budget: int) -> PageText:
        if index >= self._split:
            ahead = self._collect()
            if index in ahead:
                found = self._take(ahead.pop(index), budget)
                if found is not None:
                    return found
        page = self.document[index]
        try:
            return self.reader.read(page, index + 1, budget)
        finally:
            page.close()

    def _take(self, outcome: Outcome, budget: int) -> PageText | None:
        """The child's reading of a page if the sequential one gives the same, else None."""
        if outcome is None:
            raise pdfium.PdfiumError("the page cannot be read")
        if outcome.chars > budget or outcome.chars >= self.max_chars:
            return None  # the sequential reading cuts this page: read it here
        finder = self.finder
        if outcome.ruled:
            if outcome.analysed != (finder.budget > 0):
                return None  # the table cap falls otherwise in reading order
            if outcome.analysed:
                finder.budget -= 1
            else:
                finder.skipped += 1
        return outcome


def _read_range(
    document: pdfium.PdfDocument, first: int, last: int, cap: int, max_chars: int
) -> dict[int, Outcome]:
    """Pages ``first`` to ``last - 1``, each read in full, as the parent's reader would."""
    reader = PageReader(TableFinder(cap))
    outcomes: dict[int, Outcome] = {}
    try:
        for index in range(first, last):
            try:
                page = document[index]
            except pdfium.PdfiumError:
                outcomes[index] = None
                continue
            try:
                outcomes[index] = reader.read(page, index + 1, max_chars)
            except pdfium.PdfiumError:
                outcomes[index] = None
            finally:
                page.close()
    finally:
        document.close()
    return outcomes


def _die_with(parent: int) -> None:
    """Be killed when the parent dies (Linux); exit now if it already has."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
