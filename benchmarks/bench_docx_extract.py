"""Benchmark: what does `parse_docx` cost over the floor, and over python-docx, on a long tender?

Run from the repository root:

    .venv/bin/python benchmarks/bench_docx_extract.py             # builds /tmp/pppcheck-bench/
    .venv/bin/python benchmarks/bench_docx_extract.py FILE.docx   # or measure any DOCX
    .venv/bin/python benchmarks/bench_docx_extract.py --pages     # also count pages (LibreOffice)

The generated tender (~500 pages once laid out) has numbered chapters and clauses in heading
styles, body paragraphs made of several formatted runs (as Word writes them), auto-numbered and
bulleted lists, a ruled table every few clauses, a header and a footer. In one run, alternating
the contenders round after round (so that a noisy neighbour or a CPU frequency change hits all
of them alike), it times:

* floor: ``zipfile`` read of word/document.xml plus an lxml ``iterparse`` collecting ``w:t``
  text, which is what any DOCX text extraction must at least do;
* ``parse_docx``: our parser, from the file's bytes (zip, styles, numbering, notes, headers,
  body walk with headings, labels, tables and pages);
* ``parse_bytes``: the whole ingestion of a DOCX (``parse_docx`` + assembly + language);
* python-docx: ``Document(path)`` then ``"\\n".join(p.text for p in doc.paragraphs)`` (which
  does not even read the tables).

It prints the medians and their ratios against the floor.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from tender_gen import to_pdf  # benchmarks/ is on sys.path when run as a script

BENCH_DIR = Path(tempfile.gettempdir()) / "pppcheck-bench"
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"

_TEXT = (
    "the operator shall keep all data collected by the sensors of the city in a documented open "
    "format and shall hand it back at the end of the concession without additional cost the "
    "platform exposes public interfaces under an open licence and the contracting authority "
    "may audit the security of the service at any time the concessionaire guarantees the "
    "reversibility of the service and the portability of data to any operator chosen by the city"
)
_WORDS = _TEXT.split()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(_WORDS, k=rng.randint(12, 28))).capitalize() + "."


def _add_paragraph(document: object, rng: random.Random, style: str | None = None) -> None:
    """A paragraph the way Word writes one: several runs (one per sentence here), each with
    its own run properties (font, size, language), some of them bold or italic. Word splits runs
    at every edit session (rsid), so real tenders have several runs per paragraph."""
    from docx.shared import Pt

    paragraph = document.add_paragraph(style=style)  # type: ignore[attr-defined]
    for index in range(rng.randint(3, 6) if style is None else 1):
        run = paragraph.add_run(_sentence(rng) + " ")
        run.font.name = "Calibri"
        run.font.size = Pt(11)
        run.bold = index == 0 and rng.random() < 0.2
        run.italic = rng.random() < 0.1


def build_tender(path: Path, chapters: int = 40, seed: int = 11) -> None:
    """Write a long tender-like DOCX with python-docx (deterministic for a given seed)."""
    import docx

    rng = random.Random(seed)
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Smart lighting PPP – Specifications – City of Example"
    section.footer.paragraphs[0].text = "Confidential – tender documents"
    document.add_paragraph("Smart lighting public-private partnership", style="Title")
    for chapter in range(1, chapters + 1):
        document.add_heading(f"{chapter}. Chapter {chapter} – Obligations of the partner", 1)
        for clause in range(1, 9):
            document.add_heading(f"{chapter}.{clause} Clause {clause} – Service requirements", 2)
            for _ in range(rng.randint(4, 7)):
                _add_paragraph(document, rng)
            for _ in range(rng.randint(2, 4)):
                _add_paragraph(document, rng, "List Number")
            for _ in range(rng.randint(0, 3)):
                _add_paragraph(document, rng, "List Bullet")
            if clause % 3 == 0:
                _table(document, rng)
        document.add_page_break()
    document.save(str(path))


def _table(document: object, rng: random.Random) -> None:
    table = document.add_table(rows=6, cols=4)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"Indicator {c + 1}" if r == 0 else " ".join(rng.choices(_WORDS, k=4))


def ensure_tender(chapters: int) -> Path:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"tender-{chapters}.docx"
    if not path.exists():
        build_tender(path, chapters)
    return path


def count_pages(path: Path) -> int | None:
    """Pages of the document laid out by LibreOffice (PDF export), or None without it."""
    pdf = to_pdf(path)
    if pdf is None:
        return None
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(pdf.read_bytes()))


def floor(data: bytes) -> int:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    total = 0
    for _, element in etree.iterparse(io.BytesIO(xml), tag=W_T):
        total += len(element.text or "")
        element.clear()
    return total


def ours(data: bytes) -> int:
    from pppcheck.ingest.docx import parse_docx
    from pppcheck.limits import DEFAULT_LIMITS

    return len(parse_docx(data, DEFAULT_LIMITS).blocks)


def full(data: bytes) -> int:
    from pppcheck.ingest import parse_bytes

    return len(parse_bytes(data, "tender.docx").blocks)


def python_docx(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    return len("\n".join(p.text for p in document.paragraphs))


def _time(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("docx", nargs="?", type=Path, help="DOCX to measure (default: build one)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--chapters", type=int, default=40, help="size of the generated tender")
    parser.add_argument("--pages", action="store_true", help="count pages with LibreOffice")
    args = parser.parse_args()
    path: Path = args.docx or ensure_tender(args.chapters)
    data = path.read_bytes()
    contenders: dict[str, Callable[[], object]] = {
        "floor (zip+iterparse)": lambda: floor(data),
        "parse_docx": lambda: ours(data),
        "parse_bytes (full)": lambda: full(data),
        "python-docx paragraphs": lambda: python_docx(path),
    }
    for func in contenders.values():  # warm-up: imports, caches
        func()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.rounds):
        for name, func in contenders.items():
            times[name].append(_time(func))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["floor (zip+iterparse)"]
    pages = count_pages(path) if args.pages else None
    with zipfile.ZipFile(path) as archive:
        xml_size = archive.getinfo("word/document.xml").file_size
    shown = f"{pages} pages, " if pages else ""
    print(
        f"{path} — {shown}{len(data) / 1e6:.1f} MB docx, document.xml {xml_size / 1e6:.1f} MB, "
        f"{ours(data)} raw blocks, {args.rounds} rounds, python {sys.version.split()[0]}"
    )
    print(f"{'contender':<26}{'median s':>10}{'x floor':>10}")
    for name, median in medians.items():
        print(f"{name:<26}{median:>10.3f}{median / base:>10.1f}")


if __name__ == "__main__":
    main()
