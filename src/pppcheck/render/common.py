"""Small facts and text helpers every renderer shares: section order, scores, places, XML text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from pppcheck.report import Report
from pppcheck.results import Evidence, RuleResult
from pppcheck.rules.schema import Severity, Status

SECTION_ORDER = (
    Status.CONTRARY,
    Status.MISSING,
    Status.PARTIAL,
    Status.ERROR,
    Status.MET,
    Status.NOT_APPLICABLE,
)
"""The order of the report-sketch: what works against the city, what is missing, what is weak,
what could not run, what is covered, what does not apply."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_xml(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE)."""
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    return " ".join(text.split())


def short(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def score_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def grouped(report: Report) -> dict[Status, list[RuleResult]]:
    """Results by status, in `SECTION_ORDER`, each list in report order (heaviest gap first)."""
    groups: dict[Status, list[RuleResult]] = {status: [] for status in SECTION_ORDER}
    for result in report.results:
        groups[result.status].append(result)
    return groups


def gaps(report: Report) -> list[RuleResult]:
    return [r for r in report.results if r.is_gap]


def where(evidence: Evidence) -> str:
    return evidence.where()


def first_evidence(result: RuleResult) -> Evidence | None:
    return result.evidence[0] if result.evidence else None


def line_number(evidence: Evidence | None) -> int:
    """1-based line for tools that want one: the source line when the format has lines (Markdown,
    text), otherwise the block (paragraph) number; 1 when there is no evidence."""
    if evidence is None:
        return 1
    if evidence.line is not None:
        return max(1, evidence.line)
    return evidence.block + 1


def rule_sort_key(rule_id: str) -> tuple[str, int, str]:
    head = rule_id.rstrip("0123456789")
    tail = rule_id[len(head) :]
    return (head, int(tail) if tail else -1, rule_id)


def unique_rules(reports: Sequence[Report]) -> list[RuleResult]:
    """One result per rule id across reports (for rule tables), sorted by id."""
    seen: dict[str, RuleResult] = {}
    for report in reports:
        for result in report.results:
            seen.setdefault(result.rule_id, result)
    return [seen[k] for k in sorted(seen, key=rule_sort_key)]


def level_of(severity: Severity) -> str:
    """SARIF/CI level of a severity: critical and major are errors, minor a warning, info a note."""
    if severity in (Severity.CRITICAL, Severity.MAJOR):
        return "error"
    if severity is Severity.MINOR:
        return "warning"
    return "note"


def path_uri(path: str) -> str:
    """A document path as a URI reference: relative paths stay relative (POSIX, percent-encoded),
    absolute ones become ``file:`` URIs. A name that is not UTF-8 on disk (held in the string
    as surrogate escapes) is percent-encoded byte for byte."""
    windows = PureWindowsPath(path)
    if windows.drive:
        return "file:///" + quote(_raw(windows.as_posix()), safe="/:")
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return "file://" + quote(_raw(str(posix)), safe="/")
    return quote(_raw(str(posix)), safe="/")


def _raw(path: str) -> bytes:
    return path.encode("utf-8", "surrogateescape")


def fold(text: str) -> str:
    """Text reduced to what identifies it: NFKC, case-folded, whitespace collapsed."""
    return one_line(unicodedata.normalize("NFKC", text).casefold())
