#!/usr/bin/env python3
"""Coverage-guided fuzzing of pppcheck's document parsers with atheris (libFuzzer).

Usage (from the repository root, in the virtualenv, after ``pip install atheris``)::

    python fuzz/fuzz_parsers.py --minutes 12            # every format, time split between them
    python fuzz/fuzz_parsers.py --minutes 2 --formats pdf docx

For each format (docx, odt, pdf, html, markdown, text) the script writes a seed corpus (the
documents of tests/hostile/build.py, hand-written samples and the small files of the real corpus
when ../shared/corpus is there) and runs `--jobs` libFuzzer worker processes sharing one corpus.
Every input runs in a worker under a per-input time limit (``-timeout``: a *hang*) and a memory
limit (``-rss_limit_mb``: a *memory overrun*); a worker that crashes, hangs or overruns saves the
input under fuzz/findings/ and is restarted from the corpus, until the time budget is spent.
Python code of pppcheck and markdown-it is instrumented for coverage, so mutations that reach
new code are kept.

What counts as a *crash*: any exception other than a `PppcheckError` leaving `parse_bytes`, and
also a `PppcheckError` that only wraps a library's exception ("cannot read the document (…)"):
every problem a file can have must be named. Inputs that crash, hang or overrun are saved under
fuzz/findings/ (reproduce with ``python fuzz/fuzz_parsers.py --replay FILE``).

Zip formats (DOCX, ODT) get a structure-aware mutator: most mutations change the bytes of one
member and re-zip the package, so that the XML readers are fuzzed, not only the zip checksum.

The figures (inputs tried, per format, crashes, hangs, memory overruns) are printed as a Markdown
table and appended to fuzz/results.json (date, command, rows); fuzz/RESULTS.md records the runs.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.hostile.build (seeds)

FORMATS: dict[str, tuple[str, float]] = {
    # format: (file name the input is parsed as, share of the time budget)
    "docx": ("tender.docx", 0.22),
    "pdf": ("tender.pdf", 0.22),
    "odt": ("tender.odt", 0.12),
    "html": ("tender.html", 0.14),
    "markdown": ("tender.md", 0.15),
    "text": ("tender.txt", 0.15),
}
_SUFFIXES = {
    "docx": (".docx",),
    "pdf": (".pdf",),
    "odt": (".odt",),
    "html": (".html", ".htm"),
    "markdown": (".md",),
    "text": (".txt",),
}
MAX_SEED_BYTES = 300_000
"""Seeds larger than this are left out (parsing speed; libFuzzer's -max_len is 400 kB)."""
TIMEOUT_SECONDS = 10
"""Per input: a parse slower than this is a hang (seed documents parse in well under 1 s)."""
RSS_LIMIT_MB = 1024
"""Per process: more resident memory than this is a memory overrun."""
GENERIC = "cannot read the document ("
WORK = REPO / "fuzz" / "work"
FINDINGS = REPO / "fuzz" / "findings"

# ----------------------------------------------------------------------------- seeds


def _samples() -> dict[str, list[bytes]]:
    from tests.hostile import build as b

    text = b.GOOD_TEXT
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Tender</title></head><body>"
        f"<header>City</header><h1>1. Object</h1><p>{text}</p><ol><li>one<ul><li>two</li></ul>"
        "</li></ol><table><tr><th colspan=2>a</th></tr><tr><td>1</td><td>2</td></tr></table>"
        "<nav>x</nav><footer>Page 1</footer></body></html>"
    ).encode()
    markdown = (
        f"---\ntitle: Tender\n---\n# 1. Object\n\n**ARTICLE 2 – DURÉE**\n\n{text}\n\n- one\n"
        "  - two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n\n```\ncode\n```\n\n"
        "## Page 2\n\n<div>raw <b>html</b></div>\n\n1. first\n2. second\n"
    ).encode()
    plain = (
        f"1. OBJECT\n\n{text}\n\n- one\n- two\n\nContents ........ 3\n\f2. TERM\n\nThree years."
        "\n\n   12\n\fARTICLE 3 – DATA\n\nThe city owns the data.\n"
    ).encode()
    hostile = {name: case for name, case in b.CASES.items() if "bomb" not in name}
    by_format: dict[str, list[bytes]] = {
        "docx": [b.good_docx()],
        "odt": [b.good_odt()],
        "pdf": [b.good_pdf(), b.scanned_pdf(), b.pdf_with_empty_pages(), b.pdf_lying_count()],
        "html": [html],
        "markdown": [markdown],
        "text": [plain, plain.decode().encode("cp1252"), ("\ufeff" + text).encode("utf-16")],
    }
    for name, case in hostile.items():
        if name.startswith(("docx_", "doc_")) and name != "docx_many_members":
            by_format["docx"].append(case.build())
        elif name.startswith("odt_"):
            by_format["odt"].append(case.build())
        elif name.startswith("pdf_") and name not in ("pdf_too_many_pages", "pdf_reference_chain"):
            by_format["pdf"].append(case.build())
        elif name.startswith(("text_", "markdown_", "html_")):
            kind = name.split("_", 1)[0]
            by_format[kind].append(case.build())
    return by_format


