"""`pppcheck rules …`: list, show, validate, test and export the schema of rule packs."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from pppcheck.errors import ConfigError, ExitCode, PackError

rules_app = typer.Typer(
    help="Inspect, validate and test rule packs.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

PackOption = Annotated[
    list[str],
    typer.Option(
        "--rules", "-r", help="Pack folder, rule file or built-in pack (default smart-ppp)."
    ),
]


def _ruleset(refs: list[str]):  # type: ignore[no-untyped-def]
    from pppcheck.pack_cache import load_ruleset

    return load_ruleset(refs or ["smart-ppp"])


@rules_app.command("list")
def list_rules(
    rules: PackOption = [],  # noqa: B006
    lang: Annotated[str, typer.Option(help="Language of titles (en, fr, es).")] = "en",
) -> None:
    """List the rules: id, theme, weight, severity, applies to, title."""
    from pppcheck.rules.schema import pick_text

    ruleset = _ruleset(rules)
    print(f"{ruleset.id} {ruleset.version}: {len(ruleset.rules)} rules")
    print(f"{'id':<6} {'theme':<14} {'w':>3} {'severity':<9} {'applies to':<16} title")
    for rule in ruleset.rules:
        print(
            f"{rule.id:<6} {rule.theme:<14} {rule.weight:>3g} {rule.severity.value:<9} "
            f"{rule.applies_to:<16} {pick_text(rule.title, lang)}"
        )


@rules_app.command("show")
def show_rule(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. R17.", show_default=False)],
    rules: PackOption = [],  # noqa: B006
    lang: Annotated[str, typer.Option(help="Language of the texts (en, fr, es).")] = "en",
    matchers: Annotated[bool, typer.Option(help="Also print the matchers as YAML.")] = False,
) -> None:
    """Show one rule: why it matters, what to write (model clause), where it comes from."""
    from pppcheck.rules.schema import pick_text

    ruleset = _ruleset(rules)
    rule = ruleset.rule(rule_id)
    if rule is None:
        raise ConfigError(
            f"no rule {rule_id!r} in {ruleset.id}", hint="`pppcheck rules list` shows the ids"
        )
    print(f"{rule.id} · {pick_text(rule.title, lang)}")
    print(
        f"theme: {ruleset.theme_title(rule.theme, lang)} · weight {rule.weight:g} · "
        f"severity {rule.severity.value} · applies to: {rule.applies_to}"
    )
    print(f"source: {rule.source.label()}")
    if rule.source.note:
        print(f"        {rule.source.note}")
    print(f"defined at: {ruleset.origins[rule.id]}")
    for label, text in (
        ("Why it matters", rule.rationale),
        ("What to do", rule.remediation),
        ("Model clause", rule.model_clause),
    ):
        value = pick_text(text, lang)
        if value:
            print(f"\n{label}:\n  {value.strip()}")
    counts = {lang_: len(items) for lang_, items in rule.examples.items()}
    if counts:
        print("\nexamples: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if matchers:
        data = rule.model_dump(
            mode="json", by_alias=True, include={"met", "partial", "contrary"}, exclude_none=True
        )
        import yaml

        print("\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


@rules_app.command("validate")
def validate(
    packs: Annotated[
        list[str], typer.Argument(help="Pack folders or rule files.", show_default=False)
    ],
) -> None:
    """Check packs: YAML, schema, ids, references, regular expressions. Lists every problem."""
    from pppcheck.matching.compiled import compile_ruleset
    from pppcheck.rules.loader import PackProblems, load_ruleset

    try:
        ruleset = load_ruleset(packs)
        compile_ruleset(ruleset)
    except PackProblems as exc:
        for line in exc.all_lines:
            print(f"error: {line}", file=sys.stderr)
        print(f"hint: {exc.hint}", file=sys.stderr)
        raise typer.Exit(ExitCode.TOOL_ERROR) from None
    except ValueError as exc:
        raise PackError(str(exc)) from exc
    examples = sum(len(v) for r in ruleset.rules for v in r.examples.values())
    print(
        f"ok: {ruleset.id} {ruleset.version}: {len(ruleset.rules)} rules, "
        f"{len(ruleset.themes)} themes, {len(ruleset.profiles)} profiles, {examples} examples"
    )


@rules_app.command("test")
def test_rules(
    packs: Annotated[list[str], typer.Argument(help="Packs to test (default smart-ppp).")] = [],  # noqa: B006
    rule: Annotated[list[str], typer.Option(help="Only these rule ids.")] = [],  # noqa: B006
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show every example.")] = False,
) -> None:
    """Run the examples written in the rules; pass/fail per rule and a confusion matrix."""
    from pppcheck.api import load_compiled
    from pppcheck.rules.examples import STATUSES, run_examples

    compiled = load_compiled(packs or ["smart-ppp"])
    wanted = {r.upper() for r in rule} or None
    result = run_examples(compiled, wanted)
    for rule_id, (passed, total) in result.by_rule().items():
        mark = "ok  " if passed == total else "FAIL"
        print(f"{mark} {rule_id:<6} {passed}/{total}")
    for outcome in result.outcomes if verbose else result.failed:
        state = "pass" if outcome.passed else "FAIL"
        print(
            f"\n{state} {outcome.rule_id} [{outcome.lang} #{outcome.number}] expected "
            f"{outcome.expected}, got {outcome.got} ({outcome.reason})"
        )
        print("     " + outcome.text.strip().replace("\n", "\n     "))
    confusion = result.confusion()
    print("\nconfusion (rows: expected, columns: got)")
    print(f"{'':<10}" + "".join(f"{s:>10}" for s in STATUSES))
    for expected in STATUSES:
        print(f"{expected:<10}" + "".join(f"{confusion[(expected, got)]:>10}" for got in STATUSES))
    total = len(result.outcomes)
    failed = len(result.failed)
    print(f"\n{total - failed}/{total} examples pass")
    if failed or not total:
        raise typer.Exit(ExitCode.POLICY_FAILED)


@rules_app.command("schema")
def schema(
    which: Annotated[
        str, typer.Argument(help="pack (a pack.yaml), rule (a rule file) or report.")
    ] = "rule",
) -> None:
    """Print a JSON Schema: for rule files, pack.yaml, or the JSON report."""
    from pppcheck.schemas import json_schema

    print(json.dumps(json_schema(which), indent=2, ensure_ascii=False))
