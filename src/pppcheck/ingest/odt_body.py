"""Walk ODF text content (office:text, a master-page header, a note body) into `RawBlock`s.

Mirrors `docx_body` so that both word-processor formats produce the same shapes: headings with
levels and numbering labels, list items, one block per table cell with grid row and column,
notes right after the paragraph that cites them (so they get its section), text boxes after
their anchor paragraph, and page numbers from `paging.PageCounter`.

ODF specifics handled here: mixed content (text in ``.text`` and in every child's ``.tail``),
``text:s`` runs of spaces, ``table:number-columns-repeated``/``number-rows-repeated`` (capped:
a repeated *empty* cell only advances the column, a repeated non-empty one is emitted at most
`MAX_REPEAT` times), covered cells skipped, tracked changes skipped (deleted text lives in
``text:tracked-changes``), comments (``office:annotation``) skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from pppcheck.ingest.base import RawBlock
from pppcheck.ingest.budget import CharBudget, CharLimitReachedError
from pppcheck.ingest.headings import PseudoHeadings
from pppcheck.ingest.odt_elements import (
    has_text,
    int_or_none,
    outline_level,
    repeat_count,
    table_rows,
    text_boxes,
)
from pppcheck.ingest.odt_numbering import OdtNumbering
from pppcheck.ingest.odt_styles import T_STYLE_NAME, OdtParaStyle, OdtStyles, draw, office, t, tb
from pppcheck.ingest.paging import PageCounter
from pppcheck.ingest.xmlsafe import Element
from pppcheck.model import BlockKind

MAX_REPEAT: Final = 100
_MAX_SPACES: Final = 1000
_P, _H, _LIST, _ITEM, _HEADER = t("p"), t("h"), t("list"), t("list-item"), t("list-header")
_SPAN, _S, _TAB, _BR = t("span"), t("s"), t("tab"), t("line-break")
_SOFT_BREAK, _NOTE, _NOTE_BODY = t("soft-page-break"), t("note"), t("note-body")
_NUMBER = t("number")
_TABLE, _ROW, _CELL, _COVERED = (
    tb("table"),
    tb("table-row"),
    tb("table-cell"),
    tb("covered-table-cell"),
)
_SECTIONS: Final = frozenset({t("section"), t("index-title"), t("numbered-paragraph")})
_INDEXES: Final = frozenset(
    t(name)
    for name in (
        "table-of-content",
        "illustration-index",
        "table-index",
        "object-index",
        "user-index",
        "alphabetical-index",
        "bibliography",
    )
)
_INDEX_BODY = t("index-body")
_SKIPPED_INLINE: Final = frozenset(
    {office("annotation"), office("annotation-end"), t("note-citation"), t("tracked-changes")}
    | {t("change"), t("hidden-text"), t("hidden-paragraph"), t("ruby-text")}
)
_BOX_HOSTS: Final = frozenset({draw("frame"), draw("a"), draw("g"), draw("custom-shape")})
_TEXT_NS_PREFIX: Final = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


@dataclass(slots=True)
class _Para:
    style: OdtParaStyle
    parts: list[str] = field(default_factory=list)
    page: int | None = None
    all_bold: bool = True
    notes: list[Element] = field(default_factory=list)
    boxes: list[Element] = field(default_factory=list)
    has_number: bool = False


@dataclass(slots=True)
class _ListContext:
    instance: str
    style: str | None
    level: int


class OdtReader:
    """Reads one ODF story into blocks; `paging` is on for the document body only."""

    def __init__(
        self, styles: OdtStyles, numbering: OdtNumbering, budget: CharBudget, *, paging: bool
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.budget = budget
        self.blocks: list[RawBlock] = []
        self.pages = PageCounter(paging)
        self.tables = 0
        self.truncated_repeats = False
        self._targets: list[list[RawBlock]] = [self.blocks]
        self._pseudo = PseudoHeadings()

    # ----------------------------------------------------------------- block level

    def read(
        self, container: Element, in_toc: bool = False, lst: _ListContext | None = None
    ) -> None:
        """Read the block-level children of `container`."""
        for child in container:
            self._block(child, in_toc, lst)

    def _block(self, child: Element, in_toc: bool, lst: _ListContext | None) -> None:
        tag = child.tag
        if tag in (_P, _H):
            self._paragraph(child, in_toc, lst)
        elif tag == _LIST:
            self._list(child, in_toc, lst)
        elif tag == _TABLE:
            self._table(child, in_toc)
        elif tag == _SOFT_BREAK:
            self.pages.page_break()
        elif tag in _SECTIONS:
            self.read(child, in_toc, lst)
        elif tag in _INDEXES:
            body = child.find(_INDEX_BODY)
            if body is not None:
                self.read(body, True)

    def _emit(self, block: RawBlock) -> None:
        text = self.budget.take(block.text)
        truncated = len(text) < len(block.text)
        block.text = text
        self._targets[-1].append(block)
        if truncated:
            raise CharLimitReachedError

    def story_text(self, container: Element) -> str:
        """Text of a nested story (note body, text box) as one string, read without paging."""
        collected: list[RawBlock] = []
        self._targets.append(collected)
        paging, self.pages.enabled = self.pages.enabled, False
        try:
            self.read(container)
        finally:
            self._targets.pop()
            self.pages.enabled = paging
        return "\n".join(b.text for b in collected if b.text.strip())

    # ----------------------------------------------------------------- lists

    def _list(self, el: Element, in_toc: bool, outer: _ListContext | None) -> None:
        style = el.get(T_STYLE_NAME) or (outer.style if outer else None)
        if outer is None:
            ctx = _ListContext(self.numbering.list_instance(el, style), style, 1)
        else:
            ctx = _ListContext(outer.instance, style, min(outer.level + 1, 10))
        for item in el:
            if item.tag == _ITEM or item.tag == _HEADER:
                self._item(item, in_toc, ctx)

    def _item(self, item: Element, in_toc: bool, ctx: _ListContext) -> None:
        numbered = item.tag == _ITEM
        for child in item:
            if child.tag in (_P, _H) and numbered:
                start = item.get(t("start-value"))
                label = self.numbering.list_label(
                    ctx.instance,
                    ctx.style,
                    ctx.level,
                    int(start) if start and start.isdigit() else None,
                )
                self._paragraph(child, in_toc, ctx, label)
                numbered = False  # further paragraphs of the item are unnumbered continuations
            elif child.tag in (_P, _H):
                self._paragraph(child, in_toc, ctx)
            elif child.tag == _LIST:
                self._list(child, in_toc, ctx)
            else:
                self._block(child, in_toc, ctx)

    # ----------------------------------------------------------------- tables

    def _table(self, table: Element, in_toc: bool) -> None:
        index = self.tables
        self.tables += 1
        row = 0
        for tr in table_rows(table):
            if tr.tag == _SOFT_BREAK:
                self.pages.page_break()
                continue
            repeat = repeat_count(tr.get(tb("number-rows-repeated")))
            if repeat > 1 and not has_text(tr):
                row += repeat
                continue
            for _ in range(min(repeat, MAX_REPEAT)):
                self._row(tr, index, row, in_toc)
                row += 1
            if repeat > MAX_REPEAT:
                self.truncated_repeats = True
                row += repeat - MAX_REPEAT

    def _row(self, tr: Element, table: int, row: int, in_toc: bool) -> None:
        column = 0
        start = end = self.pages.state()
        for cell in tr:
            if cell.tag == _SOFT_BREAK:
                self.pages.page_break()
                start = end = max(end, self.pages.state())
                continue
            if cell.tag not in (_CELL, _COVERED):
                continue
            repeat = repeat_count(cell.get(tb("number-columns-repeated")))
            if cell.tag == _COVERED or not has_text(cell):
                column += repeat
                continue
            for _ in range(min(repeat, MAX_REPEAT)):
                self.pages.restore(start)
                self._cell(cell, table, row, column, in_toc)
                end = max(end, self.pages.state())
                column += 1
            if repeat > MAX_REPEAT:
                self.truncated_repeats = True
                column += repeat - MAX_REPEAT
        self.pages.restore(end)

    def _cell(self, cell: Element, table: int, row: int, column: int, in_toc: bool) -> None:
        collected: list[RawBlock] = []
        nested: list[RawBlock] = []
        self._targets.append(collected)
        try:
            self.read(cell, in_toc)
        finally:
            self._targets.pop()
        lines: list[str] = []
        page = None
        for block in collected:
            if block.kind is BlockKind.TABLE_CELL or block.kind is BlockKind.FOOTNOTE:
                nested.append(block)  # nested tables and notes come after the cell
            else:
                lines.append(block.text)
                page = page if page is not None else block.page
        text = "\n".join(line for line in lines if line.strip())
        if text:
            self._targets[-1].append(
                RawBlock(BlockKind.TABLE_CELL, text, page=page, table=table, row=row, column=column)
            )
        self._targets[-1].extend(nested)

    # ----------------------------------------------------------------- paragraphs

    def _paragraph(
        self, p: Element, in_toc: bool, lst: _ListContext | None, label: str | None = None
    ) -> None:
        style = self.styles.paragraph(p.get(T_STYLE_NAME))
        if style.break_before:
            self.pages.page_break()
        para = _Para(style=style)
        if p.text:
            self._add(para, p.text, None)
        self._inline(p, para, None)
        if p.tag == _H and not para.has_number and p.get(t("is-list-header")) != "true":
            level = outline_level(p, style)
            restart = p.get(t("start-value")) if p.get(t("restart-numbering")) == "true" else None
            heading_label = self.numbering.heading_label(level, int_or_none(restart))
            label = label or heading_label
        kind, level_out, text = self._classify(p, para, in_toc, lst, label)
        if text.strip():
            self._emit(RawBlock(kind, text, level=level_out, page=para.page, style=style.name))
        for note in para.notes:
            body = note.find(_NOTE_BODY)
            note_text = self.story_text(body) if body is not None else ""
            if note_text:
                page = para.page if para.page is not None else self.pages.page
                kind_name = note.get(t("note-class")) or "footnote"
                self._targets[-1].append(
                    RawBlock(BlockKind.FOOTNOTE, note_text, page=page, style=kind_name)
                )
        for box in para.boxes:
            paging, self.pages.enabled = self.pages.enabled, False
            try:
                self.read(box)
            finally:
                self.pages.enabled = paging
        if style.break_after:
            self.pages.page_break()

    def _classify(
        self, p: Element, para: _Para, in_toc: bool, lst: _ListContext | None, label: str | None
    ) -> tuple[BlockKind, int | None, str]:
        text = "".join(para.parts)
        full = f"{label} {text}" if label and text.strip() else text
        style = para.style
        if in_toc or style.is_toc:
            return BlockKind.TOC, None, full
        if p.tag == _H:
            level = outline_level(p, style)
            self._pseudo.observe(full, level)
            return BlockKind.HEADING, level, full
        if style.heading_level is not None:
            self._pseudo.observe(full, style.heading_level)
            return BlockKind.HEADING, style.heading_level, full
        bold = para.all_bold and para.page is not None
        numbered = lst.level if lst is not None and label else None
        pseudo = self._pseudo.level(text, bold=bold, numbered_level=numbered)
        if pseudo is not None:
            return BlockKind.HEADING, pseudo, full
        if lst is not None or style.is_list:
            return BlockKind.LIST_ITEM, None, full
        return BlockKind.PARAGRAPH, None, full

    # ----------------------------------------------------------------- inline

    def _inline(self, parent: Element, para: _Para, span_bold: bool | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == _SPAN:
                name = child.get(T_STYLE_NAME)
                bold = self.styles.text_bold(name) if name else None
                inner = span_bold if bold is None else bold
                if child.text:
                    self._add(para, child.text, inner)
                self._inline(child, para, inner)
            elif tag == _S:
                para.parts.append(" " * min(repeat_count(child.get(t("c"))), _MAX_SPACES))
            elif tag == _TAB:
                para.parts.append("\t")
            elif tag == _BR:
                para.parts.append("\n")
            elif tag == _SOFT_BREAK:
                self.pages.page_break()
            elif tag == _NOTE:
                para.notes.append(child)
            else:
                self._inline_other(child, tag, para, span_bold)
            if child.tail:
                self._add(para, child.tail, span_bold)

    def _inline_other(self, child: Element, tag: str, para: _Para, bold: bool | None) -> None:
        """Links, fields and frames: the rarer inline elements, kept out of the hot branch."""
        if tag in _SKIPPED_INLINE:
            return
        if tag in _BOX_HOSTS:
            para.boxes.extend(text_boxes(child))
            return
        if tag.startswith(_TEXT_NS_PREFIX):  # text:a, fields (page-number, date...), text:number
            if tag == _NUMBER:
                para.has_number = True
            if child.text:
                self._add(para, child.text, bold)
            self._inline(child, para, bold)

    def _add(self, para: _Para, text: str, bold: bool | None) -> None:
        para.parts.append(text)
        if not text or text.isspace():
            return
        if para.page is None:
            para.page = self.pages.text_page()
        elif self.pages.pending:
            self.pages.text_page()  # a break inside the paragraph: later text is a page on
        if para.all_bold and not (para.style.bold if bold is None else bold):
            para.all_bold = False
