"""The searchable form of one tender (one document or a bundle of several).

All sentences of all blocks are laid end to end in one string, separated by newlines, once in
original form (for quotes) and once normalised (for matching); both have the same offsets. A
sentence is identified by its number; arrays give its span, block and document. Blocks know
their heading ancestors (for heading filters and section scopes) and, for list items, the
lead-in sentence that introduces them ("The Contractor shall:"), whose modality they inherit.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from pppcheck.matching.normalize import normalize
from pppcheck.matching.sentences import split_sentences
from pppcheck.model import EVIDENCE_KINDS, Block, BlockKind, Document


@dataclass(slots=True)
class TextIndex:
    documents: Sequence[Document]
    blocks: list[Block] = field(default_factory=list)
    block_doc: list[int] = field(default_factory=list)
    block_first_sentence: list[int] = field(default_factory=list)
    block_ancestors: list[tuple[int, ...]] = field(default_factory=list)
    block_lead_in: list[int] = field(default_factory=list)
    """For list items: the sentence that introduces the list, else -1."""
    sent_start: list[int] = field(default_factory=list)
    sent_end: list[int] = field(default_factory=list)
    sent_block: list[int] = field(default_factory=list)
    orig: str = ""
    norm: str = ""

    @property
    def sentence_count(self) -> int:
        return len(self.sent_start)

    def sentence_of(self, offset: int) -> int:
        return bisect_right(self.sent_start, offset) - 1

    def sentence_text(self, sentence: int) -> str:
        return self.orig[self.sent_start[sentence] : self.sent_end[sentence]]

    def sentence_norm(self, sentence: int) -> str:
        return self.norm[self.sent_start[sentence] : self.sent_end[sentence]]

    def block_of(self, sentence: int) -> Block:
        return self.blocks[self.sent_block[sentence]]

    def section_of(self, sentence: int) -> int:
        """The nearest heading block above the sentence (-1 before the first heading)."""
        block = self.sent_block[sentence]
        if self.blocks[block].kind is BlockKind.HEADING:
            return block
        ancestors = self.block_ancestors[block]
        return ancestors[-1] if ancestors else -1


def build_index(documents: Sequence[Document]) -> TextIndex:
    """Split every block of every document into sentences and lay them out for matching."""
    index = TextIndex(documents=documents)
    pieces: list[str] = []
    offset = 0
    for doc_number, document in enumerate(documents):
        heading_stack: list[tuple[int, int]] = []  # (level, global block id)
        lead_in = -1
        for block in document.blocks:
            block_id = len(index.blocks)
            index.blocks.append(block)
            index.block_doc.append(doc_number)
            if block.kind is BlockKind.HEADING:
                level = block.level or 1
                while heading_stack and heading_stack[-1][0] >= level:
                    heading_stack.pop()
                index.block_ancestors.append(tuple(b for _, b in heading_stack))
                heading_stack.append((level, block_id))
            elif block.kind in EVIDENCE_KINDS:
                index.block_ancestors.append(tuple(b for _, b in heading_stack))
            else:
                index.block_ancestors.append(())
            index.block_first_sentence.append(len(index.sent_start))
            index.block_lead_in.append(lead_in if block.kind is BlockKind.LIST_ITEM else -1)
            text = block.text
            for start, end in split_sentences(text):
                index.sent_start.append(offset + start)
                index.sent_end.append(offset + end)
                index.sent_block.append(block_id)
            pieces.append(text)
            offset += len(text) + 1
            if block.kind is BlockKind.PARAGRAPH:
                last = len(index.sent_start) - 1
                lead_in = last if text.rstrip().endswith(":") and last >= 0 else -1
            elif block.kind is BlockKind.HEADING:
                lead_in = -1
    index.block_first_sentence.append(len(index.sent_start))
    index.orig = "\n".join(pieces)
    index.norm = _separate_sentences(normalize(index.orig), index.sent_start, index.sent_end)
    return index


def _separate_sentences(norm: str, starts: list[int], ends: list[int]) -> str:
    """Put a newline between the sentences of a block in the normalised text.

    Phrases then never straddle two sentences, and a regex can anchor at a sentence start with
    ``(?m)^``. Only whitespace between sentences is replaced, so offsets do not move.
    """
    parts: list[str] = []
    position = 0
    for start, end in zip(starts, ends, strict=True):
        gap = norm[position:start]
        parts.append("\n" * len(gap) if gap and gap.isspace() else gap)
        parts.append(norm[start:end])
        position = end
    parts.append(norm[position:])
    return "".join(parts)
