"""Small pure helpers over ODF elements, used by the ODT body reader."""

from __future__ import annotations

from typing import Final

from pppcheck.ingest.odt_styles import OdtParaStyle, draw, t, tb
from pppcheck.ingest.xmlsafe import Element

_ROW, _SOFT_BREAK = tb("table-row"), t("soft-page-break")
_ROW_GROUPS: Final = frozenset({tb("table-header-rows"), tb("table-rows"), tb("table-row-group")})
_TEXT_BOX = draw("text-box")


def table_rows(table: Element) -> list[Element]:
    """Rows (and page breaks between rows) in order, through row-group wrappers."""
    rows: list[Element] = []
    for child in table:
        if child.tag == _ROW or child.tag == _SOFT_BREAK:
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows.extend(table_rows(child))
    return rows


def text_boxes(host: Element) -> list[Element]:
    """Outermost text boxes of a frame (a box inside a box is read with its parent)."""
    found = []
    for box in host.iter(_TEXT_BOX):
        ancestors = box.iterancestors()
        nested = False
        for ancestor in ancestors:
            if ancestor is host:
                break
            if ancestor.tag == _TEXT_BOX:
                nested = True
                break
        if not nested:
            found.append(box)
    return found


def has_text(el: Element) -> bool:
    """Whether any text sits below `el` (repeated empty cells are common and cost nothing)."""
    for node in el.iter():
        if (node.text and not node.text.isspace()) or (
            node is not el and node.tail and not node.tail.isspace()
        ):
            return True
    return False


def repeat_count(raw: str | None) -> int:
    value = int_or_none(raw)
    return 1 if value is None or value < 1 else value


def int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def outline_level(h: Element, style: OdtParaStyle) -> int:
    level = int_or_none(h.get(t("outline-level")))
    if level is None:
        level = style.heading_level or 1
    return max(1, min(level, 10))
