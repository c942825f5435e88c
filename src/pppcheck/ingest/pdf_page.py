"""Read one PDF page with pdfium: its lines of text, with the layout facts the next stage needs.

pdfium's text page gives the text in reading order with generated "\\r\\n" between lines, and the
text index equals the character index on ordinary pages, so the first character of every line is
known without walking characters. Layout facts are sampled at that one character (baseline,
left edge, effective font size, font weight: three ctypes calls) and, only where the paragraph
logic needs it, at the line's last character (right edge, and the weight again so that a line
opening with a bold label is not taken for a bold heading). pdfium itself spends almost nothing
on these calls; their cost is Python's, about 1 us each, so a page of 40 lines costs some
0.15 ms of sampling against 1.6-2.8 ms for pdfium to load and extract the page.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pppcheck.ingest.pdf_order import ColumnSplitter, restore_order
from pppcheck.ingest.pdf_tables import Table, TableFinder
from pppcheck.ingest.pdf_text import TERMINAL, collapse_doubled

_BOLD_NAME = re.compile(rb"bold|black|heavy|demi|semibold|extrabold|ultrabold|[-,](?:bd|b)$", re.I)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag "ForceBold"
BOLD_WEIGHT = 600
NAMED_BOLD = 1000
_NAME_BUFFER = 128


@dataclass(slots=True)
class Line:
    """One line of text as pdfium laid it out; coordinates in PDF space (y grows upwards)."""

    text: str
    start: int
    """Character index of the line's first non-blank character in the page's text page."""
    x0: float
    y: float
    """Baseline of the first character."""
    size: float
    """Effective font size in points (font size times the text matrix scale)."""
    weight: int
    """Font weight of the first (and, when sampled, last) character; `NAMED_BOLD` when the
    font's name or ForceBold flag says bold. Boldness itself is relative to the body text and
    is decided once the document is read (`bold`)."""
    x1: float = -1.0
    """Right edge of the last character; -1 where it was not sampled."""
    bold: bool = False


@dataclass(slots=True)
class PageText:
    """Everything read from one page."""

    number: int
    left: float
    bottom: float
    right: float
    top: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chars: int = 0
    hyphens: bool = False
    """Whether pdfium joined a hyphenated line end on this page (U+FFFE or U+0002 marks)."""
    ruled: bool = False
    """Whether the page had rulings enough for a table (it counts against the table cap)."""
    analysed: bool = False
    """Whether its rulings were analysed (the cap was not reached yet)."""

    @property
    def empty(self) -> bool:
        return not self.lines and not self.tables


class PageReader:
    """Reads pages one after the other, reusing ctypes buffers and a font-boldness cache."""

    def __init__(self, tables: TableFinder) -> None:
        self.tables = tables
        self._weights: dict[tuple[bytes, int], int] = {}
        self._matrix = pdfium_c.FS_MATRIX()
        self._x = ctypes.c_double()
        self._y = ctypes.c_double()
        self._box = [ctypes.c_double() for _ in range(4)]
        self._name = ctypes.create_string_buffer(_NAME_BUFFER)
        self._flags = ctypes.c_int()
        self._columns = ColumnSplitter(self._line)

    def read(self, page: pdfium.PdfPage, number: int, max_chars: int) -> PageText:
        """Read one page; keep at most `max_chars` characters of its text."""
        left, bottom, right, top = page.get_bbox()
        result = PageText(number, left, bottom, right, top)
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            if len(text) > max_chars:
                text = text[:max_chars]
            result.chars = len(text)
            if not text.strip():
                return result
            result.hyphens = "\ufffe" in text or "\x02" in text
            handle = textpage.raw
            to_char = _index_mapper(handle, len(text) == textpage.count_chars())
            lines = self._lines(handle, text, to_char)
            lines = self._columns.split(handle, lines, (left + right) / 2, right - left)
            lines = restore_order(lines)
            budget, skipped = self.tables.budget, self.tables.skipped
            result.tables = self.tables.find(page.raw, handle, len(lines), top)
            result.analysed = self.tables.budget < budget
            result.ruled = result.analysed or self.tables.skipped > skipped
            result.lines = _place_tables(lines, result.tables) if result.tables else lines
        finally:
            textpage.close()
        return result

    def _lines(self, handle: Any, text: str, to_char: Callable[[int], int] | None) -> list[Line]:
        """Split the page text into lines and sample each one (the hot loop of the parser)."""
        lines: list[Line] = []
        append = lines.append
        sample = self._line
        offset = 0
        for raw in text.split("\r\n"):
            stripped = raw.strip()
            if stripped:
                first = offset if raw[0] == stripped[0] else offset + raw.find(stripped[0])
                if to_char is not None:
                    first = to_char(first)
                if _maybe_doubled(stripped):
                    stripped = collapse_doubled(stripped)
                line = sample(handle, first, stripped)
                if line.weight >= BOLD_WEIGHT or stripped[-1] in TERMINAL:
                    last = offset + len(raw.rstrip()) - 1
                    self._sample_end(handle, line, last if to_char is None else to_char(last))
                append(line)
            offset += len(raw) + 2
        return lines

    def _line(self, handle: Any, index: int, text: str) -> Line:
        """Sample one character: three ctypes calls give position, effective size and weight.

        The character's matrix carries both the scale (producers that write "1 Tf" and scale
        with the text matrix report a font size of 1) and, in its translation, the origin.
        """
        size = pdfium_c.FPDFText_GetFontSize(handle, index)
        m = self._matrix
        if pdfium_c.FPDFText_GetMatrix(handle, index, m):
            scale = m.a * m.d
            if scale <= 0.0001:  # rotated or mirrored text: the full determinant
                scale = abs(scale - m.b * m.c)
            size *= math.sqrt(scale) or 1.0
            x, y = m.e, m.f
        else:
            pdfium_c.FPDFText_GetCharOrigin(handle, index, self._x, self._y)
            x, y = self._x.value, self._y.value
        length = pdfium_c.FPDFText_GetFontInfo(handle, index, self._name, _NAME_BUFFER, self._flags)
        weight = self._weights.get((self._name.value, self._flags.value)) if length > 0 else None
        if weight is None:
            weight = self._weight(handle, index)
        return Line(text, index, x, y, round(size, 1), weight)

    def _sample_end(self, handle: Any, line: Line, index: int) -> None:
        left, right, bottom, top = self._box
        if pdfium_c.FPDFText_GetCharBox(handle, index, left, right, bottom, top):
            line.x1 = right.value
        if line.weight >= BOLD_WEIGHT:
            line.weight = min(line.weight, self._weight(handle, index))

    def _weight(self, handle: Any, index: int) -> int:
        """The font's weight, or `NAMED_BOLD` if its name or flags say bold.

        The name matters most: LibreOffice writes weight 400 for DejaVuSans-Bold, the standard
        14 fonts report no weight, and Ghostscript fonts report 740 for regular text. Cached
        per font name and flags, so the weight is asked once per font.
        """
        length = pdfium_c.FPDFText_GetFontInfo(handle, index, self._name, _NAME_BUFFER, self._flags)
        name = self._name.value if 0 < length <= _NAME_BUFFER else b""
        key = (name, self._flags.value)
        weight = self._weights.get(key)
        if weight is None:
            named = self._flags.value & _FORCE_BOLD or _BOLD_NAME.search(name) is not None
            weight = NAMED_BOLD if named else int(pdfium_c.FPDFText_GetFontWeight(handle, index))
            if name:
                self._weights[key] = weight
        return weight


def _maybe_doubled(text: str) -> bool:
    """Cheap test for the two "fake bold" shapes `collapse_doubled` undoes ("LLee", "abab")."""
    size = len(text)
    if size < 4:
        return False
    half = size // 2
    return text[0] == text[1] or (
        size >= 8 and (text[0] == text[half] or text[0] == text[half + 1])
    )


def _index_mapper(handle: Any, identical: bool) -> Callable[[int], int] | None:
    """Text index to character index: None when identical (ordinary pages), else pdfium's map."""
    if identical:
        return None
    return lambda index: max(0, int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(handle, index)))


def _place_tables(lines: list[Line], tables: list[Table]) -> list[Line]:
    """Drop the lines drawn inside tables; remember where each table sits in reading order."""
    kept: list[Line] = []
    for line in lines:
        table = next((t for t in tables if t.contains(line.x0, line.y)), None)
        if table is None:
            kept.append(line)
        elif table.anchor < 0:
            table.anchor = len(kept)
    for table in tables:
        if table.anchor < 0:  # no line started inside: place it by its top edge
            table.anchor = next((i for i, ln in enumerate(kept) if ln.y < table.top), len(kept))
    return kept
