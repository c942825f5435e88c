"""Group a PDF's lines into blocks: paragraphs, list items, headings, TOC entries, table cells.

A PDF has no paragraphs, only positioned lines. Lines are joined while they look like one
paragraph: the next baseline is one normal line spacing below, the font size is the same, and
the previous line is not a short line ending a sentence. A bullet, a number, a bigger gap, a
size change or a bold heading starts a new block. Paragraphs continue across a page break when
the last line of the page does not end a sentence (the block keeps its first page), so that an
obligation split by a page break is still one sentence. Each group is classified when it closes;
heading levels wait for the end of the document (`pdf_layout.assign_levels`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pppcheck.ingest.base import RawBlock
from pppcheck.ingest.pdf_layout import HeadingInfo, Stats, assign_levels
from pppcheck.ingest.pdf_page import Line, PageText
from pppcheck.ingest.pdf_tables import Table
from pppcheck.ingest.pdf_text import (
    BARE_PAGE,
    TERMINAL,
    TOC_TITLE,
    Vocabulary,
    dehyphenate,
    ends_with_page_number,
    has_dot_leader,
    heading_number,
    is_label_only,
    list_marker,
    starts_block,
)
from pppcheck.model import BlockKind

_HEADING_RATIO = 1.15
"""A line this much larger than the body text (and at least 1 pt larger) is a heading."""
_MAX_HEADING_CHARS = 200
_MAX_HEADING_LINES = 3


@dataclass(slots=True)
class _Group:
    """Lines being gathered into one block; the block is already in place in the output."""

    block: RawBlock
    kind: BlockKind
    lines: list[Line] = field(default_factory=list)
    page: int = 0


class BlockBuilder:
    """Turns pages of lines into the document's blocks, in reading order."""

    def __init__(self, stats: Stats, vocabulary: Vocabulary | None) -> None:
        self.stats = stats
        self.vocabulary = vocabulary
        self._body_gap = max(1.25 * stats.leading, 1.3 * stats.body_size)
        self.blocks: list[RawBlock] = []
        self.headings: list[HeadingInfo] = []
        self.group: _Group | None = None
        self.tables = 0
        self._edges: list[tuple[float, float]] = []
        self._right_edges: dict[float, float] = {}
        self._page_start = False

    def add_page(self, page: PageText, roles: list[BlockKind | None]) -> None:
        """Add one page's lines and tables."""
        self._edges = [
            (ln.x0, ln.x1)
            for ln, r in zip(page.lines, roles, strict=True)
            if r is None and ln.x1 > 0
        ]
        self._right_edges = {}
        self._page_start = True
        number = page.number
        anchors = {table.anchor for table in page.tables}
        for index, (line, role) in enumerate(zip(page.lines, roles, strict=True)):
            if index in anchors:
                self._emit_tables(page, index)
            if role is None:
                self._add_body(line, number)
                self._page_start = False
            elif role is BlockKind.TOC:
                self._add_toc(line, number)
            else:
                self.blocks.append(_single(role, line, number))
        if page.tables:
            self._emit_tables(page, len(page.lines))

    def finish(self) -> list[RawBlock]:
        """Close the last block, set heading levels and return the blocks."""
        self._close()
        assign_levels(self.headings)
        return self.blocks

    # --- grouping -----------------------------------------------------------------------

    def _add_body(self, line: Line, page: int) -> None:
        group = self.group
        if (
            group is not None
            and group.kind is not BlockKind.TOC
            and self._continues(group, line, page)
        ):
            group.lines.append(line)
            group.page = page
            return
        self._close()
        kind = BlockKind.LIST_ITEM if list_marker(line.text)[0] else BlockKind.PARAGRAPH
        self._open(kind, line, page)

    def _add_toc(self, line: Line, page: int) -> None:
        group = self.group
        if (
            group is not None
            and group.kind is BlockKind.TOC
            and group.page == page
            and not _ends_entry(group.lines[-1].text)
        ):
            group.lines.append(line)
            return
        self._close()
        self._open(BlockKind.TOC, line, page)

    def _open(self, kind: BlockKind, line: Line, page: int) -> None:
        block = RawBlock(kind, "", page=page)
        self.blocks.append(block)
        self.group = _Group(block, kind, [line], page)

    def _continues(self, group: _Group, line: Line, page: int) -> bool:
        """Whether `line` continues the paragraph, list item or heading being gathered."""
        previous = group.lines[-1]
        if starts_block(line.text):
            return False
        if len(group.lines) == 1 and len(previous.text) <= 24 and is_label_only(previous.text):
            return page == group.page and 0 < previous.y - line.y <= 2.2 * previous.size
        if abs(line.size - previous.size) > 0.6 and not _mid_sentence(previous, line):
            return False
        if page != group.page:
            return self._continues_on_next_page(group, previous, line)
        gap = previous.y - line.y
        if not 0 < gap <= self._gap_limit(previous):
            return False
        ends_sentence = previous.text[-1] in TERMINAL
        if ends_sentence and (
            self._short(previous, group) or line.x0 > previous.x0 + 1.5 * line.size
        ):
            return False
        if group.kind is BlockKind.LIST_ITEM and line.x0 < group.lines[0].x0 - 2:
            return False
        if previous.bold != line.bold and self._style_break(group, previous, ends_sentence):
            return False
        return not (self._big(group.lines[0]) and (ends_sentence or line.bold != previous.bold))

    def _continues_on_next_page(self, group: _Group, previous: Line, line: Line) -> bool:
        return (
            self._page_start
            and group.kind is not BlockKind.TOC
            and line.text[0].islower()
            and previous.text[-1] not in TERMINAL
            and previous.bold == line.bold
            and not self._big(group.lines[0])
        )

    def _gap_limit(self, previous: Line) -> float:
        """Largest baseline gap inside a paragraph.

        pdfium appends the line after a hyphenated break to the hyphenated line, so the next
        baseline is one line further down for every such merge.
        """
        merged = 0
        if self.vocabulary is not None:  # the document has hyphen marks at all
            merged = previous.text.count("\ufffe") + previous.text.count("\x02")
        if abs(previous.size - self.stats.body_size) <= 0.6:
            return self._body_gap + merged * self.stats.leading
        return (1.5 + 1.4 * merged) * previous.size

    def _style_break(self, group: _Group, previous: Line, ends_sentence: bool) -> bool:
        """Bold to regular after a short all-bold line (a run-in heading), or after a sentence."""
        if previous.bold:
            return all(ln.bold for ln in group.lines) and self._short(previous, group)
        return ends_sentence

    def _short(self, line: Line, group: _Group) -> bool:
        """Whether a line stops well before the right edge of its column."""
        if line.x1 < 0:
            return False
        left = group.lines[0].x0
        right = self._right_edges.get(left)
        if right is None:
            same_column = [x1 for x0, x1 in self._edges if abs(x0 - left) < 40]
            right = max(same_column or [x1 for _, x1 in self._edges] or [line.x1])
            self._right_edges[left] = right
        return line.x1 < right - max(2 * line.size, 0.12 * (right - left))

    def _big(self, line: Line) -> bool:
        body = self.stats.body_size
        return line.size >= _HEADING_RATIO * body and line.size - body >= 1.0

    # --- closing and classifying --------------------------------------------------------

    def _close(self) -> None:
        group = self.group
        if group is None:
            return
        self.group = None
        text = dehyphenate(_join([ln.text for ln in group.lines]), self.vocabulary)
        block = group.block
        first = group.lines[0]
        block.style = f"{first.size:g}pt bold" if first.bold else f"{first.size:g}pt"
        if group.kind is BlockKind.TOC:
            block.text = text
            return
        numbering = heading_number(text)
        if self._is_heading(group, text, numbering):
            block.kind = BlockKind.HEADING
            scheme, depth, label = numbering if numbering else (None, 0, "")
            size = round(first.size * 2) / 2
            self.headings.append(HeadingInfo(block, scheme, depth, size, label))
        elif group.kind is BlockKind.LIST_ITEM:
            text = list_marker(text)[1]
        block.text = text

    def _is_heading(self, group: _Group, text: str, numbering: tuple[str, int, str] | None) -> bool:
        """Big text, or a short bold or numbered line; never a sentence or a lone label."""
        lines = group.lines
        big = self._big(lines[0])
        last = text[-1]
        if last in ",;" or (last == "." and not big):
            return False  # most paragraphs stop here
        if group.kind is BlockKind.LIST_ITEM and numbering is None:
            return False
        most_lines = (
            2 * _MAX_HEADING_LINES
            if lines[0].size >= 1.5 * self.stats.body_size
            else _MAX_HEADING_LINES
        )
        if len(text) > _MAX_HEADING_CHARS or len(lines) > most_lines:
            return False
        if _letters(text) < 2 or is_label_only(text):
            return False
        scheme = numbering[0] if numbering else None
        if last == ":" and not (big or scheme == "keyword"):
            return False
        if big:
            return True
        if all(ln.bold for ln in lines):
            return len(text) <= 150 and (
                scheme is not None
                or text.isupper()
                or len(text) <= 80
                or self._short(lines[-1], group)
            )
        if scheme == "keyword":
            return len(text) <= 120
        if len(lines) > 1 or len(text) > 80:
            return False
        if scheme == "decimal" and numbering is not None and numbering[1] >= 2:
            return _title_after_number(text)
        return text.isupper() and _letters(text) >= 4

    def _emit_tables(self, page: PageText, index: int) -> None:
        for table in page.tables:
            if table.anchor == index:
                self._close()
                self._emit_table(table, page.number)

    def _emit_table(self, table: Table, page: int) -> None:
        for cell in table.cells:
            text = dehyphenate(cell.text, self.vocabulary)
            self.blocks.append(
                RawBlock(
                    BlockKind.TABLE_CELL,
                    text,
                    page=page,
                    table=self.tables,
                    row=cell.row,
                    column=cell.column,
                )
            )
        self.tables += 1


