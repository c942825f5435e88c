"""Several reports per run, config files, waivers, --exit-zero and diff, as CI sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import STRONG, WEAK, run


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "strong.md").write_text(STRONG, encoding="utf-8")
    (tmp_path / "weak.md").write_text(WEAK, encoding="utf-8")
    return tmp_path


def test_several_reports_in_one_run(work: Path) -> None:
    done = run(
        "audit",
        "weak.md",
        "-r",
        "starter",
        "--no-config",
        "--fail-on",
        "contrary",
        "--report",
        "sarif=out/r.sarif",
        "--report",
        "html=out/r.html",
        "--report",
        "junit=out/r.xml",
        "--report",
        "markdown=out/r.md",
        "--report",
        "csv=out/r.csv",
        "--report",
        "docx=out/r.docx",
        "--report",
        "json=out/r.json",
        "-q",
        cwd=work,
    )
    (work / "out").mkdir(exist_ok=True)
    assert done.returncode == 2  # the out/ folder did not exist: could not write
    done = run(
        "audit",
        "weak.md",
        "-r",
        "starter",
        "--no-config",
        "--fail-on",
        "contrary",
        "--report",
        "sarif=out/r.sarif",
        "--report",
        "html=out/r.html",
        "--report",
        "junit=out/r.xml",
        "--report",
        "markdown=out/r.md",
        "--report",
        "csv=out/r.csv",
        "--report",
        "docx=out/r.docx",
        "--report",
        "json=out/r.json",
        "-q",
        cwd=work,
    )
    assert done.returncode == 1, done.stderr  # the policy fails whatever is displayed
    assert done.stdout == ""
    assert json.loads((work / "out/r.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert (work / "out/r.docx").read_bytes()[:2] == b"PK"
    assert (
        json.loads((work / "out/r.json").read_text("utf-8"))["reports"][0]["policy"]["passed"]
        is False
    )
    for name in ("r.html", "r.xml", "r.md", "r.csv"):
        assert (work / "out" / name).stat().st_size > 100


def test_exit_zero_and_bad_report_flags(work: Path) -> None:
    done = run(
        "audit",
        "weak.md",
        "-r",
        "starter",
        "--no-config",
        "--fail-on",
        "contrary",
        "--exit-zero",
        cwd=work,
    )
    assert done.returncode == 0 and "FAILED" in done.stdout
    assert run("audit", "weak.md", "--report", "pdf=x.pdf", cwd=work).returncode == 2
    assert run("audit", "weak.md", "--report", "sarif", cwd=work).returncode == 2
    done = run("audit", "nope.md", "--exit-zero", "-r", "starter", cwd=work)
    assert done.returncode == 2  # could not run is never hidden


def test_config_file_policy_and_flags_that_win(work: Path) -> None:
    (work / "pppcheck.yaml").write_text(
        "packs: [starter]\nfail_on: [contrary]\ndisable: [kpis]\n", encoding="utf-8"
    )
    sub = work / "drafts"
    sub.mkdir()
    (sub / "weak.md").write_text(WEAK, encoding="utf-8")
    done = run("audit", "weak.md", cwd=sub)
    assert done.returncode == 1 and "(3 rules)" in done.stdout
    assert run("audit", "weak.md", "--fail-on", "error", cwd=sub).returncode == 0  # the flag wins
    shown = run("config", "show", cwd=sub)
    assert shown.returncode == 0
    assert shown.stdout.startswith(f"# config file: {work / 'pppcheck.yaml'}")
    assert "- contrary" in shown.stdout and "# rules in effect: 3" in shown.stdout
    (work / "pppcheck.yaml").write_text("packs: [starter]\nfailon: [contrary]\n", encoding="utf-8")
    done = run("audit", "weak.md", cwd=sub)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {work / 'pppcheck.yaml'}:2: failon: unknown key")


def test_waivers_from_the_command_line(work: Path) -> None:
    common = "reason: accepted by council, owner: legal, expires: 2026-06-30"
    (work / "waivers.yaml").write_text(
        "waivers:\n"
        f"  - {{rule: S01, documents: [weak.md], {common}}}\n"
        f"  - {{rule: S03, documents: [weak.md], {common}}}\n"
        f"  - {{rule: S04, documents: [other.md], {common}}}\n",
        encoding="utf-8",
    )
    args = (
        "audit",
        "weak.md",
        "-r",
        "starter",
        "--no-config",
        "--fail-on",
        "contrary",
        "--waivers",
        "waivers.yaml",
    )
    done = run(*args, "--today", "2026-06-30", cwd=work)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("WAIVED until 2026-06-30") == 2
    assert "warning: waivers.yaml:4: waiver for S04 matched no audited document" in done.stderr
    expired = run(*args, "--today", "2026-07-01", cwd=work)
    assert expired.returncode == 1
    assert "expired on 2026-06-30" in expired.stderr
    assert run(*args, "--today", "July", cwd=work).returncode == 2


def test_diff_of_two_drafts(work: Path) -> None:
    fixed = WEAK.replace("shall belong to the Contractor", "shall be the property of the City")
    (work / "v2.md").write_text(fixed, encoding="utf-8")
    better = run("diff", "weak.md", "v2.md", "-r", "starter", "--no-config", cwd=work)
    assert better.returncode == 0, better.stderr
    assert "Fixed (1)" in better.stdout and "S01" in better.stdout
    worse = run(
        "diff", "v2.md", "weak.md", "-r", "starter", "--no-config", "-f", "markdown", cwd=work
    )
    assert worse.returncode == 1 and "| broke | **S01** | met → contrary |" in worse.stdout
    run(
        "audit", "weak.md", "-r", "starter", "--no-config", "-f", "json", "-o", "old.json", cwd=work
    )
    from_json = run(
        "diff", "old.json", "v2.md", "-r", "starter", "--no-config", "-f", "json", cwd=work
    )
    assert from_json.returncode == 0
    assert json.loads(from_json.stdout)["changes"][0]["change"] == "fixed"
    (work / "bad.json").write_text('{"reports": 3}', encoding="utf-8")
    assert run("diff", "bad.json", "v2.md", "-r", "starter", cwd=work).returncode == 2
