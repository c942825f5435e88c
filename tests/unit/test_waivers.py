"""Waivers: matching by glob or hash, expiry against an injected date, warnings, policy, score."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pppcheck.api import audit_documents, load_compiled
from pppcheck.errors import ConfigError
from pppcheck.ingest import parse_file
from pppcheck.policy import Policy
from pppcheck.report import Report
from pppcheck.waivers import apply_waivers, load_waivers

WEAK = """# Smart parking software platform

All data collected by the sensors shall belong to the Contractor.
The Contractor shall provide all datasets in CSV.

The contract is tacitly renewed for successive one-year periods.
"""


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tenders").mkdir()
    Path("tenders/weak.md").write_text(WEAK, encoding="utf-8")
    compiled = load_compiled(["starter"])
    policy = Policy(fail_on=("contrary",), fail_under=20)
    return audit_documents([parse_file(Path("tenders/weak.md"))], compiled, policy)


def waiver_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def entry(rule: str, documents: str, expires: str = "2026-12-31") -> str:
    return (
        f"  - rule: {rule}\n    documents: [{documents!r}]\n    reason: accepted by the council\n"
        f"    owner: legal@city.example\n    expires: {expires}\n"
    )


def test_a_waived_gap_stays_visible_and_does_not_fail_the_policy(
    report: Report, tmp_path: Path
) -> None:
    assert not report.policy.passed
    waivers = load_waivers(waiver_file(tmp_path, "waivers:\n" + entry("S03", "tenders/*.md")))
    [waived], warnings = apply_waivers([report], waivers, date(2026, 6, 1))
    s03 = next(r for r in waived.results if r.rule_id == "S03")
    assert s03.status.value == "contrary" and s03.waiver is not None
    assert (
        s03.waiver.owner == "legal@city.example"
        and s03.waiver.origin == f"{tmp_path / 'waivers.yaml'}:2"
    )
    assert waived.score.counts.waived == 1 and waived.score.counts.contrary == 2
    assert waived.score.overall == report.score.overall  # the score stays on the real status
    assert waived.policy.reasons == ("contrary: S01",)  # S03 no longer fails it
    assert waived.score.policy_score is not None
    assert warnings == []


def test_waivers_clear_the_policy(report: Report, tmp_path: Path) -> None:
    body = (
        "waivers:\n"
        + entry("S01", "tenders/weak.md")
        + entry("s03", f"sha256:{report.documents[0].sha256[:16]}")
    )
    [waived], _ = apply_waivers(
        [report], load_waivers(waiver_file(tmp_path, body)), date(2026, 1, 1)
    )
    assert waived.policy.passed
    assert waived.score.counts.waived == 2


def test_expired_and_unused_waivers_are_warnings(report: Report, tmp_path: Path) -> None:
    body = (
        "waivers:\n"
        + entry("S03", "tenders/*", expires="2025-12-31")
        + entry("S02", "tenders/*")
        + entry("S01", "other/*.docx")
    )
    [same], warnings = apply_waivers(
        [report], load_waivers(waiver_file(tmp_path, body)), date(2026, 1, 1)
    )
    assert same.score.counts.waived == 0 and not same.policy.passed
    assert len(warnings) == 3
    assert "waiver for S03 expired on 2025-12-31" in warnings[0]
    assert "waiver for S02 is not needed" in warnings[1]
    assert "S01 matched no audited document" in warnings[2]
    # the expiry day itself is still covered
    [covered], _ = apply_waivers(
        [report],
        load_waivers(waiver_file(tmp_path, "waivers:\n" + entry("S03", "tenders/*", "2026-01-01"))),
        date(2026, 1, 1),
    )
    assert covered.score.counts.waived == 1


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "waivers:\n  - rule: S01\n    documents: ['*']\n    reason: ok ok\n    owner: me\n",
            ":2",
            "expires",
        ),
        (
            "waivers:\n  - rule: S01\n    documents: ['sha256:12']\n    reason: ok ok\n"
            "    owner: me\n    expires: 2026-01-01\n",
            ":3",
            "at least 12 hex",
        ),
        (
            "waivers:\n  - rule: S01\n    documents: ['*']\n    reason: ok ok\n    owner: me\n"
            "    expires: 2026-01-01\n    until: x\n",
            ":7",
            "unknown key",
        ),
        ("waiver: []\n", ":1", "unknown key"),
    ],
)
def test_bad_waiver_files_name_file_and_line(
    tmp_path: Path, body: str, line: str, message: str
) -> None:
    path = waiver_file(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_waivers(path)
    assert caught.value.where == f"{path}{line}"
    assert message in caught.value.message
