"""Safe reading of zip-packaged XML documents (DOCX, ODT), shared by their parsers.

Office files are zip archives of XML parts, and both layers can be weaponised: a zip member can
claim a small size and inflate to gigabytes, or inflate a thousand times ("zip bomb"); an XML part
can declare entities that read local files (XXE) or expand exponentially ("billion laughs").
Everything here is defensive so that the format parsers can stay about the format:

* every member is checked against its *declared* size and compression ratio before it is read,
  then read in chunks with a hard cap on the *actual* bytes, because declared sizes can lie;
* the total of all members read from one package is capped by `Limits.max_unpacked_bytes`;
* XML is parsed by lxml with entity resolution, DTD loading and network access off and the
  default (non-huge) tree limits; a DOCTYPE is refused outright, since neither OOXML (OPC forbids
  DTDs) nor ODF packages written by any office suite contain one;
* every library exception (zipfile, zlib, lxml) leaves as an `InputError` with a hint.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Final, Protocol, cast

from lxml import etree

from pppcheck.errors import EncryptedDocumentError, InputError, LimitExceededError
from pppcheck.ingest.sniff import check_zip_members
from pppcheck.limits import Limits


class Element(Protocol):
    """The part of lxml's element API the parsers use, typed (lxml ships no type hints).

    Comments, processing instructions and entity references are removed or refused at parse
    time, so `tag` is always a Clark-notation string here.
    """

    tag: str
    text: str | None
    tail: str | None

    def get(self, key: str, default: None = None) -> str | None: ...
    def find(self, path: str) -> Element | None: ...
    def iter(self, *tags: str) -> Iterator[Element]: ...
    def iterancestors(self) -> Iterator[Element]: ...
    def getparent(self) -> Element | None: ...
    def __iter__(self) -> Iterator[Element]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> Element: ...


_CHUNK: Final = 1 << 16
_RATIO_MIN_BYTES: Final = 1 << 20
"""Below 1 MiB a high ratio is harmless (runs of spaces compress 1000:1): not checked."""
_PROLOG_SCAN: Final = 4096
_ERR_NO_MEMORY: Final = 2
"""libxml2's XML_ERR_NO_MEMORY: an allocation failed (the worker's memory cap was reached)."""
_DAMAGED_HINT: Final = (
    "the file is probably damaged or truncated; open and re-save it, or export it again"
)
_BOMB_HINT: Final = (
    "no office document expands this much: do not open the file, and check where it comes from"
)
_READ_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    KeyError,
)


def _xml_parser() -> object:
    """A fresh hardened parser per package (lxml parsers must not be shared between threads)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, name: str, parser: object | None = None) -> Element:
    """Parse one XML part safely; `name` (the part's path) is quoted in error messages."""
    if b"<!DOCTYPE" in data[:_PROLOG_SCAN] or b"<!ENTITY" in data[:_PROLOG_SCAN]:
        raise _doctype_error(name)
    try:
        root = etree.fromstring(data, parser or _xml_parser())
    except etree.XMLSyntaxError as exc:
        if exc.code == _ERR_NO_MEMORY:  # libxml2 hit the memory limit: say so, not "malformed"
            raise MemoryError(f"{name}: libxml2 ran out of memory") from None
        if "Excessive depth" in str(exc.msg):
            raise InputError(
                f"{name} nests elements more than 256 levels deep, beyond any real document",
                hint="the file was not written by an office suite, or is damaged",
            ) from exc
        raise InputError(
            f"{name} is not well-formed XML: {exc.msg or exc}", hint=_DAMAGED_HINT
        ) from exc
    except (etree.LxmlError, ValueError) as exc:
        raise InputError(f"{name} cannot be read as XML: {exc}", hint=_DAMAGED_HINT) from exc
    if root.getroottree().docinfo.doctype:
        raise _doctype_error(name)
    return cast(Element, root)


def _doctype_error(name: str) -> InputError:
    return InputError(
        f"{name} declares a DOCTYPE, which office documents never contain; refused "
        "(it could hide entity expansion or external file references)",
        hint="the file was not written by an office suite; open and re-save it if you trust it",
    )


