"""CSV for spreadsheets and batch analysis: one row per document × rule.

A document with nothing to audit (no extractable text: OCR needed) has one row, whose status
is ``no_text``, whose reason says why and whose score and rule are empty.

Columns are fixed (see `COLUMNS`); a bundle report gives one row per rule with the documents
joined by " + ". Cells taken from documents that would start a spreadsheet formula (``=``,
``+``, ``-``, ``@``, tab, carriage return) are prefixed with an apostrophe, the usual defence
against formula injection in Excel and LibreOffice. Lines end with LF; text is UTF-8.
"""

from __future__ import annotations

import csv
import io

from pppcheck.render import RenderOptions
from pppcheck.render.common import one_line
from pppcheck.report import AuditRun, Report, ReportStatus

COLUMNS = (
    "document",
    "sha256",
    "language",
    "pack",
    "score",
    "rule_id",
    "title",
    "theme",
    "status",
    "severity",
    "weight",
    "waived",
    "waiver_owner",
    "waiver_expires",
    "waiver_reason",
    "reason",
    "page",
    "section",
    "block",
    "line",
    "quote",
    "evidence_count",
    "source",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    text = one_line(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def header() -> str:
    """The header line (batch runs stream rows after it)."""
    return rows_text([COLUMNS])


def report_rows(report: Report) -> str:
    """The CSV lines of one report, for streaming."""
    return rows_text(_rows(report))


def rows_text(rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def render_csv(run: AuditRun, options: RenderOptions) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for report in run.reports:
        writer.writerows(_rows(report))
    return buffer.getvalue()


def _rows(report: Report) -> list[tuple[str, ...]]:
    document = safe(" + ".join(d.path for d in report.documents))
    sha = " ".join(d.sha256 for d in report.documents)
    score = "" if report.score.overall is None else f"{report.score.overall:g}"
    pack = f"{report.pack.id} {report.pack.version}"
    rows: list[tuple[str, ...]] = []
    if report.status is not ReportStatus.AUDITED and not report.results:
        # nothing was audited (a scan: OCR needed): one row says so, with no score and no rule
        status = (document, sha, report.language, pack, "", "", "", "", report.status.value)
        rest = ("",) * 6 + (safe(report.message),) + ("",) * 5 + ("0", "")
        return [status + rest]
    for result in report.results:
        first = result.evidence[0] if result.evidence else None
        waiver = result.waiver
        rows.append(
            (
                document,
                sha,
                report.language,
                pack,
                score,
                result.rule_id,
                safe(result.title),
                result.theme,
                result.status.value,
                result.severity.value,
                f"{result.weight:g}",
                "yes" if waiver is not None else "",
                safe(waiver.owner) if waiver is not None else "",
                waiver.expires.isoformat() if waiver is not None else "",
                safe(waiver.reason) if waiver is not None else "",
                safe(result.reason),
                "" if first is None or first.page is None else str(first.page),
                safe(first.section) if first is not None else "",
                "" if first is None else str(first.block + 1),
                "" if first is None or first.line is None else str(first.line),
                safe(first.quote) if first is not None else "",
                str(len(result.evidence)),
                safe(result.source),
            )
        )
    return rows
