"""Read the pages of a long PDF in two processes, with the result of reading them in one.

pdfium spends 2-3 ms a page loading and extracting text, and the parser adds 1-1.5 ms of
Python: a 500-page tender is a second of one core, the largest part of its audit. pdfium is not
thread-safe, so a forked copy of the process opens the same bytes and reads pages from the last
one backwards while the parent reads from the first one forwards; they meet where their work
does (`_Meeting`), so neither waits for the other when one half of the document costs more (on
the generated 500-page tender the copy's fixed half took 0.72-0.87 s against the parent's
0.6-0.7 s, and the parent waited 0.13-0.23 s for it). The copy sends its pages back through a
pipe. Only documents of at least `MIN_PAGES` pages are split, only when two cores are available
and only from a single-threaded process (forking a threaded one is unsafe).

The result is the sequential one, page for page:

* the character budget (`Limits.max_chars`) depends on the pages before: the child reads each
  page in full, and the parent takes a page from it only when the sequential reading would not
  have cut it (else it reads the page itself, with the budget left);
* the ruled-table cap counts pages with rulings in reading order: the child says which pages
  had rulings and whether it analysed them, and the parent re-reads the pages whose analysis
  the sequential order would have decided otherwise (only documents with more ruled pages
  than the cap have any);
* a child that fails (crash, memory limit, damaged page) costs nothing but time: the parent
  reads whatever the child did not deliver; a page both happen to read is taken once.

The fork itself, its pipe and its failure handling are `pppcheck.forking`'s (shared with the
rule evaluation), as is the budget of processes a job may use.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium

from pppcheck.forking import Forked, can_fork
from pppcheck.ingest.pdf_page import PageReader, PageText
from pppcheck.ingest.pdf_tables import TableFinder

MIN_PAGES = 40
"""Fewer pages are read in one process: forking and merging would cost more than it saves."""


def should_split(page_count: int) -> bool:
    return page_count >= MIN_PAGES and can_fork()


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
        self._child: Forked[dict[int, Outcome]] | None = None
        self._meeting: _Meeting | None = None
        count = len(document)
        if should_split(count):
            self._start_child(data, opener, count, finder.cap)

    # ------------------------------------------------------------------ the child

    def _start_child(
        self, data: bytes, opener: Callable[[bytes], Any], count: int, cap: int
    ) -> None:
        max_chars = self.max_chars
        meeting = _Meeting(count)
        child: Forked[dict[int, Outcome]] = Forked(
            lambda: _read_from_the_end(opener(data), meeting, count, cap, max_chars)
        )
        if child.started:
            self._child, self._meeting = child, meeting
        else:
            meeting.close()

    def _collect(self) -> dict[int, Outcome]:
        """The child's pages (waits for it); an empty mapping if it failed."""
        if self._ahead is not None:
            return self._ahead
        child, self._child = self._child, None
        self._ahead = (child.result() if child is not None else None) or {}
        return self._ahead

    def close(self) -> None:
        """Stop and reap the child if its pages were not needed (budget or error)."""
        if self._child is not None:
            self._child.cancel()
            self._child = None
        if self._meeting is not None:
            self._meeting.close()
            self._meeting = None

    # ------------------------------------------------------------------ reading in order

    def read(self, index: int, budget: int) -> PageText:
        meeting = self._meeting
        if meeting is not None:
            if self._ahead is None and index < meeting.lowest_started():
                meeting.reading(index)  # the child stops before this page
            else:
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


class _Meeting:
    """Where the parent and the child stand, in memory both share after the fork.

    Each value has one writer: the parent publishes the page it is reading (its pages are
    those before and including it), the child the lowest page it has started. Each reads the
    other's value before taking a page; a value read late can only make both read the same
    page (taken once), never leave a page unread: the parent reads every page below the
    child's lowest start, and the child delivers every page it started or the parent reads it.
    """

    _PARENT, _CHILD = 0, 8

    def __init__(self, count: int) -> None:
        self._shared = mmap.mmap(-1, 16)  # anonymous and shared: the child sees the same bytes
        struct.pack_into("q", self._shared, self._PARENT, -1)
        struct.pack_into("q", self._shared, self._CHILD, count)

    def reading(self, index: int) -> None:
        struct.pack_into("q", self._shared, self._PARENT, index)

    def parent_at(self) -> int:
        return int(struct.unpack_from("q", self._shared, self._PARENT)[0])

    def starting(self, index: int) -> None:
        struct.pack_into("q", self._shared, self._CHILD, index)

    def lowest_started(self) -> int:
        return int(struct.unpack_from("q", self._shared, self._CHILD)[0])

    def close(self) -> None:
        self._shared.close()


def _read_from_the_end(
    document: pdfium.PdfDocument, meeting: _Meeting, count: int, cap: int, max_chars: int
) -> dict[int, Outcome]:
    """Pages from the last one backwards until the parent's, each read in full, as the
    parent's reader would."""
    reader = PageReader(TableFinder(cap))
    outcomes: dict[int, Outcome] = {}
    try:
        for index in range(count - 1, -1, -1):
            if index <= meeting.parent_at():
                break
            meeting.starting(index)
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
