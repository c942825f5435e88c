"""Reports are written atomically: an interruption at any point leaves the old file or the new."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pppcheck.output import OutputError, write_atomic


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_interrupted_write_keeps_the_old_report_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "report.json"
    target.write_text('{"old": true}\n', encoding="utf-8")

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    if failing == "write":
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: _Exploding())
    else:
        monkeypatch.setattr(os, failing, interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, '{"new": true}\n' * 10_000)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


class _Exploding:
    """A file object whose write is interrupted half-way (as by Ctrl-C)."""

    def __enter__(self) -> _Exploding:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, data: bytes) -> int:
        raise KeyboardInterrupt


def test_unwritable_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write here"):
        write_atomic(tmp_path / "missing" / "report.json", "x")


def test_new_report_replaces_the_old_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new report")
    assert target.read_text(encoding="utf-8") == "new report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_stream_to_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    from pppcheck.batch.stream import LineWriter

    with pytest.raises(OutputError, match="cannot write"):
        LineWriter(tmp_path / "missing" / "results.jsonl")


def test_a_bug_ends_in_one_error_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pppcheck import cli

    def broken() -> None:
        raise RuntimeError("something nobody expected\nsecond line")

    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.setattr("sys.argv", ["pppcheck", "audit", "x.pdf"])
    with pytest.raises(SystemExit) as exit_info:
        cli.run()
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "error: internal error: RuntimeError: something nobody expected",
        "hint: this is a bug in pppcheck; run the same command with --debug and report the "
        "traceback",
    ]
    monkeypatch.setattr("sys.argv", ["pppcheck", "--debug", "audit", "x.pdf"])
    with pytest.raises(RuntimeError):
        cli.run()