def write_seeds(fmt: str, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("seed-*"):  # seeds of an earlier run (the corpus folder is kept)
        old.unlink()
    seeds = _samples()[fmt]
    corpus = Path(os.environ.get("PPPCHECK_CORPUS", REPO.parent / "shared" / "corpus"))
    if corpus.is_dir():
        for path in sorted(corpus.rglob("*")):
            if path.suffix.lower() in _SUFFIXES[fmt] and path.stat().st_size <= MAX_SEED_BYTES:
                seeds.append(path.read_bytes())
    seeds = [data for data in seeds if len(data) <= MAX_SEED_BYTES]
    for number, data in enumerate(seeds):
        (folder / f"seed-{number:03d}").write_bytes(data)
    return len(seeds)


def write_dictionary(fmt: str, path: Path) -> None:
    tokens = {
        "docx": ["<w:p>", "</w:p>", "<w:r>", "<w:t>", "<w:tbl>", "<w:tc>", "<w:sdt>",
                 "<w:numPr>", 'w:val="', "<w:pStyle", "<w:br w:type=\"page\"/>",
                 "<w:gridSpan", "<w:vMerge", "<!DOCTYPE", "<!ENTITY", "&amp;", "xmlns:w="],
        "odt": ["<text:p>", "<text:h", "text:outline-level=\"", "<text:list>",
                "<table:table-row", "table:number-columns-repeated=\"", "<text:note>",
                "<!DOCTYPE", "style:name=\""],
        "pdf": ["obj", "endobj", "stream", "endstream", "/Type", "/Page", "/Pages", "/Kids",
                "/Count", "/Contents", "/Length", "/Filter", "/FlateDecode", "/Encrypt", "xref",
                "trailer", "startxref", " 0 R", "BT", "ET", "Tj", "TJ", "Tf", "Tm", "[", "<<",
                ">>", "/Font", "/MediaBox", "/Resources", "99999999", "-1"],
        "html": ["<table>", "<tr>", "<td colspan=", "<ul>", "<li>", "<h1>", "<p>", "<br>",
                 "<script>", "<meta charset=", "<!--", "&nbsp;", "&#x", "<pre>", "<div>"],
        "markdown": ["# ", "## Page ", "| --- |", "|", "- ", "1. ", "> ", "```", "    ", "**",
                     "[x](#a)", "<div>", "---\n", "\n\n", "Table of contents"],
        "text": ["\f", "\n\n", "1. ", "ARTICLE ", "........ 3", "- ", "•", "\r\n", "\t",
                 "Page 2 of 9", "\x00", "\ufeff"],
    }[fmt]  # fmt: skip
    lines = ['"' + "".join(_escape(byte) for byte in token.encode()) + '"' for token in tokens]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def _escape(byte: int) -> str:
    """libFuzzer dictionary syntax: printable ASCII as is, the rest as \\xNN."""
    if 32 <= byte < 127 and byte not in (0x22, 0x5C):
        return chr(byte)
    return f"\\x{byte:02X}"


# ----------------------------------------------------------------------------- the target


def _zip_members(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > 200:
                return None
            return [(info.filename, archive.read(info.filename)) for info in infos]
    except Exception:
        return None


def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, body, compress_type=method)
    return out.getvalue()


def zip_mutator(mutate: Callable[[bytes, int], bytes]) -> Callable[[bytes, int, int], bytes]:
    """Mutate one member of a zip package and re-zip it (1 time in 5: the raw bytes)."""

    def mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        members = _zip_members(data) if rng.random() < 0.8 else None
        if not members:
            return mutate(data, max_size)
        xml = [i for i, (name, _) in enumerate(members) if name.endswith((".xml", ".rels"))]
        index = rng.choice(xml or range(len(members)))
        name, body = members[index]
        members[index] = (name, mutate(body, max(len(body) * 2, 256)))
        if rng.random() < 0.05:  # drop or duplicate a member
            if rng.random() < 0.5 and len(members) > 1:
                del members[rng.randrange(len(members))]
            else:
                members.append(members[rng.randrange(len(members))])
        out = _rezip(members)
        return out if len(out) <= max_size else mutate(data, max_size)

    return mutator


def run_target(fmt: str, args: list[str]) -> None:
    """In the fuzzing process: instrument, then hand the loop to libFuzzer."""
    import warnings

    import atheris

    warnings.filterwarnings("ignore")  # zipfile's "Duplicate name" on mutated packages
    with atheris.instrument_imports(include=["pppcheck", "markdown_it"]):
        from pppcheck.errors import PppcheckError
        from pppcheck.ingest import docx as docx_module  # noqa: F401
        from pppcheck.ingest import html, markdown, odt, parse_bytes, pdf, text  # noqa: F401
        from pppcheck.limits import Limits

    name = FORMATS[fmt][0]
    limits = Limits(max_pages=200, max_chars=2_000_000, timeout_seconds=TIMEOUT_SECONDS)

    class UnnamedProblem(Exception):
        """A library's exception reached the user only wrapped in a generic message."""

    def test_one_input(data: bytes) -> None:
        try:
            parse_bytes(data, name, limits)
        except PppcheckError as exc:
            if exc.message.startswith(GENERIC):
                raise UnnamedProblem(exc.message) from exc

    kwargs = {}
    if fmt in ("docx", "odt"):
        # looked up at each call: atheris binds Mutate to libFuzzer only once Fuzz() runs
        kwargs["custom_mutator"] = zip_mutator(lambda data, size: atheris.Mutate(data, size))
    atheris.Setup([sys.argv[0], *args], test_one_input, **kwargs)
    atheris.Fuzz()


def replay(path: Path, fmt: str) -> None:
    from pppcheck.errors import PppcheckError
    from pppcheck.ingest import parse_bytes

    started = time.perf_counter()
    try:
        document = parse_bytes(path.read_bytes(), FORMATS[fmt][0])
        print(f"parsed: {len(document.blocks)} blocks, status {document.text_status.value}")
    except PppcheckError as exc:
        print(f"{type(exc).__name__}: {exc}\nhint: {exc.hint}")
    print(f"{time.perf_counter() - started:.2f} s")


# ----------------------------------------------------------------------------- orchestration


def _one_worker(
    slot: int, deadline: float, command: list[str], env: dict[str, str], log: Path
) -> dict[str, int]:
    """Run libFuzzer again and again until the deadline: a crash, hang or memory overrun ends
    a run (its input is saved under fuzz/findings/), the next run goes on from the corpus."""
    counts = {"inputs": 0, "coverage": 0, "crashes": 0, "hangs": 0, "memory_overruns": 0}
    run = 0
    while (left := int(deadline - time.monotonic())) > 5:
        run += 1
        args = [*command[:1], f"-max_total_time={left}", f"-seed={slot * 1000 + run}"]
        with log.open("a", encoding="utf-8") as out:
            out.write(f"\n===== worker {slot} run {run}: {left} s left\n")
            out.flush()
            started = log.stat().st_size
            try:
                subprocess.run(
                    [*args, *command[1:]], env=env, stdout=out, stderr=subprocess.STDOUT,
                    check=False, timeout=left + 300,
                )  # fmt: skip
            except subprocess.TimeoutExpired:  # libFuzzer itself stuck: count it, go on
                counts["hangs"] += 1
        with log.open("rb") as handle:
            handle.seek(started)
            text = handle.read().decode("utf-8", "replace")
        if "ParseDictionaryFile: error" in text or ("#" not in text and "ERROR:" not in text):
            raise RuntimeError(f"libFuzzer did not start, see {log}")
        executed = re.findall(r"stat::number_of_executed_units: (\d+)", text)
        status = re.findall(r"^#(\d+)\s.*?cov: (\d+)", text, re.M)
        counts["inputs"] += int(executed[-1]) if executed else int(status[-1][0]) if status else 0
        if status:
            counts["coverage"] = max(counts["coverage"], int(status[-1][1]))
        if "ERROR: libFuzzer: timeout" in text:
            counts["hangs"] += 1
        elif "ERROR: libFuzzer: out-of-memory" in text:
            counts["memory_overruns"] += 1
        elif "Uncaught Python exception" in text or "ERROR: libFuzzer: deadly signal" in text:
            counts["crashes"] += 1
    return counts


def fuzz_format(fmt: str, seconds: int, jobs: int, max_len: int = 400_000) -> dict[str, int | str]:
    """Fuzz one format for `seconds` with `jobs` libFuzzer processes sharing one corpus."""
    folder = WORK / fmt
    seeds, corpus = folder / "seeds", folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    count = write_seeds(fmt, seeds)
    dictionary = folder / "tokens.dict"
    write_dictionary(fmt, dictionary)
    findings = FINDINGS / fmt
    findings.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(__file__).resolve()),
        f"-timeout={TIMEOUT_SECONDS}",
        f"-rss_limit_mb={RSS_LIMIT_MB}",
        f"-max_len={max_len}",
        f"-dict={dictionary}",
        f"-artifact_prefix={findings}/",
        "-print_final_stats=1",
        "-reload=1",
        str(corpus),
        str(seeds),
    ]
    env = {
        **os.environ,
        "PPPCHECK_FUZZ_FORMAT": fmt,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    started = time.monotonic()
    wall_start = time.time()
    deadline = started + seconds
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(_one_worker, slot, deadline, command, env, folder / f"worker-{slot}.log")
            for slot in range(jobs)
        ]
        parts = [future.result() for future in futures]
    return {
        "format": fmt,
        "seconds": round(time.monotonic() - started),
        "seeds": count,
        "inputs": sum(p["inputs"] for p in parts),
        "coverage": max(p["coverage"] for p in parts),
        "corpus": len(list(corpus.iterdir())),
        "crashes": sum(p["crashes"] for p in parts),
        "hangs": sum(p["hangs"] for p in parts),
        "memory_overruns": sum(p["memory_overruns"] for p in parts),
        # inputs saved by this run: crash-, timeout- and oom- files are findings; slow-unit-
        # files (libFuzzer notes an input slower than 10 s that did not time out) are not
        "findings": sum(
            1
            for f in findings.iterdir()
            if f.stat().st_mtime >= wall_start and not f.name.startswith("slow-unit-")
        ),
        "slow_units": sum(
            1
            for f in findings.iterdir()
            if f.stat().st_mtime >= wall_start and f.name.startswith("slow-unit-")
        ),
    }


