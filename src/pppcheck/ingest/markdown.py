"""Markdown tenders: RFPs published on GitHub, and PDF tenders converted to Markdown.

markdown-it-py (CommonMark plus GFM tables) gives a token stream with the source lines of every
block, so each block carries its 1-based source line. What the tokens become:

* ATX and setext headings: HEADING with their level;
* paragraphs: PARAGRAPH; inside a list item, LIST_ITEM (nested items are blocks of their own);
  in a blockquote, PARAGRAPH with style "blockquote";
* tables: one TABLE_CELL per cell, tables numbered from 0 across the document, the header row
  is row 0;
* fenced code: one PARAGRAPH with style "code", verbatim;
* indented code: read as plain text (headings, bullets, dot-leader contents lines) with style
  "code". In tenders these blocks are almost never code: they are pdftotext layout pasted
  into Markdown, where CommonMark turns every line indented by four spaces into "code";
* raw HTML blocks: read by the HTML parser (tags stripped, text kept); inline HTML tags are
  dropped, <br> is a space;
* inline markup is rendered as plain text: emphasis and links keep their text, images their
  alt text, placeholders such as ``{{ agency_name }}`` stay verbatim;
* YAML front matter is not body text; its ``title:`` becomes the document title.

Conversions from PDF add typography-only structure, read with the heuristics of
`structure.py`: a paragraph's first line in bold that reads as a numbered heading
("**ARTICLE 5 – DURÉE**", "**1.2 Scope**", "**PRIMERA. OBJETO.**") is a HEADING nested under
the last real heading (its level is that heading's level plus its numbering depth); bullets
such as "•" inside a paragraph start LIST_ITEMs; dot-leader lines are TOC. Headings that are
only "Page 12" (written by converters at each page break) set the page of what follows and are
not kept as headings. Lists whose items are mostly links to ``#anchors``, paragraphs that are
only such a link, and what follows a "Table of contents"/"Sommaire"/"Índice" title are TOC.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pppcheck.ingest.base import ParseOutput, RawBlock
from pppcheck.ingest.decode import decode_bytes
from pppcheck.ingest.html import blocks_from_fragment
from pppcheck.ingest.structure import (
    ChunkOptions,
    Line,
    blocks_from_chunk,
    blocks_from_lines,
    join_lines,
    mark_toc_regions,
    page_marker,
)
from pppcheck.limits import Limits
from pppcheck.model import BlockKind

_FRONT_MATTER_LINES = 200
_FRONT_KEY = re.compile(r"[A-Za-z_][\w-]{0,60}\s*:")
_FRONT_TITLE = re.compile(r"title\s*:\s*(.+)$", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\b", re.IGNORECASE)
_WITH_INLINE = frozenset({"heading_open", "paragraph_open", "th_open", "td_open"})


MAX_TABLE_CELLS = 20_000
"""Table cells read as cells in one document; beyond, tables are read as plain text.

