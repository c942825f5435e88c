"""Walk WordprocessingML content (the body, a header, a note) into `RawBlock`s in reading order.

The walk is a hand-written recursion over lxml elements rather than python-docx's object model,
because it is faster (benchmarks/docx-extraction.md) and because it must see what python-docx
hides: content controls, smart tags, custom XML, tracked changes, complex fields, text boxes.

Choices that shape the output:

* Tracked changes are read as if accepted: insertions kept, ``w:del``/``w:moveFrom`` skipped.
* Field instructions are skipped and field results kept (a cross-reference shows "section 7.2").
* A paragraph's page is the page on which its first visible character sits. Page breaks come
  from Word's ``w:lastRenderedPageBreak`` markers and from explicit breaks (``w:br w:type=page``,
  ``pageBreakBefore``, next-page section breaks). Word writes a rendered marker right after an
  explicit break too, so consecutive markers with no text between them count as one break.
  In a table row every cell starts on the row's page and the row ends on the furthest cell's.
* Footnotes and endnotes are emitted right after the paragraph (or table cell) that cites them,
  not at the end: the assembler gives each block the section of the headings above it, and a
  note belongs to the clause that cites it, which is what a reviewer needs to see.
* Text boxes are emitted as their own blocks after the paragraph that anchors them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from pppcheck.ingest import docx_ns as ns
from pppcheck.ingest.base import RawBlock
from pppcheck.ingest.budget import CharBudget, CharLimitReachedError
from pppcheck.ingest.docx_elements import (
    ParaProps,
    children,
    is_toc_sdt,
    leading_child,
    paragraph_props,
    sdt_content,
    span_and_merge,
    symbol_text,
    text_boxes,
)
from pppcheck.ingest.docx_numbering import Numbering
from pppcheck.ingest.docx_styles import ParaStyle, StyleSheet
from pppcheck.ingest.headings import PseudoHeadings
from pppcheck.ingest.paging import PageCounter
from pppcheck.ingest.xmlsafe import Element
from pppcheck.model import BlockKind

_INLINE_WRAPPERS: Final = frozenset(
    {ns.W_HYPERLINK, ns.W_SMARTTAG, ns.W_CUSTOMXML, ns.W_FLDSIMPLE, ns.W_INS, ns.W_MOVETO}
    | {ns.W_BDO, ns.W_DIR, ns.W_SDTCONTENT}
)
_BLOCK_WRAPPERS: Final = frozenset({ns.W_CUSTOMXML, ns.W_INS, ns.W_MOVETO, ns.W_SDTCONTENT})
_BOX_HOSTS: Final = frozenset({ns.W_DRAWING, ns.W_PICT, ns.MC_ALTERNATE})
_TOC_INSTR: Final = re.compile(r"\s*TOC\b", re.IGNORECASE)
_INSTR_KEPT: Final = 64
"""Characters of a field instruction kept (enough to see "TOC"; a field may have thousands)."""
_NOTE_REFS: Final = {ns.W_FOOTNOTEREF: "footnote", ns.W_ENDNOTEREF: "endnote"}


@dataclass(slots=True)
class _Para:
    """Scratch state while reading one paragraph."""

    style: ParaStyle
    parts: list[str] = field(default_factory=list)
    page: int | None = None
    all_bold: bool = True
    toc: bool = False
    notes: list[tuple[str, str]] = field(default_factory=list)
    boxes: list[Element] = field(default_factory=list)


@dataclass(slots=True)
class _Cell:
    lines: list[str] = field(default_factory=list)
    page: int | None = None


@dataclass(slots=True)
class _Field:
    instr: str = ""
    toc: bool = False


class BodyReader:
    """Reads one story (body, header, footer or note) of a DOCX into blocks."""

    def __init__(
        self,
        styles: StyleSheet,
        numbering: Numbering,
        budget: CharBudget,
        *,
        paging: bool,
        notes: dict[tuple[str, str], str] | None = None,
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.budget = budget
        self.notes = notes or {}
        self.emitted_notes: set[tuple[str, str]] = set()
        self.blocks: list[RawBlock] = []
        self.pages = PageCounter(paging)
        self.tables = 0
        self._targets: list[list[RawBlock]] = [self.blocks]
        self._fields: list[_Field] = []
        self._pseudo = PseudoHeadings()

    # ----------------------------------------------------------------- block level

    def read(self, container: Element, in_toc: bool = False, cell: _Cell | None = None) -> None:
        """Read the block-level children of `container` (w:body, w:hdr, w:tc, w:footnote...)."""
        for child in container:
            tag = child.tag
            if tag == ns.W_P:
                self._paragraph(child, in_toc, cell)
            elif tag == ns.W_TBL:
                self._table(child, in_toc)
            elif tag == ns.W_SDT:
                content = sdt_content(child)
                if content is not None:
                    self.read(content, in_toc or is_toc_sdt(child), cell)
            elif tag in _BLOCK_WRAPPERS:
                self.read(child, in_toc, cell)
            elif tag == ns.MC_ALTERNATE and len(child):
                self.read(child[0], in_toc, cell)

    def _emit(self, block: RawBlock) -> None:
        text = self.budget.take(block.text)
        if len(text) < len(block.text):
            block.text = text
            self._targets[-1].append(block)
            raise CharLimitReachedError
        self._targets[-1].append(block)

    # ----------------------------------------------------------------- tables

    def _table(self, tbl: Element, in_toc: bool) -> None:
        index = self.tables
        self.tables += 1
        row = 0
        for tr in children(tbl, ns.W_TR):
            trpr = leading_child(tr, ns.W_TRPR)
            if trpr is not None and trpr.find(ns.W_DEL) is not None:
                continue  # a tracked row deletion
            self._row(tr, trpr, index, row, in_toc)
            row += 1

    def _row(self, tr: Element, trpr: Element | None, table: int, row: int, in_toc: bool) -> None:
        column = 0 if trpr is None else ns.int_val(trpr.find(ns.W_GRIDBEFORE), 0) or 0
        start = end = self.pages.state()
        for tc in children(tr, ns.W_TC):
            self.pages.restore(start)
            tcpr = leading_child(tc, ns.W_TCPR)
            span, merged = span_and_merge(tcpr)
            if not merged:
                self._cell(tc, table, row, column, in_toc)
            column += span
            end = max(end, self.pages.state())
        self.pages.restore(end)

    def _cell(self, tc: Element, table: int, row: int, column: int, in_toc: bool) -> None:
        cell = _Cell()
        nested: list[RawBlock] = []
        self._targets.append(nested)
        try:
            self.read(tc, in_toc, cell)
        finally:
            self._targets.pop()
        text = "\n".join(line for line in cell.lines if line.strip())
        if text:
            block = RawBlock(
                kind=BlockKind.TABLE_CELL,
                text=text,
                page=cell.page,
                table=table,
                row=row,
                column=column,
            )
            self._emit(block)
        self._targets[-1].extend(nested)

    # ----------------------------------------------------------------- paragraphs

    def _paragraph(self, p: Element, in_toc: bool, cell: _Cell | None) -> None:
        props = paragraph_props(p)
        style = self.styles.paragraph(props.style_id)
        if props.break_before or (props.break_before is None and style.page_break_before):
            self.pages.page_break()
        st = _Para(style=style, toc=bool(self._fields) and any(f.toc for f in self._fields))
        self._inline(p, st)
        kind, level, text = self._classify(props, st, in_toc)
        if cell is not None:
            cell.lines.append(text)
            if cell.page is None:
                cell.page = st.page
        elif text and not text.isspace():
            self._emit(RawBlock(kind=kind, text=text, level=level, page=st.page, style=style.name))
        if st.notes or st.boxes:
            self._after_paragraph(st)
        if props.section_break:
            self.pages.page_break()

    def _after_paragraph(self, st: _Para) -> None:
        for key in st.notes:
            if key in self.notes and key not in self.emitted_notes:
                self.emitted_notes.add(key)
                page = st.page if st.page is not None else self.pages.page
                # appended, not emitted: the note's characters were counted when it was read
                note = RawBlock(BlockKind.FOOTNOTE, self.notes[key], page=page, style=key[0])
                self._targets[-1].append(note)
        if st.boxes:
            paging, self.pages.enabled = self.pages.enabled, False
            try:
                for box in st.boxes:
                    self.read(box)
            finally:
                self.pages.enabled = paging

    def _classify(
        self, props: ParaProps, st: _Para, in_toc: bool
    ) -> tuple[BlockKind, int | None, str]:
        """Kind, heading level and final text (with its numbering label) of a paragraph."""
        style = st.style
        text = "".join(st.parts)
        num_id = props.num_id or style.num_id
        ilvl = props.ilvl if props.ilvl is not None else style.ilvl
        label: tuple[str, str] | None = None
        listed = num_id is not None and num_id != "0"
        if listed and num_id is not None:
            if ilvl is None:
                owner = self.styles.numbering_owner(style.style_id)
                ilvl = self.numbering.style_level(owner) or 0
            label = self.numbering.next_label(num_id, ilvl)
        full = f"{label[0]}{label[1]}{text}" if label and text.strip() else text
        if in_toc or style.is_toc or (st.toc and style.heading_level is None):
            return BlockKind.TOC, None, full
        level: int | None
        if props.outline is not None:
            # an outline level on a bulleted paragraph is an artefact, not a heading
            bullet = listed and label is None and self.numbering.is_bullet(num_id or "", ilvl or 0)
            level = props.outline + 1 if 0 <= props.outline < 9 and not bullet else None
            if level is not None:
                self._pseudo.observe(full, level)
        elif style.heading_level is not None:
            level = style.heading_level
            self._pseudo.observe(full, level)
        else:
            bold = st.all_bold and st.page is not None
            numbered = None if label is None or ilvl is None else ilvl + 1
            level = self._pseudo.level(text, bold=bold, numbered_level=numbered)
        if level is not None:
            return BlockKind.HEADING, level, full
        if listed or style.is_list:
            return BlockKind.LIST_ITEM, None, full
        return BlockKind.PARAGRAPH, None, full

    # ----------------------------------------------------------------- inline content

    def _inline(self, parent: Element, st: _Para) -> None:
        for child in parent:
            tag = child.tag
            if tag == ns.W_R:
                self._run(child, st)
            elif tag in _INLINE_WRAPPERS:
                if tag == ns.W_FLDSIMPLE and _TOC_INSTR.match(child.get(ns.W_INSTR) or ""):
                    st.toc = True
                self._inline(child, st)
            elif tag == ns.W_SDT:
                content = sdt_content(child)
                if content is not None:
                    self._inline(content, st)
            elif tag == ns.M_OMATHPARA or tag == ns.M_OMATH:
                self._add(st, "".join(t.text or "" for t in child.iter(ns.M_T)), None)
            elif tag == ns.MC_ALTERNATE and len(child):
                self._inline(child[0], st)

    def _run(self, r: Element, st: _Para) -> None:
        rpr: Element | None = None
        for child in r:
            tag = child.tag
            if tag == ns.W_T:
                if child.text:
                    self._add(st, child.text, rpr)
            elif tag == ns.W_RPR:
                rpr = child
            elif tag == ns.W_TAB or tag == ns.W_PTAB:
                st.parts.append("\t")
            elif tag == ns.W_BR or tag == ns.W_CR:
                if child.get(ns.W_TYPE) == "page":
                    self.pages.page_break()
                st.parts.append("\n")
            elif tag == ns.W_LASTRENDEREDPAGEBREAK:
                self.pages.page_break()
            else:
                self._run_special(child, tag, st, rpr)

    def _run_special(self, child: Element, tag: str, st: _Para, rpr: Element | None) -> None:
        """The rarer run children, kept out of the hot loop."""
        if tag == ns.W_NOBREAKHYPHEN:
            st.parts.append("-")
        elif tag == ns.W_SYM:
            self._add(st, symbol_text(child), rpr)
        elif tag == ns.W_FLDCHAR:
            self._field_char(child.get(ns.W_FLDCHARTYPE))
        elif tag == ns.W_INSTRTEXT:
            self._instruction(child.text or "", st)
        elif tag in _NOTE_REFS:
            st.notes.append((_NOTE_REFS[tag], child.get(ns.W_ID) or ""))
        elif tag in _BOX_HOSTS:
            st.boxes.extend(text_boxes(child))
        elif tag == ns.W_RUBY:
            base = child.find(ns.W_RUBYBASE)
            if base is not None:
                self._inline(base, st)

    def _add(self, st: _Para, text: str, rpr: Element | None) -> None:
        st.parts.append(text)
        if not text or text.isspace():
            return
        if st.page is None:
            st.page = self.pages.text_page()
        elif self.pages.pending:
            self.pages.text_page()  # a break inside the paragraph: later text is a page on
        if st.all_bold and not self._run_bold(rpr, st.style):
            st.all_bold = False

    def _run_bold(self, rpr: Element | None, style: ParaStyle) -> bool:
        """Direct ``w:b``, else the character style's, else the paragraph style's."""
        char_style = None
        if rpr is not None:
            for child in rpr:
                tag = child.tag
                if tag == ns.W_B:
                    return bool(ns.on_off(child))
                if tag == ns.W_RSTYLE:
                    char_style = child.get(ns.W_VAL)
        if char_style is not None:
            inherited = self.styles.char_bold(char_style)
            if inherited is not None:
                return inherited
        return style.bold

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _instruction(self, text: str, st: _Para) -> None:
        if not self._fields:
            return
        current = self._fields[-1]
        if current.toc or len(current.instr) >= _INSTR_KEPT:
            return  # settled: a TOC field names itself first ("TOC \\o ...")
        current.instr = (current.instr + text)[:_INSTR_KEPT]
        if _TOC_INSTR.match(current.instr):
            current.toc = True
            st.toc = True
