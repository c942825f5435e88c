"""`pppcheck diff OLD NEW`: what a new draft fixed, broke and left unchanged; exit 1 if worse.

OLD and NEW are documents (audited with the same settings) or JSON reports written by
`pppcheck audit --format json` (one report each).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pppcheck.cli_audit import ConfigOption, NoConfigOption, ProfileOption, RulesOption
from pppcheck.cli_common import emit, parse_profiles, parsing_limits, resolve_settings
from pppcheck.cli_tools import (
    MaxFileSizeOption,
    MaxMemoryOption,
    MaxPagesOption,
    TimeoutOption,
)
from pppcheck.errors import ConfigError, ExitCode, InputError

if TYPE_CHECKING:
    from pppcheck.config import Settings
    from pppcheck.limits import Limits
    from pppcheck.matching.compiled import CompiledRuleSet
    from pppcheck.report import Report


MAX_REPORT_BYTES = 64 * 1024 * 1024
"""Largest JSON report `diff` reads (in its own process: reports are not parsed in a worker)."""


def _json_report(path: Path) -> Report | None:
    """The report in a pppcheck JSON file, or None when the file is not JSON."""
    from pydantic import ValidationError

    from pppcheck.report import AuditRun

    if not path.is_file():  # missing, a folder, a pipe: the document reader says what it is
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    if not head.startswith(b"{"):
        return None
    size = path.stat().st_size
    if size > MAX_REPORT_BYTES:
        raise InputError(
            f"a {size:,}-byte JSON file, over the {MAX_REPORT_BYTES:,}-byte limit for a report",
            where=str(path),
            hint="diff compares the reports of two documents; a report is a few megabytes",
        )
    try:
        run = AuditRun.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise InputError(
            f"not a pppcheck JSON report ({exc.error_count()} problem(s))",
            where=str(path),
            hint="write one with `pppcheck audit DOC --format json -o FILE`",
        ) from None
    if len(run.reports) != 1:
        raise InputError(
            f"holds {len(run.reports)} reports; diff compares one document with another",
            where=str(path),
        )
    return run.reports[0]


def _load(
    path: Path,
    settings: Settings,
    compiled: list[CompiledRuleSet],
    limits: Limits,
    max_memory: int | None,
) -> Report:
    from pppcheck.cli_common import audit_path, compile_for

    report = _json_report(path)
    if report is not None:
        return report
    if not compiled:
        compiled.append(compile_for(settings))
    return audit_path(path, compiled[0], settings, limits, max_memory)


def diff(
    old: Annotated[Path, typer.Argument(help="Old draft: document or JSON report.")],
    new: Annotated[Path, typer.Argument(help="New draft: document or JSON report.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="terminal, markdown or json.")
    ] = "terminal",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")] = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    rules: RulesOption = [],  # noqa: B006 - typer needs a literal default
    profile: ProfileOption = [],  # noqa: B006
    exit_zero: Annotated[
        bool, typer.Option(help="Exit 0 even when the new draft is worse.")
    ] = False,
    timeout: TimeoutOption = None,
    max_memory: MaxMemoryOption = None,
    max_pages: MaxPagesOption = None,
    max_file_size: MaxFileSizeOption = None,
) -> None:
    """Compare two drafts: fixed, improved, broke, unchanged, and the score change.

    Exit 1 when the new draft is worse (a rule got worse, a new gap appeared, or the score
    went down), 0 otherwise, 2 when a draft could not be read.
    """
    from pppcheck.diff import diff_reports
    from pppcheck.render.diff import DIFF_FORMATS, render_diff

    if fmt not in DIFF_FORMATS:
        raise ConfigError(f"--format {fmt!r}: use {', '.join(DIFF_FORMATS)}")
    settings = resolve_settings(config, no_config, packs=rules, profile=parse_profiles(profile))
    compiled: list[CompiledRuleSet] = []
    limits = parsing_limits(timeout, max_pages, max_file_size)
    result = diff_reports(
        _load(old, settings, compiled, limits, max_memory),
        _load(new, settings, compiled, limits, max_memory),
    )
    emit(render_diff(result, fmt), output)
    if result.worse and not (exit_zero or settings.config.exit_zero):
        raise typer.Exit(ExitCode.POLICY_FAILED)
