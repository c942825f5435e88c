"""PDF parser: pypdfium2 for the text and its layout, pdfplumber's geometry for ruled tables.

pypdfium2 extracts a page in about 2.5 ms where pdfplumber needs 200 ms (see
benchmarks/pdf-extraction.md), so pdfium does all the reading and the layout facts are sampled at
one or two characters per line (`pdf_page`), with two reading-order fixes (`pdf_order`) and
ruled tables found on the pages that have rulings (`pdf_tables`). The document-level work
(running headers and footers, TOC pages, body size and weight, heading levels) happens once
every page is read (`pdf_layout`), then lines become blocks (`pdf_blocks`). Pages are opened
and closed one at a time, so memory holds the text, never the pages (a 500-page tender adds
13 MB of peak memory).

Running headers and footers are kept on every page where they occur, as HEADER and FOOTER
blocks (the engine does not quote them); page-number lines in the top or bottom band become
HEADER or FOOTER blocks too.

Errors: a password-protected PDF raises `EncryptedDocumentError`; a PDF with only an owner
password (printing or copying restricted) opens and is read normally; a damaged, truncated or
non-PDF input raises `InputError`; more pages than `limits.max_pages` raises
`LimitExceededError`; text beyond `limits.max_chars` is not read (a warning says so). No pdfium
exception leaves this module.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pppcheck.errors import EncryptedDocumentError, InputError, LimitExceededError
from pppcheck.ingest.base import ParseOutput, RawBlock
from pppcheck.ingest.pdf_blocks import BlockBuilder
from pppcheck.ingest.pdf_layout import body_stats, line_roles, mark_bold
from pppcheck.ingest.pdf_page import PageText
from pppcheck.ingest.pdf_split import PageSource
from pppcheck.ingest.pdf_tables import TABLE_PAGE_CAP, TableFinder
from pppcheck.ingest.pdf_text import Vocabulary, clean_title
from pppcheck.limits import Limits

PARSER_NAME = "pypdfium2"
_DAMAGED_HINT = (
    "the file is damaged or incomplete: download it again, or open it in a PDF reader and "
    "print it to a new PDF"
)


def parse_pdf(data: bytes, limits: Limits) -> ParseOutput:
    """Parse a PDF file's bytes into raw blocks in reading order."""
    return extract_pdf(data, limits)


def extract_pdf(
    data: bytes, limits: Limits, *, table_page_cap: int = TABLE_PAGE_CAP
) -> ParseOutput:
    """`parse_pdf` with the table-page cap exposed, for the benchmark and the tests."""
    if b"%PDF-" not in data[:1024]:
        raise InputError("this is not a PDF file (no %PDF- header)", hint=_DAMAGED_HINT)
    document = _open(data)
    try:
        count = len(document)
        if count > limits.max_pages:
            raise LimitExceededError(
                f"the PDF has {count} pages, over the limit of {limits.max_pages}"
            )
        title = clean_title(document.get_metadata_value("Title"))
        out = ParseOutput(blocks=[], parser=PARSER_NAME, pages=count, title=title)
        pages = _read_pages(document, data, limits, TableFinder(table_page_cap), out)
    except pdfium.PdfiumError as exc:
        raise InputError(f"cannot read the PDF ({exc})", hint=_DAMAGED_HINT) from exc
    finally:
        document.close()
    out.blocks = _build_blocks(pages)
    return out


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocumentError("the PDF is encrypted with a password") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocumentError(
                "the PDF is encrypted with a scheme pdfium does not support"
            ) from exc
        raise InputError(
            "the PDF is damaged or truncated and cannot be opened", hint=_DAMAGED_HINT
        ) from exc


def _read_pages(
    document: pdfium.PdfDocument,
    data: bytes,
    limits: Limits,
    finder: TableFinder,
    out: ParseOutput,
) -> list[PageText]:
    """Read every page in turn, closing each one; record empty and unreadable pages.

    Long documents have their second half read ahead by a child process (`pdf_split`), with
    the same result."""
    source = PageSource(document, data, finder, limits.max_chars, _open)
    try:
        return _read_in_order(document, source, limits, finder, out)
    finally:
        source.close()


def _read_in_order(
    document: pdfium.PdfDocument,
    source: PageSource,
    limits: Limits,
    finder: TableFinder,
    out: ParseOutput,
) -> list[PageText]:
    pages: list[PageText] = []
    budget = limits.max_chars
    unreadable: list[int] = []
    for index in range(len(document)):
        number = index + 1
        try:
            result = source.read(index, budget)
        except pdfium.PdfiumError:  # a page pdfium cannot load, or a text page it cannot build
            unreadable.append(number)
            out.empty_pages.append(number)
            continue
        pages.append(result)
        if result.empty:
            out.empty_pages.append(number)
        budget -= result.chars
        if budget <= 0 and number < len(document):
            out.warnings.append(
                f"only the first {limits.max_chars} characters were read (pages 1-{number}): "
                "raise --max-chars to read the rest"
            )
            break
    if unreadable and len(unreadable) == len(document):
        raise InputError("no page of the PDF can be read", hint=_DAMAGED_HINT)
    if unreadable:
        out.warnings.append(f"pages that could not be read: {_ranges(unreadable)}")
    if finder.skipped:
        out.warnings.append(
            f"ruled tables were looked for on the first {finder.cap} pages with rulings only; "
            f"{finder.skipped} later pages with rulings were read as plain text"
        )
    return pages


def _build_blocks(pages: list[PageText]) -> list[RawBlock]:
    roles = line_roles(pages)
    stats = body_stats(pages, roles)
    mark_bold(pages, stats)
    vocabulary = None
    if any(page.hyphens for page in pages):
        vocabulary = Vocabulary(line.text for page in pages for line in page.lines)
    builder = BlockBuilder(stats, vocabulary)
    for page, page_roles in zip(pages, roles, strict=True):
        builder.add_page(page, page_roles)
    return builder.finish()


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 7 -> "1-3, 7"."""
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], -1]:
        if number != previous + 1:
            parts.append(f"{start}-{previous}" if previous > start else str(start))
            start = number
        previous = number
    return ", ".join(parts)
