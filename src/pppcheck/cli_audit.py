"""`pppcheck audit`: parse → evaluate → score → report → render, and the exit code."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Annotated

import typer

from pppcheck.cli_common import State, emit, print_error, terminal_width, use_color
from pppcheck.errors import ConfigError, ExitCode, PppcheckError
from pppcheck.render import OutputFormat, RenderOptions


def _parse_profiles(values: list[str]) -> dict[str, bool]:
    overrides: dict[str, bool] = {}
    for value in values:
        name, sep, flag = value.partition("=")
        flag = flag.strip().lower() if sep else "yes"
        if flag in ("auto", "detect"):
            continue
        if flag not in ("yes", "true", "1", "no", "false", "0"):
            raise ConfigError(
                f"--profile {value!r}: expected NAME, NAME=yes, NAME=no or NAME=auto",
                hint="e.g. --profile ppp=yes --profile ai=no",
            )
        overrides[name.strip()] = flag in ("yes", "true", "1")
    return overrides


def audit(
    paths: Annotated[
        list[Path], typer.Argument(help="Tender documents to audit.", show_default=False)
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TERMINAL,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE (atomically).")
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(help="Exit 1 when the score is below SCORE (0-100).", metavar="SCORE"),
    ] = None,
    fail_on: Annotated[
        list[str],
        typer.Option(
            help="Exit 1 when a result has this status, or status:severity "
            "(e.g. contrary, missing:critical). Repeatable.",
        ),
    ] = [],  # noqa: B006 - typer needs a literal default
    rules: Annotated[
        list[str],
        typer.Option(
            "--rules",
            "-r",
            help="Rule pack folder, rule file or built-in pack name (default: smart-ppp). "
            "Repeatable.",
        ),
    ] = [],  # noqa: B006
    profile: Annotated[
        list[str],
        typer.Option(
            help="Force a profile: NAME=yes|no|auto (digital, ppp, ai, personal_data). Repeatable."
        ),
    ] = [],  # noqa: B006
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show all evidence.")] = False,
    color: Annotated[str, typer.Option(help="auto, always or never.")] = "auto",
) -> None:
    """Audit tender documents and print a scored gap report.

    The score is the weighted share of applicable recommendations covered (met counts 1,
    partial 0.5, missing and contrary 0). See `pppcheck --help` for the formula.
    """
    from pppcheck.api import audit_documents, load_compiled
    from pppcheck.ingest import parse_file
    from pppcheck.policy import Policy
    from pppcheck.render import render
    from pppcheck.report import AuditRun, Report, ReportStatus, RunError

    try:
        policy = Policy(fail_under=fail_under, fail_on=tuple(fail_on))
    except ValueError as exc:
        raise ConfigError(str(exc).splitlines()[-1].strip()) from exc
    overrides = _parse_profiles(profile)
    compiled = load_compiled(rules or ["smart-ppp"])
    unknown = set(overrides) - set(compiled.ruleset.profiles)
    if unknown:
        raise ConfigError(
            f"--profile: unknown profile {', '.join(sorted(unknown))}",
            hint=f"profiles: {', '.join(compiled.ruleset.profiles)}",
        )
    reports: list[Report] = []
    errors: list[RunError] = []
    for path in paths:
        try:
            document = parse_file(path)
            reports.append(audit_documents([document], compiled, policy, overrides))
        except PppcheckError as exc:
            if State.debug:
                traceback.print_exc()
            print_error(exc)
            errors.append(RunError(path=str(path), error=exc.message, hint=exc.hint))
    run = AuditRun(reports=tuple(reports), errors=tuple(errors))
    options = RenderOptions(
        color=use_color(color) and output is None, width=terminal_width(), verbose=verbose
    )
    rendered = render(run, fmt, options)
    emit(rendered, output)
    no_text = [r for r in reports if r.status is ReportStatus.NO_TEXT]
    for report in no_text:
        print_error(
            PppcheckError(
                report.message,
                where=report.documents[0].path,
                hint="run OCR first (e.g. `ocrmypdf in.pdf out.pdf`) and audit the result",
            )
        )
    if errors or no_text:
        raise typer.Exit(ExitCode.TOOL_ERROR)
    if any(not r.policy.passed for r in reports):
        raise typer.Exit(ExitCode.POLICY_FAILED)
