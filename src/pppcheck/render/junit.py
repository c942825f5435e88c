"""JUnit XML for CI systems that show test results (Jenkins, GitLab, Azure DevOps, ...).

One `testsuite` per audited document (or bundle), one `testcase` per rule:
gap (contrary, missing, partial) → `failure`; rule that could not run → `error`;
not applicable or waived → `skipped` (with the reason); met → passed.
So `tests`, `failures`, `errors` and `skipped` equal the report's counts. A document that could
not be audited is a suite with one `error` test case. No timestamps: `time` is always 0.
Text from the document is escaped by ElementTree; characters XML cannot carry are removed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pppcheck.render import RenderOptions
from pppcheck.render.common import clean_xml, one_line
from pppcheck.report import AuditRun, Report, ReportStatus, RunError
from pppcheck.results import RuleResult
from pppcheck.rules.schema import Status


def render_junit(run: AuditRun, options: RenderOptions) -> str:
    root = ET.Element("testsuites", {"name": "pppcheck"})
    suites = [_suite(report) for report in run.reports]
    suites += [_error_suite(error) for error in run.errors]
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _attrs(**values: str) -> dict[str, str]:
    return {k: clean_xml(v) for k, v in values.items()}


def _suite(report: Report) -> ET.Element:
    name = " + ".join(d.path for d in report.documents)
    suite = ET.Element("testsuite", _attrs(name=name))
    properties = ET.SubElement(suite, "properties")
    facts = {
        "pack": f"{report.pack.id} {report.pack.version}",
        "language": report.language,
        "score": "n/a" if report.score.overall is None else f"{report.score.overall:g}",
        "policy": "passed" if report.policy.passed else "failed",
    }
    if report.score.counts.waived:
        facts["waived"] = str(report.score.counts.waived)
    for key, value in facts.items():
        ET.SubElement(properties, "property", _attrs(name=key, value=value))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if report.status is ReportStatus.NO_TEXT:
        read = ET.SubElement(suite, "testcase", _attrs(classname="pppcheck", name="read"))
        ET.SubElement(read, "error", _attrs(message=report.message, type="no_text"))
        counts["tests"], counts["errors"] = 1, 1
    for result in report.results:
        counts["tests"] += 1
        outcome = _case(suite, report, result)
        if outcome:
            counts[outcome] += 1
    for key, number in counts.items():
        suite.set(key, str(number))
    suite.set("time", "0")
    return suite


def _case(suite: ET.Element, report: Report, result: RuleResult) -> str:
    """Append the test case of one rule; return which count it adds to ('' when it passed)."""
    case = ET.SubElement(
        suite,
        "testcase",
        _attrs(
            classname=f"pppcheck.{report.pack.id}.{result.theme}",
            name=f"{result.rule_id} {result.title}",
            time="0",
        ),
    )
    if result.waiver is not None:
        waiver = result.waiver
        text = (
            f"waived ({result.status.value}) until {waiver.expires.isoformat()} "
            f"by {waiver.owner}: {waiver.reason}"
        )
        ET.SubElement(case, "skipped", _attrs(message=text))
        return "skipped"
    if result.status is Status.NOT_APPLICABLE:
        ET.SubElement(case, "skipped", _attrs(message=result.reason))
        return "skipped"
    if result.status is Status.ERROR:
        error = ET.SubElement(case, "error", _attrs(message=result.reason, type="error"))
        error.text = clean_xml(result.reason)
        return "errors"
    if result.status is Status.MET:
        return ""
    failure = ET.SubElement(
        case,
        "failure",
        _attrs(
            message=f"{result.status.value}: {result.reason}",
            type=result.status.value,
        ),
    )
    failure.text = clean_xml(_details(result))
    return "failures"


def _details(result: RuleResult) -> str:
    lines = [
        f"{result.rule_id} {result.status.value} ({result.severity.value}, weight "
        f"{result.weight:g}): {result.title}"
    ]
    if not result.evidence:
        lines.append("not found in the document")
    for evidence in result.evidence[:3]:
        lines.append(f"{evidence.kind.value} at {evidence.where()}: “{one_line(evidence.quote)}”")
    if result.remediation:
        lines.append(f"write instead: {result.remediation}")
    if result.model_clause:
        lines.append(f"model clause: {one_line(result.model_clause)}")
    return "\n".join(lines)


def _error_suite(error: RunError) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        _attrs(name=error.path, tests="1", failures="0", errors="1", skipped="0", time="0"),
    )
    case = ET.SubElement(suite, "testcase", _attrs(classname="pppcheck", name="read"))
    message = error.error + (f" (hint: {error.hint})" if error.hint else "")
    ET.SubElement(case, "error", _attrs(message=message, type="could_not_audit"))
    return suite
