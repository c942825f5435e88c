"""Audit runs for renderer tests: tiny documents built here, on the fixed `starter` pack.

The starter pack does not change when the built-in pack does, so golden files made from these
runs only change when a renderer does. Documents are written in the working directory (tests
chdir into a temporary folder) so that paths in reports are short and machine-independent.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx

from pppcheck.api import audit_documents, load_compiled
from pppcheck.ingest import parse_file
from pppcheck.policy import Policy
from pppcheck.report import AuditRun, Report, RunError
from pppcheck.waivers import LoadedWaiver, WaiverEntry, apply_waivers

TODAY = date(2026, 3, 1)

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

# Document text that must be escaped everywhere: markup, pipes, a mention, an ampersand,
# a control character (not allowed in XML) and a formula-looking cell.
SPECIAL = "<script>alert(1)</script> | *now* @legal-team & [x](y) partners\x07"

WEAK = f"""SMART PARKING SOFTWARE PLATFORM

The Contractor will install sensors and a software platform with hosting and an API.

All data collected by the sensors shall belong to the Contractor {SPECIAL}.

The contract is tacitly renewed for successive one-year periods.

=SUM(A1) The Contractor may propose service levels.
"""

FRENCH = [
    ("heading", "Cahier des clauses techniques particulières : stationnement intelligent"),
    ("heading2", "Article 1 – Objet"),
    (
        "p",
        "Le marché porte sur une plateforme logicielle de stationnement avec capteurs, "
        "hébergement et API.",
    ),
    ("heading2", "Article 2 – Données"),
    ("p", "Les données collectées par les capteurs sont la propriété exclusive du titulaire."),
    ("heading2", "Article 3 – Durée"),
    ("p", "Le marché est reconduit tacitement par périodes d'un an."),
]


def _fixed_dates(data: bytes) -> bytes:
    """The same package with fixed zip entry dates: the same bytes (and SHA-256) every run."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), source.read(info.filename)
            )
    return out.getvalue()


def write_documents(folder: Path) -> list[Path]:
    """strong.md, weak.txt (raw text: markup stays literal) and cctp.docx (French)."""
    (folder / "strong.md").write_text(STRONG, encoding="utf-8")
    (folder / "weak.txt").write_text(WEAK, encoding="utf-8")
    document = docx.Document()
    for kind, text in FRENCH:
        if kind == "heading":
            document.add_heading(text, level=1)
        elif kind == "heading2":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    document.core_properties.title = "CCTP stationnement"
    buffer = io.BytesIO()
    document.save(buffer)
    (folder / "cctp.docx").write_bytes(_fixed_dates(buffer.getvalue()))
    return [Path("strong.md"), Path("weak.txt"), Path("cctp.docx")]


WAIVER = LoadedWaiver(
    entry=WaiverEntry(
        rule="S03",
        documents=["weak.*"],
        reason="Renewal accepted by the council | see minutes <12>",
        owner="legal@city.example",
        expires=date(2026, 12, 31),
    ),
    origin="pppcheck-waivers.yaml:2",
    base=Path(),
)


def starter_run(folder: Path, policy: Policy | None = None) -> AuditRun:
    """Three documents, one waiver, one unreadable file: every part of a report is exercised."""
    paths = write_documents(folder)
    compiled = load_compiled(["starter"])
    policy = policy or Policy(fail_under=60, fail_on=("contrary",))
    reports: list[Report] = [audit_documents([parse_file(p)], compiled, policy) for p in paths]
    reports, warnings = apply_waivers(reports, [WAIVER], TODAY)
    error = RunError(path="broken.docx", error="not a valid DOCX package", hint="re-save it")
    return AuditRun(reports=tuple(reports), errors=(error,), warnings=tuple(warnings))


EXAMPLES = (
    "examples/cctp-stationnement-intelligent-faible.docx",
    "examples/cctp-stationnement-intelligent-faible.pdf",
    "examples/smart-lighting-concession-strong.docx",
    "examples/smart-lighting-concession-strong.pdf",
)


def examples_run() -> AuditRun:
    """The shipped examples on the built-in pack (run from the repository root)."""
    compiled = load_compiled()
    policy = Policy(fail_under=50)
    reports = tuple(audit_documents([parse_file(p)], compiled, policy) for p in EXAMPLES)
    return AuditRun(reports=reports)
