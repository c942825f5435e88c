"""Small pure helpers over WordprocessingML elements, used by the body reader.

Kept apart from `docx_body` so that the reader holds only the walk and its state.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from pppcheck.ingest import docx_ns as ns
from pppcheck.ingest.xmlsafe import Element

_MAX_SPAN: Final = 64
_NEW_PAGE_SECTIONS: Final = frozenset({"nextPage", "oddPage", "evenPage"})
_SECT_TYPE: Final = ns.w("type")


@dataclass(slots=True)
class ParaProps:
    """What a paragraph's ``w:pPr`` says directly (style, numbering, outline, breaks)."""

    style_id: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    break_before: bool | None = None
    section_break: bool = False


def paragraph_props(p: Element) -> ParaProps:
    """Read ``w:pPr`` in one pass over its children.

    lxml's ``find`` goes through ElementPath and costs several times a plain child loop; on a
    500-page tender this function runs tens of thousands of times.
    """
    props = ParaProps()
    if not len(p) or p[0].tag != ns.W_PPR:  # the schema puts w:pPr first
        return props
    for child in p[0]:
        tag = child.tag
        if tag == ns.W_PSTYLE:
            props.style_id = child.get(ns.W_VAL)
        elif tag == ns.W_NUMPR:
            for item in child:
                if item.tag == ns.W_NUMID:
                    props.num_id = item.get(ns.W_VAL)
                elif item.tag == ns.W_ILVL:
                    props.ilvl = ns.int_val(item)
        elif tag == ns.W_OUTLINELVL:
            props.outline = ns.int_val(child)
        elif tag == ns.W_PAGEBREAKBEFORE:
            props.break_before = ns.on_off(child)
        elif tag == ns.W_SECTPR:
            kind = next((c.get(ns.W_VAL) for c in child if c.tag == _SECT_TYPE), None)
            props.section_break = (kind or "nextPage") in _NEW_PAGE_SECTIONS
    return props


_SYMBOL_FONTS_WITHOUT_TEXT: Final = ("wingding", "webding")


def sdt_content(sdt: Element) -> Element | None:
    """A content control's content, or None while it only shows its placeholder prompt
    ("Click or tap to enter text."), which is template chrome rather than tender text."""
    props = sdt.find(ns.W_SDTPR)
    if props is not None and props.find(ns.w("showingPlcHdr")) is not None:
        return None
    return sdt.find(ns.W_SDTCONTENT)


def is_toc_sdt(sdt: Element) -> bool:
    props = sdt.find(ns.W_SDTPR)
    if props is None:
        return False
    gallery = next(props.iter(ns.W_DOCPARTGALLERY), None)
    return gallery is not None and (gallery.get(ns.W_VAL) or "").startswith("Table of Contents")


def children(parent: Element, tag: str) -> Iterator[Element]:
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == ns.W_SDT:
            content = child.find(ns.W_SDTCONTENT)
            if content is not None:
                yield from children(content, tag)
        elif child.tag == ns.W_CUSTOMXML:
            yield from children(child, tag)


def leading_child(el: Element, tag: str) -> Element | None:
    """A property element that the schema puts first (``w:tcPr``), or second after an
    exception element (``w:trPr`` after ``w:tblPrEx``): cheaper than ``find``."""
    for index, child in enumerate(el):
        if child.tag == tag:
            return child
        if index:
            break
    return None


def span_and_merge(tcpr: Element | None) -> tuple[int, bool]:
    """Grid columns a cell covers, and whether it continues a merge (and is to be skipped)."""
    span, merged = 1, False
    if tcpr is None:
        return span, merged
    for child in tcpr:
        tag = child.tag
        if tag == ns.W_GRIDSPAN:
            span = max(1, min(ns.int_val(child, 1) or 1, _MAX_SPAN))
        elif tag == ns.W_VMERGE or tag == ns.W_HMERGE:
            merged = merged or child.get(ns.W_VAL) != "restart"
    return span, merged


def symbol_text(sym: Element) -> str:
    """Best-effort character for ``w:sym`` (symbol fonts map their glyphs to U+F0xx)."""
    font = (sym.get(ns.w("font")) or "").lower()
    if any(name in font for name in _SYMBOL_FONTS_WITHOUT_TEXT):
        return ""
    try:
        code = int(sym.get(ns.w("char")) or "", 16)
    except ValueError:
        return ""
    if 0xF020 <= code <= 0xF0FF:
        code -= 0xF000
    if code < 0x20 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return ""
    return chr(code)


def text_boxes(host: Element) -> list[Element]:
    """Outermost ``w:txbxContent`` of a drawing; of alternate content, only the first branch
    that has any (Word writes the same text box twice: DrawingML choice and VML fallback)."""
    branches = list(host) if host.tag == ns.MC_ALTERNATE else [host]
    for branch in branches:
        found = [box for box in branch.iter(ns.W_TXBXCONTENT) if not _inside_box(box, branch)]
        if found:
            return found
    return []


def _inside_box(box: Element, top: Element) -> bool:
    for ancestor in box.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag == ns.W_TXBXCONTENT:
            return True
    return False
