"""Streamed batch outputs: one line per finished document, kept whatever happens next.

A batch over a portal runs for hours; if it is interrupted, everything finished so far must
be in the output, readable, and a re-run with `--resume` must skip it. Each line is written with
one `write` on a file opened for appending and flushed at once, so a kill leaves at most a cut
last line, which the next `--resume` run removes before appending.

JSON Lines: each line is an object with `schema_version`, `tool` and either `report` (one
audited document or bundle, as in the JSON report) or `error` (a file that could not be
audited). CSV: one row per document × rule, with a header (see render/csv.py).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from pppcheck import __version__
from pppcheck.output import OutputError
from pppcheck.report import SCHEMA_VERSION, Report, RunError

TOOL = {"name": "pppcheck", "version": __version__}


def jsonl_report(report: Report) -> str:
    line = {
        "schema_version": SCHEMA_VERSION,
        "tool": TOOL,
        "report": report.model_dump(mode="json"),
    }
    return json.dumps(line, ensure_ascii=False) + "\n"


def jsonl_error(error: RunError) -> str:
    line = {"schema_version": SCHEMA_VERSION, "tool": TOOL, "error": error.model_dump(mode="json")}
    return json.dumps(line, ensure_ascii=False) + "\n"


class LineWriter:
    """Appends whole lines to a file, flushing each; creates the file (and header) if new."""

    def __init__(self, path: Path, header: str = "", resume: bool = False) -> None:
        self.path = path
        try:
            if resume and path.exists():
                truncate_partial_line(path)
            else:
                path.write_text("", encoding="utf-8")
            self._stream: IO[str] = path.open(
                "a", encoding="utf-8", errors="backslashreplace", newline=""
            )
        except OSError as exc:
            raise _output_error(path, exc) from exc
        if header and self._stream.tell() == 0:
            self.write(header)

    def write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except OSError as exc:  # a full disk, a removed folder
            raise _output_error(self.path, exc) from exc

    def close(self) -> None:
        try:
            self._stream.flush()
            os.fsync(self._stream.fileno())
        except OSError as exc:
            raise _output_error(self.path, exc) from exc
        finally:
            with contextlib.suppress(OSError):
                self._stream.close()


def _output_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write: {exc.strerror or exc}", where=str(path))


def truncate_partial_line(path: Path) -> None:
    """Drop a last line cut by an interruption (everything after the last newline)."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with path.open("r+b") as stream:
            stream.truncate(cut)


def done_from_jsonl(path: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Audited jobs in an existing JSON Lines output: paths → their SHA-256 when audited."""
    done: dict[tuple[str, ...], tuple[str, ...]] = {}
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            item = _parse(line)
            report = item.get("report") if item else None
            if isinstance(report, dict):
                documents = report.get("documents") or []
                paths = tuple(str(d.get("path")) for d in documents)
                done[paths] = tuple(str(d.get("sha256")) for d in documents)
    return done


def done_from_csv(path: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Audited jobs in an existing CSV output (one row per document × rule; see render/csv.py:
    a bundle's paths are joined by " + " and their SHA-256 by spaces)."""
    import csv

    done: dict[tuple[str, ...], tuple[str, ...]] = {}
    if not path.exists():
        return done
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            paths = tuple(p for p in (row.get("document") or "").split(" + ") if p)
            shas = tuple((row.get("sha256") or "").split())
            if paths:
                done[paths] = shas
    return done


def _parse(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def unchanged(paths: Iterable[str], recorded: tuple[str, ...]) -> bool:
    """Whether the files still have the SHA-256 recorded when they were audited."""
    import hashlib

    current = []
    for path in paths:
        try:
            current.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
        except OSError:
            return False
    return tuple(current) == recorded
