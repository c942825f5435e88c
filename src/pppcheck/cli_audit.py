"""`pppcheck audit`: settings → rules → parse → evaluate → score → waivers → render, exit code.

The exit code depends only on the reports' policy outcomes and on what could not be read, never
on what is displayed (--format, --report, --quiet, --verbose): 2 when a document could not be
audited, else 1 when a report fails its policy (unless --exit-zero), else 0.
"""

from __future__ import annotations

import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from pppcheck.cli_common import (
    State,
    audit_path,
    compile_for,
    emit,
    parse_profiles,
    print_error,
    resolve_settings,
    terminal_width,
    use_color,
)
from pppcheck.errors import ConfigError, ExitCode, PppcheckError
from pppcheck.render import OutputFormat, RenderOptions

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Config file (default: pppcheck.yaml or pyproject.toml [tool.pppcheck], "
        "looked for from this folder upward).",
        show_default=False,
    ),
]
NoConfigOption = Annotated[
    bool, typer.Option("--no-config", help="Ignore config files: defaults and flags only.")
]
RulesOption = Annotated[
    list[str],
    typer.Option(
        "--rules",
        "-r",
        help="Rule pack folder, rule file or built-in pack name (default: smart-ppp). Repeatable.",
    ),
]
ProfileOption = Annotated[
    list[str],
    typer.Option(
        help="Force a profile: NAME=yes|no|auto (digital, ppp, ai, personal_data). Repeatable."
    ),
]


def parse_reports(values: list[str]) -> list[tuple[OutputFormat, Path]]:
    """``--report FORMAT=PATH`` flags → [(format, path)]."""
    reports = []
    for value in values:
        name, sep, path = value.partition("=")
        try:
            fmt = OutputFormat(name.strip().lower())
        except ValueError:
            fmt = None
        if not sep or not path.strip() or fmt is None:
            raise ConfigError(
                f"--report {value!r}: expected FORMAT=PATH",
                hint=f"formats: {', '.join(f.value for f in OutputFormat)}; "
                "e.g. --report sarif=pppcheck.sarif",
            )
        reports.append((fmt, Path(path.strip())))
    return reports


def parse_today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--today {value!r}: expected YYYY-MM-DD") from None


def audit(
    paths: Annotated[
        list[Path], typer.Argument(help="Tender documents to audit.", show_default=False)
    ],
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Format of the report on stdout (or in -o FILE)."),
    ] = OutputFormat.TERMINAL,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE (atomically).")
    ] = None,
    report_files: Annotated[
        list[str],
        typer.Option(
            "--report",
            help="Also write FORMAT=PATH (e.g. sarif=out.sarif, html=out.html). Repeatable.",
        ),
    ] = [],  # noqa: B006 - typer needs a literal default
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print no report on stdout (--report still).")
    ] = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
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
    ] = [],  # noqa: B006
    exit_zero: Annotated[
        bool,
        typer.Option(help="Exit 0 even when the policy fails (still 2 if a file is unreadable)."),
    ] = False,
    rules: RulesOption = [],  # noqa: B006
    enable: Annotated[
        list[str], typer.Option(help="Only these rule ids or themes. Repeatable.")
    ] = [],  # noqa: B006
    disable: Annotated[
        list[str], typer.Option(help="Skip these rule ids or themes. Repeatable.")
    ] = [],  # noqa: B006
    profile: ProfileOption = [],  # noqa: B006
    waivers: Annotated[
        Path | None,
        typer.Option(help="Waiver file: accepted gaps with reason, owner and expiry date."),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(help="Date used for waiver expiry, YYYY-MM-DD (default: today)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show all evidence.")] = False,
    color: Annotated[str, typer.Option(help="auto, always or never.")] = "auto",
) -> None:
    """Audit tender documents and print a scored gap report.

    The score is the weighted share of applicable recommendations covered (met counts 1,
    partial 0.5, missing and contrary 0). See `pppcheck --help` for the formula.
    """
    from pppcheck.render import render
    from pppcheck.report import AuditRun, Report, ReportStatus, RunError
    from pppcheck.waivers import apply_waivers, load_waivers

    extra = parse_reports(report_files)
    settings = resolve_settings(
        config,
        no_config,
        packs=rules,
        enable=enable,
        disable=disable,
        profile=parse_profiles(profile),
        fail_under=fail_under,
        fail_on=fail_on,
        exit_zero=exit_zero,
        waivers=str(waivers) if waivers else None,
    )
    as_of = parse_today(today)
    if fmt.binary and output is None and not quiet and sys.stdout.isatty():
        raise ConfigError(
            f"{fmt.value} is a binary format: it is not printed to a terminal",
            hint=f"use -o FILE or --report {fmt.value}=FILE",
        )
    loaded = load_waivers(Path(settings.config.waivers)) if settings.config.waivers else ()
    compiled = compile_for(settings)
    reports: list[Report] = []
    errors: list[RunError] = []
    for path in paths:
        try:
            reports.append(audit_path(path, compiled, settings))
        except PppcheckError as exc:
            if State.debug:
                traceback.print_exc()
            print_error(exc)
            errors.append(RunError(path=str(path), error=exc.message, hint=exc.hint))
    warnings: list[str] = []
    if loaded:
        reports, warnings = apply_waivers(reports, loaded, as_of)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    run = AuditRun(reports=tuple(reports), errors=tuple(errors), warnings=tuple(warnings))
    for extra_fmt, extra_path in extra:
        emit(render(run, extra_fmt, RenderOptions(verbose=verbose)), extra_path)
    if not quiet or output is not None:
        options = RenderOptions(
            color=use_color(color) and output is None, width=terminal_width(), verbose=verbose
        )
        emit(render(run, fmt, options), output)
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
    if any(not r.policy.passed for r in reports) and not settings.config.exit_zero:
        raise typer.Exit(ExitCode.POLICY_FAILED)
