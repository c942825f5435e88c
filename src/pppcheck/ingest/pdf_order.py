"""Reading order fixes that pdfium's content-stream order does not make.

pdfium returns text in the order the producer drew it, which is the reading order for nearly
every tender (Word, LibreOffice and InDesign write a column after the other). Two exceptions are
handled, both cheaply enough to run on every page:

* two columns drawn row by row: pdfium then merges the left and right halves of each row into
  one line; `ColumnSplitter` finds the gutter and reads the left column before the right one;
* headings drawn before the body text (InDesign, some report generators): `restore_order` puts
  short out-of-order runs back where their baselines place them.

Not handled: more than two columns, columns of unequal widths whose gutter is off the page's
middle, text boxes and sidebars (read where the producer drew them).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pypdfium2.raw as pdfium_c

if TYPE_CHECKING:
    from pppcheck.ingest.pdf_page import Line

Sampler = Callable[[Any, int, str], "Line"]
"""Builds a `Line` from a character index (the page reader's sampling)."""

_SHORT_RUN = 4
_MIN_GUTTER = 6.0  # narrowest white band between two columns, in points
_PROBES = 3  # lines probed for a gutter
_MAX_WALK = 24  # characters walked from the estimate towards the page's middle


class ColumnSplitter:
    """Finds pages whose two columns pdfium merged row by row, and separates the columns."""

    def __init__(self, sample: Sampler) -> None:
        self._sample = sample
        self._box = [ctypes.c_double() for _ in range(4)]

    def split(self, handle: Any, lines: list[Line], middle: float, width: float) -> list[Line]:
        """Undo pdfium's merging of two columns written row by row into single lines.

        When a producer writes a two-column page line by line across the gutter, pdfium joins the
        left and right halves into one line. Three probes at the page's middle tell: if, on lines
        that run past the middle, no character sits there, the page may have a gutter. Each line
        is then cut at the first word right of the middle, and the cut is kept only if a white
        band separates every left half from every right half (justified text with a wide space
        in the middle has no such band). The left column is then read before the right one.
        Pages whose producer writes column after column (the usual case) are already in order.
        """
        gutter = self._find_gutter(handle, lines, middle, width)
        if gutter is None:
            return lines
        cuts = [self._cut(handle, line, gutter) for line in lines]
        split = [i for i, cut in enumerate(cuts) if cut is not None]
        if len(split) < 3:
            return lines
        left_ends = [cut[2] for cut in cuts if cut is not None]
        right_starts = [cut[1].x0 for cut in cuts if cut is not None]
        if max(left_ends) > min(right_starts) - _MIN_GUTTER:
            return lines
        first, last = split[0], split[-1]
        left_column: list[Line] = []
        right_column: list[Line] = []
        for line, cut in zip(lines[first : last + 1], cuts[first : last + 1], strict=True):
            if cut is not None:
                left_column.append(cut[0])
                right_column.append(cut[1])
            else:
                (left_column if line.x0 < gutter else right_column).append(line)
        right_column.sort(key=lambda ln: -ln.y)
        return lines[:first] + left_column + right_column + lines[last + 1 :]

    def _find_gutter(
        self, handle: Any, lines: list[Line], middle: float, width: float
    ) -> float | None:
        """The page's middle, if long lines crossing it show a white gap there.

        Two or three long lines are probed; a probe reads the boxes of the few characters
        around the one expected at the middle (1 us each; `FPDFText_GetCharIndexAtPos` would
        scan the whole page, 36 us). Most pages are settled by the first two probes.
        """
        margin = 0.1 * width
        probes = [ln for ln in lines[len(lines) // 4 :] if len(ln.text) >= 30][:_PROBES]
        if len(probes) < _PROBES:
            return None
        gaps = 0
        for tried, line in enumerate(probes):
            gaps += self._gap_near(handle, line, middle, margin)
            if gaps == 0 and tried == 1:
                return None
        return middle if gaps >= 2 else None

    def _gap_near(self, handle: Any, line: Line, middle: float, margin: float) -> bool:
        """Whether no character of `line` covers `middle` and a gap of `_MIN_GUTTER` is there.

        Starts at the character expected at the middle (by proportion) and walks towards it.
        """
        count = len(line.text)
        end = line.start + count - 1
        last = self._char_span(handle, end)
        if line.x0 > middle - margin or last is None or last[1] < middle + margin:
            return False
        index = line.start + int((middle - line.x0) / (last[1] - line.x0) * (count - 1))
        index = min(max(index, line.start), end)
        span = self._char_span(handle, index)
        step = 1 if span is None or span[1] <= middle else -1
        previous: tuple[float, float] | None = None
        for _ in range(_MAX_WALK):
            if span is not None:
                if span[0] < middle < span[1]:
                    return False  # a character covers the middle
                if previous is not None and (span[0] >= middle) != (previous[0] >= middle):
                    left_end = min(span[1], previous[1])
                    right_start = max(span[0], previous[0])
                    return right_start - left_end >= _MIN_GUTTER
                previous = span
            index += step
            if not line.start <= index <= end:
                return False
            span = self._char_span(handle, index)
        return False

    def _char_span(self, handle: Any, index: int) -> tuple[float, float] | None:
        """Left and right of a character's box; None for empty boxes (generated spaces)."""
        left, right, bottom, top = self._box
        if not pdfium_c.FPDFText_GetCharBox(handle, index, left, right, bottom, top):
            return None
        if right.value - left.value <= 0.1:
            return None
        return left.value, right.value

    def _cut(self, handle: Any, line: Line, gutter: float) -> tuple[Line, Line, float] | None:
        """Split a line at its first word starting right of the gutter.

        Returns the left half, the right half and the right edge of the left half's last
        character; None when the line lies on one side of the gutter.
        """
        if line.x0 >= gutter:
            return None
        left, right, bottom, top = self._box
        text = line.text
        position = text.find(" ")
        while position > 0:
            index = line.start + position + 1
            if (
                pdfium_c.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
                and left.value >= gutter
            ):
                head = text[:position].rstrip()
                if not head or not pdfium_c.FPDFText_GetCharBox(
                    handle, line.start + len(head) - 1, left, right, bottom, top
                ):
                    return None
                left_end = right.value
                tail = self._sample(handle, index, text[position + 1 :].strip())
                return replace(line, text=head, x1=left_end), tail, left_end
            position = text.find(" ", position + 1)
        return None


def restore_order(lines: list[Line]) -> list[Line]:
    """Put back short runs of lines that the producer drew out of reading order.

    InDesign and some report generators draw a page's headings first and its body text after,
    so pdfium returns "1.1 Aim", "1.2 Scope", then all the text, and every paragraph ends up
    under the last heading. The page is cut into runs whose baselines go down; a short run
    (at most `_SHORT_RUN` lines) lying within the vertical span of a longer run of the same
    column is merged into it by baseline. Runs in other columns, and footers below the text,
    are left alone.
    """
    runs: list[list[Line]] = []
    for line in lines:
        if runs and line.y <= runs[-1][-1].y + 0.5 * line.size:
            runs[-1].append(line)
        else:
            runs.append([line])
    if len(runs) < 2:
        return lines
    for short in [run for run in runs if len(run) <= _SHORT_RUN]:
        host = next((run for run in runs if run is not short and _hosts(run, short)), None)
        if host is not None:
            host.extend(short)
            host.sort(key=lambda ln: -ln.y)
            short.clear()
    return [line for run in runs for line in run]


def _hosts(run: list[Line], short: list[Line]) -> bool:
    if (
        len(run) < max(3, len(short) + 1)
        or abs(min(ln.x0 for ln in run) - min(ln.x0 for ln in short)) > 40
    ):
        return False
    top = run[0].y + 4 * max(run[0].size, *(ln.size for ln in short))
    bottom = run[-1].y
    return all(bottom < ln.y < top for ln in short)
