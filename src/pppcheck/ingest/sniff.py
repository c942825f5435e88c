"""Recognise a file's format from its bytes, because extensions lie.

Tenders arrive renamed by portals and e-mail gateways: a PDF saved as ``.docx``, a Word 97 file
called ``.docx``, a password-protected Word file (an OLE container, not a zip). The magic bytes
decide; the extension only separates Markdown from plain text.
"""

from __future__ import annotations

import io
import re
import zipfile

from pppcheck.errors import EncryptedDocumentError, InputError, UnsupportedFormatError
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


def sniff(data: bytes, suffix: str = "") -> DocFormat:
    """Return the format of `data`; raise a clear error for kinds pppcheck cannot read."""
    head = data[:2048]
    if not data:
        raise InputError("the file is empty", hint="check the download or export finished")
    if b"%PDF-" in head[:1024]:
        return DocFormat.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
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
    if _HTML_START.match(text_head) or (
        suffix.lower() in _HTML_SUFFIXES and b"<" in text_head[:512]
    ):
        return DocFormat.HTML
    if suffix.lower() in _MARKDOWN_SUFFIXES or _MD_HEADING.search(text_head):
        return DocFormat.MARKDOWN
    return DocFormat.TEXT


def _sniff_zip(data: bytes) -> DocFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DocFormat.DOCX
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return DocFormat.ODT
                raise UnsupportedFormatError(
                    f"this is an OpenDocument file of type {mimetype!r}, not a text document",
                    hint="export the text document (ODT/DOCX/PDF) and audit that",
                )
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"the file looks like a zip (DOCX/ODT) but is damaged: {exc}",
            hint="the file is probably truncated; download or export it again",
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
