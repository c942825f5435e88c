"""Page numbers for word-processor files, which have no pages, only page-break hints.

DOCX and ODT store where the last layout broke pages (``w:lastRenderedPageBreak``,
``text:soft-page-break``) and where the author forced breaks (page-break runs, break-before
styles, new-page sections). Both kinds are counted, but a run of breaks with no visible text
between them counts once: Word and LibreOffice write a rendered break right after a forced
one, and counting both would double the page numbers.

A block's page is the page on which its first visible character sits. In a table row every
cell starts on the row's page and the row ends on the page its longest cell reached.
"""

from __future__ import annotations

from collections.abc import Iterable

from pppcheck.ingest.base import RawBlock

PageState = tuple[int, bool]


class PageCounter:
    """Counts pages while a body is read in order; disabled for headers, notes, text boxes."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.page = 1
        self.breaks = 0
        self.pending = False
        """A break was seen and no visible text since: the next text is on a new page."""
        self._seen_text = False

    def page_break(self) -> None:
        """A break marker: the next visible text starts a new page (breaks before any text and
        repeated breaks without text in between are ignored)."""
        if self.enabled and self._seen_text and not self.pending:
            self.pending = True
            self.breaks += 1

    def text_page(self) -> int:
        """Page of visible text starting now."""
        if self.enabled:
            if self.pending:
                self.page += 1
                self.pending = False
            self._seen_text = True
        return self.page

    def state(self) -> PageState:
        """Snapshot for table rows (see the module docstring)."""
        return self.page, self.pending

    def restore(self, state: PageState) -> None:
        self.page, self.pending = state


def settle_pages(
    blocks: Iterable[RawBlock], counter: PageCounter, declared: int | None
) -> int | None:
    """Finish paging: the page count to report, and no page numbers at all without breaks.

    A document without a single break marker gives no page information: its blocks get no page
    rather than a misleading "p.1". The declared count (docProps/app.xml, meta.xml) wins when it
    is at least what was counted; such metadata is often stale, or 1 when written by tools that
    do not paginate, and then the count of breaks is closer to the truth.
    """
    counted = counter.page if counter.breaks else None
    if counted is None:
        for block in blocks:
            block.page = None
    if declared and declared > 0 and (counted is None or declared >= counted):
        return declared
    return counted
