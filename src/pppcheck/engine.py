"""evaluate(): documents + compiled rule set → a status and evidence for every rule.

Order of decisions for one rule, as the catalogue specifies:
1. `not_applicable` when the rule's profile expression does not hold for the document;
2. `contrary` when a contrary provision is found (its quotes come first, met quotes follow);
3. `met` when a met sentence is binding, not negated and not hollowed by a qualifier;
4. `partial` when the met wording is only optional/hollowed/non-binding, or partial wording
   is found;
5. `missing` otherwise.
A rule that fails to evaluate becomes `error`; it never stops the audit of the others.

What can be evidence: body blocks only (no running headers, footers or tables of contents),
no sentence holding a template placeholder ("[Insert …]", "{{…}}"), nothing inside sections
such as "Definitions" or "Table of contents" (the lexicon's excluded headings).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pppcheck.evidence import make_evidence
from pppcheck.forking import Forked, can_fork
from pppcheck.matching.compiled import CompiledRule, CompiledRuleSet
from pppcheck.matching.index import TextIndex, build_index
from pppcheck.matching.matchers import Hits, MatchContext, TextMatches
from pppcheck.matching.modality import negated
from pppcheck.model import EVIDENCE_KINDS, BlockKind, Document
from pppcheck.profiles import detect_profiles
from pppcheck.results import Evidence, EvidenceKind, ProfileValue, RuleResult
from pppcheck.rules.applies import holds, profiles_named
from pppcheck.rules.schema import MetStrength, Rule, Status, pick_text

MAX_EVIDENCE = 5
"""Quotes kept per kind of evidence and rule (the terminal shows the first)."""


@dataclass(frozen=True)
class Evaluation:
    profile: dict[str, ProfileValue]
    results: tuple[RuleResult, ...]
    language: str


def report_language(documents: Sequence[Document], compiled: CompiledRuleSet) -> str:
    """The language of pppcheck's own texts: the document's when the pack has it."""
    for document in documents:
        if document.language in compiled.ruleset.languages:
            return document.language
    return "en"


ACTIVE_SHARE = 0.2
"""A language whose function words make up this share of a document has its phrases applied."""


def active_languages(
    documents: Sequence[Document], pack_languages: Sequence[str]
) -> list[frozenset[str]] | None:
    """Per document, the languages whose phrases apply to it.

    Phrases are language-specific: French "application" or Spanish "red" must not fire on an
    English tender. A document's main language and any other language with a large share (a
    bilingual tender, a Spanish pliego with English annexes) are active. A document in a
    language the pack does not cover gets every language, since its loan words ("open data",
    "API") are all that can be matched; the report warns that it is not really covered.
    """
    active: list[frozenset[str]] = []
    for document in documents:
        if document.language not in pack_languages:
            return None
        active.append(_document_languages(document))
    return active


def _document_languages(document: Document) -> frozenset[str]:
    """The document's main language and any other with a large share of its function words."""
    langs = {lang for lang, share in document.languages.items() if share >= ACTIVE_SHARE}
    langs.add(document.language)
    return frozenset(langs)


def cue_languages(
    documents: Sequence[Document], lexicon_languages: frozenset[str]
) -> list[frozenset[str]] | None:
    """Per document, the languages whose modality cues (shall, may, not...) apply.

    A document in a language the pack does not cover is matched with every language's phrases,
    but its modal verbs and negations are its own: Portuguese "no" means "in the", Spanish "no"
    means "not". When the lexicon knows the document's language, only its cues count.
    """
    found: list[frozenset[str]] = []
    for document in documents:
        known = _document_languages(document) & lexicon_languages
        if not known:
            return None
        found.append(known)
    return found


def _evidence_mask(
    matches: TextMatches, compiled: CompiledRuleSet, active: list[frozenset[str]] | None
) -> tuple[list[bool], list[bool]]:
    """(sentences allowed as rule evidence, sentences used for profile detection).

    Questions are never provisions ("What components are released as open source?" is a
    prompt for bidders), nor are placeholders, tables of contents or definitions.
    """
    index = matches.index
    blocks = index.blocks
    body_block = [block.kind in EVIDENCE_KINDS for block in blocks]
    body = [body_block[b] for b in index.sent_block]
    probe = MatchContext(matches, compiled.lexicon, body, active)
    placeholder = probe.eval(compiled.placeholders)
    excluded_heads = {
        index.sent_block[s]
        for s in probe.eval(compiled.excluded_headings)
        if blocks[index.sent_block[s]].kind is BlockKind.HEADING
    }
    allowed = list(body)
    if excluded_heads:
        ancestors = index.block_ancestors
        for block, ok in enumerate(body_block):
            if ok and (
                block in excluded_heads or any(a in excluded_heads for a in ancestors[block])
            ):
                first, last = index.block_first_sentence[block : block + 2]
                allowed[first:last] = [False] * (last - first)
    for sentence in placeholder:
        allowed[sentence] = False
    for sentence, ok in enumerate(allowed):
        if ok and _is_question(index, sentence):
            allowed[sentence] = False
    return allowed, body


