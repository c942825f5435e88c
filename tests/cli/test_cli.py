"""The command line as users and CI see it: exit codes, messages, outputs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli_process import run_pppcheck

STRONG = """# Smart lighting platform: technical specifications

## 1 Object

Supply, installation and operation of a smart-lighting software platform with sensors,
hosting and an open API for the City.

## 2 Data

All data collected by the sensors are the property of the City.
The Contractor shall provide all datasets in CSV and JSON at no additional cost.

## 3 Service levels

The platform shall be available 99.5% of the time each month.

## 4 Duration

The contract term is four years. The City shall review the service at year two.
"""

WEAK = """# Smart parking software platform

The Contractor will install sensors and a software platform with hosting and an API.
All data collected by the sensors shall belong to the Contractor.
The contract is tacitly renewed for successive one-year periods.
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_pppcheck(*args, cwd=cwd, columns=100, timeout=120)


@pytest.fixture
def tenders(tmp_path: Path) -> dict[str, Path]:
    strong = tmp_path / "strong.md"
    weak = tmp_path / "weak tender é.md"
    strong.write_text(STRONG, encoding="utf-8")
    weak.write_text(WEAK, encoding="utf-8")
    return {"strong": strong, "weak": weak}


def test_version() -> None:
    from pppcheck import __version__

    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"pppcheck {__version__}"


def test_clean_audit_exits_0_and_reports(tenders: dict[str, Path]) -> None:
    done = run("audit", str(tenders["strong"]), "--rules", "starter")
    assert done.returncode == 0, done.stderr
    assert "Score 100/100" in done.stdout
    assert "Covered (4): S01 S02 S03 S04" in done.stdout
    assert "\x1b[" not in done.stdout  # no colour in a pipe


def test_fail_under_exits_1(tenders: dict[str, Path]) -> None:
    done = run("audit", str(tenders["weak"]), "--rules", "starter", "--fail-under", "70")
    assert done.returncode == 1
    assert "Works against the city (2)" in done.stdout
    assert "FAILED (score 0 is below 70)" in done.stdout


def test_fail_on_contrary_exits_1_even_with_a_good_score(tenders: dict[str, Path]) -> None:
    done = run("audit", str(tenders["weak"]), "-r", "starter", "--fail-on", "contrary")
    assert done.returncode == 1
    done = run("audit", str(tenders["strong"]), "-r", "starter", "--fail-on", "contrary")
    assert done.returncode == 0


def test_json_output_file(tenders: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    done = run("audit", str(tenders["weak"]), "-r", "starter", "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == "1.0"
    assert data["tool"]["name"] == "pppcheck"
    report = data["reports"][0]
    assert report["documents"][0]["path"] == str(tenders["weak"])
    statuses = {r["rule_id"]: r["status"] for r in report["results"]}
    assert statuses == {"S01": "contrary", "S03": "contrary", "S02": "missing", "S04": "missing"}
    contrary = next(r for r in report["results"] if r["rule_id"] == "S01")
    assert (
        contrary["evidence"][0]["quote"]
        == "All data collected by the sensors shall belong to the Contractor."
    )
    assert contrary["evidence"][0]["line"] == 3  # the paragraph starts on line 3


def test_missing_file_exits_2_with_one_line_and_hint(tmp_path: Path) -> None:
    done = run("audit", str(tmp_path / "nope.pdf"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines[0] == f"error: {tmp_path / 'nope.pdf'}: no such file"
    assert lines[1].startswith("hint: ")
    assert "Traceback" not in done.stderr


def test_one_bad_file_does_not_stop_the_others(tenders: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    done = run("audit", str(bad), str(tenders["strong"]), "-r", "starter")
    assert done.returncode == 2
    assert "Score 100/100" in done.stdout  # each report as it is audited, then the summary
    assert "2 of 2 audited · mean score 100" in done.stdout
    done = run("audit", str(bad), str(tenders["strong"]), "-r", "starter", "--summary")
    assert done.returncode == 2
    assert "Score 100/100" not in done.stdout
    # the summary: one line per document, worst (unreadable) first, then totals
    lines = done.stdout.splitlines()
    assert lines[1].split()[:2] == ["—", "error"] and "broken" in lines[1]
    audited = next(line for line in lines if line.split()[:1] == ["100"])
    assert audited.split()[:4] == ["100", "0", "0", "pass"]
    assert "2 of 2 audited · mean score 100 · 0 below policy" in done.stdout
    assert "1 could not be read" in done.stdout
    assert f"error: {bad}:" in done.stderr


def test_bad_pack_exits_2(tmp_path: Path, tenders: dict[str, Path]) -> None:
    pack = tmp_path / "rule.yaml"
    pack.write_text("id: X\ntitle: t\ntheme: t\nmet: {phrase: [x]}\n", encoding="utf-8")
    done = run("audit", str(tenders["strong"]), "--rules", str(pack))
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {pack}:4: met: a matcher needs exactly one kind key")


def test_bad_option_values_exit_2(tenders: dict[str, Path]) -> None:
    assert run("audit", str(tenders["strong"]), "--fail-on", "mising").returncode == 2
    assert run("audit", str(tenders["strong"]), "--profile", "cloud=yes").returncode == 2
    assert run("audit", str(tenders["strong"]), "--format", "pdf").returncode == 2


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = run("--debug", "audit", str(tmp_path / "nope.pdf"))
    assert done.returncode != 0
    assert "Traceback" in done.stderr


def test_extract_shows_blocks(tenders: dict[str, Path]) -> None:
    done = run("extract", str(tenders["strong"]))
    assert done.returncode == 0
    assert "H2   2 Data" in done.stdout
    assert "[2 Data] All data collected by the sensors are the property of the City." in done.stdout


def test_rules_commands() -> None:
    listing = run("rules", "list", "-r", "starter")
    assert listing.returncode == 0 and "S01" in listing.stdout
    shown = run("rules", "show", "s01", "-r", "starter", "--lang", "fr")
    assert shown.returncode == 0
    assert "Toutes les données collectées ou produites sont la propriété" in shown.stdout
    assert run("rules", "show", "R99", "-r", "starter").returncode == 2
    assert run("rules", "validate", "starter").returncode == 0
    tested = run("rules", "test", "starter")
    assert tested.returncode == 0 and "21/21 examples pass" in tested.stdout
    schema = json.loads(run("rules", "schema", "rule").stdout)
    assert schema["title"] == "Rule" and "met" in schema["properties"]


def test_input_is_never_modified(tenders: dict[str, Path]) -> None:
    import hashlib

    before = hashlib.sha256(tenders["weak"].read_bytes()).hexdigest()
    run("audit", str(tenders["weak"]), "-r", "starter")
    assert hashlib.sha256(tenders["weak"].read_bytes()).hexdigest() == before
