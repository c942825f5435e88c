"""The pre-commit hook, run by the real pre-commit tool against a temporary git repository.

pre-commit installs the hook repository (a clone of this one, at its HEAD commit) with pip into
its own environment, which needs the package index. Where that cannot work (no network, no git,
no committed HEAD) the test is skipped with the reason; CI has the index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

REPO = Path(__file__).resolve().parents[1]

STRONG = [
    "Technical specifications: smart lighting software platform with sensors and an open API",
    "All data collected by the sensors are the property of the City.",
    "The Contractor shall provide all datasets in CSV and JSON at no additional cost.",
]
WEAK = [
    "Smart parking software platform with sensors, hosting and an API",
    "All data collected by the sensors shall belong to the Contractor.",
    "The contract is tacitly renewed for successive one-year periods.",
]


def git(cwd: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120, check=True
    )
    return done.stdout.strip()


def write_docx(path: Path, paragraphs: list[str]) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def precommit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_hook_audits_tender_documents_with_the_repository_policy(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit not installed (pip install '.[test]')")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: pre-commit needs a commit of this repository")
    hooks = tmp_path / "pppcheck-hooks"
    git(tmp_path, "clone", "--quiet", str(REPO), str(hooks))
    if not (hooks / ".pre-commit-hooks.yaml").is_file():
        pytest.skip("the hook definition is not committed yet")
    rev = git(hooks, "rev-parse", "HEAD")

    project = tmp_path / "tenders"
    project.mkdir()
    git(project, "init", "--quiet")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: pppcheck\n",
        encoding="utf-8",
    )
    (project / "pppcheck.yaml").write_text(
        "packs: [starter]\nfail_on: [contrary]\n", encoding="utf-8"
    )
    write_docx(project / "strong.docx", STRONG)
    (project / "notes.md").write_text("# not a tender: not passed to the hook\n", encoding="utf-8")
    git(project, "add", ".")

    home = tmp_path / "pre-commit-home"
    installed = precommit(project, home, "install-hooks")
    if installed.returncode != 0:
        pytest.skip(
            "pre-commit could not install the hook (package index unreachable?): "
            + (installed.stdout + installed.stderr)[-800:]
        )

    clean = precommit(project, home, "run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "pppcheck" in clean.stdout and "Passed" in clean.stdout

    write_docx(project / "weak.docx", WEAK)
    git(project, "add", "weak.docx")
    failing = precommit(project, home, "run", "--all-files")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "Works against the city" in failing.stdout
    assert "contrary: S01, S03" in failing.stdout
    assert "notes.md" not in failing.stdout
