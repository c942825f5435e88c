"""Document-level facts about a PDF's layout, learned once all pages are read.

A single page cannot tell a running header from a title, or the body size from a heading size:
those need the whole document. This module finds the body font size and line spacing, the lines
repeated at the top or bottom of many pages (running headers and footers, page numbers), the
table-of-contents pages, and finally the level of every heading from its numbering or its size.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from pppcheck.ingest.base import RawBlock
from pppcheck.ingest.pdf_page import BOLD_WEIGHT, NAMED_BOLD, Line, PageText
from pppcheck.ingest.pdf_text import (
    PAGE_NUMBER,
    TOC_TITLE,
    has_dot_leader,
    is_toc_entry,
    running_key,
)
from pppcheck.model import BlockKind

BAND = 0.12
"""Share of the page height, at the top and at the bottom, where running lines are looked for."""
MIN_RUNNING_PAGES = 3
RUNNING_SHARE = 0.4
"""A line is running when it repeats on at least 3 pages and 40 % of the pages with text."""
_TOC_LOOKAHEAD = 6
_MIN_LEADERS = 4
_MIN_PARTIAL_KEY = 12
_BOLDER = 150  # a weight this much above the body's reads as bold


@dataclass(slots=True)
class Stats:
    """The document's body text: font size and baseline-to-baseline spacing."""

    body_size: float
    leading: float
    body_weight: int = 400


def body_stats(pages: list[PageText], roles: list[list[BlockKind | None]]) -> Stats:
    """Most common size and weight (counted in characters) and spacing of body lines."""
    sizes: dict[float, int] = {}
    weights: dict[int, int] = {}
    gaps: dict[float, int] = {}
    for page, page_roles in zip(pages, roles, strict=True):
        for line, role in zip(page.lines, page_roles, strict=True):
            if role is None:
                chars = len(line.text)
                sizes[line.size] = sizes.get(line.size, 0) + chars
                weights[line.weight] = weights.get(line.weight, 0) + chars
    body = max(sizes, key=sizes.__getitem__) if sizes else 10.0
    for page, page_roles in zip(pages, roles, strict=True):
        previous: Line | None = None
        for line, role in zip(page.lines, page_roles, strict=True):
            if role is None:
                if previous is not None and line.size == body == previous.size:
                    gap = round((previous.y - line.y) * 2) / 2
                    if 0.8 * body < gap < 2.5 * body:
                        gaps[gap] = gaps.get(gap, 0) + 1
                previous = line
    leading = max(gaps, key=gaps.__getitem__) if gaps else round(1.2 * body, 1)
    weight = max(weights, key=weights.__getitem__) if weights else 400
    return Stats(body, leading, weight)


def mark_bold(pages: list[PageText], stats: Stats) -> None:
    """Decide boldness relative to the body: weight 740 is bold in Arial, regular in some
    Ghostscript fonts whose body text is 740 too. A font named bold is always bold."""
    threshold = max(BOLD_WEIGHT, stats.body_weight + _BOLDER)
    for page in pages:
        for line in page.lines:
            line.bold = line.weight >= NAMED_BOLD or (
                line.weight >= threshold and stats.body_weight < NAMED_BOLD
            )


def line_roles(pages: list[PageText]) -> list[list[BlockKind | None]]:
    """HEADER, FOOTER or TOC for the lines that are not body text, None for the others."""
    running = _running_keys(pages)
    roles: list[list[BlockKind | None]] = []
    previous_toc = False
    for page in pages:
        height = page.top - page.bottom
        top, bottom = page.top - BAND * height, page.bottom + BAND * height
        middle = page.bottom + height / 2
        page_roles: list[BlockKind | None] = [
            None if bottom <= line.y <= top else _running_role(line, middle, running)
            for line in page.lines
        ]
        toc_page = _is_toc_page(page, page_roles, previous_toc)
        _mark_toc(page, page_roles, toc_page)
        previous_toc = toc_page
        roles.append(page_roles)
    return roles


def _running_keys(pages: list[PageText]) -> set[str]:
    """Keys of the lines repeated in the top or bottom band of enough pages.

    Half-line keys only count for lines that themselves repeat: they join the variants of one
    header ("... Section B", "... Section C"), not body lines that happen to end alike.
    """
    full: defaultdict[str, set[int]] = defaultdict(set)
    band_lines: list[tuple[int, str]] = []
    with_text = 0
    for page in pages:
        with_text += bool(page.lines)
        height = page.top - page.bottom
        top, bottom = page.top - BAND * height, page.bottom + BAND * height
        for line in page.lines:
            if not bottom <= line.y <= top:
                key = running_key(line.text)
                full[key].add(page.number)
                band_lines.append((page.number, key))
    partial: defaultdict[str, set[int]] = defaultdict(set)
    for number, key in band_lines:
        if len(full[key]) >= MIN_RUNNING_PAGES:
            for part in _halves(key):
                partial[part].add(number)
    needed = max(MIN_RUNNING_PAGES, RUNNING_SHARE * with_text)
    return {
        key for seen in (full, partial) for key, numbers in seen.items() if len(numbers) >= needed
    }


