"""Batch audits through the real command line: folders, workers, streams, resume, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli_process import run_pppcheck

GOOD = "# Smart parking platform\n\nThe Contractor shall deliver all datasets in CSV to the City.\n"
BAD = "# Parking\n\nAll data collected by the sensors shall belong to the Contractor.\n"


def run(
    *args: str, cwd: Path | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    return run_pppcheck(*args, cwd=cwd, columns=120, timeout=timeout)


def corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"tender-{number:03d}.md"
        path.write_text(
            (GOOD if number % 2 else BAD) + f"\nReference {number}.\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


def test_folder_with_a_broken_file_audits_all_others(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 5)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (tmp_path / "in" / "notes.xlsx").write_bytes(b"not a document")
    done = run("audit", str(tmp_path / "in"), "-r", "starter", "--jobs", "2")
    assert done.returncode == 2
    assert "5 of 6 audited" not in done.stdout  # the broken one counts as attempted
    assert "6 of 6 audited" in done.stdout and "1 could not be read" in done.stdout
    assert "skipped 1 file(s) that are not documents" in done.stdout
    assert f"error: {tmp_path / 'in' / 'broken.pdf'}:" in done.stderr


def test_jsonl_stream_has_one_line_per_document(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "in", 6)
    out = tmp_path / "out.jsonl"
    done = run(
        "audit", str(tmp_path / "in"), "-r", "starter", "-f", "jsonl", "-o", str(out), "-j", "2"
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    assert {line["report"]["documents"][0]["path"] for line in lines} == {str(p) for p in paths}
    assert all(line["schema_version"] == "1.0" for line in lines)


def test_csv_stream_and_resume_skip_finished_documents(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "in", 4)
    out = tmp_path / "out.csv"
    assert (
        run("audit", str(tmp_path / "in"), "-r", "starter", "-f", "csv", "-o", str(out)).returncode
        == 0
    )
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("document,sha256,")
    assert len(rows) == 1 + 4 * 4  # header + 4 documents × 4 rules
    corpus(tmp_path / "in", 5)  # one new document
    paths[0].write_text(GOOD + "\nchanged\n", encoding="utf-8")  # and one changed document
    done = run(
        "audit", str(tmp_path / "in"), "-r", "starter", "-f", "csv", "-o", str(out), "--resume"
    )
    assert done.returncode == 0, done.stderr
    assert "resuming: 3 document(s) already in" in done.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 6 * 4  # the new and the changed one were appended


def test_resume_needs_a_stream(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 1)
    done = run("audit", str(tmp_path / "in"), "--resume", "-r", "starter")
    assert done.returncode == 2 and "--resume needs a streamed output" in done.stderr


def test_bundle_is_one_report_naming_each_file(tmp_path: Path) -> None:
    (tmp_path / "notice.md").write_text("The contract term is four years.\n", encoding="utf-8")
    (tmp_path / "cctp.md").write_text(
        "The City shall review the service at year two.\n", encoding="utf-8"
    )
    out = tmp_path / "bundle.json"
    done = run(
        "audit",
        str(tmp_path / "notice.md"),
        str(tmp_path / "cctp.md"),
        "--bundle",
        "-r",
        "starter",
        "-f",
        "json",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    reports = json.loads(out.read_text(encoding="utf-8"))["reports"]
    assert len(reports) == 1
    assert [d["path"] for d in reports[0]["documents"]] == [
        str(tmp_path / "notice.md"),
        str(tmp_path / "cctp.md"),
    ]


def test_parse_cache_is_reused(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 3)
    cache = tmp_path / "cache"
    first = run("audit", str(tmp_path / "in"), "-r", "starter", "--cache", str(cache), "-f", "json")
    entries = sorted(cache.rglob("*.json.gz"))
    assert len(entries) == 3
    stamps = [e.stat().st_mtime_ns for e in entries]
    second = run(
        "audit", str(tmp_path / "in"), "-r", "starter", "--cache", str(cache), "-f", "json"
    )
    assert [e.stat().st_mtime_ns for e in sorted(cache.rglob("*.json.gz"))] == stamps
    assert json.loads(first.stdout)["reports"] == json.loads(second.stdout)["reports"]


def test_time_limit_stops_one_document_only(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    corpus(folder, 2)
    # markdown whose markup is dense enough to take several seconds to tokenise
    (folder / "slow.md").write_text("*a* [b](c) " * 120_000, encoding="utf-8")
    done = run("audit", str(folder), "-r", "starter", "--timeout", "1", "-j", "2")
    assert done.returncode == 2
    assert "took longer than the time limit" in done.stderr
    assert "3 of 3 audited" in done.stdout


def _default_sigint() -> None:
    """In the child before exec: a suite started as a background job (``cmd &`` in a script)
    runs with SIGINT ignored, which Python then keeps ignored instead of raising
    KeyboardInterrupt; the test is about pppcheck's answer to Ctrl-C, so the child gets the
    default disposition back."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_keeps_a_valid_complete_so_far_output(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 40)
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, NO_COLOR="1")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pppcheck",
            "audit",
            str(tmp_path / "in"),
            "-r",
            "starter",
            "-f",
            "jsonl",
            "-o",
            str(out),
            "-j",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "interrupted after" in stderr and "--resume" in stderr
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    assert 2 <= len(lines) < 40
    resumed = run(
        "audit", str(tmp_path / "in"), "-r", "starter", "-f", "jsonl", "-o", str(out), "--resume"
    )
    assert resumed.returncode == 0, resumed.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 40


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_dask_cluster_with_real_scheduler_and_workers(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    paths = corpus(tmp_path / "in", 6)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    bindir = Path(sys.executable).parent
    dask = str(bindir / "dask") if (bindir / "dask").exists() else "dask"
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = [
        subprocess.Popen(
            [
                dask,
                "worker",
                address,
                "--nworkers",
                "1",
                "--nthreads",
                "1",
                "--no-dashboard",
                "--local-directory",
                str(tmp_path / f"w{n}"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(2)
    ]
    try:
        out = tmp_path / "out.jsonl"
        done = run(
            "audit",
            str(tmp_path / "in"),
            "-r",
            "starter",
            "--executor",
            "dask",
            "--scheduler",
            address,
            "-f",
            "jsonl",
            "-o",
            str(out),
        )
        assert done.returncode == 0, done.stderr
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {line["report"]["documents"][0]["path"] for line in lines} == {str(p) for p in paths}
    finally:
        for process in [*workers, scheduler]:
            process.terminate()
        for process in [*workers, scheduler]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a nanny slow to stop its worker: not ours to test
                process.kill()
                process.wait(timeout=30)


def test_dask_without_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    corpus(tmp_path / "in", 1)
    done = run("audit", str(tmp_path / "in"), "--executor", "dask")
    assert done.returncode == 2 and "--executor dask needs --scheduler" in done.stderr