def _single(kind: BlockKind, line: Line, page: int) -> RawBlock:
    return RawBlock(kind, line.text, page=page)


def _ends_entry(text: str) -> bool:
    """A TOC line that completes an entry (else the next line finishes a wrapped entry)."""
    return (
        ends_with_page_number(text)
        or has_dot_leader(text)
        or BARE_PAGE.match(text) is not None
        or TOC_TITLE.match(text) is not None
    )


def _mid_sentence(previous: Line, line: Line) -> bool:
    """A line starting in lower case right after one not ending a sentence: same paragraph.

    Some producers switch the font size in the middle of a paragraph (10 pt and 12 pt lines
    alternate in the DINUM CCTP); the sentence, not the size, says the paragraph goes on.
    """
    return (
        line.text[0].islower()
        and previous.text[-1] not in TERMINAL
        and 0 < previous.y - line.y <= 1.6 * max(previous.size, line.size)
    )


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def _title_after_number(text: str) -> bool:
    rest = text.split(maxsplit=1)
    return len(rest) == 2 and rest[1][:1].isupper()


def _join(texts: list[str]) -> str:
    """Join a block's lines; a hyphen pdfium left at a line end joins without a space."""
    pieces = [texts[0]]
    for text in texts[1:]:
        previous = pieces[-1]
        if previous.endswith("\u00ad"):
            pieces[-1] = previous[:-1]
        elif (
            previous[-1] in "-\u2010"
            and len(previous) > 1
            and previous[-2].isalnum()
            and text[0].isalnum()
        ):
            pass
        else:
            pieces.append(" ")
        pieces.append(text)
    return "".join(pieces)
