"""Ruled tables in a PDF page: cheap detection with pdfium, cell geometry with pdfplumber.

pdfplumber's `find_tables` costs about 230 ms a page (pdfminer re-parses the whole page into
character objects; measured on the benchmark tender), a hundred times pdfium's extraction of the
same page: 90 s for a 390-page tender full of tables. So pdfplumber only does the part it is
good at and that needs no parsing, its table finder's geometry (snap and join the rulings,
intersect them, find the cells, group them into tables: `merge_edges`,
`edges_to_intersections`, `intersections_to_cells`, `cells_to_tables`). The rulings come from
pdfium's path objects and the cell text from pdfium's `FPDFText_GetBoundedText`, so a table page
costs about 10 ms instead of 230.

Which pages are looked at is decided cheaply: a ruled table needs at least `MIN_RULINGS` path
objects, and a page's object count minus its text lines, then minus its text runs
(`FPDFText_CountRects`), bounds the number of non-text objects; only pages passing both bounds
get their objects scanned (about 2.5 us an object). At most `TABLE_PAGE_CAP` pages with rulings
per document are analysed; beyond the cap, pages are read as plain text and a warning says so.

Limitations: rulings drawn inside form XObjects are not seen; producers that draw each word as
its own text object defeat the bounds, so every page of theirs gets its objects scanned (about
1 ms a page for 450 objects); borderless tables are read as text.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c

TABLE_PAGE_CAP = 150
"""Pages per document whose rulings are analysed (each costs ~1-10 ms); the rest is plain text."""
MIN_RULINGS = 4
"""Fewer path objects than this on a page cannot draw a table of two rows and two columns."""
_TOLERANCE = 3.0  # pdfplumber's default snap, join and intersection tolerances
_MIN_EDGE = 3.0  # pdfplumber's default edge_min_length
_MIN_CELL = 10.0  # narrower cells are slivers between a border and an inset shading
_STRAIGHT = 1.0  # a segment within 1 pt of horizontal or vertical is a ruling
_WHITE = 245  # a fill whose red, green and blue are all above this is invisible on paper
_SIMPLE_PATH = 5  # a line (2 segments) or a rectangle (4 or 5): read from its bounds
_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
_LINETO = pdfium_c.FPDF_SEGMENT_LINETO

Edge = dict[str, Any]


@dataclass(slots=True)
class TableCell:
    """One non-empty cell; row and column count from 0 at the top left."""

    row: int
    column: int
    text: str


@dataclass(slots=True)
class Table:
    """A ruled table found on a page, in PDF coordinates (y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    cells: list[TableCell] = field(default_factory=list)
    anchor: int = -1
    """Index, in the page's line list, where the table sits in reading order."""

    def contains(self, x: float, y: float) -> bool:
        """Whether a point (a line's first character) lies inside the table's frame."""
        return self.left - 2 <= x <= self.right + 2 and self.bottom - 2 <= y <= self.top + 2


class TableFinder:
    """Finds ruled tables page after page, keeping count of the pages it analysed."""

    def __init__(self, cap: int = TABLE_PAGE_CAP) -> None:
        self.cap = cap
        self.budget = cap
        self.skipped = 0  # candidate pages left as text because the cap was reached
        self._matrix = pdfium_c.FS_MATRIX()
        self._x = ctypes.c_float()
        self._y = ctypes.c_float()
        self._bounds = [ctypes.c_float() for _ in range(4)]
        self._fill_mode = ctypes.c_int()
        self._stroke = ctypes.c_int()
        self._color = [ctypes.c_uint() for _ in range(4)]

    def find(self, page: Any, textpage: Any, line_count: int, top: float) -> list[Table]:
        """Tables of one page (raw pdfium handles); `top` is the page's top y coordinate."""
        paths = self._path_objects(page, textpage, line_count)
        if len(paths) < MIN_RULINGS:
            return []
        if self.budget <= 0:
            self.skipped += 1
            return []
        self.budget -= 1
        edges = [edge for path in paths for edge in self._edges(path, top)]
        tables: list[Table] = []
        for grid in _grids_from_edges(edges):
            table = _read_grid(textpage, grid, top)
            if table.cells:
                tables.append(table)
        return tables

    def _path_objects(self, page: Any, textpage: Any, line_count: int) -> list[Any]:
        count = pdfium_c.FPDFPage_CountObjects(page)
        if count - line_count < MIN_RULINGS:
            return []
        if count - pdfium_c.FPDFText_CountRects(textpage, 0, -1) < MIN_RULINGS:
            return []
        paths = []
        for index in range(count):
            obj = pdfium_c.FPDFPage_GetObject(page, index)
            if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH and self._visible(
                obj
            ):
                paths.append(obj)
        return paths

    def _visible(self, path: Any) -> bool:
        """Stroked, or filled with a colour that shows on white paper.

        Word paints a white rectangle behind every line of a shaded or framed paragraph; taken
        as rulings they cut paragraphs into one-line "cells".
        """
        if not pdfium_c.FPDFPath_GetDrawMode(path, self._fill_mode, self._stroke):
            return True
        if self._stroke.value:
            return True
        if not self._fill_mode.value:
            return False
        red, green, blue, alpha = self._color
        if not pdfium_c.FPDFPageObj_GetFillColor(path, red, green, blue, alpha):
            return True
        return alpha.value > 0 and min(red.value, green.value, blue.value) < _WHITE

    def _edges(self, path: Any, top: float) -> list[Edge]:
        """Rulings of one path object, in pdfplumber's top-down space.

        Most rulings are one line or one rectangle (Word draws each cell border as a thin filled
        rectangle): their bounding box says it all in one call. Longer paths (a whole grid in
        one path, curves) are walked segment by segment.
        """
        count = pdfium_c.FPDFPath_CountSegments(path)
        if count <= _SIMPLE_PATH:
            return self._box_edges(path, top)
        m = self._matrix
        if not pdfium_c.FPDFPageObj_GetMatrix(path, m):
            return []
        edges: list[Edge] = []
        start = current = (0.0, 0.0)
        for index in range(count):
            segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, self._x, self._y)
            x, y = self._x.value, self._y.value
            point = (m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == _MOVETO:
                start = point
            elif kind == _LINETO:
                _add_edge(edges, current, point, top)
            current = point
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                _add_edge(edges, current, start, top)
                current = start
        return edges

    def _box_edges(self, path: Any, top: float) -> list[Edge]:
        left, bottom, right, upper = self._bounds
        if not pdfium_c.FPDFPageObj_GetBounds(path, left, bottom, right, upper):
            return []
        x0, y0, x1, y1 = left.value, bottom.value, right.value, upper.value
        if y1 - y0 <= 2 * _STRAIGHT or x1 - x0 <= 2 * _STRAIGHT:  # a line or a thin bar
            edges: list[Edge] = []
            _add_edge(edges, (x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2), top)
            _add_edge(edges, ((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1), top)
            return edges
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        edges = []
        for a, b in itertools.pairwise(corners):
            _add_edge(edges, a, b, top)
        return edges


def _add_edge(
    edges: list[Edge], a: tuple[float, float], b: tuple[float, float], top: float
) -> None:
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) <= _STRAIGHT and abs(x1 - x0) >= _MIN_EDGE:
        left, right = min(x0, x1), max(x0, x1)
        edge_top = top - (y0 + y1) / 2
        edges.append(_edge("h", left, right, edge_top, edge_top))
    elif abs(x1 - x0) <= _STRAIGHT and abs(y1 - y0) >= _MIN_EDGE:
        x = (x0 + x1) / 2
        edges.append(_edge("v", x, x, top - max(y0, y1), top - min(y0, y1)))


def _edge(orientation: str, x0: float, x1: float, edge_top: float, bottom: float) -> Edge:
    return {
        "x0": x0,
        "x1": x1,
        "top": edge_top,
        "bottom": bottom,
        "doctop": edge_top,
        "width": x1 - x0,
        "height": bottom - edge_top,
        "orientation": orientation,
        "object_type": "line",
    }


Box = tuple[float, float, float, float]
"""A cell as pdfplumber gives it: x0, top, x1, bottom, with top measured down from the page top."""


def _grids_from_edges(edges: list[Edge]) -> list[list[Box]]:
    """pdfplumber's table-finder geometry, run band by band.

    pdfplumber's cell search is quadratic in the number of ruling crossings on the page; a
    page of five framed tables is five small problems, not one large one. Bands are the
    vertical extents of overlapping vertical rulings: no cell can straddle two of them.
    """
    unique = list({_edge_key(e): e for e in edges}.values())
    vertical = sorted((e for e in unique if e["orientation"] == "v"), key=lambda e: e["top"])
    horizontal = [e for e in unique if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    grids: list[list[Box]] = []
    for band_top, band_bottom, band_vertical in _bands(vertical):
        band = band_vertical + [
            e for e in horizontal if band_top - _TOLERANCE <= e["top"] <= band_bottom + _TOLERANCE
        ]
        grids.extend(_grids_in_band(band))
    grids.sort(key=lambda cells: min((c[1], c[0]) for c in cells))
    return grids


def _bands(vertical: list[Edge]) -> list[tuple[float, float, list[Edge]]]:
    bands: list[tuple[float, float, list[Edge]]] = []
    for edge in vertical:
        if bands and edge["top"] <= bands[-1][1] + _TOLERANCE:
            top, bottom, members = bands[-1]
            members.append(edge)
            bands[-1] = (top, max(bottom, edge["bottom"]), members)
        else:
            bands.append((edge["top"], edge["bottom"], [edge]))
    return [band for band in bands if len(band[2]) >= 2]


def _grids_in_band(edges: list[Edge]) -> list[list[Box]]:
    if sum(e["orientation"] == "h" for e in edges) < 2:
        return []
    # Imported here, by the pages that have a grid to analyse: importing pdfplumber (and
    # pdfminer) costs 0.2-0.4 s, more than reading a 50-page PDF without ruled tables.
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    merged = merge_edges(edges, _TOLERANCE, _TOLERANCE, _TOLERANCE, _TOLERANCE)
    merged = [e for e in merged if e["width" if e["orientation"] == "h" else "height"] >= _MIN_EDGE]
    intersections = edges_to_intersections(merged, _TOLERANCE, _TOLERANCE)
    grids: list[list[Box]] = cells_to_tables(intersections_to_cells(intersections))
    return grids


def _edge_key(edge: Edge) -> tuple[str, int, int, int, int]:
    """Adjacent cells often draw their shared border twice: one copy is enough."""
    return (
        edge["orientation"],
        round(edge["x0"] * 2),
        round(edge["x1"] * 2),
        round(edge["top"] * 2),
        round(edge["bottom"] * 2),
    )


def _read_grid(textpage: Any, cells: list[Box], top: float) -> Table:
    """Number the rows and columns of a grid and read each cell's text with pdfium."""
    table = Table(
        left=min(c[0] for c in cells),
        bottom=top - max(c[3] for c in cells),
        right=max(c[2] for c in cells),
        top=top - min(c[1] for c in cells),
    )
    real = [c for c in cells if c[2] - c[0] >= _MIN_CELL and c[3] - c[1] >= _MIN_CELL / 2]
    columns = _starts([c[0] for c in real], _MIN_CELL)
    rows = _starts([c[1] for c in real], _MIN_CELL / 2)
    if len(rows) < 2 or len(columns) < 2:
        return table  # a framed paragraph or a one-column list: plain text reads better
    for x0, cell_top, x1, bottom in real:
        text = bounded_text(textpage, x0, top - cell_top, x1, top - bottom)
        if text.strip():
            row = bisect.bisect_right(rows, (cell_top + bottom) / 2) - 1
            column = bisect.bisect_right(columns, (x0 + x1) / 2) - 1
            table.cells.append(TableCell(max(row, 0), max(column, 0), text))
    table.cells.sort(key=lambda cell: (cell.row, cell.column))
    return table


def _starts(values: list[float], closest: float) -> list[float]:
    """Distinct row tops or column lefts; starts nearer than `closest` are one.

    Cells are placed by their centre, so a shaded header row whose fill is inset by a few
    points still lands in the columns of the rows below.
    """
    starts: list[float] = []
    for value in sorted(values):
        if not starts or value - starts[-1] > closest:
            starts.append(value)
    return starts


def bounded_text(textpage: Any, left: float, top: float, right: float, bottom: float) -> str:
    """The text pdfium finds inside a rectangle (PDF coordinates), lines joined by "\\r\\n"."""
    size = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
    if size <= 0:
        return ""
    buffer = (ctypes.c_ushort * (size + 1))()
    written = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, buffer, size)
    return bytes(buffer)[: 2 * written].decode("utf-16-le", errors="replace")
