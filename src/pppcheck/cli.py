"""Command line: wiring of the stages, and the mapping of errors to exit codes. Nothing else.

Exit codes: 0 the audit ran and passed the policy; 1 the audit ran and a document falls short of
the policy; 2 pppcheck could not do its job (bad file, bad pack, bad option). Expected failures
print ``error: …`` and ``hint: …`` on stderr; tracebacks only with ``--debug``.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from pppcheck import __version__
from pppcheck.cli_rules import rules_app
from pppcheck.errors import ConfigError, ExitCode, PppcheckError
from pppcheck.render import OutputFormat, RenderOptions
from pppcheck.scoring import FORMULA

HELP = f"""Scored gap reports for SMART-city public-private partnership tenders.

pppcheck reads a tender (DOCX, PDF, ODT, HTML, Markdown, text), checks it against the
recommendations of the Oslo 2015 workshop and later guidelines (the built-in rule pack), and
prints what the document covers, what is weak, what is missing and what works against the city,
each with its place in the document and what to write instead.

Score: {FORMULA}.

Exit codes: 0 passed · 1 falls short of the policy (--fail-under, --fail-on) · 2 could not run.
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rules_app, name="rules")


class _State:
    debug = False


def _version(value: bool) -> None:
    if value:
        print(f"pppcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    _State.debug = debug


def _color(mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


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


@app.command()
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
            if _State.debug:
                traceback.print_exc()
            _print_error(exc)
            errors.append(RunError(path=str(path), error=exc.message, hint=exc.hint))
    run = AuditRun(reports=tuple(reports), errors=tuple(errors))
    options = RenderOptions(color=_color(color) and output is None, width=_width(), verbose=verbose)
    rendered = render(run, fmt, options)
    _emit(rendered, output)
    no_text = [r for r in reports if r.status is ReportStatus.NO_TEXT]
    for report in no_text:
        _print_error(
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


def _width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        columns = os.get_terminal_size().columns if sys.stdout.isatty() else 100
    return max(60, min(columns, 160))


def _emit(rendered: str | bytes, output: Path | None) -> None:
    from pppcheck.output import write_atomic

    if output is not None:
        write_atomic(output, rendered)
        return
    if isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        sys.stdout.write(rendered)
    sys.stdout.flush()


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="Document to read.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")] = None,
) -> None:
    """Show what pppcheck read: blocks with kind, page, section and table cell."""
    from pppcheck.extract_view import document_json, document_text
    from pppcheck.ingest import parse_file

    if fmt not in ("text", "json"):
        raise ConfigError(f"--format {fmt!r}: use text or json")
    document = parse_file(path)
    _emit(document_json(document) if fmt == "json" else document_text(document), output)


@app.command(name="eval")
def eval_command(
    labels: Annotated[Path, typer.Argument(help="Labels file (YAML).", show_default=False)],
    docs: Annotated[Path, typer.Option(help="Folder holding the labelled documents.")],
    rules: Annotated[list[str], typer.Option("--rules", "-r", help="Rule packs.")] = [],  # noqa: B006
    show: Annotated[int, typer.Option(help="Disagreements to list (0: none, -1: all).")] = -1,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    rule: Annotated[
        list[str], typer.Option("--rule", help="Only measure these rule ids. Repeatable.")
    ] = [],  # noqa: B006
) -> None:
    """Measure the pack against human labels: precision, recall, confusion, disagreements."""
    from pppcheck.api import load_compiled
    from pppcheck.evaluation import evaluate_labels, render_metrics_json, render_metrics_text

    compiled = load_compiled(rules or ["smart-ppp"])
    metrics = evaluate_labels(labels, docs, compiled)
    if rule:
        metrics = metrics.only({r.upper() for r in rule})
    text = render_metrics_json(metrics) if fmt == "json" else render_metrics_text(metrics, show)
    _emit(text, None)


def _print_error(exc: PppcheckError) -> None:
    where = f"{exc.where}: " if exc.where else ""
    print(f"error: {where}{exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"hint: {exc.hint}", file=sys.stderr)


def _fail(exc: PppcheckError) -> NoReturn:
    _print_error(exc)
    sys.exit(ExitCode.TOOL_ERROR)


def run() -> None:
    """Run the Typer app with pppcheck's error handling (see `pppcheck.__main__.main`)."""
    debug = "--debug" in sys.argv
    try:
        app()
    except PppcheckError as exc:
        if debug:
            raise
        _fail(exc)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(ExitCode.OK)
