"""Quotes and places: turning a matched sentence into `Evidence` a reviewer can check."""

from __future__ import annotations

from pppcheck.matching.index import TextIndex
from pppcheck.matching.phrases import Span
from pppcheck.results import Evidence, EvidenceKind

QUOTE_MAX = 320
_BEFORE = 120


def quote(index: TextIndex, sentence: int, span: Span | None) -> str:
    """The sentence as written; long sentences are cut around the match with ellipses."""
    start, end = index.sent_start[sentence], index.sent_end[sentence]
    if end - start <= QUOTE_MAX:
        return index.orig[start:end]
    focus = span[0] if span is not None else start
    left = max(start, focus - _BEFORE)
    right = min(end, left + QUOTE_MAX)
    left = max(start, right - QUOTE_MAX)
    if left > start:
        cut = index.orig.find(" ", left, left + 20)
        left = cut + 1 if cut != -1 else left
    if right < end:
        cut = index.orig.rfind(" ", right - 20, right)
        right = cut if cut != -1 else right
    return ("… " if left > start else "") + index.orig[left:right] + (" …" if right < end else "")


def make_evidence(
    index: TextIndex,
    sentence: int,
    spans: list[Span],
    kind: EvidenceKind,
    note: str | None = None,
) -> Evidence:
    block = index.block_of(sentence)
    location = block.location
    first = min(spans) if spans else None
    matched = index.orig[first[0] : first[1]] if first is not None else ""
    return Evidence(
        path=location.path,
        page=location.page,
        section=" › ".join(location.section),
        quote=quote(index, sentence, first),
        kind=kind,
        block=location.block,
        line=location.line,
        match=matched,
        note=note,
    )
