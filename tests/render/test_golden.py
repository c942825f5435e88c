"""Golden files: every format on a fixed tiny pack, and on the shipped examples.

Compare by default; regenerate with

    PPPCHECK_UPDATE_GOLDEN=1 python -m pytest tests/render/test_golden.py

and review the diff. `starter/` goldens change only when a renderer changes (fixed `starter`
pack, documents built here); `examples/` goldens also change when the built-in pack does.
The Word memo is compared as its text (paragraph styles, paragraphs, table rows): a binary
golden would be unreadable in review. Its bytes are checked for reproducibility instead.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import docx
import pytest

from pppcheck.render import SUFFIXES, OutputFormat, RenderOptions, render
from pppcheck.report import AuditRun
from tests.render.runs import examples_run, starter_run

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
UPDATE = os.environ.get("PPPCHECK_UPDATE_GOLDEN") == "1"
OPTIONS = RenderOptions(color=False, width=100, verbose=False)


def docx_text(data: bytes) -> str:
    """A reviewable text form of a .docx: one line per paragraph (with its style) or table row."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = next(p for p in document.paragraphs if p._p is child)
            if paragraph.text.strip():
                lines.append(f"[{paragraph.style.name}] {paragraph.text}")
        elif tag == "tbl":
            table = next(t for t in document.tables if t._tbl is child)
            lines.extend("| " + " | ".join(c.text for c in row.cells) + " |" for row in table.rows)
    return "\n".join(lines) + "\n"


def golden_text(run: AuditRun, fmt: OutputFormat) -> str:
    rendered = render(run, fmt, OPTIONS)
    return docx_text(rendered) if isinstance(rendered, bytes) else rendered


def check(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    if not path.is_file():
        pytest.fail(f"no golden file {path.relative_to(REPO)}: run with PPPCHECK_UPDATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.relative_to(REPO)} differs; if the change is intended, regenerate with "
        "PPPCHECK_UPDATE_GOLDEN=1 python -m pytest tests/render/test_golden.py and review the diff"
    )


def name(fmt: OutputFormat) -> str:
    return "report" + SUFFIXES[fmt] + (".txt" if fmt is OutputFormat.DOCX else "")


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> AuditRun:
    folder = tmp_path_factory.mktemp("starter")
    previous = Path.cwd()
    os.chdir(folder)
    try:
        return starter_run(Path())
    finally:
        os.chdir(previous)


@pytest.fixture(scope="module")
def examples() -> AuditRun:
    previous = Path.cwd()
    os.chdir(REPO)
    try:
        return examples_run()
    finally:
        os.chdir(previous)


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_starter_golden(starter: AuditRun, fmt: OutputFormat) -> None:
    check(GOLDEN / "starter" / name(fmt), golden_text(starter, fmt))


INPUTS = (
    "rules",
    "examples",
    "src/pppcheck/ingest",
    "src/pppcheck/matching",
    "src/pppcheck/engine.py",
    "src/pppcheck/evidence.py",
    "src/pppcheck/profiles.py",
    "src/pppcheck/language.py",
)


def inputs_digest() -> str:
    """SHA-256 over what the examples' reports depend on, besides the renderers."""
    digest = hashlib.sha256()
    for root in INPUTS:
        path = REPO / root
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".py", ".yaml", ".docx", ".pdf"):
                digest.update(str(file.relative_to(REPO)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_examples_golden(examples: AuditRun, fmt: OutputFormat) -> None:
    recorded = GOLDEN / "examples" / "INPUTS.sha256"
    if UPDATE:
        recorded.parent.mkdir(parents=True, exist_ok=True)
        recorded.write_text(inputs_digest() + "\n", encoding="utf-8")
    elif recorded.is_file() and recorded.read_text(encoding="utf-8").strip() != inputs_digest():
        pytest.skip(
            "the pack, parsers or examples changed since tests/golden/examples was made: "
            "regenerate with PPPCHECK_UPDATE_GOLDEN=1 python -m pytest tests/render/test_golden.py"
        )
    check(GOLDEN / "examples" / name(fmt), golden_text(examples, fmt))


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_output_is_reproducible(starter: AuditRun, fmt: OutputFormat) -> None:
    assert render(starter, fmt, OPTIONS) == render(starter, fmt, OPTIONS)


def test_every_format_is_registered_and_has_a_suffix() -> None:
    from pppcheck.render import RENDERERS

    assert set(RENDERERS) == set(OutputFormat)
    assert set(SUFFIXES) == set(OutputFormat)
