"""A rule set compiled for matching: one phrase automaton, matcher trees, parsed expressions.

Compiling is done once per rule set (and can be cached between runs, keyed by the packs'
content); evaluating a document then only scans its text once and walks small trees.
"""

from __future__ import annotations

from dataclasses import dataclass

from pppcheck.matching.matchers import MatcherCompiler, Node, PhraseNode
from pppcheck.matching.modality import ModalityLexicon
from pppcheck.matching.phrases import PhraseTable
from pppcheck.rules.applies import Expr, parse_applies
from pppcheck.rules.ruleset import RuleSet


@dataclass(frozen=True)
class CompiledRule:
    met: Node | None
    partial: Node | None
    contrary: Node | None
    applies: Expr


@dataclass(frozen=True)
class CompiledProfile:
    signals: Node
    against: Node | None


@dataclass(frozen=True)
class CompiledRuleSet:
    ruleset: RuleSet
    table: PhraseTable
    lexicon: ModalityLexicon
    rules: dict[str, CompiledRule]
    profiles: dict[str, CompiledProfile]
    placeholders: PhraseNode
    excluded_headings: PhraseNode
    object_headings: PhraseNode


def compile_ruleset(ruleset: RuleSet) -> CompiledRuleSet:
    table = PhraseTable()
    compiler = MatcherCompiler(table, ruleset.vocabularies)
    names = set(ruleset.profiles)
    rules = {
        rule.id: CompiledRule(
            met=compiler.compile(rule.met) if rule.met is not None else None,
            partial=compiler.compile(rule.partial) if rule.partial is not None else None,
            contrary=compiler.compile(rule.contrary) if rule.contrary is not None else None,
            applies=parse_applies(rule.applies_to, names),
        )
        for rule in ruleset.rules
    }
    profiles = {
        name: CompiledProfile(
            signals=compiler.compile(profile.signals),
            against=compiler.compile(profile.against) if profile.against is not None else None,
        )
        for name, profile in ruleset.profiles.items()
    }
    compiler.register_atoms()
    lexicon = ruleset.lexicon
    placeholders = PhraseNode(table.add_lists(lexicon.get("placeholders", {})))
    excluded_headings = PhraseNode(table.add_lists(lexicon.get("excluded_headings", {})))
    object_headings = PhraseNode(table.add_lists(lexicon.get("object_headings", {})))
    compiled = CompiledRuleSet(
        ruleset=ruleset,
        table=table,
        lexicon=ModalityLexicon(lexicon, table),  # last: its cues take no rule phrase's id
        rules=rules,
        profiles=profiles,
        placeholders=placeholders,
        excluded_headings=excluded_headings,
        object_headings=object_headings,
    )
    table.automaton()  # build now, so that evaluation (and pickling for the cache) finds it ready
    return compiled
