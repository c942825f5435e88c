"""Plain-text tenders: pdftotext output, e-mailed specifications, portal exports.

Plain text has no markup, so structure comes from layout (see `structure.py`): blank lines
separate paragraphs, bullets and enumerations start list items, short numbered or capitalised
lines are headings, dot-leader lines are table-of-contents entries. Form feeds, which pdftotext
writes between pages, give page numbers; a line repeated at the top or bottom of most pages
(or a bare page number there) is a running header or footer, kept out of the body text.

A form feed ends the current paragraph: a sentence that runs over a page break becomes two
blocks, which keeps every block on a single page for citations.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pppcheck.ingest.base import ParseOutput
from pppcheck.ingest.decode import decode_bytes
from pppcheck.ingest.structure import (
    ChunkOptions,
    Line,
    blocks_from_lines,
    mark_toc_regions,
    page_marker,
)
from pppcheck.limits import Limits
from pppcheck.model import BlockKind

_BARE_PAGE_NUMBER = re.compile(r"[-–—(\[]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—)\]]?$")
_DIGITS = re.compile(r"\d+")
_MIN_RUNNING_PAGES = 3
_OPTIONS = ChunkOptions()


@dataclass(slots=True)
class _Paged:
    """The document as lines with page numbers, and what is known about its pages."""

    lines: list[Line]
    pages: int | None
    empty_pages: list[int]


def parse_text(data: bytes, limits: Limits) -> ParseOutput:
    """Parse a plain-text document (any encoding, pages separated by form feeds)."""
    decoded = decode_bytes(data, limits)
    paged = split_pages(decoded.text)
    running = running_lines(paged)
    blocks = blocks_from_lines(paged.lines, _OPTIONS, running)
    mark_toc_regions(blocks)
    return ParseOutput(
        blocks=blocks,
        parser="text",
        pages=paged.pages,
        empty_pages=paged.empty_pages,
        warnings=decoded.warnings,
    )


def split_pages(text: str) -> _Paged:
    """Cut the text into numbered lines; form feeds advance the page, even mid-line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paged = "\f" in text
    page = 1
    lines: list[Line] = []
    with_text: set[int] = set()
    for number, raw in enumerate(text.split("\n"), start=1):
        parts = raw.split("\f") if paged else [raw]
        for position, part in enumerate(parts):
            if position:
                page += 1
            lines.append(Line(part, number, page if paged else None))
            if paged and part.strip():
                with_text.add(page)
    if not paged:
        return _Paged(lines, None, [])
    total = page if page in with_text else page - 1  # pdftotext ends the last page with \f
    total = max(total, 1)
    empty = [p for p in range(1, total + 1) if p not in with_text]
    return _Paged(lines, total, empty)


def running_lines(paged: _Paged) -> dict[int, BlockKind]:
    """Indices of lines that are running headers/footers, with their kind.

    The first and last non-blank lines of each page are candidates. A candidate is running if
    it is a bare page number ("12", "- 12 -", "Page 3 of 25") or if, with digits ignored, the
    same line opens (or closes) at least half of the pages, and at least three of them.
    """
    if not paged.pages or paged.pages < 2:
        return {}
    tops: dict[int, int] = {}
    bottoms: dict[int, int] = {}
    for index, line in enumerate(paged.lines):
        if line.page is not None and line.text.strip():
            tops.setdefault(line.page, index)
            bottoms[line.page] = index
    needed = max(_MIN_RUNNING_PAGES, (len(tops) + 1) // 2)
    found: dict[int, BlockKind] = {}
    for where, kind in ((tops, BlockKind.HEADER), (bottoms, BlockKind.FOOTER)):
        keys = {index: _running_key(paged.lines[index].text) for index in where.values()}
        counts = Counter(keys.values())
        for index, key in keys.items():
            text = paged.lines[index].text.strip()
            if counts[key] >= needed or _is_page_number(text):
                found[index] = kind
    return found


def _running_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _is_page_number(text: str) -> bool:
    return page_marker(text) is not None or (
        len(text) <= 15 and _BARE_PAGE_NUMBER.match(text) is not None
    )
