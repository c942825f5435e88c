"""A long PDF read in two processes gives exactly what reading it in one gives.

The last pages are read ahead by a forked child (`pdf_split`), backwards until it meets the
parent; the character budget, the ruled-table cap, unreadable pages and a failing child must
all come out as in the sequential reading.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from pppcheck import forking
from pppcheck.ingest import pdf_split
from pppcheck.ingest.base import ParseOutput
from pppcheck.ingest.pdf import extract_pdf
from pppcheck.ingest.pdf_page import PageReader
from pppcheck.limits import DEFAULT_LIMITS, Limits
from tests.conftest import corpus_files
from tests.ingest.pdfgen import BOLD, Page, build_pdf

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture(autouse=True)
def _two_cores(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Split whatever the machine: the test is about the result, not the speed."""
    monkeypatch.setattr(forking, "cores", lambda: 2)
    forking.set_processes(2)
    yield
    forking.set_processes(2)


def _tender(pages: int, table_every: int = 3) -> bytes:
    result = []
    for number in range(1, pages + 1):
        page = Page()
        page.text(72, 800, f"City of Example - specifications - page {number}", 9)
        y = page.lines(72, 760, [f"ARTICLE {number} - Data of the service"], 14, 18, BOLD)
        y = page.lines(
            72,
            y - 6,
            [
                "The Contractor shall deliver the data collected by the sensors in an open",
                "format at the end of each month, and keep it available to the City for the",
                f"whole term of the contract (clause {number}.1, annex {number % 7}).",
            ],
        )
        if number % table_every == 0:
            page.grid(72, y - 10, [150, 150, 150], 3, 20)
            page.text(76, y - 25, "Indicator")
            page.text(226, y - 25, "Target")
            page.text(76, y - 45, "Availability")
            page.text(226, y - 45, f"{90 + number % 10} %")
        page.text(290, 40, f"Page {number}", 9)
        result.append(page)
    return build_pdf(result, title="Specifications of the urban data platform")


def _same(a: ParseOutput, b: ParseOutput) -> None:
    assert a.blocks == b.blocks
    assert a.warnings == b.warnings
    assert a.empty_pages == b.empty_pages
    assert (a.pages, a.title, a.parser) == (b.pages, b.title, b.parser)


def _both(data: bytes, limits: Limits = DEFAULT_LIMITS, cap: int = 150) -> ParseOutput:
    forking.set_processes(1)
    sequential = extract_pdf(data, limits, table_page_cap=cap)
    forking.set_processes(2)
    split = extract_pdf(data, limits, table_page_cap=cap)
    _same(sequential, split)
    return split


def test_a_long_pdf_is_split_and_read_alike() -> None:
    data = _tender(90)
    assert pdf_split.should_split(90)
    out = _both(data)
    assert any("ARTICLE 90" in block.text for block in out.blocks)


@pytest.mark.parametrize("cap", [0, 5, 20, 29, 30, 31, 60])
def test_the_table_cap_falls_where_it_falls_in_one_process(cap: int) -> None:
    out = _both(_tender(90), cap=cap)
    assert any("ruled tables" in w for w in out.warnings) == (cap < 30)


@pytest.mark.parametrize("max_chars", [1_000, 9_000, 12_500, 20_000, 10**9])
def test_the_character_budget_ends_where_it_ends_in_one_process(max_chars: int) -> None:
    _both(_tender(90), Limits(max_chars=max_chars))


def test_a_failing_child_only_costs_time(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _tender(60)
    forking.set_processes(1)
    sequential = extract_pdf(data, DEFAULT_LIMITS)

    def broken(*args: object) -> dict[int, object]:
        raise MemoryError

    monkeypatch.setattr(pdf_split, "_read_from_the_end", broken)
    forking.set_processes(2)
    _same(sequential, extract_pdf(data, DEFAULT_LIMITS))


def test_short_documents_and_threaded_processes_are_not_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not pdf_split.should_split(pdf_split.MIN_PAGES - 1)
    monkeypatch.setattr(forking.threading, "active_count", lambda: 3)
    assert not pdf_split.should_split(500)
    forking.set_processes(1)
    assert not pdf_split.should_split(500)


@pytest.mark.parametrize(
    "path", [p for p in corpus_files(".pdf") if p.stat().st_size > 300_000], ids=lambda p: p.name
)
def test_corpus_pdfs_read_alike(path: os.PathLike[str]) -> None:
    with open(path, "rb") as handle:
        data = handle.read()
    _both(data)
    _both(data, cap=3)


@pytest.mark.parametrize("slow", ["parent", "child"])
def test_the_two_processes_meet_where_their_work_does(
    monkeypatch: pytest.MonkeyPatch, slow: str
) -> None:
    """The child reads from the end and the parent from the start until they meet: whichever
    is slower reads fewer pages, and the document comes out as read in one process."""
    data = _tender(60)
    forking.set_processes(1)
    sequential = extract_pdf(data, DEFAULT_LIMITS)
    parent = os.getpid()
    real_read = PageReader.read
    read_here: list[int] = []

    def timed(self: PageReader, page: object, number: int, max_chars: int) -> object:
        here = os.getpid() == parent
        if here:
            read_here.append(number)
        if here == (slow == "parent"):
            time.sleep(0.01)
        return real_read(self, page, number, max_chars)  # type: ignore[arg-type]

    monkeypatch.setattr(PageReader, "read", timed)
    forking.set_processes(2)
    _same(sequential, extract_pdf(data, DEFAULT_LIMITS))
    assert read_here == list(range(1, len(read_here) + 1))  # the parent reads from the start
    if slow == "parent":
        assert len(read_here) < 20
    else:
        assert len(read_here) > 40
