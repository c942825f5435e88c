"""The batch summary: one small row per job, so a run over a million documents keeps only
rows in memory, never reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from pppcheck.report import Report, ReportStatus, RunError


@dataclass(frozen=True)
class BatchRow:
    key: str
    score: float | None
    gaps: int = 0
    contrary: int = 0
    missing: int = 0
    passed: bool = True
    status: str = "audited"  # audited | no_text | error
    errors: tuple[str, ...] = ()
    pages: int = 0


@dataclass
class BatchSummary:
    rows: list[BatchRow] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False
    total_jobs: int = 0
    seconds: float = 0.0

    def add(self, key: str, report: Report | None, errors: list[RunError]) -> None:
        messages = tuple(f"{e.path}: {e.error}" for e in errors)
        if report is None:
            self.rows.append(BatchRow(key, None, passed=False, status="error", errors=messages))
            return
        counts = report.score.counts
        self.rows.append(
            BatchRow(
                key=key,
                score=report.score.overall,
                gaps=counts.gaps,
                contrary=counts.contrary,
                missing=counts.missing,
                passed=report.policy.passed and not errors,
                status="no_text" if report.status is ReportStatus.NO_TEXT else "audited",
                errors=messages,
                pages=sum(d.pages or 0 for d in report.documents),
            )
        )

    def worst_first(self) -> list[BatchRow]:
        """Failures first, then the lowest scores, then the most contrary provisions."""
        order = {"error": 0, "no_text": 1, "audited": 2}
        return sorted(
            self.rows,
            key=lambda r: (
                order[r.status],
                r.score if r.score is not None else -1,
                -r.contrary,
                r.key,
            ),
        )
