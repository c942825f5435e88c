"""The force of a sentence: binding, optional, negated, hollowed by a qualifier.

The catalogue's central distinction: "the Contractor shall deliver the data" is a provision,
"the Contractor may deliver the data", "...where possible" or "...at additional cost" is weak,
and "the Contractor shall not be required to deliver" is none. The cues come from the lexicon
(core.yaml, extended by packs); they are phrases of the rule set's automaton, found by the one
scan of the text, and a sentence's cues are only interpreted when a rule asks about it.

"The City may audit the Contractor's records" is not an option of the contractor: an optional
verb whose subject is the buyer grants the buyer a power, which binds the contractor. The
lexicon's `rights` phrases name those subjects with their verb; the optional cue inside such a
phrase is not read as optional, and the sentence is marked `power_only` when nothing else in it
binds. Whether a power is enough depends on the recommendation (a right of the city, or a
commitment the city must make), so each rule decides (`buyer_powers`).

A list item without a modal verb inherits the modality of the sentence that introduces the list
("The Contractor shall:"), as legal drafting does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pppcheck.matching.index import TextIndex
from pppcheck.matching.phrases import PhraseTable, Span
from pppcheck.rules.schema import Modality

NEGATION_REACH = 4
"""A negation cue this many words or fewer before a hit negates it ("shall not publish")."""


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    binding: bool
    optional: bool
    negations: tuple[int, ...]  # global offsets of negation cues
    weakeners: tuple[str, ...]  # the qualifiers found, as written in the sentence
    power_only: bool = False
    """Binding only because the buyer gives itself a power ("the City may audit")."""

    def modalities(self) -> set[Modality]:
        found: set[Modality] = set()
        if self.binding:
            found.add(Modality.BINDING)
        if self.optional:
            found.add(Modality.OPTIONAL)
        if self.negations:
            found.add(Modality.NEGATED)
        if not found:
            found.add(Modality.NONE)
        return found


class ModalityLexicon:
    """The lexicon's cues, registered in the rule set's phrase table so that the single scan of
    the text finds them; `analyse` is cached per sentence by the caller."""

    def __init__(self, lexicon: dict[str, dict[str, list[str]]], table: PhraseTable) -> None:
        self.category: dict[int, str] = {}
        self.languages: dict[int, set[str]] = {}
        for category in (
            "binding",
            "rights",
            "optional",
            "negation",
            "negation_exceptions",
            "weakeners",
        ):
            for lang, phrases in lexicon.get(category, {}).items():
                for phrase in phrases:
                    phrase_id = table.intern(phrase)
                    table.mark_cue(phrase_id)
                    self.category.setdefault(phrase_id, category)
                    self.languages.setdefault(phrase_id, set()).add(lang)
        self.known_languages: frozenset[str] = frozenset(
            lang for langs in self.languages.values() for lang in langs if lang != "any"
        )
        """The languages the lexicon has cues for (computed once, not per document)."""

    def analyse(
        self,
        index: TextIndex,
        sentence: int,
        active: frozenset[str] | None,
        cues: Callable[[int], Sequence[tuple[int, int, int]]],
    ) -> SentenceInfo:
        """Cues of the sentence, in the languages active for its document (None: all).

        `cues(sentence)` gives the (start, stop, phrase id) of the cues found in a sentence,
        in the order a scan of that sentence alone reports them.
        """
        info = self._own(index, sentence, active, cues(sentence))
        block = index.sent_block[sentence]
        lead_in = index.block_lead_in[block]
        if lead_in >= 0 and not info.binding and not info.optional:
            inherited = self._own(index, lead_in, active, cues(lead_in))
            info = SentenceInfo(
                binding=inherited.binding,
                optional=inherited.optional,
                negations=info.negations,
                weakeners=info.weakeners + inherited.weakeners,
                power_only=inherited.power_only,
            )
        return info

    def _own(
        self,
        index: TextIndex,
        sentence: int,
        active: frozenset[str] | None,
        found: Sequence[tuple[int, int, int]],
    ) -> SentenceInfo:
        if not found:
            return _NO_CUE
        by_phrase: dict[int, list[Span]] = {}
        for start, stop, phrase_id in found:
            spans = by_phrase.get(phrase_id)
            if spans is None:
                by_phrase[phrase_id] = [(start, stop)]
            else:
                spans.append((start, stop))
        binding = obligation = False
        optional_spans: list[Span] = []
        rights: list[Span] = []
        negations: list[int] = []
        exempt: list[Span] = []
        weakeners: list[str] = []
        languages = self.languages
        for phrase_id, spans in by_phrase.items():
            if active is not None and not (
                languages[phrase_id] & active or "any" in languages[phrase_id]
            ):
                continue
            category = self.category[phrase_id]
            if category == "binding":
                binding = obligation = True
            elif category == "rights":
                binding = True
                rights.extend(spans)
            elif category == "optional":
                optional_spans.extend(spans)
            elif category == "negation":
                negations.extend(s for s, _ in spans)
            elif category == "negation_exceptions":
                exempt.extend(spans)
            else:
                weakeners.extend(index.orig[s:e] for s, e in spans)
        optional = any(not any(a <= s and e <= b for a, b in rights) for s, e in optional_spans)
        power_only = binding and not obligation
        if not negations:
            return SentenceInfo(binding, optional, (), tuple(weakeners), power_only)
        start = index.sent_start[sentence]
        text = index.norm[start : index.sent_end[sentence]]
        real = sorted(
            n
            for n in negations
            if not any(a <= n < b for a, b in exempt)
            and not _restrictive_ne(text, n - start)
            and not _number_sign(text, n - start)
        )
        return SentenceInfo(binding, optional, tuple(real), tuple(weakeners), power_only)


_NO_CUE = SentenceInfo(False, False, (), ())


_NE_QUE = re.compile(r"n(?:e\s|')(?:\S+\s){0,5}?qu(?:e\s|')")
_NE_NEGATORS = re.compile(r"\b(pas|plus|jamais|aucun|aucune|rien|nullement)\b")


_NUMBER_SIGN = re.compile(r"(?:no|n[º°o])\.?\s*\d")


def _number_sign(text: str, at: int) -> bool:
    """ "No. 2023/44", "nº 12": an abbreviation of "number", not a negation."""
    return _NUMBER_SIGN.match(text, at) is not None


def _restrictive_ne(text: str, at: int) -> bool:
    """French "ne … que" means "only": "ne traiter les données que pour…" is a restriction."""
    if not text.startswith(("ne ", "n'"), at):
        return False
    match = _NE_QUE.match(text, at)
    return match is not None and not _NE_NEGATORS.search(text, at, match.end())


def negated(index: TextIndex, info: SentenceInfo, span: Span, matched: Sequence[Span] = ()) -> bool:
    """Whether a negation cue stands just before the hit and outside every matched part."""
    hit_start, _ = span
    for cue in info.negations:
        if any(start <= cue < end for start, end in (span, *matched)):
            continue
        if cue < hit_start and index.norm.count(" ", cue, hit_start) <= NEGATION_REACH:
            return True
    return False
