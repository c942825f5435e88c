"""Compiled matchers and their evaluation over a `TextIndex`.

A schema matcher (data from YAML) is compiled once per rule set into a tree of small nodes
holding phrase ids and RE2 patterns. Evaluating a node yields `Hits`: sentence number → spans
(global offsets) of what matched. Phrase nodes only read the result of the single automaton
pass; combinators work on sentence sets, so a rule costs time in proportion to its hits, not to
the length of the document.

Inside `all`, the parts that narrow rather than find (`not`, `heading`, `modality`) are applied
as filters on the sentences the other parts found, instead of materialising "every sentence
that does not contain X"; and a regular expression that is one of the parts runs only on the
sentences (paragraphs) where the other parts already met, since a hit elsewhere could not count.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pppcheck.matching.index import TextIndex
from pppcheck.matching.modality import ModalityLexicon, SentenceInfo
from pppcheck.matching.phrases import PhraseTable, Scan, Span
from pppcheck.matching.regex import (
    DIGIT,
    UNANCHORED,
    PackRegex,
    analyse,
    compile_regex,
    next_char,
)
from pppcheck.model import BlockKind
from pppcheck.rules.schema import (
    AbsentMatcher,
    AllMatcher,
    AnyMatcher,
    HeadingMatcher,
    Modality,
    ModalityMatcher,
    NearMatcher,
    NotMatcher,
    PhrasesMatcher,
    RegexMatcher,
    Scope,
    VocabMatcher,
)

Hits = dict[int, list[Span]]

__all__ = [
    "AbsentNode",
    "AllNode",
    "AnyNode",
    "HeadingNode",
    "Hits",
    "MatchContext",
    "MatcherCompiler",
    "ModalityNode",
    "NearNode",
    "Node",
    "NotNode",
    "PhraseNode",
    "RegexNode",
    "TextMatches",
    "compile_regex",
]


class TextMatches:
    """What the single scan of one index found, grouped by sentence on demand.

    Shared by the evaluation contexts of one audit (evidence mask, profiles, rules): each
    phrase's hits are assigned to sentences once, each pattern runs at most once per sentence.
    """

    WHOLE_TEXT_SHARE = 12
    """A pattern with more candidate sentences than 1/12 of them runs over the whole text."""

    def __init__(self, index: TextIndex, table: PhraseTable, scan: Scan) -> None:
        self.index = index
        self.table = table
        self.scan = scan
        self._atom_sentences: dict[tuple[int, ...], set[int]] = {}
        self._candidates: dict[str, set[int] | None] = {}
        self._digits: set[int] | None = None
        self._regex: dict[str, dict[int, list[Span]]] = {}
        self._regex_all: dict[str, dict[int, list[Span]]] = {}
        self._utf8: bytes | None = None
        self._wide: list[int] = []
        """Character offsets of the non-ASCII characters of the text (empty when ASCII)."""
        self._wide_bytes: list[int] = []
        self._extra: list[int] = []
        """Extra UTF-8 bytes up to and including each of them."""

    # ------------------------------------------------------------------ phrases and cues

    def by_sentence(self, phrase_id: int) -> Hits:
        """Sentence → spans of one phrase."""
        return self.scan.phrase(phrase_id)

    def cues(self, sentence: int) -> list[tuple[int, int, int]]:
        """The lexicon cues of a sentence, in the order a scan of the sentence alone reports
        them: the whole text's scan says the same, except beside a long run of text cut into
        sentences without a separator, where the sentence is scanned on its own."""
        index = self.index
        start, end = index.sent_start[sentence], index.sent_end[sentence]
        joined = (sentence > 0 and index.sent_end[sentence - 1] >= start) or (
            sentence + 1 < index.sentence_count and index.sent_start[sentence + 1] <= end
        )
        if not joined:
            return self.scan.cues_in(sentence)
        alone = self.table.scan_all(index.norm[start:end]).cues_in(0)
        return [(start + a, start + b, phrase_id) for a, b, phrase_id in alone]

    # ------------------------------------------------------------------ regular expressions

    def candidates(self, regex: PackRegex) -> set[int] | None:
        """Sentences holding an atom of every clause of the pattern (None: no atoms)."""
        if regex.source in self._candidates:
            return self._candidates[regex.source]
        found: set[int] | None = None
        for clause in regex.clauses:
            sentences = self._atom_sentences_of(clause)
            # the first clause's set is shared, not copied: candidates are never changed
            found = sentences if found is None else found & sentences
            if not found:
                break
        self._candidates[regex.source] = found
        return found

    def _atom_sentences_of(self, atom_ids: tuple[int, ...]) -> set[int]:
        found = self._atom_sentences.get(atom_ids)
        if found is None:
            scan = self.scan
            found = set().union(*map(scan.atom_sentences, scan.atoms_occurring(atom_ids)))
            if any(self.table.atoms[atom_id] == DIGIT for atom_id in atom_ids):
                found |= self._digit_sentences()
            self._atom_sentences[atom_ids] = found
        return found

    def _digit_sentences(self) -> set[int]:
        """Sentences holding an ASCII digit: one match per line that has one (a line is a
        sentence, or several where a long run was cut without a separator)."""
        if self._digits is None:
            index = self.index
            norm, starts, ends = index.norm, index.sent_start, index.sent_end
            found: set[int] = set()
            for match in _FIRST_DIGIT.finditer(norm):
                first = bisect_right(starts, match.start()) - 1
                last = bisect_right(starts, max(match.start(), match.end() - 1)) - 1
                found.add(first)
                for sentence in range(first + 1, last + 1):
                    if _DIGIT.search(norm, starts[sentence], ends[sentence]):
                        found.add(sentence)
            self._digits = found
        return self._digits

    def regex_in(self, regex: PackRegex, sentences: list[int]) -> Hits:
        """Matches of a pattern in each of `sentences` (ascending), the empty ones left out."""
        if len(sentences) * self.WHOLE_TEXT_SHARE > self.index.sentence_count:
            every = self.regex_everywhere(regex)
            return {s: every[s] for s in sentences if s in every}
        hits: Hits = {}
        for sentence in sentences:
            spans = self.regex_spans(regex, sentence)
            if spans:
                hits[sentence] = spans
        return hits

    def regex_spans(self, regex: PackRegex, sentence: int) -> list[Span]:
        """Matches of a pattern inside one sentence (character offsets in the index)."""
        every = self._regex_all.get(regex.source)
        if every is not None:
            return every.get(sentence, [])
        cache = self._regex.get(regex.source)
        if cache is None:
            cache = self._regex[regex.source] = {}
        found = cache.get(sentence)
        if found is None:
            data = self._text()
            start = self._byte(self.index.sent_start[sentence])
            end = self._byte(self.index.sent_end[sentence])
            found = cache[sentence] = [
                (self._char(a), self._char(b)) for a, b in regex.spans(data, start, end)
            ]
        return found

    def regex_everywhere(self, regex: PackRegex) -> Hits:
        """Matches of a pattern in every sentence, by one search over the whole text.

        The result is the same as searching each sentence on its own: a match that would
        start between two sentences or run past its sentence's end is searched again inside
        the sentence (RE2 sees the whole text around it, so ``\\b`` and ``^`` read alike).
        """
        found = self._regex_all.get(regex.source)
        if found is not None:
            return found
        data = self._text()
        match = regex.matcher()
        starts, ends = self.index.sent_start, self.index.sent_end
        count = len(starts)
        size = len(data)
        found = {}
        pos = 0
        while pos <= size:
            first, last = match(UNANCHORED, data, pos, size)[0]
            if first < 0:
                break
            start = self._char(first)
            sentence = bisect_right(starts, start) - 1
            if sentence < 0 or start >= ends[sentence]:  # between sentences: none starts here
                if sentence + 1 >= count:
                    break
                pos = self._byte(starts[sentence + 1])
                continue
            bound = self._byte(ends[sentence])
            if last <= bound:
                if last > first:
                    found.setdefault(sentence, []).append((start, self._char(last)))
                pos = last if last != pos else next_char(data, pos, size)
                continue
            spans = [(self._char(a), self._char(b)) for a, b in regex.spans(data, pos, bound)]
            if spans:
                found.setdefault(sentence, []).extend(spans)
            if sentence + 1 >= count:
                break
            pos = self._byte(starts[sentence + 1])
        self._regex_all[regex.source] = found
        return found

    def _text(self) -> bytes:
        """The normalised text in UTF-8, and the table of its wide characters."""
        if self._utf8 is None:
            norm = self.index.norm
            self._utf8 = norm.encode()
            if len(self._utf8) != len(norm):
                extra = 0
                for match in _WIDE.finditer(norm):
                    self._wide.append(match.start())
                    self._wide_bytes.append(match.start() + extra)
                    extra += len(match.group().encode()) - 1
                    self._extra.append(extra)
        return self._utf8

    def _byte(self, char: int) -> int:
        """Character offset → UTF-8 byte offset."""
        if not self._wide:
            return char
        before = bisect_left(self._wide, char)
        return char + self._extra[before - 1] if before else char

    def _char(self, byte: int) -> int:
        """UTF-8 byte offset (at a character boundary) → character offset."""
        if not self._wide:
            return byte
        before = bisect_left(self._wide_bytes, byte)
        return byte - self._extra[before - 1] if before else byte


_WIDE = re.compile(r"[^\x00-\x7f]")
_FIRST_DIGIT = re.compile(r"[0-9][^\n]*")
_DIGIT = re.compile(r"[0-9]")


@dataclass
class MatchContext:
    """One evaluation: the shared matches, which sentences may count, per-sentence caches."""

    matches: TextMatches
    lexicon: ModalityLexicon
    allowed: list[bool]
    """Sentences that may serve as evidence (not TOC, placeholders, definitions...)."""
    active: list[frozenset[str]] | None = None
    """Per document of the index: languages whose phrases apply (None: all)."""
    cue_active: list[frozenset[str]] | None = None
    """Per document: languages whose modality cues apply (None: as `active`). A Portuguese
    tender is matched with every language's phrases, but its "no" ("in the") is no negation."""
    _sentence_hits: dict[int, Hits] = field(default_factory=dict)
    _info: dict[int, SentenceInfo] = field(default_factory=dict)
    _modalities: dict[int, frozenset[Modality]] = field(default_factory=dict)
    _regex: dict[str, Hits] = field(default_factory=dict)
    _documents: dict[frozenset[str], list[bool]] = field(default_factory=dict)
    _memo: dict[int, Hits] = field(default_factory=dict)
    _derived: dict[tuple[int, str], Any] = field(default_factory=dict)

    @property
    def index(self) -> TextIndex:
        return self.matches.index

    def eval(self, node: Node) -> Hits:
        """`node.hits(self)`, computed once per node and evaluation."""
        key = id(node)
        found = self._memo.get(key)
        if found is None:
            found = node.hits(self)
            self._memo[key] = found
        return found

    def memo(self, owner: object, tag: str, compute: Callable[[], Any]) -> Any:
        """A value derived by `owner`, computed once per evaluation."""
        key = (id(owner), tag)
        found = self._derived.get(key)
        if found is None:
            found = compute()
            self._derived[key] = found
        return found

    def phrase(self, phrase_id: int) -> Hits:
        cached = self._sentence_hits.get(phrase_id)
        if cached is not None:
            return cached
        grouped = self.matches.by_sentence(phrase_id)
        if not grouped:  # most phrases of a pack are not in a given document
            hits: Hits = {}
            self._sentence_hits[phrase_id] = hits
            return hits
        allowed = self.allowed
        docs_ok = self._documents_for(phrase_id)
        if docs_ok is None:
            hits = {s: spans for s, spans in grouped.items() if allowed[s]}
        elif len(docs_ok) == 1:
            hits = {s: spans for s, spans in grouped.items() if allowed[s]} if docs_ok[0] else {}
        else:
            doc_of = self.index.block_doc
            block_of = self.index.sent_block
            hits = {
                s: spans
                for s, spans in grouped.items()
                if allowed[s] and docs_ok[doc_of[block_of[s]]]
            }
        self._sentence_hits[phrase_id] = hits
        return hits

    def _documents_for(self, phrase_id: int) -> list[bool] | None:
        """Which documents the phrase applies to (None: every one)."""
        if self.active is None:
            return None
        langs = self.matches.table.languages[phrase_id]
        if "any" in langs:
            return None
        key = frozenset(langs)
        found = self._documents.get(key)
        if found is None:
            found = self._documents[key] = [bool(langs & active) for active in self.active]
        return found

    def info(self, sentence: int) -> SentenceInfo:
        found = self._info.get(sentence)
        if found is None:
            index = self.index
            doc = index.block_doc[index.sent_block[sentence]]
            languages = self.cue_active if self.cue_active is not None else self.active
            active = languages[doc] if languages is not None else None
            found = self.lexicon.analyse(index, sentence, active, self.matches.cues)
            self._info[sentence] = found
        return found

    def modalities(self, sentence: int) -> frozenset[Modality]:
        found = self._modalities.get(sentence)
        if found is None:
            found = self._modalities[sentence] = frozenset(self.info(sentence).modalities())
        return found

    def regex(self, regex: PackRegex, within: Iterable[int] | None = None) -> Hits:
        """Matches of a pattern in the allowed sentences (only those in `within` when given)."""
        if within is None:
            cached = self._regex.get(regex.source)
            if cached is not None:
                return cached
        allowed = self.allowed
        candidates = self.matches.candidates(regex)
        if within is not None:
            candidates = set(within) if candidates is None else candidates.intersection(within)
        if candidates is None:
            ordered = [s for s, ok in enumerate(allowed) if ok]
        else:
            ordered = sorted(s for s in candidates if allowed[s])
        hits = self.matches.regex_in(regex, ordered) if ordered else {}
        if within is None:
            self._regex[regex.source] = hits
        return hits


