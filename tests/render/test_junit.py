"""JUnit XML read back by a real JUnit reader: counts equal the report's, text survives."""

from __future__ import annotations

from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from pppcheck.render import OutputFormat, render
from pppcheck.render.common import clean_xml
from pppcheck.report import AuditRun
from pppcheck.results import RuleResult
from pppcheck.rules.schema import Severity, Status
from tests.render.runs import starter_run


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditRun:
    monkeypatch.chdir(tmp_path)
    return starter_run(Path())


def parse(run: AuditRun, tmp_path: Path) -> JUnitXml:
    out = tmp_path / "junit.xml"
    text = render(run, OutputFormat.JUNIT)
    assert isinstance(text, str)
    out.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(out))


def test_counts_equal_the_reports(run: AuditRun, tmp_path: Path) -> None:
    xml = parse(run, tmp_path)
    suites = list(xml)
    assert len(suites) == len(run.reports) + len(run.errors)
    for suite, report in zip(suites, run.reports, strict=False):
        counts = report.score.counts
        assert suite.name == report.documents[0].path
        assert suite.tests == len(report.results)
        assert suite.failures == counts.gaps - counts.waived
        assert suite.errors == counts.error
        assert suite.skipped == counts.not_applicable + counts.waived
        cases = {case.name.split()[0]: case for case in suite}
        for result in report.results:
            outcome = cases[result.rule_id].result
            if result.waiver is not None or result.status is Status.NOT_APPLICABLE:
                assert isinstance(outcome[0], Skipped)
            elif result.is_gap:
                assert isinstance(outcome[0], Failure)
                assert outcome[0].type == result.status.value
            else:
                assert outcome == []
    broken = suites[-1]
    assert broken.name == "broken.docx" and broken.errors == 1
    assert isinstance(next(iter(broken)).result[0], Error)


def test_document_text_is_escaped_and_kept(run: AuditRun, tmp_path: Path) -> None:
    xml = parse(run, tmp_path)
    weak = next(s for s in xml if s.name == "weak.txt")
    s01 = next(c for c in weak if c.name.startswith("S01"))
    assert "<script>alert(1)</script> | *now* @legal-team & [x](y)" in s01.result[0].text
    s03 = next(c for c in weak if c.name.startswith("S03"))
    assert "Renewal accepted by the council | see minutes <12>" in s03.result[0].message


def test_characters_xml_cannot_carry_are_removed(tmp_path: Path) -> None:
    from pppcheck.policy import PolicyOutcome
    from pppcheck.report import DocumentFacts, PackInfo, Report
    from pppcheck.scoring import score

    bad = "Title\x00 with \x07bell\x1b and \ufffe end"
    result = RuleResult(
        rule_id="X1",
        title=bad,
        theme="t",
        theme_title="T",
        status=Status.MISSING,
        weight=1,
        severity=Severity.MAJOR,
        reason=bad,
        remediation=bad,
    )
    report = Report(
        documents=(
            DocumentFacts(
                path="d\x01.md",
                format="markdown",
                pages=None,
                language="en",
                sha256="0" * 64,
                size=1,
            ),
        ),
        language="en",
        score=score([result]),
        pack=PackInfo(id="p", version="1", rules=1),
        results=(result,),
        policy=PolicyOutcome(passed=True),
    )
    xml = parse(AuditRun(reports=(report,)), tmp_path)
    case = next(iter(next(iter(xml))))
    assert case.name == "X1 Title with bell and  end"
    assert clean_xml(bad) == "Title with bell and  end"
