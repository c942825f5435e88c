"""Compiled matchers and their evaluation over a `TextIndex`.

A schema matcher (data from YAML) is compiled once per rule set into a tree of small nodes
holding phrase ids and RE2 patterns. Evaluating a node yields `Hits`: sentence number → spans
(global offsets) of what matched. Phrase nodes only read the result of the single automaton
pass; combinators work on sentence sets, so a rule costs time in proportion to its hits, not to
the length of the document.

Inside `all`, the parts that narrow rather than find (`not`, `heading`, `modality`) are applied
as filters on the sentences the other parts found, instead of materialising "every sentence
that does not contain X".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import re2

from pppcheck.matching.index import TextIndex
from pppcheck.matching.modality import ModalityLexicon, SentenceInfo
from pppcheck.matching.phrases import PhraseTable, Span
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


@dataclass
class MatchContext:
    """One evaluation: the index, the automaton's hits and per-sentence caches."""

    index: TextIndex
    phrase_hits: dict[int, list[Span]]
    lexicon: ModalityLexicon
    allowed: list[bool]
    """Sentences that may serve as evidence (not TOC, placeholders, definitions...)."""
    phrase_languages: list[set[str]] = field(default_factory=list)
    """Languages of each phrase id (from the phrase table)."""
    active: list[frozenset[str]] | None = None
    """Per document of the index: languages whose phrases apply (None: all)."""
    _sentence_hits: dict[int, Hits] = field(default_factory=dict)
    _info: dict[int, SentenceInfo] = field(default_factory=dict)
    _regex: dict[str, Hits] = field(default_factory=dict)
    _memo: dict[int, Any] = field(default_factory=dict)
    _derived: dict[tuple[int, str], Any] = field(default_factory=dict)

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
        hits: Hits = {}
        sentence_of = self.index.sentence_of
        allowed = self.allowed
        docs_ok = self._documents_for(phrase_id)
        for span in self.phrase_hits.get(phrase_id, ()):
            sentence = sentence_of(span[0])
            if allowed[sentence] and (
                docs_ok is None or docs_ok[self.index.block_doc[self.index.sent_block[sentence]]]
            ):
                hits.setdefault(sentence, []).append(span)
        self._sentence_hits[phrase_id] = hits
        return hits

    def _documents_for(self, phrase_id: int) -> list[bool] | None:
        """Which documents the phrase applies to (None: every one)."""
        if self.active is None or not self.phrase_languages:
            return None
        langs = self.phrase_languages[phrase_id]
        if "any" in langs:
            return None
        return [bool(langs & active) for active in self.active]

    def info(self, sentence: int) -> SentenceInfo:
        found = self._info.get(sentence)
        if found is None:
            doc = self.index.block_doc[self.index.sent_block[sentence]]
            active = self.active[doc] if self.active is not None else None
            found = self.lexicon.analyse(self.index, sentence, active)
            self._info[sentence] = found
        return found

    def regex(self, pattern: Any, source: str) -> Hits:
        cached = self._regex.get(source)
        if cached is not None:
            return cached
        hits: Hits = {}
        norm = self.index.norm
        for match in pattern.finditer(norm):
            start, end = match.span()
            if end <= start:
                continue
            sentence = self.index.sentence_of(start)
            if self.allowed[sentence] and end <= self.index.sent_end[sentence]:
                hits.setdefault(sentence, []).append((start, end))
        self._regex[source] = hits
        return hits


class Node(Protocol):
    def hits(self, ctx: MatchContext) -> Hits: ...


class Filter(Protocol):
    def accepts(self, ctx: MatchContext, sentence: int) -> bool: ...


def _merge(target: Hits, source: Hits, keep: Callable[[int], bool] | None = None) -> None:
    for sentence, spans in source.items():
        if keep is None or keep(sentence):
            target.setdefault(sentence, []).extend(spans)


@dataclass(frozen=True)
class PhraseNode:
    ids: tuple[int, ...]

    def hits(self, ctx: MatchContext) -> Hits:
        if len(self.ids) == 1:
            return ctx.phrase(self.ids[0])
        result: Hits = {}
        for phrase_id in self.ids:
            _merge(result, ctx.phrase(phrase_id))
        return result


@dataclass(frozen=True)
class RegexNode:
    source: str
    pattern: Any

    def hits(self, ctx: MatchContext) -> Hits:
        return ctx.regex(self.pattern, self.source)


@dataclass(frozen=True)
class AnyNode:
    parts: tuple[Node, ...]

    def hits(self, ctx: MatchContext) -> Hits:
        result: Hits = {}
        for part in self.parts:
            _merge(result, ctx.eval(part))
        return result