class Node(Protocol):
    def hits(self, ctx: MatchContext) -> Hits: ...


class Filter(Protocol):
    def accepts(self, ctx: MatchContext, sentence: int) -> bool: ...


def _merge(
    target: Hits, source: Hits, owned: set[int], keep: Callable[[int], bool] | None = None
) -> None:
    """Add the hits of `source` to `target`, copying on write: a sentence found in one source
    only keeps that source's span list (hits are never changed in place once computed); the
    list is copied into `target`'s own (noted in `owned`) when a second source adds to it."""
    for sentence, spans in source.items():
        if keep is None or keep(sentence):
            found = target.get(sentence)
            if found is None:
                target[sentence] = spans
            elif sentence in owned:
                found.extend(spans)
            else:
                target[sentence] = found + spans
                owned.add(sentence)


@dataclass(frozen=True)
class PhraseNode:
    ids: tuple[int, ...]

    def hits(self, ctx: MatchContext) -> Hits:
        ids = ctx.matches.scan.occurring(self.ids)  # most phrases of a list are absent
        if len(ids) == 1:
            return ctx.phrase(ids[0])
        result: Hits = {}
        owned: set[int] = set()
        for phrase_id in ids:
            found = ctx.phrase(phrase_id)
            if found:
                _merge(result, found, owned)
        return result


