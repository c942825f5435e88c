"""An opt-in parse cache: re-running a changed pack over a corpus does not re-parse it.

Entries are keyed by the file's SHA-256 and the parser version, and stored as gzipped JSON
(validated on load, never unpickled: a cache folder shared on a network must not be a way to
run code). Paths are not part of the key: the same file under another name is a hit, and its
blocks are relabelled with the path it was given this time.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from pppcheck import __version__
from pppcheck.model import Block, Document, Location

PARSER_VERSION = f"{__version__}-1"
"""Bump the suffix whenever a parser's output changes, so old entries are not reused."""


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ParseCache:
    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _entry(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}-{PARSER_VERSION}.json.gz"

    def get(self, sha256: str, path: str) -> Document | None:
        entry = self._entry(sha256)
        try:
            raw = gzip.decompress(entry.read_bytes())
            document = Document.model_validate_json(raw)
        except (OSError, EOFError, ValidationError, ValueError):
            return None
        return relabel(document, path) if document.path != path else document

    def put(self, document: Document) -> None:
        entry = self._entry(document.sha256)
        entry.parent.mkdir(parents=True, exist_ok=True)
        payload = gzip.compress(document.model_dump_json().encode("utf-8"), compresslevel=3)
        handle, temp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
            os.replace(temp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def relabel(document: Document, path: str) -> Document:
    """The same document under another path (every block's location names its file)."""
    blocks = tuple(
        Block.model_construct(
            kind=b.kind,
            text=b.text,
            level=b.level,
            style=b.style,
            location=Location.model_construct(**{**b.location.__dict__, "path": path}),
        )
        for b in document.blocks
    )
    return document.model_copy(update={"path": path, "blocks": blocks})
