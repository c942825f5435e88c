"""OpenDocument names, and the style facts the ODT parser needs, resolved along parent chains.

LibreOffice writes most formatting as automatic styles ("P12", parent "Heading_20_2"; "T3",
bold), so whether a ``text:p`` is a heading, a table-of-contents line or bold text is only known
by following ``style:parent-style-name`` up to a named style. Automatic styles live in the part
that uses them (content.xml for the body, styles.xml for master pages) and their names collide
between the two parts, so one `OdtStyles` is built per part, on top of the shared named styles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from pppcheck.ingest.docx_styles import heading_level_from_name, is_list_name, is_toc_name
from pppcheck.ingest.xmlsafe import Element

TEXT_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DRAW_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def t(local: str) -> str:
    """Clark name in the text namespace."""
    return f"{{{TEXT_NS}}}{local}"


def tb(local: str) -> str:
    """Clark name in the table namespace."""
    return f"{{{TABLE_NS}}}{local}"


def st(local: str) -> str:
    """Clark name in the style namespace."""
    return f"{{{STYLE_NS}}}{local}"


def office(local: str) -> str:
    """Clark name in the office namespace."""
    return f"{{{OFFICE_NS}}}{local}"


def draw(local: str) -> str:
    """Clark name in the drawing namespace."""
    return f"{{{DRAW_NS}}}{local}"


T_STYLE_NAME: Final = t("style-name")
_STYLE: Final = st("style")
_NAME: Final = st("name")
_DISPLAY: Final = st("display-name")
_FAMILY: Final = st("family")
_PARENT: Final = st("parent-style-name")
_OUTLINE: Final = st("default-outline-level")
_MASTER: Final = st("master-page-name")
_PARA_PROPS: Final = st("paragraph-properties")
_TEXT_PROPS: Final = st("text-properties")
_LIST_STYLE: Final = st("list-style-name")
_FO_WEIGHT: Final = f"{{{FO_NS}}}font-weight"
_FO_BREAK_BEFORE: Final = f"{{{FO_NS}}}break-before"
_FO_BREAK_AFTER: Final = f"{{{FO_NS}}}break-after"
_MAX_CHAIN: Final = 32


@dataclass(slots=True)
class _Raw:
    family: str
    names: tuple[str, ...]
    parent: str | None
    outline: int | None
    bold: bool | None
    break_before: bool
    break_after: bool


@dataclass(frozen=True, slots=True)
class OdtParaStyle:
    """A paragraph style with inherited properties resolved."""

    name: str | None
    heading_level: int | None
    is_toc: bool
    is_list: bool
    bold: bool
    break_before: bool
    break_after: bool


def _bold(props: Element | None) -> bool | None:
    if props is None:
        return None
    weight = props.get(_FO_WEIGHT)
    if weight is None:
        return None
    return weight == "bold" or (weight.isdigit() and int(weight) >= 600)


def _outline(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _read(el: Element) -> _Raw:
    para = el.find(_PARA_PROPS)
    text = el.find(_TEXT_PROPS)
    name = el.get(_NAME) or ""
    display = el.get(_DISPLAY) or name.replace("_20_", " ")
    before = para is not None and para.get(_FO_BREAK_BEFORE) == "page"
    return _Raw(
        family=el.get(_FAMILY) or "",
        names=(display, name),
        parent=el.get(_PARENT),
        outline=_outline(el.get(_OUTLINE)),
        bold=_bold(text),
        break_before=before or bool(el.get(_MASTER)),
        break_after=para is not None and para.get(_FO_BREAK_AFTER) == "page",
    )


class OdtStyles:
    """Named styles (styles.xml) plus the automatic styles of one part, memoised."""

    def __init__(self, *roots: Element | None) -> None:
        self._raw: dict[tuple[str, str], _Raw] = {}
        self._para: dict[str | None, OdtParaStyle] = {}
        self._text_bold: dict[str, bool | None] = {}
        for root in roots:
            if root is None:
                continue
            for el in root.iter(_STYLE):
                raw = _read(el)
                self._raw[(raw.family, el.get(_NAME) or "")] = raw

    def _chain(self, family: str, name: str | None) -> list[_Raw]:
        chain: list[_Raw] = []
        seen: set[str] = set()
        while name is not None and name not in seen and len(chain) < _MAX_CHAIN:
            raw = self._raw.get((family, name))
            if raw is None:
                break
            seen.add(name)
            chain.append(raw)
            name = raw.parent
        return chain

    def paragraph(self, name: str | None) -> OdtParaStyle:
        """The resolved paragraph style of a ``text:style-name``."""
        cached = self._para.get(name)
        if cached is None:
            cached = self._resolve(name)
            self._para[name] = cached
        return cached

    def _resolve(self, name: str | None) -> OdtParaStyle:
        chain = self._chain("paragraph", name)
        names = [n for raw in chain for n in raw.names if n]
        shown = next((raw.names[0] for raw in chain if not _automatic(raw)), None)
        return OdtParaStyle(
            name=shown or (chain[0].names[0] if chain else name),
            heading_level=_heading_level(chain),
            is_toc=any(is_toc_name(n) for n in names),
            is_list=any(is_list_name(n) for n in names),
            bold=next((raw.bold for raw in chain if raw.bold is not None), False),
            break_before=any(raw.break_before for raw in chain),
            break_after=any(raw.break_after for raw in chain),
        )

    def text_bold(self, name: str) -> bool | None:
        """Bold set by a text (span) style, None when it says nothing."""
        if name not in self._text_bold:
            chain = self._chain("text", name)
            self._text_bold[name] = next((r.bold for r in chain if r.bold is not None), None)
        return self._text_bold[name]


def _automatic(raw: _Raw) -> bool:
    """LibreOffice's automatic style names: P12, T3, MP1..."""
    name = raw.names[1]
    return (
        bool(name) and name.rstrip("0123456789") in ("P", "T", "MP", "MT") and name[-1:].isdigit()
    )


def _heading_level(chain: list[_Raw]) -> int | None:
    for raw in chain:
        for name in raw.names:
            level = heading_level_from_name(name) if name else None
            if level is not None:
                return level
        if raw.outline is not None and 0 < raw.outline <= 10:
            return raw.outline
    return None
