"""SARIF: valid against the official 2.1.0 schema, rules and results consistent, stable
fingerprints when a paragraph moves, waived gaps suppressed."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pppcheck.api import audit_documents, load_compiled
from pppcheck.ingest import parse_file
from pppcheck.render.sarif import FINGERPRINT_KEY, sarif_log
from pppcheck.report import AuditRun
from tests.render.runs import starter_run

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "schemas" / "sarif-2.1.0.json").read_text("utf-8")
)


def validate(log: dict[str, object]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditRun:
    monkeypatch.chdir(tmp_path)
    return starter_run(Path())


def test_valid_against_the_official_schema(run: AuditRun) -> None:
    validate(sarif_log(run))
    validate(sarif_log(AuditRun()))  # an empty run is valid too


def test_rules_results_and_locations(run: AuditRun) -> None:
    sarif = sarif_log(run)["runs"][0]
    rules = sarif["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["S01", "S02", "S03", "S04"]  # every rule, not only gaps
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["defaultConfiguration"]["level"] in (
            "error",
            "warning",
            "note",
        )
    gaps = sum(r.score.counts.gaps for r in run.reports)
    assert len(sarif["results"]) == gaps
    for result in sarif["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] >= 1
        assert (
            sarif["artifacts"][location["artifactLocation"]["index"]]["location"]["uri"]
            == location["artifactLocation"]["uri"]
        )
    contrary = next(
        r
        for r in sarif["results"]
        if r["ruleId"] == "S01"
        and "weak"
        in r["message"]["text"].lower()
        + r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    )
    assert contrary["level"] == "error"
    assert contrary["locations"][0]["physicalLocation"]["region"]["startLine"] == 5  # source line
    assert "SMART PARKING SOFTWARE PLATFORM" in contrary["message"]["text"]
    french = [
        r
        for r in sarif["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "cctp.docx"
    ]
    s01 = next(r for r in french if r["ruleId"] == "S01")
    assert s01["locations"][0]["logicalLocations"][0]["name"] == "Article 2 – Données"
    assert s01["locations"][0]["properties"]["section"].endswith("Article 2 – Données")
    missing = next(r for r in french if r["ruleId"] == "S02")
    assert missing["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert "Not found in cctp.docx" in missing["message"]["text"]


def test_waived_gap_is_suppressed_with_its_reason(run: AuditRun) -> None:
    results = sarif_log(run)["runs"][0]["results"]
    waived = [r for r in results if "suppressions" in r]
    assert len(waived) == 1 and waived[0]["ruleId"] == "S03"
    suppression = waived[0]["suppressions"][0]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert "Renewal accepted by the council" in suppression["justification"]


def test_fingerprints_survive_a_moved_paragraph(tmp_path: Path) -> None:
    clause = "All data collected by the sensors shall belong to the Contractor."
    first = tmp_path / "a" / "tender.md"
    second = tmp_path / "b" / "tender.md"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text(f"# Smart platform software\n\n{clause}\n", encoding="utf-8")
    second.write_text(
        "# Smart platform software\n\nThe Contractor shall install sensors.\n\n"
        f"Some new paragraph about hosting.\n\n{clause}\n",
        encoding="utf-8",
    )
    compiled = load_compiled(["starter"])

    def fingerprints(path: Path) -> dict[str, tuple[str, int]]:
        import os

        previous = Path.cwd()
        os.chdir(path.parent)
        try:
            report = audit_documents([parse_file(Path(path.name))], compiled)
        finally:
            os.chdir(previous)
        results = sarif_log(AuditRun(reports=(report,)))["runs"][0]["results"]
        return {
            r["ruleId"]: (
                r["partialFingerprints"][FINGERPRINT_KEY],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results
        }

    before, after = fingerprints(first), fingerprints(second)
    assert before["S01"][1] != after["S01"][1]  # the paragraph moved ...
    assert before["S01"][0] == after["S01"][0]  # ... and the alert is the same one
    assert before.keys() == after.keys()
    assert all(before[k][0] == after[k][0] for k in before)