@dataclass(frozen=True)
class RegexNode:
    source: str
    pattern: PackRegex

    def hits(self, ctx: MatchContext) -> Hits:
        return ctx.regex(self.pattern)


@dataclass(frozen=True)
class AnyNode:
    parts: tuple[Node, ...]

    def hits(self, ctx: MatchContext) -> Hits:
        result: Hits = {}
        owned: set[int] = set()
        for part in self.parts:
            _merge(result, ctx.eval(part), owned)
        return result


def _filter_accepts(ctx: MatchContext, node: Node, sentence: int) -> bool:
    """Whether an allowed sentence is in `node`'s hits, without materialising them when the
    node is a filter (its hits are exactly the allowed sentences it accepts)."""
    if isinstance(node, NotNode | AbsentNode | HeadingNode | ModalityNode):
        return node.accepts(ctx, sentence)
    return sentence in ctx.eval(node)


@dataclass(frozen=True)
class NotNode:
    part: Node

    def accepts(self, ctx: MatchContext, sentence: int) -> bool:
        return not _filter_accepts(ctx, self.part, sentence)

    def hits(self, ctx: MatchContext) -> Hits:
        return {s: [] for s, ok in enumerate(ctx.allowed) if ok and self.accepts(ctx, s)}


@dataclass(frozen=True)
class AbsentNode:
    """A document-wide condition: the part has no hit anywhere."""

    part: Node

    def accepts(self, ctx: MatchContext, sentence: int) -> bool:
        return not ctx.eval(self.part)

    def hits(self, ctx: MatchContext) -> Hits:
        if ctx.eval(self.part):
            return {}
        return {s: [] for s, ok in enumerate(ctx.allowed) if ok}


