"""Batch building blocks: discovery of documents, streamed outputs, the parse cache."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from pppcheck.batch.cache import PARSER_VERSION, ParseCache
from pppcheck.batch.discover import Job, discover
from pppcheck.batch.stream import LineWriter, done_from_jsonl, jsonl_error, truncate_partial_line
from pppcheck.ingest import parse_bytes
from pppcheck.report import RunError


def _tree(root: Path) -> None:
    (root / "a").mkdir()
    (root / "a" / "notice.md").write_text("# Notice\n\nThe City buys sensors.\n", encoding="utf-8")
    (root / "a" / "spec.txt").write_text("The Contractor shall deliver data.\n", encoding="utf-8")
    with zipfile.ZipFile(root / "a" / "prices.xlsx", "w") as workbook:
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    (root / "a" / "broken.docx").write_bytes(b"PK\x03\x04rubbish")
    (root / "a" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    (root / "b").mkdir()
    (root / "b" / "contract.pdf").write_bytes(b"%PDF-1.4 not really")
    (root / "b" / ".hidden.md").write_text("# hidden", encoding="utf-8")
    (root / "b" / "loop").symlink_to(root, target_is_directory=True)


def test_folders_are_walked_by_detected_format(tmp_path: Path) -> None:
    _tree(tmp_path)
    jobs, skipped = discover([str(tmp_path)])
    names = [Path(j.paths[0]).name for j in jobs]
    # a damaged zip is attempted, so that its error is reported
    assert names == ["broken.docx", "notice.md", "spec.txt", "contract.pdf"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons["photo.png"].startswith("not a document format")
    assert reasons["prices.xlsx"] == "an archive or Office file that is not a text document"


def test_named_files_are_always_attempted_and_duplicates_dropped(tmp_path: Path) -> None:
    _tree(tmp_path)
    photo = str(tmp_path / "a" / "photo.png")
    jobs, _ = discover([photo, photo, str(tmp_path / "a" / "notice.md")])
    assert [j.paths for j in jobs] == [(photo,), (str(tmp_path / "a" / "notice.md"),)]


def test_globs(tmp_path: Path) -> None:
    _tree(tmp_path)
    jobs, skipped = discover([str(tmp_path / "**" / "*.md"), str(tmp_path / "nothing*.pdf")])
    assert [Path(j.paths[0]).name for j in jobs] == ["notice.md"]
    assert skipped[-1].reason == "no file matches this pattern"


def test_bundles(tmp_path: Path) -> None:
    _tree(tmp_path)
    (one,), _ = discover([str(tmp_path / "a")], bundle=True)
    assert [Path(p).name for p in one.paths] == ["broken.docx", "notice.md", "spec.txt"]
    per_folder, _ = discover([str(tmp_path)], bundle_per_folder=True)
    assert [len(j.paths) for j in per_folder] == [3, 1]
    assert per_folder[0].key == f"bundle:{tmp_path / 'a'}"


def test_line_writer_resume_drops_a_cut_last_line(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    writer = LineWriter(out)
    writer.write(jsonl_error(RunError(path="x.pdf", error="bad")))
    writer.close()
    with out.open("a", encoding="utf-8") as stream:
        stream.write('{"schema_version": "1.0", "rep')  # killed mid-line
    truncate_partial_line(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["error"]["path"] == "x.pdf"
    writer = LineWriter(out, resume=True)
    writer.write(jsonl_error(RunError(path="y.pdf", error="bad")))
    writer.close()
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_done_from_jsonl_reads_reports_only(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = {"report": {"documents": [{"path": "a.pdf", "sha256": "abc"}]}}
    out.write_text(
        json.dumps(report) + "\n" + jsonl_error(RunError(path="b.pdf", error="x")) + "garbage\n"
    )
    assert done_from_jsonl(out) == {("a.pdf",): ("abc",)}


def test_parse_cache_round_trip_and_relabel(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    document = parse_bytes(b"# Title\n\nThe Contractor shall deliver data.\n", "first.md")
    assert cache.get(document.sha256, "first.md") is None
    cache.put(document)
    again = cache.get(document.sha256, "first.md")
    assert again == document
    moved = cache.get(document.sha256, "renamed/second.md")
    assert moved is not None and moved.path == "renamed/second.md"
    assert {b.location.path for b in moved.blocks} == {"renamed/second.md"}
    entries = list((tmp_path / "cache").rglob("*.json.gz"))
    assert len(entries) == 1 and PARSER_VERSION in entries[0].name


def test_a_corrupt_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    document = parse_bytes(b"Some text here for the cache.", "a.txt")
    cache.put(document)
    entry = next(tmp_path.rglob("*.json.gz"))
    entry.write_bytes(b"not gzip")
    assert cache.get(document.sha256, "a.txt") is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file_in_folder_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text("# x", encoding="utf-8")
    path.chmod(0)
    jobs, skipped = discover([str(tmp_path)])
    assert jobs == [] and skipped[0].reason.startswith("cannot read")


def test_job_is_hashable() -> None:
    assert len({Job("a", ("a",)), Job("a", ("a",))}) == 1