class Package:
    """A zip package opened for capped reading of its members.

    One instance per document: it counts the bytes read so far against
    `Limits.max_unpacked_bytes`, across all members.
    """

    def __init__(self, data: bytes, limits: Limits, kind: str) -> None:
        self.kind = kind
        self.limits = limits
        self.unpacked = 0
        self.parser = _xml_parser()
        check_zip_members(data, limits)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._infos = {info.filename: info for info in self._zip.infolist()}
        except _READ_ERRORS as exc:
            raise InputError(
                f"the {kind} file is not a readable zip package: {exc}", hint=_DAMAGED_HINT
            ) from exc

    def has(self, name: str) -> bool:
        """Whether the package contains member `name` (exact, case-sensitive path)."""
        return name in self._infos

    def names(self) -> list[str]:
        """Member names in archive order."""
        return list(self._infos)

    def read(self, name: str) -> bytes:
        """Read member `name` within the limits; `InputError` if it is missing or unreadable."""
        info = self._infos.get(name)
        if info is None:
            raise InputError(f"the {self.kind} file has no {name}", hint=_DAMAGED_HINT)
        if info.flag_bits & 0x1:
            raise EncryptedDocumentError(f"{name} is encrypted inside the {self.kind} package")
        cap = self._check_declared(info)
        try:
            data = self._read_capped(info, cap)
        except RuntimeError as exc:  # zipfile's "encrypted, password required"
            raise EncryptedDocumentError(f"{name} cannot be read: {exc}") from exc
        except _READ_ERRORS as exc:
            if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
                raise InputError(
                    f"{name} is damaged inside the {self.kind} package: its content does not "
                    "match its checksum (corrupted, or a zip bomb lying about its size)",
                    hint=_DAMAGED_HINT,
                ) from exc
            raise InputError(
                f"{name} cannot be decompressed from the {self.kind} package: {exc}",
                hint=_DAMAGED_HINT,
            ) from exc
        self.unpacked += len(data)
        return data

    def read_xml(self, name: str) -> Element:
        """Read and safely parse an XML member."""
        return parse_xml(self.read(name), name, self.parser)

    def read_xml_optional(self, name: str) -> Element | None:
        """Like `read_xml`, but `None` when the member is absent (optional parts)."""
        return self.read_xml(name) if self.has(name) else None

    def _remaining(self) -> int:
        return self.limits.max_unpacked_bytes - self.unpacked

    def _check_declared(self, info: zipfile.ZipInfo) -> int:
        """Refuse a member whose declared size or ratio is out of bounds; return the byte cap."""
        remaining = self._remaining()
        if info.file_size > remaining:
            raise LimitExceededError(
                f"{info.filename} declares {info.file_size:,} bytes uncompressed, over the "
                f"{self.limits.max_unpacked_bytes:,}-byte unpacked limit (zip bomb?)",
                hint=_BOMB_HINT,
            )
        self._check_ratio(info.filename, info.file_size, info.compress_size)
        return min(remaining, info.file_size)

    def _check_ratio(self, name: str, size: int, compressed: int) -> None:
        if size < _RATIO_MIN_BYTES:
            return
        ratio = size / max(compressed, 1)
        if ratio > self.limits.max_compression_ratio:
            raise LimitExceededError(
                f"{name} expands {ratio:,.0f} times, over the "
                f"{self.limits.max_compression_ratio}× compression-ratio limit (zip bomb?)",
                hint=_BOMB_HINT,
            )

    def _read_capped(self, info: zipfile.ZipInfo, cap: int) -> bytes:
        """Read in chunks and stop as soon as more than `cap` bytes come out."""
        out = io.BytesIO()
        total = 0
        with self._zip.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > cap:
                    raise LimitExceededError(
                        f"{info.filename} inflates past its declared size or the unpacked "
                        "limit (zip bomb?)",
                        hint=_BOMB_HINT,
                    )
                out.write(chunk)
        self._check_ratio(info.filename, total, info.compress_size)
        return out.getvalue()


_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL: Final = f"{{{_REL_NS}}}Relationship"


def relationships(package: Package, rels_name: str, base_dir: str) -> list[tuple[str, str, str]]:
    """The (id, type suffix, member path) of internal relationships in an OPC `.rels` part.

    The type is reduced to its last path segment ("header", "footnotes"...) so that transitional
    and strict OOXML URIs compare equal. Targets are resolved against `base_dir` (e.g. "word").
    """
    root = package.read_xml_optional(rels_name)
    if root is None:
        return []
    found: list[tuple[str, str, str]] = []
    for rel in root.iter(_REL):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        found.append((rel.get("Id") or "", kind, resolve_target(base_dir, target)))
    return found


def resolve_target(base_dir: str, target: str) -> str:
    """Resolve a relationship target to a zip member path ("../x" and "/x" handled)."""
    path = target.lstrip("/") if target.startswith("/") else f"{base_dir}/{target}"
    parts: list[str] = []
    for piece in path.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
            continue
        parts.append(piece)
    return "/".join(parts)


_SPACE_RUNS: Final = re.compile(r"\s+")


def plain(text: str | None) -> str:
    """Whitespace-collapsed text of a metadata field ('' for None)."""
    return _SPACE_RUNS.sub(" ", text or "").strip()
