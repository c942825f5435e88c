"""Document profile detection: what the contract buys decides which rules apply.

A passing word does not make a profile ("data" is in every tender). A profile's score counts
the *distinct* signal terms found, each weighted more when it sits in the object of the
contract (title, headings, object/scope sections, the opening blocks), with diminishing returns
for repetitions; `against` terms (what the document buys instead) subtract. The profile holds
when the score reaches the pack's threshold. The strongest terms are kept as evidence so a
reviewer can see why, and the user can override any profile from the command line.

A short document (a price schedule, a notice, a two-page annex) has fewer places to say what it
buys, so the threshold shrinks with its length: in proportion to its blocks below
`FULL_LENGTH_BLOCKS`, never below `MIN_THRESHOLD_SHARE` of the pack's value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from pppcheck.evidence import make_evidence
from pppcheck.matching.compiled import CompiledRuleSet
from pppcheck.matching.matchers import Hits, MatchContext, Node
from pppcheck.matching.phrases import Span
from pppcheck.model import BlockKind
from pppcheck.results import Evidence, EvidenceKind, ProfileValue
from pppcheck.rules.schema import pick_text

OPENING_BLOCKS = 25
"""Blocks at the start of each document that count as its object (title pages, preambles)."""
MAX_EVIDENCE = 3
FULL_LENGTH_BLOCKS = 100
"""Blocks from which a document is long enough to reach a profile's full threshold."""
MIN_THRESHOLD_SHARE = 0.5
"""The smallest share of a profile's threshold that a very short document must reach."""


def scaled_threshold(threshold: float, blocks: int) -> float:
    """The threshold for a document (or bundle) of `blocks` blocks."""
    share = max(MIN_THRESHOLD_SHARE, min(1.0, blocks / FULL_LENGTH_BLOCKS))
    return round(threshold * share, 2)


@dataclass
class _Term:
    count: int
    in_object: bool
    sentence: int
    span: Span


def object_blocks(ctx: MatchContext, compiled: CompiledRuleSet) -> set[int]:
    """Blocks that state what the contract is about."""
    index = ctx.index
    zone: set[int] = set()
    seen_per_doc: dict[int, int] = {}
    for block_id, block in enumerate(index.blocks):
        doc = index.block_doc[block_id]
        if block.kind is BlockKind.HEADING:
            zone.add(block_id)
        if seen_per_doc.get(doc, 0) < OPENING_BLOCKS:
            zone.add(block_id)
            seen_per_doc[doc] = seen_per_doc.get(doc, 0) + 1
    object_headings = {index.sent_block[s] for s in ctx.eval(compiled.object_headings)}
    object_headings = {b for b in object_headings if index.blocks[b].kind is BlockKind.HEADING}
    if object_headings:
        for block_id, ancestors in enumerate(index.block_ancestors):
            if ancestors and ancestors[-1] in object_headings:
                zone.add(block_id)
    return zone


def _terms(ctx: MatchContext, node: Node, zone: set[int]) -> dict[str, _Term]:
    index = ctx.index
    hits: Hits = ctx.eval(node)
    terms: dict[str, _Term] = {}
    for sentence in sorted(hits):
        in_object = index.sent_block[sentence] in zone
        for span in hits[sentence]:
            key = index.norm[span[0] : span[1]]
            term = terms.get(key)
            if term is None:
                terms[key] = _Term(1, in_object, sentence, span)
            else:
                term.count += 1
                if in_object and not term.in_object:
                    term.in_object, term.sentence, term.span = True, sentence, span
    return terms


def _score(terms: dict[str, _Term], bonus: float) -> float:
    return sum(
        (bonus if t.in_object else 1.0) * (1.0 + 0.5 * math.log2(min(t.count, 16)))
        for t in terms.values()
    )


def detect_profiles(
    ctx: MatchContext, compiled: CompiledRuleSet, overrides: Mapping[str, bool], lang: str
) -> dict[str, ProfileValue]:
    zone = object_blocks(ctx, compiled)
    blocks = len(ctx.index.blocks)
    found: dict[str, ProfileValue] = {}
    for name, cprofile in compiled.profiles.items():
        spec = compiled.ruleset.profiles[name]
        terms = _terms(ctx, cprofile.signals, zone)
        score = _score(terms, spec.object_bonus)
        if cprofile.against is not None:
            score -= _score(_terms(ctx, cprofile.against, zone), spec.object_bonus)
        ranked = sorted(terms.values(), key=lambda t: (not t.in_object, -t.count, t.sentence))
        evidence: list[Evidence] = [
            make_evidence(
                ctx.index,
                t.sentence,
                [t.span],
                EvidenceKind.PROFILE,
                note=f"{t.count}×" + (", in the object of the contract" if t.in_object else ""),
            )
            for t in ranked[:MAX_EVIDENCE]
        ]
        threshold = scaled_threshold(spec.threshold, blocks)
        detected = score >= threshold
        override = overrides.get(name)
        found[name] = ProfileValue(
            value=detected if override is None else override,
            source="detected" if override is None else "override",
            score=round(score, 2),
            threshold=threshold,
            title=pick_text(spec.title, lang),
            evidence=tuple(evidence),
        )
    return found
