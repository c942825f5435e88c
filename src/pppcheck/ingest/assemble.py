"""Turn a parser's raw blocks into a `Document`: the format-independent half of ingestion.

Done once here rather than in every parser: whitespace clean-up, dropping empty blocks, the
section path of every block (the chain of headings above it), block indices, the language, and
the text status (a PDF whose pages have no text layer must say "OCR needed", never look empty).
"""

from __future__ import annotations

import hashlib
import re

from pppcheck.ingest.base import ParseOutput
from pppcheck.language import language_shares
from pppcheck.model import (
    EVIDENCE_KINDS,
    Block,
    BlockKind,
    DocFormat,
    Document,
    Location,
    TextStatus,
    trusted,
)

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\r\n\f\v]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SECTION_LABEL_MAX = 90


def clean_text(text: str) -> str:
    """Collapse whitespace (including no-break spaces) and drop control characters."""
    if _already_clean(text):
        return text
    return _SPACES.sub(" ", _CONTROLS.sub("", text)).strip()


def _already_clean(text: str) -> bool:
    """Whether `clean_text` would return `text` unchanged (most blocks): every character the two
    patterns act on is a control, format, separator or non-character, which `isprintable`
    rejects (ASCII space aside), so a printable text needs only its spaces checked."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _section_label(text: str) -> str:
    return text if len(text) <= _SECTION_LABEL_MAX else text[: _SECTION_LABEL_MAX - 1] + "…"


_HEADING_MAX_WORDS = 30
"""Longer than this, a block styled as a heading is a clause someone formatted as a title."""
_RUN_ON = re.compile(r"[^\W\d_]{3,}[.;!?] +(?=[^\W\d_])")
"""A sentence end inside the text: a run-in title followed by its clause ("Data. All data...")."""


def _is_prose(text: str) -> bool:
    """Whether a heading block really holds body text, which must stay readable as evidence.

    Word users style whole clauses as "Heading 2" to number them; PDF lines in a large font can
    hold a sentence. Headings are never evidence, so such a clause would otherwise be lost.
    """
    words = text.split()
    if len(words) > _HEADING_MAX_WORDS:
        return True
    run_on = _RUN_ON.search(text)
    if run_on is None:
        return False
    rest = text[run_on.end() :].split()
    return len(rest) >= 6 and sum(word.islower() for word in rest) >= 3


def assemble(path: str, fmt: DocFormat, data: bytes, out: ParseOutput) -> Document:
    """Build the immutable `Document` for `path` from what its parser read."""
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []  # (level, label) of the open headings
    for raw in out.blocks:
        text = clean_text(raw.text)
        if not text:
            continue
        kind = raw.kind
        level = raw.level
        if kind is BlockKind.HEADING and _is_prose(text):
            kind, level = BlockKind.PARAGRAPH, None
        if kind is BlockKind.HEADING:
            level = max(1, min(level or 1, 9))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, _section_label(text)))
            section = tuple(label for _, label in stack)
        elif kind in EVIDENCE_KINDS:
            section = tuple(label for _, label in stack)
        else:
            section = ()
        location = trusted(
            Location,
            {
                "path": path,
                "page": raw.page,
                "section": section,
                "block": len(blocks),
                "line": raw.line,
                "table": raw.table,
                "row": raw.row,
                "column": raw.column,
            },
        )
        blocks.append(
            trusted(
                Block,
                {
                    "kind": kind,
                    "text": text,
                    "level": level,
                    "style": raw.style,
                    "location": location,
                },
            )
        )
    body = [b.text for b in blocks if b.kind in EVIDENCE_KINDS]
    shares = language_shares(body)
    language, share = next(iter(shares.items()), ("und", 0.0))
    status = TextStatus.OK
    if not body:
        status = TextStatus.NO_TEXT
    elif out.empty_pages and out.pages and len(out.empty_pages) >= out.pages * 0.5:
        status = TextStatus.PARTIAL_TEXT
    title = clean_text(out.title or "") or next(
        (b.text for b in blocks if b.kind is BlockKind.HEADING), None
    )
    return Document(
        path=path,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        pages=out.pages,
        language=language,
        language_share=share,
        languages=shares,
        title=title,
        blocks=tuple(blocks),
        empty_pages=tuple(out.empty_pages),
        text_status=status,
        warnings=tuple(out.warnings),
        parser=out.parser,
    )
