"""Recognise a file's format from its bytes, because extensions lie.

Tenders arrive renamed by portals and e-mail gateways: a PDF saved as ``.docx``, a Word 97 file
called ``.docx``, a password-protected Word file (an OLE container, not a zip). The magic bytes
decide; the extension only separates Markdown from plain text.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from pppcheck.errors import (
    EncryptedDocumentError,
    InputError,
    LimitExceededError,
    UnsupportedFormatError,
)
from pppcheck.limits import DEFAULT_LIMITS, Limits
from pppcheck.model import DocFormat

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body)", re.I | re.S
)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MD_HEADING = re.compile(rb"^#{1,6}\s+\S", re.M)
_IMAGE_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"GIF8": "a GIF image",
}
_OCR_HINT = "run OCR first (e.g. `ocrmypdf scan.pdf out.pdf`) and audit the searchable PDF"
_BINARY_SUFFIXES = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".docm": "Word",
    ".dotx": "Word",
    ".odt": "OpenDocument",
    ".ott": "OpenDocument",
}
"""Extensions of zip or PDF formats: text behind one is a failed download, not a tender.

(.doc is not among them: Word opens HTML saved as .doc, and some systems export it so.)"""
_MIMETYPE_MAX = 256
_CENTRAL_ENTRY_MAX = 1024
"""Bytes allowed per listed member in a zip's central directory (46 plus the name and extras)."""


def sniff(data: bytes, suffix: str = "", limits: Limits = DEFAULT_LIMITS) -> DocFormat:
    """Return the format of `data`; raise a clear error for kinds pppcheck cannot read."""
    head = data[:2048]
    if not data:
        raise InputError("the file is empty", hint="check the download or export finished")
    if b"%PDF-" in head[:1024]:
        return DocFormat.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, limits)
    if head.startswith(OLE_MAGIC):
        _raise_for_ole(data)
    for magic, what in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFormatError(
                f"this is {what}, not a document with text", hint=_OCR_HINT
            )
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFormatError(
            "this is an RTF file, which pppcheck does not read",
            hint="save it as DOCX or PDF "
            "(LibreOffice: `soffice --headless --convert-to docx FILE`)",
        )
    if _looks_binary(head):
        raise UnsupportedFormatError(
            "the file is binary data, not a document pppcheck can read",
            hint="pppcheck reads DOCX, PDF, ODT, HTML, Markdown and plain text",
        )
    text_head = _text_head(head)
    html = bool(_HTML_START.match(text_head))
    kind = _BINARY_SUFFIXES.get(suffix.lower())
    if kind is not None:
        what = "an HTML page" if html or b"<html" in text_head.lower() else "plain text"
        raise InputError(
            f"the file is named {suffix} but holds {what}, not a {kind} document "
            "(often a portal's error or login page saved under the document's name)",
            hint="download the document again; if this text is the tender, "
            "give the file a .txt or .html extension",
        )
    if html or (suffix.lower() in _HTML_SUFFIXES and b"<" in text_head[:512]):
        return DocFormat.HTML
    if suffix.lower() in _MARKDOWN_SUFFIXES or _MD_HEADING.search(text_head):
        return DocFormat.MARKDOWN
    return DocFormat.TEXT


def check_zip_members(data: bytes, limits: Limits) -> None:
    """Refuse a zip whose central directory lists more members than `limits` allow.

    Checked on the end record, before `zipfile` builds one object per member: a directory of
    millions of empty members would otherwise cost gigabytes before any member is read.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - (1 << 16) - 22))
    if end < 0 or end + 22 > len(data):
        return  # no end record: zipfile reports the damage
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":  # zip64
        offset = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if data[offset : offset + 4] == b"PK\x06\x06":
            count = int.from_bytes(data[offset + 32 : offset + 40], "little")
            size = int.from_bytes(data[offset + 40 : offset + 48], "little")
    limit = limits.max_zip_members
    if count > limit:
        problem = f"lists {count:,} members, over the limit of {limit:,}"
    elif min(size, len(data)) > limit * _CENTRAL_ENTRY_MAX:
        problem = f"has a {size:,}-byte directory, too large for the limit of {limit:,} members"
    else:
        return
    raise LimitExceededError(
        f"the zip package {problem} (a zip bomb, or not an office document)",
        hint="office documents hold a few dozen parts; "
        "check where the file comes from before opening it",
    )


def _sniff_zip(data: bytes, limits: Limits) -> DocFormat:
    check_zip_members(data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DocFormat.DOCX
            if "mimetype" in names:
                with archive.open("mimetype") as member:  # read capped: it may be a bomb
                    raw = member.read(_MIMETYPE_MAX)
                mimetype = raw[:100].decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return DocFormat.ODT
                raise UnsupportedFormatError(
                    f"this is an OpenDocument file of type {mimetype!r}, not a text document",
                    hint="export the text document (ODT/DOCX/PDF) and audit that",
                )
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise InputError(
            f"the file looks like a zip (DOCX/ODT) but is damaged: {exc}",
            hint="the file is probably truncated; download or export it again",
        ) from exc
    except (RuntimeError, NotImplementedError) as exc:  # an encrypted or exotic mimetype member
        raise InputError(
            f"the zip package cannot be read: {exc}",
            hint="open the file in its application and save it again as DOCX or ODT",
        ) from exc
    if any(n.startswith("xl/") for n in names):
        kind = "an Excel workbook (XLSX)"
    elif any(n.startswith("ppt/") for n in names):
        kind = "a PowerPoint presentation (PPTX)"
    elif "[Content_Types].xml" in names:
        kind = "an Office file without a Word document part (word/document.xml)"
    else:
        kind = "a zip archive"
    raise UnsupportedFormatError(
        f"this is {kind}, not a Word or OpenDocument text",
        hint="audit the tender documents themselves (DOCX, PDF, ODT); unzip archives first",
    )


def _raise_for_ole(data: bytes) -> None:
    """OLE compound files are either encrypted OOXML or legacy binary Office formats."""
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        raise EncryptedDocumentError("the document is password-protected (encrypted Office file)")
    if "WordDocument".encode("utf-16-le") in data:
        raise UnsupportedFormatError(
            "this is a legacy Word 97-2003 (.doc) file, which pppcheck does not read",
            hint="convert it: `soffice --headless --convert-to docx FILE.doc`, "
            "then audit the .docx",
        )
    raise UnsupportedFormatError(
        "this is a legacy Office (OLE) file, not a text document pppcheck reads",
        hint="save it as DOCX or PDF and audit that",
    )


def _text_head(head: bytes) -> bytes:
    """The first bytes as ASCII-compatible text: byte-order marks removed, UTF-16 decoded."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(codec, "ignore").encode("utf-8", "ignore")
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many C0 controls mean binary; UTF-16 text with a BOM is not binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 50)