markdown-it fills every row of a table up to the delimiter row's width: a 15 kB file of short
rows under a 2,000-column delimiter is 40,000 cells (about 35 µs each: over a second of work,
ten under the fuzzer's instrumentation), so a hostile file could cost minutes in bytes that look
harmless. The Markdown tenders of the corpus have 500 cells at most.
"""
_DELIMITER_CHARS = frozenset("|:- \t")
MAX_LINES = 100_000
"""Lines of Markdown read. markdown-it, in pure Python, spends about 0.2 ms a line: a 2 MB list
of 500,000 one-word items took two minutes. Real tenders have a few thousand lines."""


def _markdown(tables: bool = True) -> MarkdownIt:
    parser = MarkdownIt("commonmark")
    return parser.enable("table") if tables else parser


def parse_markdown(data: bytes, limits: Limits) -> ParseOutput:
    """Parse a Markdown document into blocks with source lines."""
    decoded = decode_bytes(data, limits)
    text, title = strip_front_matter(decoded.text)
    warnings = list(decoded.warnings)
    text, cut = _first_lines(text, MAX_LINES)
    if cut:
        warnings.append(f"only the first {MAX_LINES:,} lines were read (the Markdown line limit)")
    tables = table_cells(text) <= MAX_TABLE_CELLS
    if not tables:
        warnings.append(
            f"the tables hold over {MAX_TABLE_CELLS:,} cells: they were read as plain text"
        )
    tokens = _markdown(tables).parse(text)
    walker = _Walker(page_mode=_has_page_markers(tokens))
    walker.walk(tokens)
    mark_toc_regions(walker.blocks)
    return ParseOutput(
        blocks=walker.blocks,
        parser="markdown",
        pages=walker.last_page,
        title=title,
        warnings=warnings + walker.warnings,
    )


def _first_lines(text: str, count: int) -> tuple[str, bool]:
    """The first `count` lines of `text`, and whether anything was cut."""
    end = -1
    for _ in range(count):
        end = text.find("\n", end + 1)
        if end < 0:
            return text, False
    return (text[: end + 1], True) if end + 1 < len(text) else (text, False)


def table_cells(text: str) -> int:
    """An upper bound of the cells markdown-it would make (rows × delimiter-row columns)."""
    cells = columns = 0
    for line in text.splitlines():
        stripped = line.strip()
        if columns and stripped:
            cells += columns  # a row of the open table (markdown-it pads it to the width)
            continue
        columns = 0
        if "-" in stripped and "|" in stripped and _DELIMITER_CHARS.issuperset(stripped):
            columns = stripped.strip("|").count("|") + 1
            cells += 2 * columns  # the header row and the delimiter row
    return cells


def strip_front_matter(text: str) -> tuple[str, str | None]:
    """Blank out a leading YAML front matter block (line numbers are kept); return its title.

    Only a block whose first line is ``key: value`` counts, so a document that merely starts
    with a thematic break ("---") keeps its text.
    """
    if not text.startswith("---"):
        return text, None
    lines = text.split("\n", _FRONT_MATTER_LINES + 1)
    if lines[0].rstrip() != "---":
        return text, None
    end = next(
        (
            i
            for i in range(1, min(len(lines) - 1, _FRONT_MATTER_LINES))
            if lines[i].rstrip() in ("---", "...")
        ),
        None,
    )
    body = lines[1:end] if end else []
    first = next((line for line in body if line.strip()), "")
    if end is None or not _FRONT_KEY.match(first):
        return text, None
    title = None
    for line in body:
        match = _FRONT_TITLE.match(line)
        if match:
            title = match.group(1).strip().strip("\"'") or None
            break
    rest = "\n".join(lines[end + 1 :])
    return "\n" * (end + 1) + rest, title


def _has_page_markers(tokens: Sequence[Token]) -> bool:
    """Converters write "## Page 3" at each page break; two or more in order mean pages."""
    numbers: list[int] = []
    for position, token in enumerate(tokens):
        if token.type == "heading_open" and position + 1 < len(tokens):
            number = page_marker(tokens[position + 1].content)
            if number is not None:
                numbers.append(number)
    return len(numbers) >= 2 and numbers == sorted(numbers)


@dataclass(slots=True)
class _Rendered:
    """An inline token as plain-text lines, and whether it is only a link to an #anchor."""

    lines: list[Line] = field(default_factory=list)
    anchor_only: bool = False

    @property
    def text(self) -> str:
        return join_lines([line.text.strip() for line in self.lines if line.text.strip()])


@dataclass(slots=True)
class _LineState:
    parts: list[str] = field(default_factory=list)
    strong: bool = False
    plain: bool = False


def render_inline(token: Token, first_line: int | None, page: int | None) -> _Rendered:
    """Render an inline token's children as text lines (soft and hard breaks end a line)."""
    out = _Rendered()
    state = _LineState()
    strong = 0
    links: list[bool] = []  # for each open link: does it point to an #anchor?
    anchor_chars = other_letters = 0
    for child in token.children or ():
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            _end_line(out, state, first_line, page)
            state = _LineState()
            continue
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong = max(0, strong - 1)
        elif kind == "link_open":
            links.append(str(child.attrGet("href") or "").startswith("#"))
        elif kind == "link_close" and links:
            links.pop()
        text = _inline_text(child)
        if text.strip():
            state.parts.append(text)
            state.strong = state.strong or strong > 0
            state.plain = state.plain or strong == 0
            if links and links[-1]:
                anchor_chars += len(text)
            else:
                other_letters += sum(1 for c in text if c.isalpha())
        elif text:
            state.parts.append(text)
    _end_line(out, state, first_line, page)
    out.anchor_only = anchor_chars > 0 and other_letters == 0
    return out


def _inline_text(child: Token) -> str:
    if child.type in ("text", "code_inline"):
        return child.content
    if child.type == "image":
        return "".join(_inline_text(part) for part in child.children or ()) or child.content
    if child.type == "html_inline":
        return " " if _HTML_BREAK.match(child.content) else ""
    return ""


def _end_line(out: _Rendered, state: _LineState, first_line: int | None, page: int | None) -> None:
    number = None if first_line is None else first_line + len(out.lines)
    emphasized = state.strong and not state.plain
    out.lines.append(Line("".join(state.parts), number, page, emphasized))


@dataclass(slots=True)
class _Table:
    index: int
    row: int = -1
    column: int = -1


class _Walker:
    """Turns the token stream into blocks, keeping the context of lists, quotes and tables."""

    def __init__(self, *, page_mode: bool) -> None:
        self.blocks: list[RawBlock] = []
        self.warnings: list[str] = []
        self.page_mode = page_mode
        self.page: int | None = None
        self.last_page: int | None = None
        self.heading_level = 0
        self.items = 0  # open list items
        self.quotes = 0
        self.lists: list[int] = []  # index of the first block of each open list
        self.tables = 0
        self.table: _Table | None = None

    def walk(self, tokens: Sequence[Token]) -> None:
        position = 0
        while position < len(tokens):
            token = tokens[position]
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if token.type in _WITH_INLINE and following is not None and following.type == "inline":
                self._open_with_inline(token, following)
                position += 2
                continue
            self._structure(token)
            position += 1

    def _line(self, token: Token) -> int | None:
        return token.map[0] + 1 if token.map else None

    def _structure(self, token: Token) -> None:
        kind = token.type
        if kind == "list_item_open":
            self.items += 1
        elif kind == "list_item_close":
            self.items -= 1
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append(len(self.blocks))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self._close_list(self.lists.pop())
        elif kind == "blockquote_open":
            self.quotes += 1
        elif kind == "blockquote_close":
            self.quotes -= 1
        elif kind == "table_open":
            self.table = _Table(self.tables)
            self.tables += 1
        elif kind == "table_close":
            self.table = None
        elif kind == "tr_open" and self.table is not None:
            self.table.row += 1
            self.table.column = -1
        elif kind == "fence":
            self._add(BlockKind.PARAGRAPH, token.content, self._line(token), style="code")
        elif kind == "code_block":
            self._indented(token)
        elif kind == "html_block":
            self._html(token)

    def _open_with_inline(self, token: Token, inline: Token) -> None:
        if token.type == "heading_open":
            self._heading(token, inline)
        elif token.type in ("th_open", "td_open") and self.table is not None:
            self.table.column += 1
            text = render_inline(inline, self._line(inline), self.page).text
            block = self._add(BlockKind.TABLE_CELL, text, self._line(inline), style=token.tag)
            block.table, block.row, block.column = (
                self.table.index,
                self.table.row,
                self.table.column,
            )
        else:
            self._paragraph(inline)

    def _heading(self, token: Token, inline: Token) -> None:
        rendered = render_inline(inline, self._line(token), self.page)
        text = rendered.text
        if self.page_mode:
            number = page_marker(text)
            if number is not None:
                self.page = number
                self.last_page = max(number, self.last_page or 0)
                return
        level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        if text:
            self.heading_level = level
            self._add(BlockKind.HEADING, text, self._line(token)).level = level

    def _paragraph(self, inline: Token) -> None:
        rendered = render_inline(inline, self._line(inline), self.page)
        if rendered.anchor_only:
            self._add(BlockKind.TOC, rendered.text, self._line(inline))
            return
        options = ChunkOptions(
            default_kind=BlockKind.LIST_ITEM if self.items else BlockKind.PARAGRAPH,
            style="blockquote" if self.quotes else None,
            headings=not self.items and not self.quotes,
            base_level=self.heading_level,
            underlines=False,
            indent_aware=False,
            enumerated_first=False,
        )
        self.blocks.extend(blocks_from_chunk(rendered.lines, options))

    def _indented(self, token: Token) -> None:
        first = self._line(token)
        lines = [
            Line(text, None if first is None else first + offset, self.page)
            for offset, text in enumerate(token.content.split("\n"))
        ]
        options = ChunkOptions(
            default_kind=BlockKind.LIST_ITEM if self.items else BlockKind.PARAGRAPH,
            style="code",
            headings=not self.items and not self.quotes,
            base_level=self.heading_level,
        )
        self.blocks.extend(blocks_from_lines(lines, options))

    def _html(self, token: Token) -> None:
        blocks, problems = blocks_from_fragment(token.content)
        self.warnings.extend(problems)
        first = self._line(token)
        for block in blocks:
            if first is not None:
                block.line = first + (block.line or 1) - 1
            block.page = self.page
            if self.items and block.kind is BlockKind.PARAGRAPH:
                block.kind = BlockKind.LIST_ITEM
            if block.table is not None:
                block.table += self.tables
        self.tables += len({b.table for b in blocks if b.table is not None})
        self.blocks.extend(blocks)

    def _close_list(self, start: int) -> None:
        """A list whose items are mostly links to #anchors is a table of contents."""
        if self.lists:
            return  # decide once, for the outermost list, nested items included
        items = [b for b in self.blocks[start:] if b.kind in (BlockKind.LIST_ITEM, BlockKind.TOC)]
        anchors = sum(1 for b in items if b.kind is BlockKind.TOC)
        if items and anchors * 2 > len(items):
            for block in items:
                block.kind = BlockKind.TOC

    def _add(
        self, kind: BlockKind, text: str, line: int | None, style: str | None = None
    ) -> RawBlock:
        block = RawBlock(kind=kind, text=text, line=line, page=self.page, style=style)
        if text.strip():
            self.blocks.append(block)
        return block