@dataclass(frozen=True)
class HeadingNode:
    part: Node

    def _state(self, ctx: MatchContext) -> tuple[set[int], dict[int, bool]]:
        """Heading blocks whose text matches the part (body text never counts), and a cache:
        block → whether it is, or sits under, one of them."""

        def compute() -> tuple[set[int], dict[int, bool]]:
            index = ctx.index
            found = {index.sent_block[s] for s in ctx.eval(self.part)}
            return {b for b in found if index.blocks[b].kind is BlockKind.HEADING}, {}

        return ctx.memo(self, "headings", compute)  # type: ignore[no-any-return]

    def accepts(self, ctx: MatchContext, sentence: int) -> bool:
        headings, blocks = self._state(ctx)
        if not headings:
            return False
        index = ctx.index
        block = index.sent_block[sentence]
        found = blocks.get(block)
        if found is None:
            found = block in headings or any(a in headings for a in index.block_ancestors[block])
            blocks[block] = found
        return found

    def hits(self, ctx: MatchContext) -> Hits:
        headings, blocks = self._state(ctx)
        if not headings:
            return {}
        index, allowed = ctx.index, ctx.allowed
        first = index.block_first_sentence
        ancestors = index.block_ancestors
        hits: Hits = {}
        for block in range(len(index.blocks)):
            begin, end = first[block], first[block + 1]
            if begin == end:
                continue
            found = blocks.get(block)
            if found is None:
                found = block in headings or any(a in headings for a in ancestors[block])
                blocks[block] = found
            if found:
                for sentence in range(begin, end):
                    if allowed[sentence]:
                        hits[sentence] = []
        return hits


