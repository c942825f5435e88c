"""SARIF 2.1.0 for code-scanning systems (GitHub code scanning, GitLab, Azure DevOps, Jenkins).

One run for the whole audit. `tool.driver.rules` lists every rule the pack evaluated (not only
those with a gap), so a scanner can tell "ran and found nothing" from "unknown rule" and close an
alert once the document is fixed. One result per gap (contrary, missing, partial):

- level: contrary → error; missing → the rule's level (critical/major error, minor warning,
  info note); partial → warning (note for info rules);
- location: the document, with `region.startLine` the source line (Markdown, text) or the
  block number (DOCX, PDF, ODT: paragraphs, list items, cells in reading order); a missing
  provision points to line 1. Page and section are in the message, in `logicalLocations` and in
  the location's `properties`; further quotes are `relatedLocations`;
- `partialFingerprints["pppcheck/v1"]`: a hash of the rule, the status, the document path and
  the quoted sentence's words, never a line number, so that an alert neither duplicates nor
  vanishes when a paragraph moves;
- a waived gap is still reported, with an accepted external `suppression` carrying the reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from pppcheck.render import RenderOptions
from pppcheck.render.common import (
    fold,
    gaps,
    level_of,
    line_number,
    one_line,
    path_uri,
    unique_rules,
)
from pppcheck.report import AuditRun, DocumentFacts, Report, ReportStatus
from pppcheck.results import Evidence, RuleResult
from pppcheck.rules.schema import Severity, Status

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "pppcheck/v1"
_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "markdown": "text/markdown",
    "text": "text/plain",
    "html": "text/html",
}


def render_sarif(run: AuditRun, options: RenderOptions) -> str:
    return json.dumps(sarif_log(run), indent=2, ensure_ascii=False) + "\n"


def sarif_log(run: AuditRun) -> dict[str, Any]:
    rules = unique_rules(run.reports)
    index = {rule.rule_id: i for i, rule in enumerate(rules)}
    artifacts, artifact_index = _artifacts(run)
    results = [
        _result(report, result, index[result.rule_id], artifact_index)
        for report in run.reports
        for result in gaps(report)
    ]
    pack_ids = sorted({f"{r.pack.id} {r.pack.version}" for r in run.reports})
    driver: dict[str, Any] = {
        "name": run.tool.name,
        "version": run.tool.version,
        "semanticVersion": run.tool.version,
        "rules": [_rule(rule, pack_ids) for rule in rules],
    }
    sarif_run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [_invocation(run)],
        "artifacts": artifacts,
        "results": results,
        "properties": {"pppcheck": {"reports": [_summary(r) for r in run.reports]}},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [sarif_run]}


def _name(title: str) -> str:
    """A PascalCase identifier from a rule title (SARIF `name`), ASCII letters and digits."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", plain)) or "Rule"