def table(rows: list[dict[str, int | str]]) -> str:
    head = "| format | minutes | seeds | inputs tried | coverage | crashes | hangs | memory |"
    lines = [head, "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        lines.append(
            f"| {row['format']} | {int(row['seconds']) / 60:.1f} | {row['seeds']} | "
            f"{int(row['inputs']):,} | {row['coverage']} | {row['crashes']} | {row['hangs']} | "
            f"{row['memory_overruns']} |"
        )
    total = sum(int(r["inputs"]) for r in rows)
    minutes = sum(int(r["seconds"]) for r in rows) / 60
    crashes = sum(int(r["crashes"]) for r in rows)
    hangs = sum(int(r["hangs"]) for r in rows)
    ooms = sum(int(r["memory_overruns"]) for r in rows)
    lines.append(
        f"| **total** | {minutes:.1f} | | **{total:,}** | | {crashes} | {hangs} | {ooms} |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    fmt = os.environ.get("PPPCHECK_FUZZ_FORMAT")
    if fmt:  # a libFuzzer worker process
        run_target(fmt, sys.argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=12, help="total time budget")
    parser.add_argument("--formats", nargs="*", default=list(FORMATS), choices=list(FORMATS))
    parser.add_argument("--jobs", type=int, default=max(1, len(os.sched_getaffinity(0))))
    parser.add_argument(
        "--max-len",
        type=int,
        default=400_000,
        help="largest input in bytes (smaller: many more, simpler inputs per second)",
    )
    parser.add_argument("--replay", type=Path, help="parse one saved input and show the outcome")
    parser.add_argument("--as", dest="as_format", default="docx", choices=list(FORMATS))
    options = parser.parse_args()
    if options.replay:
        replay(options.replay, options.as_format)
        return
    shares = sum(FORMATS[f][1] for f in options.formats)
    rows = []
    for name in options.formats:
        seconds = max(10, int(options.minutes * 60 * FORMATS[name][1] / shares))
        print(f"fuzzing {name} for {seconds} s with {options.jobs} job(s)...", flush=True)
        row = fuzz_format(name, seconds, options.jobs, options.max_len)
        print(f"  {row}", flush=True)
        rows.append(row)
    results = REPO / "fuzz" / "results.json"  # every run, appended
    runs = json.loads(results.read_text(encoding="utf-8")) if results.exists() else []
    runs.append(
        {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "command": " ".join(["python fuzz/fuzz_parsers.py", *sys.argv[1:]]),
            "rows": rows,
        }
    )
    results.write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
