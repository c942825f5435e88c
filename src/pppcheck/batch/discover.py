"""Turn command-line inputs (files, folders, globs) into audit jobs.

A file named on the command line is always attempted (if it cannot be read, the error says
why). Inside folders only documents are taken, recognised from their first bytes, and other
files are listed as skipped with the reason, so that a folder of a portal's downloads (with its
spreadsheets and images) can be audited as it is.

Bundles: a tender is often several files (notice, specifications, draft contract). With
`bundle` all inputs form one job; with `bundle_per_folder` the documents of each folder form
one job per folder.
"""

from __future__ import annotations

import glob
import os
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pppcheck.ingest.sniff import OLE_MAGIC

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Job:
    """One unit of audit: a document, or the files of one tender bundle."""

    key: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def discover(
    inputs: Sequence[str], *, bundle: bool = False, bundle_per_folder: bool = False
) -> tuple[list[Job], list[Skipped]]:
    """Expand inputs into jobs (in the order given, folders sorted) and skipped files."""
    files: list[tuple[str, str]] = []  # (path, folder it came from or "")
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for raw in inputs:
        for path, folder in _expand(raw, skipped):
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                files.append((path, folder))
    if bundle and files:
        name = (
            os.path.commonpath([os.path.abspath(p) for p, _ in files])
            if len(files) > 1
            else files[0][0]
        )
        return [Job(key=f"bundle:{name}", paths=tuple(p for p, _ in files))], skipped
    if bundle_per_folder:
        groups: dict[str, list[str]] = {}
        for path, folder in files:
            groups.setdefault(folder or os.path.dirname(path) or ".", []).append(path)
        return [Job(key=f"bundle:{f}", paths=tuple(ps)) for f, ps in groups.items()], skipped
    return [Job(key=path, paths=(path,)) for path, _ in files], skipped


def _expand(raw: str, skipped: list[Skipped]) -> Iterator[tuple[str, str]]:
    if os.path.isdir(raw):
        yield from _walk(raw, skipped)
        return
    if not os.path.lexists(raw) and _GLOB_CHARS & set(raw):
        matches = sorted(glob.glob(raw, recursive=True))
        if not matches:
            skipped.append(Skipped(raw, "no file matches this pattern"))
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match, skipped)
            else:
                yield match, ""
        return
    yield raw, ""  # a named file: always attempted, errors are reported by the parser


def _walk(folder: str, skipped: list[Skipped]) -> Iterator[tuple[str, str]]:
    """Documents under `folder`, sorted, without following symlinked folders (no loops)."""
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        try:
            stat = os.stat(dirpath)
        except OSError:
            continue
        if (stat.st_dev, stat.st_ino) in visited:
            dirnames.clear()
            continue
        visited.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):
                continue
            path = os.path.join(dirpath, name)
            reason = _not_a_document(path)
            if reason is None:
                yield path, dirpath
            else:
                skipped.append(Skipped(path, reason))


def _not_a_document(path: str) -> str | None:
    """None when the file looks like a document pppcheck reads, else why it is skipped."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a named pipe would block the walk
            return "not a regular file (a named pipe, socket or device)"
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    suffix = Path(path).suffix.lower()
    if not head:
        return "empty file"
    if b"%PDF-" in head:
        return None
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(OLE_MAGIC):
        return "legacy or encrypted Office file (convert to DOCX first)"
    if suffix in _TEXT_SUFFIXES and b"\x00" not in head[:512]:
        return None
    return f"not a document format pppcheck reads ({suffix or 'no extension'})"


def _zip_kind(path: str) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None  # let the parser explain what is wrong with it
    if "word/document.xml" in names or "content.xml" in names:
        return None
    return "an archive or Office file that is not a text document"