@dataclass(frozen=True)
class ModalityNode:
    wanted: frozenset[Modality]

    def accepts(self, ctx: MatchContext, sentence: int) -> bool:
        return not ctx.modalities(sentence).isdisjoint(self.wanted)

    def hits(self, ctx: MatchContext) -> Hits:
        return {s: [] for s, ok in enumerate(ctx.allowed) if ok and self.accepts(ctx, s)}


def _scope_key(ctx: MatchContext, scope: Scope) -> Callable[[int], int]:
    index = ctx.index
    if scope is Scope.SENTENCE:
        return lambda s: s
    if scope is Scope.PARAGRAPH:
        return index.sent_block.__getitem__
    if scope is Scope.SECTION:
        return index.section_of
    return lambda s: 0


_RESTRICTABLE = (Scope.SENTENCE, Scope.PARAGRAPH)


def _sentences_in(ctx: MatchContext, scope: Scope, keys: set[int]) -> set[int]:
    """The sentences whose scope key (sentence or paragraph) is in `keys`."""
    if scope is Scope.SENTENCE:
        return keys
    first = ctx.index.block_first_sentence
    return {s for block in keys for s in range(first[block], first[block + 1])}


@dataclass(frozen=True)
class AllNode:
    positives: tuple[Node, ...]
    filters: tuple[Filter, ...]
    within: Scope

    def hits(self, ctx: MatchContext) -> Hits:
        if not self.positives:
            candidates: Hits = {s: [] for s, ok in enumerate(ctx.allowed) if ok}
        else:
            found = self._found(ctx)
            if found is None:
                return {}
            key = _scope_key(ctx, self.within)
            common = {key(s) for s in found[0]}
            for part in found[1:]:
                common &= {key(s) for s in part}
                if not common:
                    return {}
            candidates = {}
            owned: set[int] = set()
            if self.within is Scope.SENTENCE:
                for part in found:
                    _merge(candidates, part, owned, common.__contains__)
            else:
                for part in found:
                    _merge(candidates, part, owned, lambda s: key(s) in common)
        if not self.filters:
            return candidates
        return {
            s: spans
            for s, spans in candidates.items()
            if all(f.accepts(ctx, s) for f in self.filters)
        }

    def _found(self, ctx: MatchContext) -> list[Hits] | None:
        """Hits of every positive part, in order; None as soon as one part has none.

        Regular expressions go last and run only where the other parts met (same sentence or
        paragraph): elsewhere their hits could not survive the intersection.
        """
        found: list[Hits | None] = [None] * len(self.positives)
        deferred: list[int] = []
        for position, part in enumerate(self.positives):
            if isinstance(part, RegexNode) and self.within in _RESTRICTABLE:
                deferred.append(position)
                continue
            hits = ctx.eval(part)
            if not hits:
                return None
            found[position] = hits
        if deferred:
            done = [hits for hits in found if hits is not None]
            if done:
                key = _scope_key(ctx, self.within)
                common = {key(s) for s in done[0]}
                for hits in done[1:]:
                    common &= {key(s) for s in hits}
                within = _sentences_in(ctx, self.within, common)
            else:
                within = None
            for position in deferred:
                node = self.positives[position]
                assert isinstance(node, RegexNode)
                hits = ctx.regex(node.pattern, within)
                if not hits:
                    return None
                found[position] = hits
        return [hits for hits in found if hits is not None]


