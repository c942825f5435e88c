"""Run the examples written inside rules: every rule proves its own wording works.

Each example is a short passage (Markdown, so a rule with a heading filter can show its
heading) with the status the rule must give it. The examples run through the real pipeline:
parser, index, automaton, modality, engine. Profiles hold for an example unless it lists the
ones that do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pppcheck.engine import evaluate
from pppcheck.ingest import parse_bytes
from pppcheck.matching.compiled import CompiledRuleSet
from pppcheck.rules.schema import Example

STATUSES = ("met", "partial", "missing", "contrary")


@dataclass(frozen=True)
class ExampleOutcome:
    rule_id: str
    lang: str
    number: int
    expected: str
    got: str
    text: str
    reason: str

    @property
    def passed(self) -> bool:
        return self.expected == self.got


@dataclass
class ExampleRun:
    outcomes: list[ExampleOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[ExampleOutcome]:
        return [o for o in self.outcomes if not o.passed]

    def confusion(self) -> Counter[tuple[str, str]]:
        return Counter((o.expected, o.got) for o in self.outcomes)

    def by_rule(self) -> dict[str, tuple[int, int]]:
        """rule id → (passed, total)."""
        table: dict[str, tuple[int, int]] = {}
        for outcome in self.outcomes:
            passed, total = table.get(outcome.rule_id, (0, 0))
            table[outcome.rule_id] = (passed + outcome.passed, total + 1)
        return table


def _overrides(example: Example, compiled: CompiledRuleSet) -> dict[str, bool]:
    if example.profile is None:
        return dict.fromkeys(compiled.ruleset.profiles, True)
    return {name: name in example.profile for name in compiled.ruleset.profiles}


def run_examples(compiled: CompiledRuleSet, rule_ids: set[str] | None = None) -> ExampleRun:
    run = ExampleRun()
    for rule in compiled.ruleset.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        for lang, examples in sorted(rule.examples.items()):
            for number, example in enumerate(examples, start=1):
                name = f"{rule.id}-{lang}-{number}.md"
                document = parse_bytes(example.text.encode("utf-8"), name)
                evaluation = evaluate(
                    [document], compiled, _overrides(example, compiled), {rule.id}
                )
                result = evaluation.results[0]
                run.outcomes.append(
                    ExampleOutcome(
                        rule_id=rule.id,
                        lang=lang,
                        number=number,
                        expected=example.status,
                        got=result.status.value,
                        text=example.text,
                        reason=result.reason,
                    )
                )
    return run
