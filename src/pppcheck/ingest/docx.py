"""DOCX parser: WordprocessingML package in, `RawBlock`s in reading order out.

The package is read with `xmlsafe` (capped zip members, hardened XML parser) and walked with lxml
directly (see `docx_body`); python-docx is only used by the tests to build documents: its
object model costs more and hides content controls, fields and tracked changes (figures in
benchmarks/docx-extraction.md).

Stories are laid out as a reviewer would read a printout: running headers once at the start
(deduplicated: Word keeps first-page, even and odd headers in separate parts, usually with the
same text), then the body with notes after the paragraphs that cite them, then footers once.
Running headers and footers are not evidence, so their position only matters for `extract`.

Page numbers come from break markers (see `docx_body`); the page count from docProps/app.xml
``<Pages>`` when it is at least the number of pages we counted (app.xml is often stale, or 1 when
written by tools that do not paginate), else from the counted breaks, else None.
"""

from __future__ import annotations

import posixpath
import re
from typing import Final

from pppcheck.errors import InputError
from pppcheck.ingest import docx_ns as ns
from pppcheck.ingest.base import ParseOutput, RawBlock
from pppcheck.ingest.budget import CharBudget, CharLimitReachedError
from pppcheck.ingest.docx_body import BodyReader
from pppcheck.ingest.docx_numbering import Numbering
from pppcheck.ingest.docx_styles import StyleSheet
from pppcheck.ingest.paging import settle_pages
from pppcheck.ingest.xmlsafe import Element, Package, parse_xml, plain, relationships
from pppcheck.limits import Limits
from pppcheck.model import BlockKind

PARSER_NAME: Final = "docx/lxml"
_MAIN_PART: Final = "word/document.xml"
_SKIPPED_NOTE_TYPES: Final = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_GENERIC_TITLE: Final = re.compile(
    r"^(?:document\s*\d*|doc\d*|untitled|sans titre|title|titre|t[íi]tulo|\[?title\]?"
    r"|microsoft word.*|word document|new document|template)$",
    re.IGNORECASE,
)
_WORD_PREFIX: Final = re.compile(r"^microsoft word\s*-\s*", re.IGNORECASE)
_NO_BODY_HINT: Final = "the file is probably damaged; open and re-save it in Word or LibreOffice"


class _Docx:
    """Everything read from one package, built step by step by `parse_docx`."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.package = Package(data, limits, "DOCX")
        self.main = _main_part(self.package)
        self.base = posixpath.dirname(self.main)
        rels_name = f"{self.base}/_rels/{posixpath.basename(self.main)}.rels"
        self.rels = relationships(self.package, rels_name, self.base)
        self.budget = CharBudget(limits.max_chars)
        self.warnings: list[str] = []

    def xml(self, name: str) -> Element:
        return parse_xml(ns.to_transitional(self.package.read(name)), name, self.package.parser)

    def part(self, kind: str, default: str) -> Element | None:
        """The first part related to the main document by `kind`, else the usual path."""
        name = next((path for _, k, path in self.rels if k == kind), default)
        return self.xml(name) if self.package.has(name) else None

    def reader(self, styles: StyleSheet, numbering: Numbering) -> BodyReader:
        return BodyReader(styles, numbering.fork(), self.budget, paging=False)


def parse_docx(data: bytes, limits: Limits) -> ParseOutput:
    """Parse a DOCX file's bytes (see the module docstring for the layout of the output)."""
    doc = _Docx(data, limits)
    root = doc.xml(doc.main)
    body = root.find(ns.W_BODY)
    if body is None:
        raise InputError(f"{doc.main} has no document body (w:body)", hint=_NO_BODY_HINT)
    styles = StyleSheet(doc.part("styles", "word/styles.xml"))
    numbering = Numbering(doc.part("numbering", "word/numbering.xml"), styles)
    out = ParseOutput(blocks=[], parser=PARSER_NAME, warnings=doc.warnings)
    reader = BodyReader(styles, numbering, doc.budget, paging=True)
    headers: list[RawBlock] = []
    footers: list[RawBlock] = []
    try:
        reader.notes = _notes(doc, styles, numbering)
        refs = [(el.tag, el.get(ns.R_ID)) for el in body.iter(ns.W_HEADERREF, ns.W_FOOTERREF)]
        headers = _running(doc, refs, styles, numbering, ns.W_HEADERREF, BlockKind.HEADER)
        reader.read(body)
        _unreferenced_notes(reader)
        footers = _running(doc, refs, styles, numbering, ns.W_FOOTERREF, BlockKind.FOOTER)
    except CharLimitReachedError:
        doc.warnings.append(
            f"text truncated: the document has more than {limits.max_chars:,} characters"
        )
    out.blocks = headers + reader.blocks + footers
    out.pages = settle_pages(out.blocks, reader.pages, _app_pages(doc))
    out.title = _title(doc)
    if next(body.iter(ns.w("altChunk")), None) is not None:
        doc.warnings.append("embedded alternative-format chunks (w:altChunk) were not read")
    return out


