"""`pppcheck extract`: what pppcheck read, so a user can check the parse before trusting it."""

from __future__ import annotations

import json

from pppcheck.language import language_name
from pppcheck.model import BlockKind, Document

_TAG = {
    BlockKind.HEADING: "H",
    BlockKind.PARAGRAPH: "P",
    BlockKind.LIST_ITEM: "LI",
    BlockKind.TABLE_CELL: "TD",
    BlockKind.FOOTNOTE: "FN",
    BlockKind.HEADER: "HDR",
    BlockKind.FOOTER: "FTR",
    BlockKind.TOC: "TOC",
}


def document_text(document: Document) -> str:
    lines = [
        f"# {document.path} · {document.format.value} · "
        f"{document.pages if document.pages is not None else '?'} pages · "
        f"{language_name(document.language)} ({document.language_share:.0%} of function words) · "
        f"{len(document.blocks)} blocks · text {document.text_status.value} · "
        f"parser {document.parser}",
    ]
    if document.title:
        lines.append(f"# title: {document.title}")
    if document.empty_pages:
        lines.append(f"# pages without text: {', '.join(map(str, document.empty_pages))}")
    for warning in document.warnings:
        lines.append(f"# note: {warning}")
    for block in document.blocks:
        loc = block.location
        tag = _TAG[block.kind] + (str(block.level) if block.level else "")
        place = f"p.{loc.page}" if loc.page is not None else (f"l.{loc.line}" if loc.line else "")
        cell = f" t{loc.table}r{loc.row}c{loc.column}" if loc.table is not None else ""
        section = (
            f" [{loc.section[-1]}]" if loc.section and block.kind is not BlockKind.HEADING else ""
        )
        lines.append(f"{loc.block:>5} {place:>6} {tag:<4}{cell}{section} {block.text}")
    return "\n".join(lines) + "\n"


def document_json(document: Document) -> str:
    return json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
