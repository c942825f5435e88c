"""Benchmark: what does `parse_pdf` cost over bare text extraction on a long tender?

Run from the repository root (LibreOffice is needed only to build the PDF, once):

    .venv/bin/python benchmarks/bench_pdf_extract.py           # builds a 500-page tender in /tmp
    .venv/bin/python benchmarks/bench_pdf_extract.py FILE.pdf  # or measures any PDF

In one run, alternating the contenders round after round (so that a noisy neighbour or a CPU
frequency change hits all of them alike), it times:

* ``pdftotext FILE -`` (poppler, C; the floor, if installed), in a subprocess;
* a bare pypdfium2 loop: ``get_textpage().get_text_range()`` on every page, closing as it goes
  (what `parse_pdf` cannot go below, since it does exactly that and more);
* `parse_pdf`, the whole parser;
* `parse_pdf` with the ruled-table pass switched off (``table_page_cap=0``), to separate the
  cost of reading text from the cost of the tables;
* pdfplumber ``extract_text`` on the first 20 pages, extrapolated to the whole file.

Both CPU time (of this process, or of the pdftotext child) and wall time are recorded: on a
shared machine CPU time is the steadier figure. Medians are printed, with ratios against
pdftotext and against the bare pypdfium2 loop.
"""

from __future__ import annotations

import argparse
import datetime
import io
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tender_gen import add_page_field, to_pdf  # benchmarks/ is on sys.path when run as a script

BENCH_DIR = Path(tempfile.gettempdir()) / "pppcheck-bench"
PLUMBER_PAGES = 20

_WORDS = (
    "le titulaire assure la maintenance évolutive et corrective de la plateforme de données "
    "urbaines dans le respect des exigences de sécurité du pouvoir adjudicateur les données "
    "produites par les capteurs restent la propriété de la collectivité et sont restituées dans "
    "un format ouvert documenté à la fin du contrat sans frais supplémentaires le prestataire "
    "garantit la réversibilité du service ainsi que la portabilité des données vers tout autre "
    "opérateur désigné par la ville les interfaces de programmation sont publiées sous licence "
    "libre et leur documentation est tenue à jour pendant toute la durée du marché"
).split(" ")


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(12, 30))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))


def build_tender_docx(
    path: Path, articles: int, table_every: int = 4, table_rows: int = 6, seed: int = 7
) -> None:
    """Write a long, tender-like DOCX: numbered articles, lists, ruled tables, header, footer."""
    import docx

    rng = random.Random(seed)
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CCTP – Plateforme de données urbaines – Ville d’Exemple"
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    add_page_field(footer)
    document.add_heading("Cahier des clauses techniques particulières", level=0)
    document.add_paragraph("Sommaire")
    for number in range(1, 31):
        document.add_paragraph(f"Article {number} – Dispositions techniques ........ {number + 2}")
    document.add_page_break()
    for article in range(1, articles + 1):
        document.add_heading(f"ARTICLE {article} – Dispositions techniques {article}", level=1)
        for sub in range(1, rng.randint(2, 4) + 1):
            document.add_heading(f"{article}.{sub} Exigences de service {sub}", level=2)
            for _ in range(rng.randint(3, 7)):
                document.add_paragraph(_paragraph(rng))
            for _ in range(rng.randint(0, 4)):
                document.add_paragraph(_sentence(rng), style="List Bullet")
        if article % table_every == 0:
            table = document.add_table(rows=table_rows, cols=3)
            table.style = "Table Grid"
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    cell.text = f"Indicateur {r}.{c}" if r else f"Colonne {c + 1}"
    document.save(str(path))


