"""One `pppcheck audit` run over many jobs: dispatch, stream, collect, summarise.

The CLI gives it the jobs and where to write; it runs them (largest first, so two workers finish
together rather than one waiting on the last big file), applies waivers and help links to each
report as it arrives, streams lines, keeps summary rows, and keeps whole reports only when an
output format needs them all at the end (JSON, SARIF, HTML...).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pppcheck.batch.discover import Job
from pppcheck.batch.runner import run_local
from pppcheck.batch.stream import (
    LineWriter,
    done_from_csv,
    done_from_jsonl,
    jsonl_error,
    jsonl_report,
    unchanged,
)
from pppcheck.batch.summary import BatchSummary
from pppcheck.batch.worker import JobOutcome, WorkerSettings, remember
from pppcheck.limits import Limits
from pppcheck.model import DocFormat, TextStatus
from pppcheck.render import OutputFormat
from pppcheck.report import Report, ReportStatus, RunError, with_help_uris

if TYPE_CHECKING:
    from pppcheck.config import Settings
    from pppcheck.matching.compiled import CompiledRuleSet
    from pppcheck.waivers import WaiverBook

STREAMED = (OutputFormat.JSONL, OutputFormat.CSV)
DEFAULT_MEMORY_MB = 2048
"""Address space per worker; a 500-page tender needs well under 300 MB."""


@dataclass
class Batch:
    jobs: list[Job]
    settings: Settings
    compiled: CompiledRuleSet
    limits: Limits
    book: WaiverBook
    memory_mb: int = DEFAULT_MEMORY_MB
    cache: str | None = None
    collect: bool = True
    stream_format: OutputFormat = OutputFormat.JSONL
    debug: bool = False
    on_report: Callable[[Report], None] | None = None
    """Called with each report as it arrives (the terminal shows it at once)."""
    summary: BatchSummary = field(default_factory=BatchSummary)
    errors: list[RunError] = field(default_factory=list)
    _reports: dict[int, Report] = field(default_factory=dict)
    _order: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._order = {job.key: n for n, job in enumerate(self.jobs)}
        self.summary.total_jobs = len(self.jobs)

    # ------------------------------------------------------------------ setup

    def skip_done(self, output: Path, fmt: OutputFormat) -> None:
        """Drop jobs already in the output (same files, same contents)."""
        done = done_from_jsonl(output) if fmt is OutputFormat.JSONL else done_from_csv(output)
        kept = []
        for job in self.jobs:
            recorded = done.get(job.paths)
            if recorded is not None and unchanged(job.paths, recorded):
                continue
            kept.append(job)
        skipped = len(self.jobs) - len(kept)
        if skipped:
            print(f"resuming: {skipped} document(s) already in {output}", file=sys.stderr)
        self.jobs = kept
        self.summary.total_jobs = len(kept)

    def worker_settings(self) -> WorkerSettings:
        return WorkerSettings(
            ruleset=self.compiled.ruleset,
            policy=self.settings.policy(),
            overrides=self.settings.profile_overrides(),
            limits=self.limits,
            cache_dir=self.cache,
            memory_bytes=self.memory_mb * 1024 * 1024,
            debug=self.debug,
        )

    # ------------------------------------------------------------------ running

    def run(
        self,
        workers: int,
        executor: str = "local",
        scheduler: str | None = None,
        writer: LineWriter | None = None,
        progress: bool = False,
    ) -> None:
        """Audit every job; `writer` (a stream in `self.stream_format`) gets lines as they come."""
        started = time.perf_counter()
        settings = self.worker_settings()
        remember(self.compiled)  # forked workers inherit the compiled pack
        ordered = sorted(self.jobs, key=_size, reverse=True)
        try:
            with _Progress(progress, len(ordered)) as advance:
                for outcome in self._outcomes(ordered, settings, workers, executor, scheduler):
                    self._take(outcome, writer)
                    advance()
        finally:
            self.summary.seconds = time.perf_counter() - started

    def _outcomes(
        self,
        jobs: list[Job],
        settings: WorkerSettings,
        workers: int,
        executor: str,
        scheduler: str | None,
    ) -> Iterator[JobOutcome]:
        if executor == "dask":
            from pppcheck.batch.dask_runner import run_dask

            assert scheduler is not None
            yield from run_dask(jobs, settings, scheduler)
            return
        yield from run_local(jobs, settings, min(workers, max(1, len(jobs))), processes=workers)

    def _take(self, outcome: JobOutcome, writer: LineWriter | None) -> None:
        report = outcome.report
        if report is not None:
            report = self.book.apply(report)
            if self.settings.config.help_url:
                report = with_help_uris(report, self.settings.config.help_url)
        for error in outcome.errors:
            _print_error(error)
        if report is not None and report.status is ReportStatus.NO_TEXT:
            for error in no_text_errors(report):
                _print_error(error)
        self.errors.extend(outcome.errors)
        self.summary.add(outcome.job.key, report, outcome.errors)
        if writer is not None:
            writer.write(self._stream_lines(report, outcome.errors))
        if report is not None and self.on_report is not None:
            self.on_report(report)
        if report is not None and self.collect:
            self._reports[self._order.get(outcome.job.key, len(self._order))] = report

    def _stream_lines(self, report: Report | None, errors: list[RunError]) -> str:
        """CSV rows of the report, or JSON lines of the report and of each error."""
        if self.stream_format is OutputFormat.CSV:
            from pppcheck.render.csv import report_rows

            return report_rows(report) if report is not None else ""
        lines = [jsonl_report(report)] if report is not None else []
        return "".join(lines + [jsonl_error(e) for e in errors])

    # ------------------------------------------------------------------ results

    def reports(self) -> list[Report]:
        return [self._reports[n] for n in sorted(self._reports)]

    @property
    def failed_to_read(self) -> bool:
        return bool(self.errors) or any(r.status == "no_text" for r in self.summary.rows)

    @property
    def policy_failed(self) -> bool:
        return any(not r.passed for r in self.summary.rows if r.status == "audited")


_PAGED = (DocFormat.PDF, DocFormat.DOCX, DocFormat.ODT)
_OCR_HINT = "run OCR first (e.g. `ocrmypdf scan.pdf searchable.pdf`) and audit the searchable PDF"


def no_text_errors(report: Report) -> list[RunError]:
    """The one-line errors of a report with nothing to audit (printed; the report says more)."""
    errors = []
    for document in report.documents:
        if document.text_status is not TextStatus.NO_TEXT:
            continue
        if document.format in _PAGED:
            pages = document.pages if document.pages is not None else "?"
            errors.append(
                RunError(
                    path=document.path,
                    error=f"no extractable text ({pages} page(s) without a text layer): OCR needed",
                    hint=_OCR_HINT,
                )
            )
        else:
            problem = document.warnings[0] if document.warnings else "the file is blank"
            errors.append(
                RunError(
                    path=document.path,
                    error=f"no text to audit ({problem})",
                    hint="check this is the tender document and that it was saved completely",
                )
            )
    return errors


def _print_error(error: RunError) -> None:
    print(f"error: {error.path}: {error.error}", file=sys.stderr)
    if error.hint:
        print(f"hint: {error.hint}", file=sys.stderr)


def _size(job: Job) -> int:
    total = 0
    for path in job.paths:
        with contextlib.suppress(OSError):
            total += os.path.getsize(path)
    return total


class _Progress:
    """A rich progress bar on stderr (counts, rate, ETA), or nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled
        self.total = total

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("auditing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("audit", total=self.total, rate="")
        self._started = time.perf_counter()
        return self._advance

    def _advance(self) -> None:
        task = self._bar.tasks[0]
        done = task.completed + 1
        rate = done / max(1e-6, time.perf_counter() - self._started)
        self._bar.update(self._task, advance=1, rate=f"{rate:.1f} doc/s")

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._bar.stop()


__all__ = ["DEFAULT_MEMORY_MB", "STREAMED", "Batch", "ReportStatus"]