def _keys(text: str) -> list[str]:
    key = running_key(text)
    return [key, *_halves(key)]


def _halves(key: str) -> list[str]:
    """First and last halves of a key, when long enough to be specific.

    pdfium often merges the left and right parts of a header into one line, and one part
    changes with the section ("VA118-16-D-1005 VA11816F10050001 Section B", "... Section C").
    """
    words = key.split()
    if len(words) < 3:
        return []
    half = (len(words) + 1) // 2
    parts = (" ".join(words[:half]), " ".join(words[-half:]))
    return [part for part in parts if len(part) >= _MIN_PARTIAL_KEY]


def _running_role(line: Line, middle: float, running: set[str]) -> BlockKind | None:
    """HEADER or FOOTER for a line in the top or bottom band that repeats or is a page number."""
    if PAGE_NUMBER.match(line.text) or not running.isdisjoint(_keys(line.text)):
        return BlockKind.HEADER if line.y > middle else BlockKind.FOOTER
    return None


def _is_toc_page(page: PageText, roles: list[BlockKind | None], previous_toc: bool) -> bool:
    """A page titled "Sommaire"/"Contents"..., or one continuing such a page with TOC lines."""
    body = [ln for ln, role in zip(page.lines, roles, strict=True) if role is None]
    if any(TOC_TITLE.match(ln.text) for ln in body[:_TOC_LOOKAHEAD]):
        return True
    leaders = sum(has_dot_leader(ln.text) for ln in body)
    if leaders >= _MIN_LEADERS and leaders >= 0.4 * len(body):
        return True  # an untitled table of contents
    if not previous_toc or len(body) < 3:
        return False
    return sum(is_toc_entry(ln.text, True) for ln in body) >= 0.5 * len(body)


def _mark_toc(page: PageText, roles: list[BlockKind | None], toc_page: bool) -> None:
    """Mark TOC entries; on a TOC page, also its title ("Sommaire", "Contents") and the first
    lines of entries wrapped on two lines. The title is not a heading: it would become the
    document's title and a section holding nothing but the contents."""
    for index, line in enumerate(page.lines):
        if roles[index] is None and (
            is_toc_entry(line.text, toc_page) or (toc_page and TOC_TITLE.match(line.text))
        ):
            roles[index] = BlockKind.TOC
    if not toc_page:
        return
    for index in range(len(page.lines) - 2, -1, -1):
        line, below = page.lines[index], page.lines[index + 1]
        wrapped = 0 < line.y - below.y < 2.0 * line.size
        entry_below = roles[index + 1] is BlockKind.TOC
        if roles[index] is None and entry_below and wrapped and not TOC_TITLE.match(line.text):
            roles[index] = BlockKind.TOC


# --- heading levels -------------------------------------------------------------------------


@dataclass(slots=True)
class HeadingInfo:
    """What the level of a heading is computed from, once every heading is known."""

    block: RawBlock
    scheme: str | None
    depth: int
    size: float
    label: str = ""


def assign_levels(headings: list[HeadingInfo]) -> None:
    """Set each heading's level: from its numbering when numbered, else from its font size.

    Keyword tiers present in the document rank first (PARTIE > CHAPITRE > ARTICLE, roman
    numerals count as chapters, capital letters as articles); decimal numbers go below the
    lowest keyword tier: "1.0" under "SECTION C" is one level down, but "5.2" under
    "ARTICLE 5" continues the article's number and is one level down only from the article.
    Unnumbered headings take the level of numbered headings of the same size, or sit one
    below the nearest larger numbered size.
    """
    tiers = sorted({_tier(h) for h in headings if h.scheme not in (None, "decimal")})
    rank = {tier: index + 1 for index, tier in enumerate(tiers)}
    numbered: defaultdict[float, Counter[int]] = defaultdict(Counter)
    keyword_label = ""
    for heading in headings:
        if heading.scheme is None:
            continue
        if heading.scheme == "decimal":
            shared = heading.label == keyword_label and heading.depth > 1
            level = len(tiers) + heading.depth - (1 if shared else 0)
        else:
            level = rank[_tier(heading)]
            keyword_label = heading.label
        heading.block.level = max(1, min(level, 9))
        numbered[heading.size][heading.block.level] += 1
    sizes = sorted({h.size for h in headings if h.scheme is None}, reverse=True)
    for heading in headings:
        if heading.scheme is None:
            heading.block.level = _level_by_size(heading.size, numbered, sizes)


def _tier(heading: HeadingInfo) -> int:
    if heading.scheme == "roman":
        return 1
    if heading.scheme == "letter":
        return 2
    return heading.depth


def _level_by_size(size: float, numbered: dict[float, Counter[int]], sizes: list[float]) -> int:
    if size in numbered:
        return numbered[size].most_common(1)[0][0]
    larger = [s for s in numbered if s > size]
    if larger:
        nearest = min(larger)
        return min(numbered[nearest].most_common(1)[0][0] + 1, 9)
    if numbered:
        return 1
    return min(sizes.index(size) + 1, 6)
