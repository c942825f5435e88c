"""Broken and hostile inputs through the real command line (issue 6).

Every case of `build.py` runs as ``python -m pppcheck audit <case>`` in a subprocess and must end
with exit 2 and exactly two lines on stderr, ``error: <path>: <message>`` and ``hint: …`` (or be
audited normally, for files that are odd but readable), never a traceback; the process must
finish (the subprocess timeout is generous: it catches a hang, not a slow run); and no input
file may change. A batch of every case plus two good documents audits the good ones and lists
every failure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree, html

from tests.cli_process import run_pppcheck
from tests.hostile.build import (
    CASES,
    GOOD,
    GOOD_TEXT,
    PACK_CASES,
    docx_many_paragraphs,
    pdf_with_empty_pages,
    write_all,
    write_good_pack,
    write_pack,
)

FINISH_WITHIN = 300
"""Seconds a subprocess may take before the test calls it a hang (normal runs take seconds)."""
PER_DOCUMENT = "60"
"""--timeout given to pppcheck: the limit must stop anything slower, well before FINISH_WITHIN."""


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def pppcheck(*args: str, cwd: Path | None = None) -> Run:
    done = run_pppcheck(*args, cwd=cwd, columns=200, timeout=FINISH_WITHIN)
    return Run(done.returncode, done.stdout, done.stderr)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_error(run: Run, where: str, message: str) -> None:
    """Exit 2; stderr is exactly ``error: <where>: <message>`` then ``hint: …``."""
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 2, (run.returncode, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 2, run.stderr
    prefix = f"error: {where}: "
    assert lines[0].startswith(prefix), (prefix, lines[0])
    assert re.search(message, lines[0][len(prefix) :], re.IGNORECASE), (message, lines[0])
    assert lines[1].startswith("hint: ") and len(lines[1]) > len("hint: ") + 10, lines[1]


# ------------------------------------------------------------------------- one file each


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_all(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hashes(written: dict[str, Path]) -> dict[str, str]:
    return {name: sha256(path) for name, path in written.items()}


@pytest.fixture(scope="module")
def single_runs(written: dict[str, Path], hashes: dict[str, str]) -> dict[str, Run]:
    """Every case audited on its own, four subprocesses at a time."""

    def one(name: str) -> tuple[str, Run]:
        path = written[name]
        return name, pppcheck(
            "audit", path.name, "-r", "starter", "--jobs", "1", "--timeout", PER_DOCUMENT,
            cwd=path.parent,
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, [*CASES, *GOOD]))


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_file_ends_in_one_clear_error_or_a_normal_audit(
    name: str, single_runs: dict[str, Run], written: dict[str, Path]
) -> None:
    case = CASES[name]
    run = single_runs[name]
    if case.error is not None:
        assert_one_error(run, written[name].name, case.error)
    else:
        assert "Traceback" not in run.stderr + run.stdout
        assert run.returncode in (0, 1), (run.returncode, run.stderr)
        assert "error:" not in run.stderr, run.stderr


@pytest.mark.parametrize("name", list(GOOD))
def test_names_with_spaces_and_accents_are_audited(name: str, single_runs: dict[str, Run]) -> None:
    run = single_runs[name]
    assert run.returncode in (0, 1) and not run.stderr, run.stderr


def test_inputs_are_never_modified(
    single_runs: dict[str, Run], written: dict[str, Path], hashes: dict[str, str]
) -> None:
    assert single_runs  # every case has been audited
    assert {name: sha256(path) for name, path in written.items()} == hashes


def test_xxe_never_reads_the_file_it_names(single_runs: dict[str, Run]) -> None:
    for name in ("docx_xxe", "docx_xxe_late_doctype"):
        assert "root:" not in single_runs[name].stdout + single_runs[name].stderr


def test_scanned_pdf_is_a_status_not_a_score(written: dict[str, Path]) -> None:
    run = pppcheck("audit", str(written["pdf_scanned"]), "-r", "starter", "-f", "json")
    assert_one_error(run, str(written["pdf_scanned"]), r"no extractable text.*OCR needed")
    (report,) = json.loads(run.stdout)["reports"]
    assert report["status"] == "no_text"
    assert report["score"]["overall"] is None and report["results"] == []
    assert "OCR needed" in report["message"]
    run = pppcheck("audit", str(written["pdf_scanned"]), "-r", "starter", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(run.stdout)))
    assert row["status"] == "no_text" and row["score"] == "" and row["rule_id"] == ""
    assert "OCR needed" in row["reason"]


def test_empty_pages_inside_a_text_pdf_are_listed(written: dict[str, Path]) -> None:
    run = pppcheck("audit", str(written["pdf_empty_pages_inside"]), "-r", "starter", "-f", "json")
    assert run.returncode in (0, 1), run.stderr
    (report,) = json.loads(run.stdout)["reports"]
    assert report["status"] == "audited" and report["score"]["overall"] is not None
    assert report["documents"][0]["empty_pages"] == [2, 4]


def test_extensions_that_lie_are_read_by_content(written: dict[str, Path]) -> None:
    expected = {"pdf_named_docx": "pdf", "docx_named_pdf": "docx", "odt_named_docx": "odt"}
    for name, fmt in expected.items():
        run = pppcheck("audit", str(written[name]), "-r", "starter", "-f", "json")
        assert run.returncode in (0, 1), run.stderr
        (report,) = json.loads(run.stdout)["reports"]
        assert report["documents"][0]["format"] == fmt


# ------------------------------------------------------------------------- paths


@pytest.fixture
def good_md(tmp_path: Path) -> Path:
    path = tmp_path / "good.md"
    path.write_text(f"# Notice\n\n{GOOD_TEXT}\n", encoding="utf-8")
    return path


def test_missing_file(tmp_path: Path) -> None:
    run = pppcheck("audit", "no such tender.pdf", "-r", "starter", cwd=tmp_path)
    assert_one_error(run, "no such tender.pdf", r"^no such file$")


def test_glob_that_matches_nothing(tmp_path: Path) -> None:
    run = pppcheck("audit", "tenders/*.pdf", "-r", "starter", cwd=tmp_path)
    assert_one_error(run, "tenders/*.pdf", r"no file matches this pattern")


def test_folder_without_documents(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = pppcheck("audit", "empty", "-r", "starter", cwd=tmp_path)
    assert_one_error(run, "empty", r"no document in this folder")


def test_symlink_loop_and_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "loop.docx").symlink_to("loop.docx")
    (tmp_path / "gone.pdf").symlink_to("missing.pdf")
    assert_one_error(
        pppcheck("audit", "loop.docx", "-r", "starter", cwd=tmp_path),
        "loop.docx",
        r"symbolic link loop",
    )
    assert_one_error(
        pppcheck("audit", "gone.pdf", "-r", "starter", cwd=tmp_path),
        "gone.pdf",
        r"symbolic link points to a file that does not exist",
    )


def test_folder_symlink_loop_is_walked_once(tmp_path: Path, good_md: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    run = pppcheck("audit", ".", "-r", "starter", "-f", "json", cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert [r["documents"][0]["path"] for r in json.loads(run.stdout)["reports"]] == ["./good.md"]


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A name in Latin-1 on a UTF-8 system: audited, and every report is valid UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9 tender.md", "wb") as handle:
        handle.write(f"# Notice\n\n{GOOD_TEXT}\n".encode())
    reports = [f"--report={fmt}={tmp_path / f'out.{fmt}'}" for fmt in
               ("json", "sarif", "junit", "html", "markdown", "csv")]  # fmt: skip
    for extra in (reports, ["-f", "jsonl", "-o", str(tmp_path / "out.jsonl")], []):
        run = pppcheck("audit", "in", "-r", "starter", *extra, cwd=tmp_path)
        assert run.returncode in (0, 1) and not run.stderr, run.stderr
    for path in tmp_path.glob("out.*"):
        path.read_text(encoding="utf-8")  # strict: no lone surrogate, no raw Latin-1 byte
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    uris = {a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]}
    assert uris == {"in/caf%E9%20tender.md"}


def test_named_pipe_is_refused_not_waited_on(tmp_path: Path, good_md: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert_one_error(
        pppcheck("audit", "pipe.txt", "-r", "starter", cwd=tmp_path),
        "pipe.txt",
        r"not a regular file",
    )
    run = pppcheck("audit", ".", "-r", "starter", "-q", cwd=tmp_path)  # in a folder: skipped
    assert run.returncode in (0, 1), run.stderr


def test_extract_diff_and_eval_use_the_same_limits(tmp_path: Path, good_md: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert_one_error(
        pppcheck("extract", "pipe.txt", cwd=tmp_path), "pipe.txt", r"not a regular file"
    )
    assert_one_error(
        pppcheck("diff", "good.md", "missing.docx", "-r", "starter", cwd=tmp_path),
        "missing.docx",
        r"^no such file$",
    )
    huge = tmp_path / "huge.json"  # a report diff would read in its own process: capped
    with huge.open("wb") as handle:
        handle.write(b'{"reports": [')
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    assert_one_error(
        pppcheck("diff", "huge.json", "good.md", "-r", "starter", cwd=tmp_path),
        "huge.json",
        r"over the .*-byte limit for a report",
    )
    slow = tmp_path / "slow.md"
    # inline markup dense enough to take markdown-it several seconds (the line and table-cell
    # limits keep long tables and long lists fast, so they no longer make a slow input)
    slow.write_text("*a* [b](c) " * 120_000, encoding="utf-8")
    assert_one_error(
        pppcheck("extract", "slow.md", "--timeout", "1", cwd=tmp_path),
        "slow.md",
        r"stopped after 1 s",
    )
    labels = tmp_path / "labels.yaml"
    labels.write_text(
        "documents:\n  - document: pipe.txt\n    labels: {}\n  - document: good.md\n"
        "    labels: {S01: {status: met}}\n",
        encoding="utf-8",
    )
    run = pppcheck(
        "eval", "labels.yaml", "--docs", ".", "-r", "starter", "-f", "json", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    failures = json.loads(run.stdout)["failures"]
    assert len(failures) == 1 and "not a regular file" in failures[0][1]


def test_size_and_page_limits_are_options_of_every_command(tmp_path: Path, good_md: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"The City owns the data. " * 100_000)  # 2.3 MB
    (tmp_path / "pages.pdf").write_bytes(pdf_with_empty_pages())
    too_big = r"^the file is 2\.3 MB, over the 1 MB limit$"
    too_long = r"^the PDF has \d+ pages, over the limit of 2"
    for command in (["audit", "-r", "starter"], ["extract"], ["diff", "good.md", "-r", "starter"]):
        assert_one_error(
            pppcheck(*command, "big.txt", "--max-file-size", "1", cwd=tmp_path), "big.txt", too_big
        )
        assert_one_error(
            pppcheck(*command, "pages.pdf", "--max-pages", "2", cwd=tmp_path), "pages.pdf", too_long
        )


def test_memory_limit_stops_one_document_only(tmp_path: Path, good_md: Path) -> None:
    """A 34 MB DOCX whose XML tree needs gigabytes: refused under --max-memory, in audit (the
    batch pool) and extract (the isolated parser); the good document is still audited."""
    big = tmp_path / "big.docx"
    big.write_bytes(docx_many_paragraphs())
    run = pppcheck(
        "audit", "big.docx", "good.md", "-r", "starter", "-j", "1", "--max-memory", "300",
        "-f", "json", cwd=tmp_path,
    )  # fmt: skip
    assert "Traceback" not in run.stderr and run.returncode == 2, run.stderr
    assert run.stderr.splitlines()[0] == (
        "error: big.docx: the document needs more memory than the limit allows"
    )
    assert [r["status"] for r in json.loads(run.stdout)["reports"]] == ["audited"]
    assert_one_error(
        pppcheck("extract", "big.docx", "--max-memory", "300", cwd=tmp_path),
        "big.docx",
        r"needs more memory than the limit allows",
    )


# ------------------------------------------------------------------------- rule packs


@pytest.fixture(scope="module")
def pack_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Run]]:
    """Every broken pack used to audit a good document, four subprocesses at a time."""
    root = tmp_path_factory.mktemp("packs")
    document = root / "good.md"
    document.write_text(f"# Notice\n\n{GOOD_TEXT}\n", encoding="utf-8")

    def one(name: str) -> tuple[str, tuple[Path, Run]]:
        pack = write_pack(name, root / name)
        return name, (pack, pppcheck("audit", str(document), "-r", str(pack), cwd=root))

    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = dict(pool.map(one, PACK_CASES))
    assert not list(root.rglob("PWNED"))  # the python tags were never constructed
    return runs


@pytest.mark.parametrize("name", list(PACK_CASES))
def test_broken_pack_names_file_line_and_key(
    name: str, pack_runs: dict[str, tuple[Path, Run]]
) -> None:
    case = PACK_CASES[name]
    pack, run = pack_runs[name]
    assert "Traceback" not in run.stderr and run.returncode == 2, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    expected = f"error: {pack / case.where}: "
    assert any(
        line.startswith(expected) and re.search(case.message, line[len(expected) :])
        for line in errors
    ), (expected, case.message, run.stderr)
    assert run.stderr.splitlines()[-1].startswith("hint: ")


def test_backtracking_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    """RE2 accepts (a+)+$ and runs it in linear time on a megabyte of 'a's and a '!'."""
    pack = write_good_pack(tmp_path / "pack")
    rule = (pack / "rule.yaml").read_text(encoding="utf-8")
    (pack / "rule.yaml").write_text(rule.replace('"data(sets?)?"', '"(a+)+$"'), encoding="utf-8")
    document = tmp_path / "aaaa.txt"
    document.write_text("The city " + "a" * 1_000_000 + "!\n", encoding="utf-8")
    run = pppcheck("audit", str(document), "-r", str(pack), "--timeout", "30")
    assert run.returncode in (0, 1), run.stderr


# ------------------------------------------------------------------------- a batch


def test_batch_of_every_case_audits_the_good_ones_and_lists_every_failure(
    written: dict[str, Path], hashes: dict[str, str], tmp_path: Path
) -> None:
    paths = [str(p) for p in written.values()]
    out = tmp_path / "batch.json"
    run = pppcheck(
        "audit", *paths, "-r", "starter", "--jobs", "2", "--timeout", PER_DOCUMENT,
        "-f", "json", "-o", str(out), "--report", f"junit={tmp_path / 'batch.xml'}",
    )  # fmt: skip
    assert "Traceback" not in run.stderr and run.returncode == 2, run.stderr
    for line in run.stderr.splitlines():  # only error/hint pairs on stderr
        assert line.startswith(("error: ", "hint: ")), line
    assert {name: sha256(path) for name, path in written.items()} == hashes

    data = json.loads(out.read_text(encoding="utf-8"))
    audited = {r["documents"][0]["path"]: r["status"] for r in data["reports"]}
    failed = {e["path"]: e["error"] for e in data["errors"]}
    no_text = {n for n, c in CASES.items() if re.search(r"no (extractable )?text", c.error or "")}
    errors = [n for n, c in CASES.items() if c.error is not None and n not in no_text]
    for name, path in written.items():
        case = CASES.get(name) or GOOD[name]
        if case.error is None:
            assert audited.get(str(path)) == "audited", (name, failed.get(str(path)))
        elif name in no_text:
            assert audited.get(str(path)) == "no_text", name
        else:
            assert re.search(case.error, failed[str(path)], re.I), (name, failed.get(str(path)))

    summary = pppcheck(  # the terminal summary: one row per document, failures first
        "audit", *paths, "-r", "starter", "--jobs", "2", "--timeout", PER_DOCUMENT
    ).stdout
    assert f"{len(errors)} could not be read" in summary
    assert f"{len(no_text)} need OCR" in summary
    for name in [*errors, *no_text]:
        assert f"{written[name]}: " in summary, name


# ------------------------------------------------------------------------- renderers


HOSTILE_TEXT = (
    "1. CONTRACT <script>alert('title')</script> ]]> | a | b |\n\n"
    "All data collected by the sensors shall be the property of the City "
    "<script>alert(1)</script> ]]> <![CDATA[ x ]]> \x1b[2J\x07 | col | col | "
    "[click](javascript:alert(2)) <img src=x onerror=alert(3)> =cmd|'/C calc'!A0 @everyone.\n\n"
    "All data collected shall belong to the Contractor <script>alert(4)</script> ]]> end.\n\n"
    "| a | b |\n|---|---|\n| <b>bold</b> | ]]> |\n"
)


def _reports(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    for fmt in ("html", "junit", "sarif", "markdown", "csv", "json"):
        yield fmt, tmp_path / f"out.{fmt}"


def test_renderers_escape_document_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    document = folder / 'tender <b> & "q".txt'
    document.write_text(HOSTILE_TEXT, encoding="utf-8")
    extra = [f"--report={fmt}={path}" for fmt, path in _reports(tmp_path)]
    run = pppcheck(
        "audit", str(document), "-r", "starter", "--exit-zero", "--profile", "digital=yes", *extra
    )
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout

    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    tree = html.fromstring(page)
    assert not tree.xpath("//script") and not tree.xpath("//img")
    assert not [a for a in tree.xpath("//@*") if a.attrname.lower().startswith("on")]
    assert not [h for h in tree.xpath("//@href") if h.strip().lower().startswith("javascript")]
    assert "alert(1)" in tree.text_content()  # shown as text

    junit = etree.parse(str(tmp_path / "out.junit"))  # well-formed XML
    texts = "".join(junit.getroot().itertext())
    assert "<script>alert(4)</script> ]]>" in texts  # a contrary finding quotes it, intact
    values = [v for element in junit.iter() for v in element.attrib.values()]
    assert any('tender <b> & "q".txt' in v for v in values)
    assert "\x1b" not in (tmp_path / "out.junit").read_text(encoding="utf-8")

    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]

    markdown = (tmp_path / "out.markdown").read_text(encoding="utf-8")
    outside_code = re.sub(r"`[^`\n]*`", "", markdown)  # code spans show HTML as text
    assert not re.search(r"(?<!\\)<(script|img|b)\b", outside_code)
    columns = None  # unescaped pipes of the current table's header row
    for line in markdown.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        pipes = len(re.findall(r"(?<!\\)\|", line))
        columns = columns or pipes
        assert pipes == columns, line

    csv = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert ",=cmd" not in csv and ',"=cmd' not in csv
    json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