@dataclass(frozen=True)
class NearNode:
    """All parts in one sentence, at most `words` words apart (the subject of a clause is near
    its verb; across a full stop it belongs to another clause)."""

    parts: tuple[Node, ...]
    words: int

    def hits(self, ctx: MatchContext) -> Hits:
        found: list[Hits] = []
        for node in self.parts:
            hits = ctx.eval(node)
            if not hits:
                return {}
            found.append(hits)
        sentences = set(found[0])
        for part in found[1:]:
            sentences.intersection_update(part)
        norm = ctx.index.norm
        result: Hits = {}
        reach = (self.words + 1) * 40
        for sentence in sentences:
            others = [_Spans(part[sentence], reach) for part in found[1:]]
            taken: set[Span] = set()
            for anchor in found[0][sentence]:
                close = [self._closest(norm, anchor, other) for other in others]
                if all(span is not None for span in close):
                    spans = result.get(sentence)
                    if spans is None:
                        spans = result[sentence] = [anchor]
                        taken.add(anchor)
                    for span in close:
                        if span is not None:
                            spans.append(span)
                            taken.add(span)
                    if anchor not in taken:
                        spans.append(anchor)
                        taken.add(anchor)
        return result

    def _closest(self, norm: str, anchor: Span, other: _Spans) -> Span | None:
        """The first span of `other`, in its order, overlapping `anchor` or at most `words`
        words from it."""
        limit = self.words
        for span in other.near(anchor):
            if span[1] <= anchor[0]:
                gap = (span[1], anchor[0])
            elif anchor[1] <= span[0]:
                gap = (anchor[1], span[0])
            else:
                return span  # overlapping
            if gap[1] - gap[0] > other.reach:
                continue
            if max(0, norm.count(" ", gap[0], gap[1]) - 1) <= limit:
                return span
        return None


class _Spans:
    """The spans of one part in one sentence, with the few that can be near an anchor found by
    bisection when they are many: a long sentence (a table row, a run-on list) can hold
    hundreds of hits of a common word, and trying each against each anchor was quadratic."""

    FEW = 32

    def __init__(self, spans: list[Span], reach: int) -> None:
        self.spans = spans
        self.reach = reach
        """Characters beyond which a span is never near (`NearNode._closest`'s quick test)."""
        self._starts: list[int] | None = None
        self._order: list[int] = []
        self._longest = 0

    def near(self, anchor: Span) -> list[Span]:
        """The spans that can be near `anchor` (a superset), in their original order."""
        spans = self.spans
        if len(spans) <= self.FEW:
            return spans
        if self._starts is None:
            self._order = sorted(range(len(spans)), key=lambda i: spans[i][0])
            self._starts = [spans[i][0] for i in self._order]
            self._longest = max(stop - start for start, stop in spans)
        # a span starting before `low` ends more than `reach` before the anchor; one starting
        # after `high` begins more than `reach` after it: neither overlaps nor is near
        low = bisect_left(self._starts, anchor[0] - self.reach - self._longest)
        high = bisect_right(self._starts, anchor[1] + self.reach)
        return [spans[i] for i in sorted(self._order[low:high])]