def _rule(rule: RuleResult, packs: list[str]) -> dict[str, Any]:
    help_text = [rule.remediation or rule.title]
    help_md = [f"**What to write:** {rule.remediation or rule.title}"]
    if rule.model_clause:
        help_text.append(f"Model clause: {rule.model_clause}")
        help_md.append(f"**Model clause:**\n\n> {one_line(rule.model_clause)}")
    if rule.rationale:
        help_text.append(f"Why it matters: {rule.rationale}")
        help_md.append(f"**Why it matters:** {rule.rationale}")
    if rule.source:
        help_text.append(f"Source: {rule.source}")
        help_md.append(f"**Source:** {rule.source}")
    entry: dict[str, Any] = {
        "id": rule.rule_id,
        "name": _name(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {"text": "\n\n".join(help_text), "markdown": "\n\n".join(help_md)},
        "defaultConfiguration": {"level": level_of(rule.severity)},
        "properties": {
            "tags": [rule.theme, *packs],
            "theme": rule.theme,
            "themeTitle": rule.theme_title,
            "severity": rule.severity.value,
            "weight": rule.weight,
            "appliesTo": rule.applies_to,
            "source": rule.source,
        },
    }
    if rule.help_uri:
        entry["helpUri"] = rule.help_uri
    return entry


def _level(result: RuleResult) -> str:
    if result.status is Status.CONTRARY:
        return "error"
    if result.status is Status.PARTIAL:
        return "note" if result.severity is Severity.INFO else "warning"
    return level_of(result.severity)


def _message(result: RuleResult, document: str) -> str:
    status = result.status.value
    parts = [f"{result.rule_id} {status}: {result.title}."]
    first = result.evidence[0] if result.evidence else None
    if first is None:
        parts.append(f"Not found in {document}.")
    else:
        parts.append(f"{result.reason[:1].upper()}{result.reason[1:]}.")
        parts.append(f"{first.where()}: “{one_line(first.quote)}”")
    if result.remediation:
        parts.append(f"Write instead: {result.remediation}")
    if result.waiver is not None:
        w = result.waiver
        parts.append(f"Waived until {w.expires.isoformat()} by {w.owner}: {w.reason}")
    return " ".join(parts)


def _physical(uri: str, artifact: int | None, line: int) -> dict[str, Any]:
    location: dict[str, Any] = {"uri": uri}
    if artifact is not None:
        location["index"] = artifact
    return {"artifactLocation": location, "region": {"startLine": line}}


def _place(evidence: Evidence) -> dict[str, Any]:
    place: dict[str, Any] = {"block": evidence.block + 1}
    if evidence.page is not None:
        place["page"] = evidence.page
    if evidence.line is not None:
        place["line"] = evidence.line
    if evidence.section:
        place["section"] = evidence.section
    return place


def _location(evidence: Evidence | None, path: str, artifacts: dict[str, int]) -> dict[str, Any]:
    target = evidence.path if evidence is not None else path
    location: dict[str, Any] = {
        "physicalLocation": _physical(
            path_uri(target), artifacts.get(target), line_number(evidence)
        )
    }
    if evidence is not None:
        if evidence.section:
            location["logicalLocations"] = [
                {
                    "name": evidence.section.split(" › ")[-1],
                    "fullyQualifiedName": evidence.section,
                    "kind": "section",
                }
            ]
        location["properties"] = _place(evidence)
    return location


def _fingerprint(result: RuleResult, path: str) -> str:
    first = result.evidence[0] if result.evidence else None
    words = fold(first.quote) if first is not None else ""
    key = "\x1f".join((result.rule_id, result.status.value, path_uri(path), words))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _result(
    report: Report, result: RuleResult, rule_index: int, artifacts: dict[str, int]
) -> dict[str, Any]:
    first = result.evidence[0] if result.evidence else None
    path = first.path if first is not None else report.documents[0].path
    entry: dict[str, Any] = {
        "ruleId": result.rule_id,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": _level(result),
        "message": {"text": _message(result, path)},
        "locations": [_location(first, path, artifacts)],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(result, path)},
        "properties": {
            "status": result.status.value,
            "severity": result.severity.value,
            "weight": result.weight,
            "theme": result.theme,
            "reason": result.reason,
        },
    }
    related = [
        {
            "id": number,
            **_location(evidence, path, artifacts),
            "message": {"text": f"{evidence.kind.value}: “{one_line(evidence.quote)}”"},
        }
        for number, evidence in enumerate(result.evidence[1:], start=1)
    ]
    if related:
        entry["relatedLocations"] = related
    if result.waiver is not None:
        waiver = result.waiver
        entry["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{waiver.reason} (owner {waiver.owner}, "
                f"until {waiver.expires.isoformat()})",
                **(
                    {"location": {"physicalLocation": _waiver_file(waiver.origin)}}
                    if waiver.origin
                    else {}
                ),
            }
        ]
    return entry


def _waiver_file(origin: str) -> dict[str, Any]:
    path, _, line = origin.rpartition(":")
    if not line.isdigit():
        path, line = origin, "1"
    return _physical(path_uri(path), None, int(line))


def _artifacts(run: AuditRun) -> tuple[list[dict[str, Any]], dict[str, int]]:
    artifacts: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for report in run.reports:
        for doc in report.documents:
            if doc.path not in index:
                index[doc.path] = len(artifacts)
                artifacts.append(_artifact(doc))
    return artifacts, index


def _artifact(doc: DocumentFacts) -> dict[str, Any]:
    properties: dict[str, Any] = {"format": doc.format.value, "language": doc.language}
    if doc.pages is not None:
        properties["pages"] = doc.pages
    return {
        "location": {"uri": path_uri(doc.path)},
        "length": doc.size,
        "mimeType": _MIME.get(doc.format.value, "application/octet-stream"),
        "hashes": {"sha-256": doc.sha256},
        "properties": properties,
    }


def _notification(text: str, level: str, path: str | None = None) -> dict[str, Any]:
    note: dict[str, Any] = {"level": level, "message": {"text": text}}
    if path is not None:
        note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": path_uri(path)}}}]
    return note


def _invocation(run: AuditRun) -> dict[str, Any]:
    notes = [
        _notification(f"{e.error}" + (f" (hint: {e.hint})" if e.hint else ""), "error", e.path)
        for e in run.errors
    ]
    notes += [
        _notification(r.message, "error", r.documents[0].path)
        for r in run.reports
        if r.status is ReportStatus.NO_TEXT
    ]
    notes += [_notification(w, "warning") for w in run.warnings]
    invocation: dict[str, Any] = {
        "executionSuccessful": not notes or all(n["level"] != "error" for n in notes)
    }
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _summary(report: Report) -> dict[str, Any]:
    return {
        "documents": [d.path for d in report.documents],
        "status": report.status.value,
        "score": report.score.overall,
        "policyScore": report.score.policy_score,
        "counts": report.score.counts.model_dump(mode="json"),
        "themes": {t.id: t.score for t in report.score.themes},
        "pack": f"{report.pack.id} {report.pack.version}",
        "policy": {"passed": report.policy.passed, "reasons": list(report.policy.reasons)},
    }
