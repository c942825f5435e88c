"""Resolve word/styles.xml into what the DOCX parser needs to classify paragraphs.

Headings in real tenders are marked in many ways: Word's built-in "heading 1" (whatever the UI
language), localised names written by other suites ("Titre 1", "Título 1", "Überschrift 1"), a
custom style whose only heading trait is ``w:outlineLvl``, or a style *based on* one of those. So
every property is looked up along the ``w:basedOn`` chain, and the result is memoised per style
id because a 500-page tender has tens of thousands of paragraphs but a few dozen styles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from pppcheck.ingest.docx_ns import (
    W_B,
    W_NUMID,
    W_NUMPR,
    W_OUTLINELVL,
    W_PAGEBREAKBEFORE,
    W_PPR,
    W_RPR,
    int_val,
    on_off,
    val,
    w,
)
from pppcheck.ingest.xmlsafe import Element

_HEADING_NAME: Final = re.compile(
    r"^(?:heading|titre|t[ií]?tulo|titolo|[üu]?berschrift|kop|rubrik|overskrift|otsikko|nadpis"
    r"|nag[łl][óo]wek|naslov|c[íi]msor|ba[şs]l[ıi]k|заголовок)\s*([1-9])$",
    re.IGNORECASE,
)
_TITLE_NAME: Final = re.compile(r"^(?:title|titre|t[ií]tulo|titel|titolo)$", re.IGNORECASE)
_SUBTITLE_NAME: Final = re.compile(
    r"^(?:subtitle|sous-titre|subt[ií]tulo|untertitel|ondertitel|sottotitolo)$", re.IGNORECASE
)
_TOC_NAME: Final = re.compile(
    r"^(?:toc\b|table of contents|contents\b|sommaire|table des mati[eè]res"
    r"|en-t[êe]te de table des mati[eè]res|[ií]ndice|inhaltsverzeichnis|verzeichnis\s*\d"
    r"|inhoudsopgave|inhoud\s*\d|sum[aá]rio|tdm\s*\d)",
    re.IGNORECASE,
)
_LIST_NAME: Final = re.compile(
    r"^(?:list\b|liste\b|lista\b|lijst|listenabsatz|aufz[äa]hlung|paragraphe de liste"
    r"|p[áa]rrafo de lista|elenco)",
    re.IGNORECASE,
)
_MAX_CHAIN: Final = 32
"""basedOn chains longer than this are cut: real ones are < 10, loops are hostile or broken."""

_W_STYLE: Final = w("style")
_W_STYLEID: Final = w("styleId")
_W_NAME: Final = w("name")
_W_BASEDON: Final = w("basedOn")
_W_DEFAULT: Final = w("default")
_W_DOCDEFAULTS: Final = w("docDefaults")
_W_RPRDEFAULT: Final = w("rPrDefault")


@dataclass(slots=True)
class _RawStyle:
    """One ``w:style`` as written, before inheritance."""

    kind: str
    name: str
    based_on: str | None
    outline: int | None
    bold: bool | None
    num_id: str | None
    ilvl: int | None
    page_break_before: bool | None


@dataclass(frozen=True, slots=True)
class ParaStyle:
    """A paragraph style with its inherited properties resolved."""

    style_id: str | None
    name: str | None
    heading_level: int | None
    is_toc: bool
    is_list: bool
    bold: bool
    num_id: str | None
    ilvl: int | None
    page_break_before: bool


def heading_level_from_name(name: str) -> int | None:
    """Level of a heading/title style name in any of the languages we know, else None.

    A bare "Heading" (LibreOffice's parent of all heading styles, or a custom style of that
    name) counts as level 1.
    """
    if name.strip().lower() == "heading":
        return 1
    match = _HEADING_NAME.match(name.strip())
    if match:
        return int(match.group(1))
    if _TITLE_NAME.match(name.strip()):
        return 1
    if _SUBTITLE_NAME.match(name.strip()):
        return 2
    return None


def is_toc_name(name: str) -> bool:
    """Whether a style name is one of the table-of-contents styles (entries or title)."""
    return bool(_TOC_NAME.match(name.strip()))


def is_list_name(name: str) -> bool:
    """Whether a style name is a list style ("List Paragraph", "List Bullet 2", "Liste"...)."""
    return bool(_LIST_NAME.match(name.strip()))


def _read_style(el: Element) -> _RawStyle:
    ppr = el.find(W_PPR)
    rpr = el.find(W_RPR)
    numpr = None if ppr is None else ppr.find(W_NUMPR)
    return _RawStyle(
        kind=el.get(w("type")) or "paragraph",
        name=val(el.find(_W_NAME)) or el.get(_W_STYLEID) or "",
        based_on=val(el.find(_W_BASEDON)),
        outline=None if ppr is None else int_val(ppr.find(W_OUTLINELVL)),
        bold=None if rpr is None else on_off(rpr.find(W_B)),
        num_id=None if numpr is None else val(numpr.find(W_NUMID)),
        ilvl=None if numpr is None else int_val(numpr.find(w("ilvl"))),
        page_break_before=None if ppr is None else on_off(ppr.find(W_PAGEBREAKBEFORE)),
    )


class StyleSheet:
    """Styles of one document, resolved lazily and memoised."""

    def __init__(self, root: Element | None) -> None:
        self._raw: dict[str, _RawStyle] = {}
        self._para: dict[str | None, ParaStyle] = {}
        self._char_bold: dict[str, bool | None] = {}
        self.default_para: str | None = None
        self.default_bold = False
        if root is None:
            return
        for el in root.iter(_W_STYLE):
            style_id = el.get(_W_STYLEID)
            if style_id is None or style_id in self._raw:
                continue
            self._raw[style_id] = _read_style(el)
            if (
                el.get(_W_DEFAULT) in ("1", "true", "on")
                and self._raw[style_id].kind == "paragraph"
            ):
                self.default_para = self.default_para or style_id
        defaults = root.find(f"{_W_DOCDEFAULTS}/{_W_RPRDEFAULT}/{W_RPR}")
        if defaults is not None:
            self.default_bold = bool(on_off(defaults.find(W_B)))

    def name(self, style_id: str | None) -> str | None:
        """Display name of a style (its id when unnamed), or None."""
        if style_id is None:
            return None
        raw = self._raw.get(style_id)
        return raw.name if raw else style_id

    def has_page_break_styles(self) -> bool:
        """Whether any style forces a page break before its paragraphs."""
        return any(raw.page_break_before for raw in self._raw.values())

    def _chain(self, style_id: str | None) -> list[tuple[str, _RawStyle]]:
        chain: list[tuple[str, _RawStyle]] = []
        seen: set[str] = set()
        current = style_id
        while current is not None and current not in seen and len(chain) < _MAX_CHAIN:
            raw = self._raw.get(current)
            if raw is None:
                break
            seen.add(current)
            chain.append((current, raw))
            current = raw.based_on
        return chain

    def paragraph(self, style_id: str | None) -> ParaStyle:
        """The resolved paragraph style for a ``w:pStyle`` value (None: the default style)."""
        key = style_id if style_id in self._raw else self.default_para
        cached = self._para.get(key)
        if cached is None:
            cached = self._resolve(key, style_id)
            self._para[key] = cached
        return cached

    def _resolve(self, key: str | None, written: str | None) -> ParaStyle:
        chain = self._chain(key)
        names = [raw.name for _, raw in chain] + [sid for sid, _ in chain]
        num_owner = next(((sid, raw) for sid, raw in chain if raw.num_id is not None), None)
        bold = _first(raw.bold for _, raw in chain)
        return ParaStyle(
            style_id=key,
            name=chain[0][1].name if chain else written,
            heading_level=_chain_heading_level(chain),
            is_toc=any(is_toc_name(n) for n in names),
            is_list=any(is_list_name(n) for n in names),
            bold=self.default_bold if bold is None else bold,
            num_id=None if num_owner is None else num_owner[1].num_id,
            ilvl=None if num_owner is None else num_owner[1].ilvl,
            page_break_before=bool(_first(raw.page_break_before for _, raw in chain)),
        )

    def numbering_owner(self, style_id: str | None) -> str | None:
        """Id of the style (this one or an ancestor) that carries the numbering of `style_id`."""
        return next((sid for sid, raw in self._chain(style_id) if raw.num_id is not None), None)

    def numbering_style_num(self, style_id: str) -> str | None:
        """The numId a numbering style points to (for ``w:numStyleLink`` indirection)."""
        raw = self._raw.get(style_id)
        return None if raw is None else raw.num_id

    def char_bold(self, style_id: str) -> bool | None:
        """Bold set by a character style (along its chain), None when it says nothing."""
        if style_id not in self._char_bold:
            self._char_bold[style_id] = _first(raw.bold for _, raw in self._chain(style_id))
        return self._char_bold[style_id]


def _first(values: Iterable[bool | None]) -> bool | None:
    for value in values:
        if value is not None:
            return bool(value)
    return None


def _chain_heading_level(chain: list[tuple[str, _RawStyle]]) -> int | None:
    """Nearest style in the chain that says "heading" by name or outline level decides."""
    for style_id, raw in chain:
        level = heading_level_from_name(raw.name) or heading_level_from_name(style_id)
        if level is not None:
            return level
        if raw.outline is not None:
            return raw.outline + 1 if 0 <= raw.outline < 9 else None
    return None
