"""`pppcheck audit`: settings → rules → parse → evaluate → score → waivers → render, exit code.

The exit code depends only on the reports' policy outcomes and on what could not be read, never
on what is displayed (--format, --report, --quiet, --verbose): 2 when a document could not be
audited, else 1 when a report fails its policy (unless --exit-zero), else 0.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pppcheck.batch.runner import default_jobs
from pppcheck.batch.session import DEFAULT_MEMORY_MB, STREAMED, Batch
from pppcheck.batch.stream import LineWriter
from pppcheck.cli_common import (
    State,
    compile_for,
    emit,
    parse_profiles,
    parsing_limits,
    print_error,
    resolve_settings,
    terminal_width,
    use_color,
)
from pppcheck.errors import ConfigError, ExitCode, PppcheckError
from pppcheck.limits import DEFAULT_LIMITS, MB
from pppcheck.render import OutputFormat, RenderOptions

if TYPE_CHECKING:
    from pppcheck.batch.discover import Job, Skipped
    from pppcheck.report import Report, RunError

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
        list[str],
        typer.Argument(
            help="Documents, folders (searched recursively) or glob patterns.", show_default=False
        ),
    ],
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Format of the report on stdout (or in -o FILE)."),
    ] = OutputFormat.TERMINAL,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to FILE (atomically; csv and jsonl are streamed line by line).",
        ),
    ] = None,
    report_files: Annotated[
        list[str],
        typer.Option(
            "--report",
            help="Also write FORMAT=PATH (e.g. sarif=out.sarif, html=out.html). Repeatable.",
        ),
    ] = [],  # noqa: B006 - typer needs a literal default
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No report on stdout and no progress bar (--report still)."
        ),
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
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes working at once (default: the machine's cores): documents "
            "run in parallel, and a long PDF audited alone is read with several.",
        ),
    ] = None,
    bundle: Annotated[
        bool, typer.Option(help="Audit all the given files together, as one tender.")
    ] = False,
    bundle_per_folder: Annotated[
        bool,
        typer.Option(help="Audit the documents of each folder together, one tender per folder."),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(help="Skip documents whose result is already in the -o csv/jsonl output."),
    ] = False,
    cache: Annotated[
        Path | None,
        typer.Option(help="Parse cache folder: re-runs with another pack do not re-parse."),
    ] = None,
    executor: Annotated[
        str, typer.Option(help="local (worker processes) or dask (needs --scheduler).")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            min=1,
            help=f"Seconds allowed per document (default {DEFAULT_LIMITS.timeout_seconds:g}).",
        ),
    ] = None,
    max_memory: Annotated[
        int | None,
        typer.Option(min=64, help=f"Memory per worker, MB (default {DEFAULT_MEMORY_MB})."),
    ] = None,
    max_pages: Annotated[
        int | None,
        typer.Option(min=1, help=f"Largest page count read (default {DEFAULT_LIMITS.max_pages})."),
    ] = None,
    max_file_size: Annotated[
        int | None,
        typer.Option(
            min=1, help=f"Largest file read, MB (default {DEFAULT_LIMITS.max_file_bytes // MB})."
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(help="Several documents: print only the summary, not each report."),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show all evidence.")] = False,
    color: Annotated[str, typer.Option(help="auto, always or never.")] = "auto",
) -> None:
    """Audit tender documents and print a scored gap report.

    The score is the weighted share of applicable recommendations covered (met counts 1,
    partial 0.5, missing and contrary 0). See `pppcheck --help` for the formula.

    Several documents or folders make a batch: documents run in parallel worker processes,
    each with a time and memory limit; a broken file is reported and the others are audited.
    """
    from pppcheck.batch.discover import discover
    from pppcheck.waivers import WaiverBook, load_waivers

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
    streaming = output is not None and fmt in STREAMED
    if resume and not streaming:
        raise ConfigError(
            "--resume needs a streamed output to resume from",
            hint="use --format jsonl -o results.jsonl (or --format csv -o results.csv)",
        )
    if executor not in ("local", "dask"):
        raise ConfigError(f"--executor {executor!r}: use local or dask")
    if executor == "dask" and not scheduler:
        raise ConfigError(
            "--executor dask needs --scheduler ADDRESS",
            hint="e.g. --scheduler tcp://127.0.0.1:8786",
        )
    limits = parsing_limits(timeout, max_pages, max_file_size)
    book = WaiverBook(
        load_waivers(Path(settings.config.waivers)) if settings.config.waivers else (), as_of
    )
    compiled = compile_for(settings)
    found, skipped = discover(paths, bundle=bundle, bundle_per_folder=bundle_per_folder)
    unusable = _unusable_inputs(paths, found, skipped)
    for error in unusable:
        print_error(PppcheckError(error.error, where=error.path, hint=error.hint))
    batch = Batch(
        jobs=found,
        settings=settings,
        compiled=compiled,
        limits=limits,
        book=book,
        memory_mb=max_memory or DEFAULT_MEMORY_MB,
        cache=str(cache) if cache else None,
        debug=State.debug,
    )
    summary_only = fmt is OutputFormat.TERMINAL and output is None and len(found) != 1 and not extra
    batch.collect = not (streaming or summary_only) or bool(extra)
    batch.stream_format = fmt
    if summary_only and not summary and not quiet:
        batch.on_report = _terminal_printer(verbose, color)
    writer = _open_stream(fmt, output, resume) if streaming and output is not None else None
    if writer is not None and resume and output is not None:
        batch.skip_done(output, fmt)
    batch.summary.skipped = [
        (s.path, s.reason) for s in skipped if s.reason != "no file matches this pattern"
    ]
    for error in unusable:  # counted as failures: exit 2, listed in the summary and reports
        batch.errors.append(error)
        batch.summary.add(error.path, None, [error])
        batch.summary.total_jobs += 1
    progress = not quiet and sys.stderr.isatty() and len(batch.jobs) > 1
    try:
        batch.run(
            workers=jobs or default_jobs(),
            executor=executor,
            scheduler=scheduler,
            writer=writer,
            progress=progress,
        )
    except KeyboardInterrupt:
        batch.summary.interrupted = True
    finally:
        if writer is not None:
            writer.close()
    warnings = book.warnings()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _render_outputs(
        batch, fmt, output, extra, quiet, streaming, summary_only, verbose, color, warnings
    )
    if batch.summary.interrupted:
        done = len(batch.summary.rows)
        kept = f"; {output} holds them" if streaming else ""
        print(
            f"error: interrupted after {done} of {batch.summary.total_jobs} document(s){kept}",
            file=sys.stderr,
        )
        if streaming:
            print("hint: run the same command with --resume to continue", file=sys.stderr)
        raise typer.Exit(130)
    if batch.failed_to_read:
        raise typer.Exit(ExitCode.TOOL_ERROR)
    if batch.policy_failed and not settings.config.exit_zero:
        raise typer.Exit(ExitCode.POLICY_FAILED)


def _terminal_printer(verbose: bool, color: str) -> Callable[[Report], None]:
    """Print each report as soon as it is audited (a batch keeps no reports for the terminal)."""
    from pppcheck.render import render
    from pppcheck.report import AuditRun

    options = RenderOptions(color=use_color(color), width=terminal_width(), verbose=verbose)

    def show(report: Report) -> None:
        emit(render(AuditRun(reports=(report,)), OutputFormat.TERMINAL, options), None)
        emit("\n", None)

    return show


def _unusable_inputs(paths: list[str], found: list[Job], skipped: list[Skipped]) -> list[RunError]:
    """Patterns that match nothing and folders without a single document: both are errors."""
    from pppcheck.report import RunError

    errors = [
        RunError(path=s.path, error=s.reason, hint="check the pattern; quote it")
        for s in skipped
        if s.reason == "no file matches this pattern"
    ]
    taken = [path for job in found for path in job.paths]
    for raw in paths:
        if not os.path.isdir(raw):
            continue
        inside = raw.rstrip(os.sep) + os.sep
        if any(path.startswith(inside) for path in taken):
            continue
        ignored = sum(1 for s in skipped if s.path.startswith(inside))
        errors.append(
            RunError(
                path=raw,
                error=f"no document in this folder ({ignored} other file(s) skipped)",
                hint="pppcheck reads DOCX, PDF, ODT, HTML, Markdown and text files",
            )
        )
    return errors


def _open_stream(fmt: OutputFormat, output: Path, resume: bool) -> LineWriter:
    from pppcheck.render.csv import header

    return LineWriter(output, header=header() if fmt is OutputFormat.CSV else "", resume=resume)


def _render_outputs(
    batch: Batch,
    fmt: OutputFormat,
    output: Path | None,
    extra: list[tuple[OutputFormat, Path]],
    quiet: bool,
    streaming: bool,
    summary_only: bool,
    verbose: bool,
    color: str,
    warnings: list[str],
) -> None:
    from pppcheck.render import render
    from pppcheck.report import AuditRun

    run = AuditRun(
        reports=tuple(batch.reports()), errors=tuple(batch.errors), warnings=tuple(warnings)
    )
    for extra_fmt, extra_path in extra:
        emit(render(run, extra_fmt, RenderOptions(verbose=verbose)), extra_path)
    options = RenderOptions(
        color=use_color(color) and output is None, width=terminal_width(), verbose=verbose
    )
    if summary_only or (streaming and not quiet and len(batch.jobs) != 1):
        if not quiet:
            from pppcheck.render.summary import render_summary

            text = render_summary(batch.summary, options)
            (sys.stdout if summary_only else sys.stderr).write(text)
        return
    if streaming:
        return
    if not quiet or output is not None:
        emit(render(run, fmt, options), output)