def _is_question(index: TextIndex, sentence: int) -> bool:
    """A sentence asking something of bidders, which promises nothing."""
    text = index.orig[index.sent_start[sentence] : index.sent_end[sentence]].strip()
    return text.endswith("?") or text.startswith("¿")


def evaluate(
    documents: Sequence[Document],
    compiled: CompiledRuleSet,
    overrides: Mapping[str, bool] | None = None,
    only: set[str] | None = None,
) -> Evaluation:
    """Evaluate every rule of `compiled` (or those in `only`) over a document or a bundle."""
    lang = report_language(documents, compiled)
    index = build_index(documents)
    scan = compiled.table.scan_all(index.norm, index.sent_start)
    matches = TextMatches(index, compiled.table, scan)
    active = active_languages(documents, compiled.ruleset.languages)
    allowed, body = _evidence_mask(matches, compiled, active)
    profile_ctx = MatchContext(matches, compiled.lexicon, body, active)
    profile = detect_profiles(profile_ctx, compiled, overrides or {}, lang)
    values = {name: p.value for name, p in profile.items()}
    cues = cue_languages(documents, compiled.lexicon.known_languages)
    ctx = MatchContext(matches, compiled.lexicon, allowed, active, cues)
    rules = [rule for rule in compiled.ruleset.rules if only is None or rule.id in only]

    def evaluate_all(chosen: Sequence[Rule]) -> list[RuleResult]:
        return [_evaluate_or_fail(ctx, rule, values, lang, compiled) for rule in chosen]

    if index.sentence_count >= SPLIT_SENTENCES and len(rules) >= 2 and can_fork():
        results = _split_evaluation(rules, evaluate_all)
    else:
        results = evaluate_all(rules)
    return Evaluation(profile=profile, results=tuple(results), language=lang)


SPLIT_SENTENCES = 3000
"""From this many sentences (some 100 pages), a forked copy evaluates half of the rules. Since
phrases are checked when first asked for, each half redoes much of the shared work, so the gain
is small. Measured (whole evaluation, best of 15, warm): the 500-page DOCX 0.68 s in one
process, 0.60 s in two; the 500-page PDF 0.78 s and 0.73 s; the 100-page DOCX (2,974 sentences,
split forced) 0.17 s and 0.18-0.20 s, where the fork costs more than it saves."""


def _split_evaluation(
    rules: Sequence[Rule], evaluate_all: Callable[[Sequence[Rule]], list[RuleResult]]
) -> list[RuleResult]:
    """Every other rule evaluated by a forked copy of this process (`pppcheck.forking`), the
    rest here; the copy's part is evaluated here too if it fails. Same results, same order."""
    theirs_rules = rules[1::2]
    child: Forked[list[RuleResult]] = Forked(lambda: evaluate_all(theirs_rules))
    mine = evaluate_all(rules[0::2])
    theirs = child.result()
    if theirs is None or len(theirs) != len(theirs_rules):
        theirs = evaluate_all(theirs_rules)
    results: list[RuleResult] = [*mine, *theirs]
    results[0::2], results[1::2] = mine, theirs
    return results


def _evaluate_or_fail(
    ctx: MatchContext,
    rule: Rule,
    profile: Mapping[str, bool],
    lang: str,
    compiled: CompiledRuleSet,
) -> RuleResult:
    """One rule's result; a rule that fails becomes `error` without sinking the audit."""
    try:
        return _evaluate_rule(ctx, rule, compiled.rules[rule.id], profile, lang, compiled)
    except Exception as exc:
        reason = f"rule failed: {type(exc).__name__}: {exc}"
        return _result(rule, compiled, lang, Status.ERROR, reason, ())


def _result(
    rule: Rule,
    compiled: CompiledRuleSet,
    lang: str,
    status: Status,
    reason: str,
    evidence: Sequence[Evidence],
) -> RuleResult:
    return RuleResult(
        rule_id=rule.id,
        title=pick_text(rule.title, lang),
        theme=rule.theme,
        theme_title=compiled.ruleset.theme_title(rule.theme, lang),
        status=status,
        weight=rule.weight,
        severity=rule.severity,
        reason=reason,
        evidence=tuple(evidence),
        remediation=pick_text(rule.remediation, lang),
        model_clause=pick_text(rule.model_clause, lang),
        source=rule.source.label(),
        oslo=rule.source.oslo,
        applies_to=rule.applies_to,
    )


