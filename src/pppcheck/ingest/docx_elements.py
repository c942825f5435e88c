"""Small pure helpers over WordprocessingML elements, used by the body reader.

Kept apart from `docx_body` so that the reader holds only the walk and its state.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from pppcheck.ingest import docx_ns as ns
from pppcheck.ingest.xmlsafe import Element

_MAX_SPAN: Final = 64
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


def span_and_merge(tcpr: Element | None) -> tuple[int, bool]:
    """Grid columns a cell covers, and whether it continues a merge (and is to be skipped)."""
    if tcpr is None:
        return 1, False
    span = max(1, min(ns.int_val(tcpr.find(ns.W_GRIDSPAN), 1) or 1, _MAX_SPAN))
    vmerge = tcpr.find(ns.W_VMERGE)
    hmerge = tcpr.find(ns.W_HMERGE)
    merged = (vmerge is not None and vmerge.get(ns.W_VAL) != "restart") or (
        hmerge is not None and hmerge.get(ns.W_VAL) != "restart"
    )
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
