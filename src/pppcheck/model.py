"""The document model every parser produces and every later stage reads.

A tender, whatever its format, becomes one `Document`: an ordered tuple of `Block`s (headings,
paragraphs, list items, table cells, footnotes, running headers and footers, table-of-contents
lines), each with a `Location` precise enough for a reviewer to find the sentence in seconds:
file, page, section path (the headings above it), block index and, for tables, row and column.

Models are frozen: stages are pure functions, and nothing downstream may edit what a parser read.
Parsers build blocks without re-validation (`trusted`, the core of `model_construct`) because a
500-page tender has tens of thousands of them and validation would cost more than the extraction
itself.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

_M = TypeVar("_M", bound=BaseModel)


class Frozen(BaseModel):
    """Base of every model that flows between stages: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


_set_attribute = object.__setattr__
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def trusted(cls: type[_M], values: dict[str, Any]) -> _M:
    """What ``cls.model_construct(**values)`` builds when `values` gives every field of `cls`,
    in declaration order, without its per-field bookkeeping (a third of reading a long DOCX
    went into `model_construct`). Trusted data only: nothing is validated or defaulted.

    Every model built here shares one set of field names as its "fields set" (a set per block
    and location was 700 bytes each, ~12 MB on a 500-page PDF); frozen models never change
    it in place, and `model_copy` copies it before adding to it."""
    fields = _ALL_FIELDS.get(cls)
    if fields is None:
        fields = _ALL_FIELDS[cls] = set(cls.model_fields)
    model = cls.__new__(cls)
    _set_attribute(model, "__dict__", values)
    _set_attribute(model, "__pydantic_fields_set__", fields)
    _set_attribute(model, "__pydantic_extra__", None)
    _set_attribute(model, "__pydantic_private__", None)
    return model


class DocFormat(StrEnum):
    """Input formats pppcheck reads, detected from the bytes (extension only breaks ties)."""

    DOCX = "docx"
    PDF = "pdf"
    ODT = "odt"
    MARKDOWN = "markdown"
    TEXT = "text"
    HTML = "html"


class BlockKind(StrEnum):
    """What a block is in the layout of the document.

    Only body kinds (heading, paragraph, list item, table cell, footnote) can carry evidence of
    an obligation; running headers, footers and table-of-contents lines are kept so that
    `pppcheck extract` shows everything that was read, but the engine does not quote them.
    """

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    FOOTNOTE = "footnote"
    HEADER = "header"
    FOOTER = "footer"
    TOC = "toc"


EVIDENCE_KINDS: frozenset[BlockKind] = frozenset(
    {
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
        BlockKind.TABLE_CELL,
        BlockKind.FOOTNOTE,
    }
)


class Location(Frozen):
    """Where a block sits: enough to cite it in a report and to jump to it in the source."""

    path: str
    page: int | None = None
    section: tuple[str, ...] = ()
    block: int = 0
    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None

    def describe(self) -> str:
        """A short human form such as ``p.12 · 7.2 Propriété des données``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p.{self.page}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.section:
            parts.append(self.section[-1])
        if self.table is not None:
            row, column = (self.row or 0) + 1, (self.column or 0) + 1
            parts.append(f"table {self.table + 1} r{row}c{column}")
        return " · ".join(parts) if parts else f"block {self.block + 1}"


class Block(Frozen):
    """One unit of text in reading order."""

    kind: BlockKind
    text: str
    level: int | None = Field(default=None, description="heading level, 1 = top")
    style: str | None = Field(default=None, description="source style or tag, for `extract`")
    location: Location


class TextStatus(StrEnum):
    """Whether the document yielded text an audit can rely on."""

    OK = "ok"
    NO_TEXT = "no_text"  # e.g. a scanned PDF without a text layer: OCR needed
    PARTIAL_TEXT = "partial_text"  # some pages have no text layer


class Document(Frozen):
    """A parsed input file."""

    path: str
    format: DocFormat
    sha256: str
    size: int
    pages: int | None = None
    language: str = "und"
    language_share: float = 0.0
    languages: dict[str, float] = Field(
        default_factory=dict, description="share of each language's function words"
    )
    title: str | None = None
    blocks: tuple[Block, ...] = ()
    empty_pages: tuple[int, ...] = ()
    text_status: TextStatus = TextStatus.OK
    warnings: tuple[str, ...] = ()
    parser: str = ""

    @property
    def char_count(self) -> int:
        return sum(len(b.text) for b in self.blocks)