@dataclass(frozen=True)
class NotNode:
    part: Node

    def accepts(self, ctx: MatchContext, sentence: int) -> bool:
        return sentence not in ctx.eval(self.part)

    def hits(self, ctx: MatchContext) -> Hits:
        excluded = ctx.eval(self.part)
        return {s: [] for s, ok in enumerate(ctx.allowed) if ok and s not in excluded}


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

    def _headings(self, ctx: MatchContext) -> set[int]:
        """Heading blocks whose text matches the part (body text never counts)."""
        index = ctx.index

        def compute() -> set[int]:
            found = {index.sent_block[s] for s in ctx.eval(self.part)}
            return {b for b in found if index.blocks[b].kind is BlockKind.HEADING}

        return ctx.memo(self, "headings", compute)  # type: ignore[no-any-return]

    def accepts(self, ctx: MatchContext, sentence: int) -> bool:
        headings = self._headings(ctx)
        block = ctx.index.sent_block[sentence]
        return block in headings or any(a in headings for a in ctx.index.block_ancestors[block])

    def hits(self, ctx: MatchContext) -> Hits:
        return {s: [] for s, ok in enumerate(ctx.allowed) if ok and self.accepts(ctx, s)}


@dataclass(frozen=True)
class ModalityNode:
    wanted: frozenset[Modality]

    def accepts(self, ctx: MatchContext, sentence: int) -> bool:
        return bool(ctx.info(sentence).modalities() & self.wanted)

    def hits(self, ctx: MatchContext) -> Hits:
        return {s: [] for s, ok in enumerate(ctx.allowed) if ok and self.accepts(ctx, s)}


def _scope_key(ctx: MatchContext, scope: Scope) -> Callable[[int], int]:
    index = ctx.index
    if scope is Scope.SENTENCE:
        return lambda s: s
    if scope is Scope.PARAGRAPH:
        return lambda s: index.sent_block[s]
    if scope is Scope.SECTION:
        return index.section_of
    return lambda s: 0


@dataclass(frozen=True)
class AllNode:
    positives: tuple[Node, ...]
    filters: tuple[Filter, ...]
    within: Scope

    def hits(self, ctx: MatchContext) -> Hits:
        if not self.positives:
            candidates: Hits = {s: [] for s, ok in enumerate(ctx.allowed) if ok}
        else:
            key = _scope_key(ctx, self.within)
            found = [ctx.eval(part) for part in self.positives]
            if any(not part for part in found):
                return {}
            common = {key(s) for s in found[0]}
            for part in found[1:]:
                common &= {key(s) for s in part}
                if not common:
                    return {}
            candidates = {}
            for part in found:
                _merge(candidates, part, lambda s: key(s) in common)
        if not self.filters:
            return candidates
        return {
            s: spans
            for s, spans in candidates.items()
            if all(f.accepts(ctx, s) for f in self.filters)
        }


@dataclass(frozen=True)
class NearNode:
    """All parts in one sentence, at most `words` words apart (the subject of a clause is near
    its verb; across a full stop it belongs to another clause)."""

    parts: tuple[Node, ...]
    words: int

    def hits(self, ctx: MatchContext) -> Hits:
        found = [ctx.eval(part) for part in self.parts]
        if any(not part for part in found):
            return {}
        sentences = set(found[0])
        for part in found[1:]:
            sentences &= set(part)
        norm = ctx.index.norm
        result: Hits = {}
        for sentence in sentences:
            for anchor in found[0][sentence]:
                close = [self._closest(norm, anchor, part[sentence]) for part in found[1:]]
                if all(span is not None for span in close):
                    spans = result.setdefault(sentence, [anchor])
                    spans.extend(span for span in close if span is not None)
                    if anchor not in spans:
                        spans.append(anchor)
        return result

    def _closest(self, norm: str, anchor: Span, spans: list[Span]) -> Span | None:
        limit = self.words
        for span in spans:
            if span[1] <= anchor[0]:
                gap = (span[1], anchor[0])
            elif anchor[1] <= span[0]:
                gap = (anchor[1], span[0])
            else:
                return span  # overlapping
            if gap[1] - gap[0] > (limit + 1) * 40:
                continue
            if max(0, norm.count(" ", gap[0], gap[1]) - 1) <= limit:
                return span
        return None


class MatcherCompiler:
    """Turns schema matchers into nodes, registering their phrases in one table."""

    def __init__(self, table: PhraseTable, vocabularies: dict[str, dict[str, list[str]]]):
        self.table = table
        self.vocabularies = vocabularies
        self._vocab_nodes: dict[str, PhraseNode] = {}

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
            return RegexNode(matcher.regex, compile_regex(matcher.regex))
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


def compile_regex(source: str) -> Any:
    """Compile with RE2 (linear time); raises ValueError with RE2's reason."""
    options = re2.Options()
    options.max_mem = 8 << 20
    options.log_errors = False
    try:
        return re2.compile(source, options)
    except re2.error as exc:
        raise ValueError(f"invalid RE2 regular expression: {exc}") from exc