def _body_only(ctx: MatchContext, hits: Hits) -> Hits:
    """Headings name topics; they are not provisions, weak or strong."""
    blocks, sent_block = ctx.index.blocks, ctx.index.sent_block
    return {
        s: spans for s, spans in hits.items() if blocks[sent_block[s]].kind is not BlockKind.HEADING
    }


def _not_negated(ctx: MatchContext, hits: Hits) -> Hits:
    """Drop sentences where a negation stands just before a matched part.

    "Data shall *not* be the property of the Contractor" matches the contrary wording, but the
    negation in front of "property" turns it around: the sentence is not evidence either way.
    A negation word that is itself inside a matched part ("shall not sell", "sans publicité ni
    mise en concurrence") is the wording the rule asked for, not a negation of it.
    """
    kept: Hits = {}
    for sentence, spans in hits.items():
        info = ctx.info(sentence)
        if info.negations and any(negated(ctx.index, info, span, spans) for span in spans):
            continue
        kept[sentence] = spans
    return kept


def _classify_met(
    ctx: MatchContext, rule: Rule, hits: Hits
) -> tuple[Hits, dict[int, tuple[list[tuple[int, int]], str]]]:
    """Split met hits into binding provisions and weak ones (with the reason they are weak)."""
    strong: Hits = {}
    weak: dict[int, tuple[list[tuple[int, int]], str]] = {}
    for sentence, spans in _not_negated(ctx, _body_only(ctx, hits)).items():
        info = ctx.info(sentence)
        if info.weakeners:
            weak[sentence] = (spans, f"hollowed by “{info.weakeners[0]}”")
        elif (
            info.power_only
            and rule.buyer_powers == "weak"
            and rule.met_requires is not MetStrength.ANY
        ):
            weak[sentence] = (spans, "a power of the buyer, not a commitment")
        elif info.binding or rule.met_requires is MetStrength.ANY:
            strong[sentence] = spans
        elif info.optional:
            weak[sentence] = (spans, "optional wording")
        elif rule.met_requires is MetStrength.ASSERTIVE:
            strong[sentence] = spans
        else:
            weak[sentence] = (spans, "no binding wording")
    return strong, weak


def _evidence(
    ctx: MatchContext, hits: Hits, kind: EvidenceKind, note: str | None = None
) -> list[Evidence]:
    return [
        make_evidence(ctx.index, sentence, hits[sentence], kind, note)
        for sentence in sorted(hits)[:MAX_EVIDENCE]
    ]


def _evaluate_rule(
    ctx: MatchContext,
    rule: Rule,
    crule: CompiledRule,
    profile: Mapping[str, bool],
    lang: str,
    compiled: CompiledRuleSet,
) -> RuleResult:
    if not holds(crule.applies, profile):
        names = sorted(profiles_named(crule.applies))
        reason = f"applies to: {rule.applies_to} (profile {', '.join(names)} not detected)"
        return _result(rule, compiled, lang, Status.NOT_APPLICABLE, reason, ())
    met_hits = ctx.eval(crule.met) if crule.met is not None else {}
    strong, weak = _classify_met(ctx, rule, met_hits)
    contrary = (
        _not_negated(ctx, _body_only(ctx, ctx.eval(crule.contrary)))
        if crule.contrary is not None
        else {}
    )
    if contrary:
        evidence = _evidence(ctx, contrary, EvidenceKind.CONTRARY)
        evidence += _evidence(ctx, strong, EvidenceKind.MET)
        reason = "a provision works against this recommendation"
        if strong:
            reason += " (even though a supporting provision is also present)"
        return _result(rule, compiled, lang, Status.CONTRARY, reason, evidence)
    if strong:
        return _result(
            rule,
            compiled,
            lang,
            Status.MET,
            "binding provision found",
            _evidence(ctx, strong, EvidenceKind.MET),
        )
    partial = (
        _not_negated(ctx, _body_only(ctx, ctx.eval(crule.partial)))
        if crule.partial is not None
        else {}
    )
    if weak or partial:
        evidence = [
            make_evidence(ctx.index, s, weak[s][0], EvidenceKind.WEAK, weak[s][1])
            for s in sorted(weak)[:MAX_EVIDENCE]
        ]
        evidence += _evidence(ctx, partial, EvidenceKind.PARTIAL)
        evidence.sort(key=lambda e: (e.path, e.block))
        reason = weak[min(weak)][1] if weak else "the topic is covered only in part"
        return _result(rule, compiled, lang, Status.PARTIAL, reason, evidence)
    return _result(rule, compiled, lang, Status.MISSING, "nothing in the document addresses it", ())