def build_tender_pdf(
    out_dir: Path, articles: int, table_every: int = 4, table_rows: int = 6
) -> Path:
    """Build (once) the benchmark PDF from a generated DOCX through LibreOffice."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = (
        f"tender-{articles}"
        if (table_every, table_rows) == (4, 6)
        else (f"tender-{articles}-t{table_every}x{table_rows}")
    )
    pdf = out_dir / f"{name}.pdf"
    if pdf.exists():
        return pdf
    source = out_dir / f"{name}.docx"
    build_tender_docx(source, articles, table_every, table_rows)
    built = to_pdf(source)
    if built is None:
        sys.exit("LibreOffice (soffice) is needed to build the benchmark PDF; or pass a PDF path")
    return built


def _bare_pdfium(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    total = 0
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return total


def _parse(data: bytes, table_page_cap: int | None = None) -> int:
    from pppcheck.ingest.pdf import extract_pdf, parse_pdf
    from pppcheck.limits import DEFAULT_LIMITS

    if table_page_cap is None:
        return len(parse_pdf(data, DEFAULT_LIMITS).blocks)
    return len(extract_pdf(data, DEFAULT_LIMITS, table_page_cap=table_page_cap).blocks)


def _plumber(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data), pages=list(range(1, PLUMBER_PAGES + 1))) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def _pdftotext(path: Path) -> int:
    done = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    return len(done.stdout)


def _measure(func: Callable[[], object], child: bool) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call; CPU of the child process for subprocesses."""
    who = resource.RUSAGE_CHILDREN if child else resource.RUSAGE_SELF
    before = resource.getrusage(who)
    start = time.perf_counter()
    func()
    wall = time.perf_counter() - start
    after = resource.getrusage(who)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("pdf", nargs="?", type=Path, help="PDF to measure (default: build one)")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--articles", type=int, default=145, help="size of the generated tender")
    parser.add_argument("--table-every", type=int, default=4, help="a table every N articles")
    parser.add_argument("--table-rows", type=int, default=6, help="rows of each generated table")
    args = parser.parse_args()
    path: Path = args.pdf or build_tender_pdf(
        BENCH_DIR, args.articles, args.table_every, args.table_rows
    )
    data = path.read_bytes()
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(data))
    scale = pages / min(PLUMBER_PAGES, pages)
    contenders: dict[str, tuple[Callable[[], object], bool, float]] = {}
    if shutil.which("pdftotext"):
        contenders["pdftotext"] = (lambda: _pdftotext(path), True, 1.0)
    contenders["pypdfium2 bare"] = (lambda: _bare_pdfium(data), False, 1.0)
    contenders["parse_pdf"] = (lambda: _parse(data), False, 1.0)
    contenders["parse_pdf, no tables"] = (lambda: _parse(data, 0), False, 1.0)
    contenders[f"pdfplumber (x{scale:.0f})"] = (lambda: _plumber(data), False, scale)
    for func, _, _ in contenders.values():  # warm-up: imports, caches
        func()
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    wall: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.rounds):
        for name, (func, child, factor) in contenders.items():
            spent_cpu, spent_wall = _measure(func, child)
            cpu[name].append(spent_cpu * factor)
            wall[name].append(spent_wall * factor)
    _report(path, pages, len(data), args.rounds, cpu, wall)


def _report(
    path: Path,
    pages: int,
    size: int,
    rounds: int,
    cpu: dict[str, list[float]],
    wall: dict[str, list[float]],
) -> None:
    today = datetime.date.today().isoformat()
    print(f"{path}: {pages} pages, {size / 1e6:.1f} MB; {rounds} rounds, medians; {today}")
    print(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    header = f"{'contender':<24}{'CPU ms/page':>12}{'wall ms/page':>13}{'x pdftotext':>12}"
    print(header + f"{'x bare':>8}")
    cpu_median = {name: statistics.median(values) for name, values in cpu.items()}
    wall_median = {name: statistics.median(values) for name, values in wall.items()}
    floor = cpu_median.get("pdftotext")
    bare = cpu_median["pypdfium2 bare"]
    for name in cpu:
        per_page_cpu = cpu_median[name] / pages * 1000
        per_page_wall = wall_median[name] / pages * 1000
        vs_floor = f"{cpu_median[name] / floor:.2f}" if floor else "-"
        vs_bare = f"{cpu_median[name] / bare:.2f}"
        print(f"{name:<24}{per_page_cpu:>12.2f}{per_page_wall:>13.2f}{vs_floor:>12}{vs_bare:>8}")


if __name__ == "__main__":
    main()
