"""Markdown, CSV, HTML and the Word memo: escaping, structure, and the real programs that open
them (headless Chromium for the HTML page, LibreOffice for the memo) when they are installed."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from pppcheck.render import OutputFormat, render
from pppcheck.render.markdown import md
from pppcheck.report import AuditRun
from tests.render.runs import starter_run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AuditRun:
    monkeypatch.chdir(tmp_path)
    return starter_run(Path())


def text(run: AuditRun, fmt: OutputFormat) -> str:
    out = render(run, fmt)
    assert isinstance(out, str)
    return out


# --------------------------------------------------------------------------- Markdown


def test_markdown_escapes_markup_pipes_and_mentions() -> None:
    assert md("a | b") == r"a \| b"
    assert md("<script>x</script>") == r"\<script\>x\</script\>"
    assert (
        md("*bold* _it_ `code` [l](u) # $x$ ~s~")
        == r"\*bold\* \_it\_ \`code\` \[l\](u) \# \$x\$ \~s\~"
    )
    assert md("@legal-team") == "@\u2060legal-team"
    assert md("a\nb\r\nc") == "a b c"
    assert md("&lt;") == "&amp;lt;"


def test_markdown_report_order_and_tables(run: AuditRun) -> None:
    out = text(run, OutputFormat.MARKDOWN)
    weak = out[out.index("## pppcheck · `weak.txt`") : out.index("## pppcheck · `cctp.docx`")]
    assert "**Score 15/100**" in weak
    assert weak.index("| Theme |") < weak.index("### Gaps (4)") < weak.index("Policy:")
    gap_rows = [
        line
        for line in weak.splitlines()
        if line.startswith("| ✗") or line.startswith("| ·") or line.startswith("| ◐")
    ]
    assert [re.search(r"\*\*(S\d+)\*\*", row).group(1) for row in gap_rows] == [
        "S01",
        "S03",
        "S02",
        "S04",
    ]  # type: ignore[union-attr]
    for row in gap_rows:  # escaped pipes never add a column
        assert len(re.findall(r"(?<!\\)\|", row)) == 8
    assert "<script>" not in out and "\\<script\\>" in out
    assert "**waived** until 2026-12-31" in weak
    assert "Écarts (4)" in out and "Clause" not in out  # French labels for the French document


# --------------------------------------------------------------------------- CSV


def test_csv_one_row_per_document_and_rule(run: AuditRun) -> None:
    rows = list(csv.DictReader(io.StringIO(text(run, OutputFormat.CSV))))
    assert len(rows) == sum(len(r.results) for r in run.reports) == 12
    assert {(r["document"], r["rule_id"]) for r in rows} == {
        (d, s) for d in ("strong.md", "weak.txt", "cctp.docx") for s in ("S01", "S02", "S03", "S04")
    }
    waived = [r for r in rows if r["waived"] == "yes"]
    assert len(waived) == 1 and waived[0]["waiver_owner"] == "legal@city.example"
    s04 = next(r for r in rows if r["document"] == "weak.txt" and r["rule_id"] == "S04")
    assert s04["quote"].startswith("'=SUM(A1)")  # no formula injection in spreadsheets
    assert s04["line"] == "9"


# --------------------------------------------------------------------------- HTML


def test_html_is_self_contained_and_escaped(run: AuditRun) -> None:
    page = text(run, OutputFormat.HTML)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()  # not ours, and the document's is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page
    assert page.count("<svg") == 3 + 3  # a score ring and a theme chart per audited document
    assert "<mark>belong to</mark>" in page  # the matched words are highlighted


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_html_renders_in_headless_chromium(run: AuditRun, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(text(run, OutputFormat.HTML), encoding="utf-8")
    shot = tmp_path / "report.png"
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shot.is_file(), done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a rendered page, not a blank one


# --------------------------------------------------------------------------- Word memo


def memo_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def french_only(run: AuditRun) -> AuditRun:
    return run.model_copy(update={"reports": run.reports[2:], "errors": (), "warnings": ()})


def test_memo_in_the_document_language(run: AuditRun) -> None:
    data = render(french_only(run), OutputFormat.DOCX)
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[:4] == [
        "Note d'analyse du dossier de consultation",
        "Synthèse",
        "Scores par thème",
        "Écarts (4)",
    ]
    assert "S01 — La collectivité est propriétaire des données" in headings
    clauses = [p.text for p in document.paragraphs if p.style.name == "Model Clause"]
    assert (
        clauses[0]
        == "Toutes les données collectées ou produites sont la propriété de la collectivité."
    )
    assert len(document.tables) == 2  # themes, gaps
    assert document.core_properties.created is None  # reproducible: no date unless injected


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")
def test_memo_opens_in_libreoffice(run: AuditRun, tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    data = render(french_only(run), OutputFormat.DOCX)
    assert isinstance(data, bytes)
    memo.write_bytes(data)
    done = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(memo),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "memo.pdf"
    assert pdf.is_file(), done.stdout + done.stderr
    if shutil.which("pdftotext"):
        words = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        words = " ".join(words.split())
        assert "Clause type à insérer" in words
        assert "propriété exclusive du titulaire" in words
