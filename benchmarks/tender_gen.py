"""Generate long, tender-like documents for the benchmarks (DOCX, and PDF through LibreOffice).

    python benchmarks/tender_gen.py --pages 500     # /tmp/pppcheck-bench/audit-500.docx and .pdf
    python benchmarks/tender_gen.py --pages 100 --out DIR

The text is built from a grammar of contract clauses (parties, modal verbs, obligations, objects,
periods, qualifiers) and a pool of clause sentences on the topics a smart-city tender covers
(data ownership, open standards, exit and reversibility, service levels and payment, security,
personal data, governance, publication, training...), so that the rule pack finds about as many
phrases, distinct terms and sentences per page as in real tenders (50-130 phrase hits per 1,000
characters in the corpus), not one repeated sentence. The layout is what Word writes for a
tender: a title, a table of contents with dot leaders, "ARTICLE n" headings in Heading 1 and
"n.m" headings in Heading 2, justified body paragraphs, lead-in sentences followed by bulleted
and numbered lists, a ruled table every few articles, a running header and a "Page N" footer.

Deterministic for a given seed and size: the same command builds the same document.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

BENCH_DIR = Path(tempfile.gettempdir()) / "pppcheck-bench"
ARTICLES_PER_PAGE = 0.52
"""Articles per laid-out page (LibreOffice, default python-docx template), measured."""

PARTIES = [
    "the Contractor", "the Concessionaire", "the Operator", "the Service Provider",
    "the Supplier", "the Project Company", "the Private Partner", "the successful bidder",
]  # fmt: skip
AUTHORITIES = [
    "the City", "the Contracting Authority", "the Council", "the Municipality",
    "the Authority's Project Manager", "the Steering Committee", "the City's Data Officer",
]  # fmt: skip
MODALS = ["shall", "shall", "shall", "must", "will", "may", "should", "is required to", "agrees to"]
ACTIONS = [
    "deliver", "maintain", "operate", "document", "provide", "report on", "monitor", "update",
    "install", "test", "secure", "back up", "calibrate", "replace", "publish", "audit",
    "configure", "repair", "inspect", "train staff on", "hand over", "migrate", "archive",
]  # fmt: skip
OBJECTS = [
    "the street-lighting management platform", "the parking sensors", "the traffic cameras",
    "the environmental monitoring stations", "the public Wi-Fi access points",
    "the central control system", "the citizen mobile application", "the data warehouse",
    "the smart meters", "the electric vehicle charging points", "the video analytics module",
    "the network of LED luminaires", "the asset register", "the maintenance logbook",
    "the incident management tool", "the open data portal", "the application programming "
    "interfaces", "the user documentation", "the monthly performance report",
    "the security patches", "the spare parts inventory", "the operating manuals",
]  # fmt: skip
PERIODS = [
    "within ten working days", "within 48 hours", "every month", "each quarter", "once a year",
    "before the commissioning date", "at the end of each contract year", "during the whole term",
    "no later than 30 days after the request", "within four hours of a critical incident",
    "at the Authority's request", "before final acceptance",
]  # fmt: skip
MANNERS = [
    "in accordance with the technical specifications", "in a documented open format",
    "to the satisfaction of the Project Manager", "in line with the quality assurance plan",
    "without additional cost to the City", "at its own expense",
    "using industry standard methods", "as described in Annex 4", "in consultation with the "
    "City's IT department", "in compliance with applicable law", "where technically feasible",
    "subject to prior written approval", "at the Contractor's sole discretion",
]  # fmt: skip
TOPIC_SENTENCES = [
    "All data collected by the sensors shall remain the property of the City, which may use, "
    "publish and share it freely.",
    "The Contractor shall return all data in a documented, machine-readable open format "
    "(CSV, JSON or GeoJSON) at the end of the contract, at no extra cost.",
    "Personal data shall be processed only on the City's documented instructions, in accordance "
    "with the General Data Protection Regulation.",
    "A data protection impact assessment shall be carried out before any camera is installed.",
    "The platform shall expose open, documented APIs based on open standards so that other "
    "providers can connect to it.",
    "Software developed specifically for the City shall be released under an open source "
    "licence and its source code delivered to the City.",
    "An exit plan describing the transfer of the service to the City or to a new provider "
    "shall be delivered within six months of the start date and updated every year.",
    "At the end of the contract, the Contractor shall assist the incoming operator for a "
    "transition period of at least six months.",
    "Payments are linked to the availability of the service and to the key performance "
    "indicators set out in Schedule 3; deductions apply when service levels are missed.",
    "Service level: 99.5% availability of the platform, measured monthly.",
    "The contract and its amendments shall be published on the City's transparency portal "
    "within 30 days of signature.",
    "A joint steering committee made up of representatives of the City and of the Contractor "
    "shall meet every quarter to review performance.",
    "The Contractor shall train the City's staff so that they can operate the system "
    "independently at the end of the contract.",
    "The City retains the right to audit the security of the system at any time, with "
    "independent experts of its choice.",
    "Risks related to demand are borne by the Concessionaire; risks related to changes in law "
    "are shared as described in the risk matrix.",
    "Residents shall be consulted on the location of new sensors through public meetings and "
    "the online participation platform.",
    "The energy consumption of the lighting network shall be reduced by at least 60% compared "
    "with the 2024 baseline.",
    "Equipment at the end of its life shall be collected and recycled by the Contractor in "
    "accordance with the WEEE Directive.",
    "Any algorithm used to make or support decisions affecting residents shall be documented, "
    "explainable and subject to a human review.",
    "The Contractor shall not sell, license or otherwise commercialise the data collected "
    "under this contract.",
    "The contract is awarded to the most economically advantageous tender on the basis of "
    "quality (60%), price (30%) and sustainability (10%).",
    "The term of the contract is ten years from the commissioning date, renewable once for "
    "five years by express decision of the City.",
    "Disputes shall first be submitted to the steering committee for an amicable settlement "
    "before any referral to the competent court.",
    "The City may terminate the contract for convenience with six months' notice, subject to "
    "the compensation set out in Article 40.",
    "Hardware shall comply with open interoperability standards and be replaceable by "
    "equivalent equipment from other manufacturers.",
    "Security incidents shall be notified to the City within 24 hours of their detection.",
    "The Contractor shall keep a register of all subcontractors and submit it to the City "
    "every six months.",
    "Ancillary revenues generated by advertising on the equipment shall be shared equally "
    "between the City and the Concessionaire.",
    "The needs of the City are described in the strategy adopted by the Council, whose "
    "objective is to improve public lighting and reduce costs.",
    "Bidders may submit variants where they meet the minimum requirements of the specifications.",
]
LEAD_INS = [
    "{party} shall in particular:",
    "The monthly report shall include:",
    "The following documents shall be delivered {period}:",
    "{party} is responsible for:",
    "The service includes the following tasks:",
]
HEADING_TOPICS = [
    "Object of the contract", "Definitions", "Scope of the services", "Data governance",
    "Open standards and interoperability", "Service levels and performance",
    "Payment mechanism", "Security of information systems", "Protection of personal data",
    "Maintenance and repairs", "Reporting", "Governance and steering committee",
    "Training and knowledge transfer", "Exit and reversibility", "Intellectual property",
    "Environmental requirements", "Risk allocation", "Publication and transparency",
    "Subcontracting", "Term and termination", "Insurance", "Penalties", "Acceptance tests",
    "Change management", "Public participation", "Dispute resolution",
]  # fmt: skip


def clause(rng: random.Random) -> str:
    """One sentence of contract prose from the grammar."""
    shape = rng.random()
    party = rng.choice(PARTIES)
    if shape < 0.55:
        text = (
            f"{party} {rng.choice(MODALS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(PERIODS)}"
        )
        if rng.random() < 0.6:
            text += f" {rng.choice(MANNERS)}"
    elif shape < 0.75:
        text = (
            f"{rng.choice(AUTHORITIES)} {rng.choice(['may', 'will', 'shall'])} "
            f"{rng.choice(['approve', 'review', 'inspect', 'reject', 'request changes to'])} "
            f"{rng.choice(OBJECTS)} {rng.choice(PERIODS)}"
        )
    elif shape < 0.9:
        text = (
            f"{rng.choice(OBJECTS).capitalize()} "
            f"{rng.choice(['is', 'are', 'shall be', 'will be', 'must be'])} "
            f"{rng.choice(['described', 'specified', 'listed', 'defined', 'detailed'])} in "
            f"{rng.choice(['Annex', 'Schedule', 'Appendix'])} {rng.randint(1, 12)}"
        )
    else:
        return rng.choice(TOPIC_SENTENCES)
    text = text[0].upper() + text[1:]
    return text + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(clause(rng) for _ in range(rng.randint(2, 5)))


def add_page_field(paragraph: Any) -> None:
    """Append a PAGE field to a python-docx paragraph (python-docx has no API for fields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def build_docx(path: Path, articles: int, seed: int = 2026) -> None:
    """Write the tender as DOCX (python-docx, as Word would lay out the parts)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rng = random.Random(seed)
    document = docx.Document()
    section = document.sections[0]
    header = "City of Example – Smart street lighting and urban data platform – Specifications"
    section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    add_page_field(footer)
    document.add_heading("Smart street lighting and urban data platform: contract", level=0)
    document.add_paragraph("Table of contents")
    titles = [rng.choice(HEADING_TOPICS) for _ in range(articles)]
    for number, title in enumerate(titles[:40], 1):
        document.add_paragraph(f"Article {number} – {title} ........................ {number * 3}")
    document.add_page_break()
    for article, title in enumerate(titles, 1):
        document.add_heading(f"ARTICLE {article} – {title}", level=1)
        for sub in range(1, rng.randint(2, 4) + 1):
            document.add_heading(f"{article}.{sub} {rng.choice(HEADING_TOPICS)}", level=2)
            for _ in range(rng.randint(2, 5)):
                body = document.add_paragraph(paragraph(rng))
                body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if rng.random() < 0.5:
                lead = rng.choice(LEAD_INS).format(
                    party=rng.choice(PARTIES), period=rng.choice(PERIODS)
                )
                document.add_paragraph(lead[0].upper() + lead[1:])
                style = "List Bullet" if rng.random() < 0.6 else "List Number"
                for _ in range(rng.randint(3, 6)):
                    item = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PERIODS)};"
                    document.add_paragraph(item, style=style)
        if article % 4 == 0:
            _table(document, rng)
    document.save(str(path))


def _table(document: Any, rng: random.Random) -> None:
    table = document.add_table(rows=6, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if r == 0:
                cell.text = ["Indicator", "Target", "Deduction"][c]
            elif c == 0:
                cell.text = f"{rng.choice(OBJECTS).capitalize()} availability"
            elif c == 1:
                cell.text = f"{rng.choice([95, 98, 99, 99.5, 99.9])}% per month"
            else:
                cell.text = f"{rng.randint(1, 5)}% of the monthly payment per point below target"


def to_pdf(docx_path: Path) -> Path | None:
    """Lay the DOCX out as PDF with LibreOffice; None when LibreOffice is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as profile:  # a private profile: parallel runs are safe
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(docx_path.parent),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=1800,
        )
    pdf = docx_path.with_suffix(".pdf")
    return pdf if pdf.exists() else None


def ensure(pages: int, out: Path = BENCH_DIR) -> tuple[Path, Path | None]:
    """The DOCX (and PDF when LibreOffice is present) of a tender of about `pages` pages."""
    out.mkdir(parents=True, exist_ok=True)
    docx_path = out / f"audit-{pages}.docx"
    if not docx_path.exists():
        build_docx(docx_path, max(2, round(pages * ARTICLES_PER_PAGE)))
    pdf = docx_path.with_suffix(".pdf")
    if not pdf.exists():
        return docx_path, to_pdf(docx_path)
    return docx_path, pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--pages", type=int, action="append", help="about this many pages")
    parser.add_argument("--out", type=Path, default=BENCH_DIR)
    args = parser.parse_args()
    for pages in args.pages or [10, 100, 500]:
        docx_path, pdf = ensure(pages, args.out)
        print(docx_path, pdf or "(no LibreOffice: no PDF)")


if __name__ == "__main__":
    main()