def _main_part(package: Package) -> str:
    """The main document part named by _rels/.rels, falling back to word/document.xml."""
    for _, kind, path in relationships(package, "_rels/.rels", ""):
        if kind == "officeDocument" and package.has(path):
            return path
    if not package.has(_MAIN_PART):
        raise InputError(
            "the DOCX file has no word/document.xml (its main text part)", hint=_NO_BODY_HINT
        )
    return _MAIN_PART


def _notes(doc: _Docx, styles: StyleSheet, numbering: Numbering) -> dict[tuple[str, str], str]:
    """Text of every real footnote and endnote, keyed by ("footnote"|"endnote", id)."""
    notes: dict[tuple[str, str], str] = {}
    for kind, tag, default in (
        ("footnote", ns.W_FOOTNOTE, "word/footnotes.xml"),
        ("endnote", ns.W_ENDNOTE, "word/endnotes.xml"),
    ):
        root = doc.part(f"{kind}s", default)
        if root is None:
            continue
        for note in root.iter(tag):
            if note.get(ns.W_TYPE) in _SKIPPED_NOTE_TYPES:
                continue
            text = _story_text(doc.reader(styles, numbering), note)
            if text:
                notes.setdefault((kind, note.get(ns.W_ID) or ""), text)
    return notes


def _story_text(reader: BodyReader, root: Element) -> str:
    reader.read(root)
    return "\n".join(block.text for block in reader.blocks if block.text.strip())


def _unreferenced_notes(reader: BodyReader) -> None:
    """Notes nobody cites (rare: cut-and-paste leftovers) still get read, at the end."""
    for key, text in reader.notes.items():
        if key not in reader.emitted_notes:
            reader.emitted_notes.add(key)
            reader.blocks.append(RawBlock(BlockKind.FOOTNOTE, text, style=key[0]))


def _running(
    doc: _Docx,
    refs: list[tuple[str, str | None]],
    styles: StyleSheet,
    numbering: Numbering,
    ref_tag: str,
    kind: BlockKind,
) -> list[RawBlock]:
    """One block per distinct header (or footer) text, in the order sections reference them."""
    targets = {rid: path for rid, _, path in doc.rels}
    seen_parts: set[str] = set()
    seen_texts: set[str] = set()
    blocks: list[RawBlock] = []
    for tag, rid in refs:
        path = targets.get(rid or "") if tag == ref_tag else None
        if path is None or path in seen_parts or not doc.package.has(path):
            continue
        seen_parts.add(path)
        text = _story_text(doc.reader(styles, numbering), doc.xml(path))
        key = plain(text)
        if key and key not in seen_texts:
            seen_texts.add(key)
            blocks.append(RawBlock(kind, text, style=kind.value))
    return blocks


def _app_pages(doc: _Docx) -> int | None:
    root = _optional_xml(doc, "docProps/app.xml")
    text = _first_local(root, "Pages")
    try:
        pages = int(text) if text else None
    except ValueError:
        return None
    return pages if pages and pages > 0 else None


def _title(doc: _Docx) -> str | None:
    """dc:title from docProps/core.xml, unless it is empty or a placeholder."""
    title = plain(_first_local(_optional_xml(doc, "docProps/core.xml"), "title"))
    title = _WORD_PREFIX.sub("", title)
    title = re.sub(r"\.docx?$", "", title, flags=re.IGNORECASE).strip()
    if len(title) < 3 or _GENERIC_TITLE.match(title) or not any(c.isalpha() for c in title):
        return None
    return title


def _optional_xml(doc: _Docx, name: str) -> Element | None:
    """Metadata parts are optional, and a broken one must not sink the whole document."""
    if not doc.package.has(name):
        return None
    try:
        return doc.xml(name)
    except InputError as exc:
        doc.warnings.append(f"{name} ignored: {exc.message}")
        return None


def _first_local(root: Element | None, local: str) -> str | None:
    """Text of the first element with this local name, whatever its namespace."""
    if root is None:
        return None
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and tag.rsplit("}", 1)[-1] == local:
            return el.text
    return None
