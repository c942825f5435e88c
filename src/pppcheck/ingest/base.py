"""What a format parser returns before the common assembly step.

Parsers only know their format: they emit `RawBlock`s in reading order with whatever layout
facts they can see (kind, heading level, page, table cell, source line). `assemble.py` then does
the format-independent work once: whitespace, section paths, block indices, language, hashes.
`RawBlock` is a plain slotted dataclass because parsers create tens of thousands of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pppcheck.limits import Limits
from pppcheck.model import BlockKind


@dataclass(slots=True)
class RawBlock:
    """A block as a parser sees it; `level` is set for headings only."""

    kind: BlockKind
    text: str
    level: int | None = None
    page: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    style: str | None = None


@dataclass(slots=True)
class ParseOutput:
    """Everything a parser learned about one file."""

    blocks: list[RawBlock]
    parser: str
    pages: int | None = None
    empty_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title: str | None = None


Parser = Callable[[bytes, Limits], ParseOutput]
"""A parser takes the file's bytes and the limits; it raises `InputError` subclasses."""
