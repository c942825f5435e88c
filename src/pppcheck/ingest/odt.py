"""ODT parser: OpenDocument text package in, `RawBlock`s in reading order out.

Same layout as the DOCX parser, for the same reasons: running headers and footers of the master
pages (styles.xml) once each, deduplicated, headers first and footers last; the body of
content.xml in order, with notes after the paragraph that cites them (see `odt_body`); the page
count from meta.xml's ``meta:document-statistic/@meta:page-count`` when it is at least the
number of pages counted from break markers; the title from ``dc:title`` when meaningful.

The package goes through `xmlsafe` like every zip format: capped members, hardened XML parser,
library errors turned into `InputError`.
"""

from __future__ import annotations

import re
from typing import Final

from pppcheck.errors import InputError
from pppcheck.ingest.base import ParseOutput, RawBlock
from pppcheck.ingest.budget import CharBudget, CharLimitReachedError
from pppcheck.ingest.odt_body import MAX_REPEAT, OdtReader
from pppcheck.ingest.odt_numbering import OdtNumbering
from pppcheck.ingest.odt_styles import OdtStyles, office, st
from pppcheck.ingest.paging import settle_pages
from pppcheck.ingest.xmlsafe import Element, Package, plain
from pppcheck.limits import Limits
from pppcheck.model import BlockKind

PARSER_NAME: Final = "odt/lxml"
_META_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_DC_TITLE: Final = "{http://purl.org/dc/elements/1.1/}title"
_STATISTIC: Final = f"{{{_META_NS}}}document-statistic"
_PAGE_COUNT: Final = f"{{{_META_NS}}}page-count"
_HEADERS: Final = tuple(st(name) for name in ("header", "header-first", "header-left"))
_FOOTERS: Final = tuple(st(name) for name in ("footer", "footer-first", "footer-left"))
_GENERIC_TITLE: Final = re.compile(
    r"^(?:document\s*\d*|untitled\s*\d*|sans titre\s*\d*|sin t[íi]tulo\s*\d*|title|titre)$",
    re.IGNORECASE,
)
_HINT: Final = "the file is probably damaged; open and re-save it in LibreOffice"


def parse_odt(data: bytes, limits: Limits) -> ParseOutput:
    """Parse an ODT file's bytes (see the module docstring for the layout of the output)."""
    package = Package(data, limits, "ODT")
    if not package.has("content.xml"):
        raise InputError("the ODT file has no content.xml (its main text part)", hint=_HINT)
    content = package.read_xml("content.xml")
    text_root = content.find(f"{office('body')}/{office('text')}")
    if text_root is None:
        raise InputError("content.xml has no text body (office:body/office:text)", hint=_HINT)
    out = ParseOutput(blocks=[], parser=PARSER_NAME)
    styles_root = _optional(package, "styles.xml", out.warnings)
    automatic = content.find(office("automatic-styles"))
    named = None if styles_root is None else styles_root.find(office("styles"))
    budget = CharBudget(limits.max_chars)
    numbering = OdtNumbering(named, automatic)
    reader = OdtReader(OdtStyles(named, automatic), numbering, budget, paging=True)
    headers: list[RawBlock] = []
    footers: list[RawBlock] = []
    try:
        headers, footers = _running(styles_root, named, budget)
        reader.read(text_root)
    except CharLimitReachedError:
        out.warnings.append(
            f"text truncated: the document has more than {limits.max_chars:,} characters"
        )
    if reader.truncated_repeats:
        out.warnings.append(f"table rows or cells repeated more than {MAX_REPEAT} times were cut")
    out.blocks = headers + reader.blocks + footers
    meta = _optional(package, "meta.xml", out.warnings)
    out.pages = settle_pages(out.blocks, reader.pages, _page_count(meta))
    out.title = _title(meta)
    return out


def _optional(package: Package, name: str, warnings: list[str]) -> Element | None:
    """styles.xml and meta.xml are optional: a broken one costs a warning, not the text."""
    if not package.has(name):
        return None
    try:
        return package.read_xml(name)
    except InputError as exc:
        warnings.append(f"{name} ignored: {exc.message}")
        return None


def _running(
    styles_root: Element | None, named: Element | None, budget: CharBudget
) -> tuple[list[RawBlock], list[RawBlock]]:
    """Distinct header and footer texts of the master pages, in master-page order."""
    if styles_root is None:
        return [], []
    automatic = styles_root.find(office("automatic-styles"))
    styles = OdtStyles(named, automatic)
    numbering = OdtNumbering(named)
    found: dict[BlockKind, list[RawBlock]] = {BlockKind.HEADER: [], BlockKind.FOOTER: []}
    seen: set[str] = set()
    masters = styles_root.find(office("master-styles"))
    for master in [] if masters is None else list(masters):
        for part in master:
            if part.tag in _HEADERS:
                kind = BlockKind.HEADER
            elif part.tag in _FOOTERS:
                kind = BlockKind.FOOTER
            else:
                continue
            if part.get(st("display")) == "false":
                continue
            reader = OdtReader(styles, numbering, budget, paging=False)
            text = reader.story_text(part)
            key = f"{kind.value}:{plain(text)}"
            if plain(text) and key not in seen:
                seen.add(key)
                found[kind].append(RawBlock(kind, text, style=kind.value))
    return found[BlockKind.HEADER], found[BlockKind.FOOTER]


def _page_count(meta: Element | None) -> int | None:
    stat = None if meta is None else next(meta.iter(_STATISTIC), None)
    raw = None if stat is None else stat.get(_PAGE_COUNT)
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else None


def _title(meta: Element | None) -> str | None:
    title_el = None if meta is None else next(meta.iter(_DC_TITLE), None)
    title = plain(None if title_el is None else title_el.text)
    if len(title) < 3 or _GENERIC_TITLE.match(title) or not any(c.isalpha() for c in title):
        return None
    return title