class MatcherCompiler:
    """Turns schema matchers into nodes, registering their phrases in one table."""

    def __init__(self, table: PhraseTable, vocabularies: dict[str, dict[str, list[str]]]):
        self.table = table
        self.vocabularies = vocabularies
        self._vocab_nodes: dict[str, PhraseNode] = {}
        self._regex: dict[str, PackRegex] = {}
        self._clauses: dict[str, tuple[frozenset[str], ...]] = {}

    def compile(self, matcher: Any) -> Node:
        if isinstance(matcher, PhrasesMatcher):
            return PhraseNode(self.table.add_lists(matcher.phrases))
        if isinstance(matcher, VocabMatcher):
            vocab = self._vocab_nodes.get(matcher.vocab)
            if vocab is None:
                vocab = PhraseNode(self.table.add_lists(self.vocabularies[matcher.vocab]))
                self._vocab_nodes[matcher.vocab] = vocab
            return vocab
        if isinstance(matcher, RegexMatcher):
            return RegexNode(matcher.regex, self.regex(matcher.regex))
        if isinstance(matcher, AnyMatcher):
            return AnyNode(tuple(self.compile(part) for part in matcher.any))
        if isinstance(matcher, AllMatcher):
            positives: list[Node] = []
            filters: list[Filter] = []
            for part in matcher.all:
                node = self.compile(part)
                if isinstance(node, NotNode | AbsentNode | HeadingNode | ModalityNode):
                    filters.append(node)
                else:
                    positives.append(node)
            return AllNode(tuple(positives), tuple(filters), matcher.within)
        if isinstance(matcher, NotMatcher):
            return NotNode(self.compile(matcher.not_))
        if isinstance(matcher, AbsentMatcher):
            return AbsentNode(self.compile(matcher.absent))
        if isinstance(matcher, NearMatcher):
            return NearNode(tuple(self.compile(part) for part in matcher.near), matcher.words)
        if isinstance(matcher, HeadingMatcher):
            return HeadingNode(self.compile(matcher.heading))
        if isinstance(matcher, ModalityMatcher):
            wanted = matcher.modality if isinstance(matcher.modality, list) else [matcher.modality]
            return ModalityNode(frozenset(wanted))
        raise TypeError(f"unknown matcher {type(matcher).__name__}")

    def regex(self, source: str) -> PackRegex:
        """The pattern, checked by RE2 now; its atoms are registered by `register_atoms`."""
        found = self._regex.get(source)
        if found is None:
            compile_regex(source)  # a pack with an invalid pattern fails here, not mid-audit
            found = self._regex[source] = PackRegex(source, ())
            self._clauses[source] = analyse(source)
        return found

    def register_atoms(self) -> None:
        """Give every pattern its atoms, once all patterns are known.

        An atom that holds another pack atom at most two characters shorter is replaced by it
        ("hours" by "hour", "within " by "within"): the clause stays true (every "hours" holds
        "hour") and the scan reports one hit instead of two for nearly the same selectivity.
        """
        every = {atom for clauses in self._clauses.values() for c in clauses for atom in c}
        shortest: dict[str, str] = {}
        for atom in every:
            # The pack atoms inside this one, two then one character shorter: at most five
            # substrings looked up, not every shorter atom scanned (that was quadratic).
            shortest[atom] = atom
            for cut in (2, 1):
                size = len(atom) - cut
                inside = sorted(
                    {atom[i : i + size] for i in range(cut + 1)} & every if size > 0 else ()
                )
                if inside:
                    shortest[atom] = inside[0]
                    break
        for source, clauses in self._clauses.items():
            self._regex[source].clauses = tuple(
                tuple(sorted({self.table.add_atom(shortest[a]) for a in clause}))
                for clause in clauses
            )
