"""Build broken and hostile inputs from code, one function per case (issue 6).

Every case is written into a folder by `write_case(name, folder)`; `CASES` says what pppcheck
must do with it: refuse it (exit 2, ``error: <path>: <message>`` and a ``hint:``; the expected
message is a regular expression) or audit it normally (exit 0 or 1). Nothing here is a binary
fixture: zips, OLE compound files and PDFs are written byte by byte, so every test says in
Python what the hostile file holds.

The zip bombs are real: their XML inflates to gigabytes from a file of about a megabyte (the
deflate stream of a run of spaces is repeated with full flushes, which yields a valid stream
without compressing gigabytes here).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.ingest import docxgen, odtgen
from tests.ingest.pdfgen import Page, build_pdf

W_NS = docxgen.W

GOOD_TEXT = (
    "The Contractor shall transfer all data collected by the sensors to the City in an open "
    "format within 30 days. The City owns the data. The contract is published on the open "
    "data portal."
)
"""One paragraph real enough to be audited (every good case carries it)."""

# --------------------------------------------------------------------------------------- zip


@dataclass(frozen=True)
class Member:
    """A zip member written as given: `raw` is the stored or deflated payload."""

    name: str
    raw: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def stored(name: str, data: bytes) -> Member:
    return Member(name, data, len(data), zlib.crc32(data), zipfile.ZIP_STORED)


def deflated(name: str, data: bytes) -> Member:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packer.compress(data) + packer.flush()
    return Member(name, raw, len(data), zlib.crc32(data))


def write_zip(members: list[Member], *, declared: dict[str, int] | None = None) -> bytes:
    """A zip file from raw members; `declared` overrides the uncompressed sizes written."""
    out = bytearray()
    central = bytearray()
    for member in members:
        name = member.name.encode()
        size = (declared or {}).get(member.name, member.size)
        offset = len(out)
        header = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            member.flags,
            member.method,
            0,
            0x21,
            member.crc,
            len(member.raw),
            size,
            len(name),
            0,
        )
        out += header + name + member.raw
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            member.flags,
            member.method,
            0,
            0x21,
            member.crc,
            len(member.raw),
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(out)


def bomb_stream(total: int, unit: int = 1 << 20) -> tuple[bytes, int]:
    """A raw deflate stream of `<w:t>` + spaces inflating to about `total` bytes, cheaply.

    Returns (stream, real inflated size). One megabyte of spaces is compressed once with a full
    flush (a byte-aligned, self-contained series of blocks) and repeated.
    """
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
        "<w:p><w:r><w:t>"
    ).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(b" " * unit) + packer.flush(zlib.Z_FULL_FLUSH)
    count = max(1, total // unit)
    tail = packer.compress(b"</w:t></w:r></w:p></w:body></w:document>") + packer.flush()
    return first + block * count + tail, len(head) + unit * count + 40


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx_with_document_xml(document_xml: bytes, *, compress: bool = True) -> bytes:
    """A minimal package: content types and word/document.xml only (what Word needs least)."""
    pack = deflated if compress else stored
    return write_zip(
        [deflated("[Content_Types].xml", CONTENT_TYPES), pack("word/document.xml", document_xml)]
    )


def document_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def paragraph_xml(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


# --------------------------------------------------------------------------------------- OLE

_FREE = 0xFFFFFFFF
_END = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child: int = _NOSTREAM, right: int = _NOSTREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NOSTREAM, right, child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", _END, 0)  # first sector, size: empty streams
    )


def ole_file(streams: list[str]) -> bytes:
    """A minimal OLE compound file (version 3) whose root holds empty streams with these names.

    Enough for any reader of the format to list the directory: one FAT sector, one directory
    sector, the streams chained as right siblings under the root.
    """
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 0x1000, _END, 0, _END, 0)
    difat = [0] + [_FREE] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = struct.pack("<128I", _FATSECT, _END, *([_FREE] * 126))
    entries = [_dir_entry("Root Entry", 5, child=1 if streams else _NOSTREAM)]
    for index, name in enumerate(streams, start=1):
        right = index + 1 if index < len(streams) else _NOSTREAM
        entries.append(_dir_entry(name, 2, right=right))
    directory = b"".join(entries)
    while len(directory) % 512:
        directory += _dir_entry("", 0)
    return bytes(header) + fat + directory[:512]


# --------------------------------------------------------------------------------------- PDF


def raw_pdf(objects: list[bytes], root: int = 1, trailer_extra: str = "") -> bytes:
    """Serialise numbered objects (1-based) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R{trailer_extra} >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _content(text: str) -> bytes:
    ops = f"BT /F1 11 Tf 1 0 0 1 72 760 Tm ({text}) Tj ET".encode()
    return b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream"


def pdf_many_pages(count: int) -> bytes:
    """`count` real pages sharing one font and one content stream (small file, many pages)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        _FONT,
        _content("Page text."),
    ]
    kids = []
    for _ in range(count):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {count} >>".encode()
    return raw_pdf(objects)


def pdf_lying_count() -> bytes:
    """One page, but the page tree claims two billion."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 2000000000 >>",
        _FONT,
        _content(GOOD_TEXT[:60]),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
    ]
    return raw_pdf(objects)


def pdf_deep_arrays(depth: int = 200_000) -> bytes:
    """A page whose resources hold an array nested `depth` levels deep."""
    nested = b"[" * depth + b"1" + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        _FONT,
        _content("Deep."),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep "
        + nested
        + b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
    ]
    return raw_pdf(objects)


def pdf_deep_page_tree(depth: int = 5000) -> bytes:
    """A page tree of `depth` nested /Pages nodes above a single page."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        child = number + 1
        parent = f" /Parent {number - 1} 0 R" if level else ""
        objects.append(f"<< /Type /Pages /Kids [{child} 0 R] /Count 1{parent} >>".encode())
    page = len(objects) + 1
    objects.append(
        f"<< /Type /Page /Parent {page - 1} 0 R /MediaBox [0 0 595 842] "
        f"/Resources << /Font << /F1 {page + 1} 0 R >> >> /Contents {page + 2} 0 R >>".encode()
    )
    objects.append(_FONT)
    objects.append(_content("Deep tree."))
    return raw_pdf(objects)


def pdf_reference_chain(length: int = 100_000) -> bytes:
    """A page whose /Contents length is a chain of `length` indirect references."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        _FONT,
    ]
    ops = b"BT /F1 11 Tf 1 0 0 1 72 760 Tm (Chain.) Tj ET"
    objects.append(b"<< /Length 6 0 R >>\nstream\n" + ops + b"\nendstream")
    for index in range(length):
        number = 6 + index
        objects.append(f"{number + 1} 0 R".encode() if index < length - 1 else b"%d" % len(ops))
    return raw_pdf(objects)


def pdf_long_line(letters: int = 20_000) -> bytes:
    """A line of 20,000 letters ending in a line-end hyphen, and an ordinary hyphenated line.

    The hyphen makes the parser study every line's words (de-hyphenation); regular expressions
    that backtracked over such a line took minutes.
    """
    page = Page()
    page.text(20, 760, "The contractor shall provide " + "a" * letters + "1a-", size=0.05)
    page.text(20, 759.9, "bc and the city owns the data.", size=0.05)
    page.text(20, 700, "The contractor shall maintain the sensors and trans-", size=10)
    page.text(20, 688, "fer the data to the city every month.", size=10)
    return build_pdf([page])


def pdf_spaces_line(spaces: int = 20_000) -> bytes:
    """A line "12" + 20,000 spaces + "x": page-number and TOC-title patterns saw every split."""
    page = Page()
    page.text(20, 800, "12" + " " * spaces + "x", size=0.05)
    page.text(20, 780, " " * spaces + "Contents" + " " * spaces + "x", size=0.05)
    page.text(72, 700, GOOD_TEXT[:90], size=10)
    return build_pdf([page])


def pdf_reference_cycle() -> bytes:
    """Two page-tree nodes that are each other's only kid."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
    ]
    return raw_pdf(objects)


def _text_page(text: str) -> Page:
    page = Page()
    words = text.split()
    lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    page.lines(72, 760, lines)
    return page


def good_pdf(**kwargs: str) -> bytes:
    return build_pdf([_text_page(GOOD_TEXT), _text_page(GOOD_TEXT)], **kwargs)  # type: ignore[arg-type]


def scanned_pdf() -> bytes:
    return build_pdf([Page(image=True), Page(image=True)])


def pdf_with_empty_pages() -> bytes:
    return build_pdf([_text_page(GOOD_TEXT), Page(image=True), _text_page(GOOD_TEXT), Page()])


# --------------------------------------------------------------------------------------- DOCX


def good_docx(text: str = GOOD_TEXT) -> bytes:
    document = docxgen.new_document()
    document.add_heading("Smart parking contract", level=1)
    document.add_paragraph(text)
    return docxgen.save(document)


def good_odt() -> bytes:
    return build_odt(f"<text:p>{GOOD_TEXT}</text:p>")


def build_odt(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", odtgen.MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml", odtgen.content_xml(body), compress_type=zipfile.ZIP_DEFLATED
        )
    return out.getvalue()


XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<w:document xmlns:w="{W_NS}"><w:body>'
    "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
).encode()

XXE_LATE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    + "<!-- "
    + "padding " * 1000
    + "-->\n"
    + '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<w:document xmlns:w="{W_NS}"><w:body>'
    "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
).encode()
"""The DOCTYPE after 8 kB of comment, past any prolog scan: the parser itself must refuse it."""


def billion_laughs(root: str = "w:document", ns: str = f'xmlns:w="{W_NS}"') -> bytes:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" * 10
        entities.append(f'<!ENTITY lol{level} "{refs}">')
    return (
        '<?xml version="1.0"?>\n'
        f"<!DOCTYPE {root} [{''.join(entities)}]>\n"
        f"<{root} {ns}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></{root}>"
    ).encode()


def docx_zip_bomb(*, lie: bool) -> bytes:
    """word/document.xml inflates to 2 GiB; declared honestly, or as 10 kB (a lie)."""
    stream, size = bomb_stream(2 << 30)
    member = Member("word/document.xml", stream, size, 0)
    declared = {"word/document.xml": 10_000} if lie else None
    return write_zip([deflated("[Content_Types].xml", CONTENT_TYPES), member], declared=declared)


def docx_ratio_bomb() -> bytes:
    """300 MB declared honestly (under the unpacked limit), but inflating 1000 times."""
    stream, size = bomb_stream(300 << 20)
    member = Member("word/document.xml", stream, size, 0)
    return write_zip([deflated("[Content_Types].xml", CONTENT_TYPES), member])


def odt_mimetype_bomb() -> bytes:
    """An ODT whose mimetype member (read to tell ODT from other packages) inflates to 2 GiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(odtgen.MIMETYPE) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(b" " * (1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
    stream = first + block * 2048 + packer.flush()
    return write_zip(
        [
            Member("mimetype", stream, 2048 << 20, 0),
            deflated("content.xml", odtgen.content_xml(f"<text:p>{GOOD_TEXT}</text:p>").encode()),
        ]
    )


def zip_many_members(count: int = 65_000) -> bytes:
    """A DOCX whose central directory lists `count` tiny members."""
    members = [stored(f"word/media/{n}.xml", b"") for n in range(count)]
    members.append(deflated("word/document.xml", document_xml(paragraph_xml(GOOD_TEXT))))
    return write_zip(members)


def docx_field_pieces(pieces: int = 100_000) -> bytes:
    """One field whose instruction comes in 100,000 pieces (stored: no ratio to trip)."""
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + "<w:r><w:instrText> </w:instrText></w:r>" * pieces
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        + paragraph_xml(GOOD_TEXT)
    )
    return docx_with_document_xml(document_xml(body), compress=False)


def docx_deep_xml(depth: int = 100_000) -> bytes:
    """Content controls nested `depth` levels deep, stored uncompressed (no ratio to trip)."""
    body = (
        "<w:sdt><w:sdtContent>" * depth
        + paragraph_xml("deep")
        + ("</w:sdtContent></w:sdt>" * depth)
    )
    return docx_with_document_xml(document_xml(body), compress=False)


# --------------------------------------------------------------------------------------- text


def docx_many_paragraphs(count: int = 1_000_000) -> bytes:
    """`count` one-letter paragraphs, stored (34 MB for a million): libxml2 needs ~10x that."""
    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * count
    return docx_with_document_xml(document_xml(body), compress=False)


def random_bytes(size: int = 64 * 1024, seed: int = 6) -> bytes:
    return random.Random(seed).randbytes(size)


def long_paragraph(megabytes: int = 4) -> bytes:
    """One paragraph of several megabytes: words, commas, no line break."""
    words = "the contractor shall provide data, maintenance and the city may audit".split()
    rng = random.Random(7)
    out: list[str] = []
    size = 0
    while size < megabytes << 20:
        word = rng.choice(words)
        out.append(word)
        size += len(word) + 1
    return (" ".join(out) + ".\n").encode()


def long_word(megabytes: int = 4) -> bytes:
    """Several megabytes without a space or a line break."""
    return b"a" * (megabytes << 20) + b"\n"


# --------------------------------------------------------------------------------------- cases

Builder = Callable[[], bytes]


@dataclass(frozen=True)
class Case:
    """One hostile input: its file name, how to build it, and what pppcheck must say.

    `error` is a regular expression the one-line message must match (searched, case-insensitive);
    None means the file must be audited normally (exit 0 or 1).
    """

    filename: str
    build: Builder
    error: str | None
    note: str = ""


def _truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def _html_deep() -> bytes:
    return b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>"


def _markdown_deep() -> bytes:
    quotes = ("> " * 50_000 + "deep quote\n").encode()
    lists = "".join("  " * n + "- item\n" for n in range(3000)).encode()
    return b"# Title\n\n" + quotes + b"\n" + lists


def _markdown_wide_table(columns: int = 2000, rows: int = 40, tables: int = 20) -> bytes:
    """Tables of `columns` columns whose rows are short: markdown-it fills in every cell."""
    header = "|" + "|".join(f"c{n}" for n in range(columns)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(columns)) + "|\n"
    body = "".join(f"| x{n} |\n" for n in range(rows))
    return ("# Table\n\n" + (header + rule + body + "\n") * tables).encode()


CASES: dict[str, Case] = {
    # DOCX
    "docx_empty": Case("empty.docx", lambda: b"", r"the file is empty"),
    "docx_not_a_zip": Case(
        "not-a-zip.docx",
        lambda: b"Document not found. The portal session has expired.\n",
        r"named \.docx but .*text",
        "a failed download saved under the document's name",
    ),
    "docx_random_bytes": Case("random.docx", random_bytes, r"binary data"),
    "docx_truncated_zip": Case(
        "truncated.docx", lambda: _truncated(good_docx()), r"damaged|truncated"
    ),
    "docx_without_document_xml": Case(
        "no-document.docx",
        lambda: write_zip([deflated("[Content_Types].xml", CONTENT_TYPES)]),
        r"without a Word document part",
    ),
    "docx_malformed_xml": Case(
        "malformed.docx",
        lambda: docx_with_document_xml(document_xml("<w:p><w:r><w:t>open")[:-20]),
        r"word/document\.xml is not well-formed XML",
    ),
    "docx_xxe": Case("xxe.docx", lambda: docx_with_document_xml(XXE), r"DOCTYPE"),
    "docx_xxe_late_doctype": Case(
        "xxe-late.docx", lambda: docx_with_document_xml(XXE_LATE), r"DOCTYPE"
    ),
    "docx_billion_laughs": Case(
        "laughs.docx", lambda: docx_with_document_xml(billion_laughs()), r"DOCTYPE"
    ),
    "docx_zip_bomb_declared": Case(
        "bomb-declared.docx", lambda: docx_zip_bomb(lie=False), r"zip bomb"
    ),
    "docx_zip_bomb_lying_size": Case(
        "bomb-lying.docx", lambda: docx_zip_bomb(lie=True), r"zip bomb|damaged"
    ),
    "docx_zip_bomb_ratio": Case("bomb-ratio.docx", docx_ratio_bomb, r"zip bomb"),
    "docx_many_members": Case("many-members.docx", zip_many_members, r"members"),
    "docx_deep_xml": Case("deep.docx", docx_deep_xml, r"more than 256 levels deep"),
    "docx_field_in_pieces": Case("field-pieces.docx", docx_field_pieces, None),
    "docx_encrypted": Case(
        "encrypted.docx",
        lambda: ole_file(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]),
        r"password-protected",
    ),
    "doc_legacy_word97": Case(
        "legacy.doc",
        lambda: ole_file(["WordDocument", "1Table", "\x05SummaryInformation"]),
        r"legacy Word 97-2003 \(\.doc\)",
    ),
    "doc_legacy_named_docx": Case(
        "legacy-renamed.docx",
        lambda: ole_file(["WordDocument", "1Table"]),
        r"legacy Word 97-2003 \(\.doc\)",
    ),
    "odt_mimetype_bomb": Case("bomb.odt", odt_mimetype_bomb, None, "only 256 bytes are read"),
    "odt_billion_laughs": Case(
        "laughs.odt",
        lambda: write_zip(
            [
                stored("mimetype", odtgen.MIMETYPE),
                deflated(
                    "content.xml",
                    billion_laughs(
                        "office:document-content",
                        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                        f'xmlns:w="{W_NS}"',
                    ),
                ),
            ]
        ),
        r"DOCTYPE",
    ),
    # PDF
    "pdf_empty": Case("empty.pdf", lambda: b"", r"the file is empty"),
    "pdf_not_a_pdf": Case(
        "not-a-pdf.pdf",
        lambda: b"<html><body>403 Forbidden</body></html>\n",
        r"named \.pdf but .*HTML",
    ),
    "pdf_random_bytes": Case("random.pdf", lambda: random_bytes(seed=8), r"binary data"),
    "pdf_truncated": Case(
        "truncated.pdf", lambda: _truncated(good_pdf(), 0.4), r"damaged|truncated"
    ),
    "pdf_header_only": Case("header-only.pdf", lambda: b"%PDF-1.7\n", r"damaged|truncated"),
    "pdf_user_password": Case(
        "user-password.pdf",
        lambda: good_pdf(user_password="secret"),
        r"encrypted with a password",
    ),
    "pdf_owner_password_only": Case(
        "owner-password.pdf", lambda: good_pdf(owner_password="owner"), None
    ),
    "pdf_scanned": Case("scanned.pdf", scanned_pdf, r"no extractable text.*OCR needed"),
    "pdf_empty_pages_inside": Case("some-empty-pages.pdf", pdf_with_empty_pages, None),
    "pdf_deep_arrays": Case("deep-arrays.pdf", pdf_deep_arrays, None),
    "pdf_deep_page_tree": Case(
        "deep-tree.pdf", pdf_deep_page_tree, r"no page of the PDF can be read"
    ),
    "pdf_reference_chain": Case("reference-chain.pdf", pdf_reference_chain, None),
    "pdf_reference_cycle": Case(
        "reference-cycle.pdf", pdf_reference_cycle, r"no page of the PDF can be read"
    ),
    "pdf_long_line": Case("long-line.pdf", pdf_long_line, None),
    "pdf_spaces_line": Case("spaces-line.pdf", pdf_spaces_line, None),
    "pdf_too_many_pages": Case(
        "too-many-pages.pdf", lambda: pdf_many_pages(5001), r"5001 pages, over the limit"
    ),
    "pdf_lying_page_count": Case("lying-count.pdf", pdf_lying_count, None),
    # Extensions that lie
    "pdf_named_docx": Case("really-a-pdf.docx", good_pdf, None),
    "docx_named_pdf": Case("really-a-docx.pdf", good_docx, None),
    "odt_named_docx": Case("really-an-odt.docx", good_odt, None),
    # Text
    "text_cp1252": Case(
        "cp1252.txt",
        lambda: (GOOD_TEXT + " Le titulaire doit publier les données à la Ville.\n").encode(
            "cp1252"
        ),
        None,
    ),
    "text_utf16_bom": Case(
        "utf16.txt", lambda: ("\ufeff" + GOOD_TEXT + "\n").encode("utf-16-le"), None
    ),
    "text_shift_jis": Case(
        "shift-jis.txt",
        lambda: ("契約者はデータを市に引き渡す。" * 50 + "\n").encode("shift_jis"),
        None,
    ),
    "text_random_binary": Case("random.txt", random_bytes, r"binary data|NUL bytes"),
    "text_long_paragraph": Case("long-paragraph.txt", long_paragraph, None),
    "text_long_word": Case("long-word.md", long_word, None),
    "html_deep_nesting": Case(
        "deep.html", _html_deep, r"no text to audit \(the HTML could not be read past line 1"
    ),
    "markdown_deep_nesting": Case("deep.md", _markdown_deep, None),
    "markdown_wide_table": Case("wide-table.md", _markdown_wide_table, None),
    "markdown_one_wide_table": Case(  # the fuzzer's hang: 42,000 cells, 15 kB
        "one-wide-table.md", lambda: _markdown_wide_table(rows=20, tables=1), None
    ),
    "image_named_pdf": Case(
        "photo.pdf", lambda: b"\x89PNG\r\n\x1a\n" + random_bytes(2000), r"PNG image"
    ),
}
"""Every hostile input, by name."""

GOOD: dict[str, Case] = {
    "good_docx": Case("good contract é.docx", good_docx, None),
    "good_markdown": Case("good notice ñ.md", lambda: f"# Notice\n\n{GOOD_TEXT}\n".encode(), None),
}
"""Two good documents (names with spaces and non-ASCII characters), for batch runs."""


def write_case(name: str, folder: Path) -> Path:
    """Write case `name` (from `CASES` or `GOOD`) into `folder`; return its path."""
    case = CASES.get(name) or GOOD[name]
    path = folder / case.filename
    path.write_bytes(case.build())
    return path


def write_all(folder: Path) -> dict[str, Path]:
    """Write every case into `folder`; return {name: path}."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: write_case(name, folder) for name in [*CASES, *GOOD]}


# --------------------------------------------------------------------------------------- packs

PACK_YAML = """\
id: hostile
version: "1"
title: A pack for hostile-input tests
themes:
  - id: data
    title: Data
vocabularies:
  city: [city, municipality]
"""

RULE_YAML = """\
id: H1
title: The city owns the data
theme: data
weight: 2
applies_to: all
met:
  all:
    - vocab: city
    - phrases: [property of]
    - regex: "data(sets?)?"
"""
"""A valid rule: every pack case changes one thing in it (or adds a file)."""


@dataclass(frozen=True)
class PackCase:
    """A broken rule pack: files written next to pack.yaml, and the expected error.

    `where` is the ``file:line`` the error must name; `message` a regular expression for the
    rest of the line (the key and what is wrong).
    """

    files: dict[str, str | bytes]
    where: str
    message: str


def _rule(old: str, new: str) -> dict[str, str | bytes]:
    assert old in RULE_YAML, old
    return {"rule.yaml": RULE_YAML.replace(old, new)}


def _alias_bomb() -> str:
    items = ["    - &m0 {phrases: [data]}"]
    for level in range(1, 9):
        refs = ", ".join([f"*m{level - 1}"] * 10)
        items.append(f"    - &m{level} {{any: [{refs}]}}")
    return "id: H9\ntitle: t\ntheme: data\nmet:\n  any:\n" + "\n".join(items) + "\n"


PACK_CASES: dict[str, PackCase] = {
    "yaml_syntax_error": PackCase(
        _rule("title: The city owns the data", "title: [The city owns the data"),
        "rule.yaml:3",
        r"YAML: ",
    ),
    "unknown_key": PackCase(_rule("weight: 2", "wieght: 2"), "rule.yaml:4", r"wieght: unknown key"),
    "wrong_type": PackCase(
        _rule("weight: 2", "weight: heavy"), "rule.yaml:4", r"weight: Input should be a valid"
    ),
    "wrong_type_nested": PackCase(
        _rule("    - phrases: [property of]", "    - phrases: 12"),
        "rule.yaml:9",
        r"met\.all\[1\]\.phrases: ",
    ),
    "duplicate_id": PackCase(
        {"rule.yaml": RULE_YAML, "rule2.yaml": RULE_YAML},
        "rule2.yaml:1",
        r"id: duplicate rule id H1 \(first defined at .*rule\.yaml:1\)",
    ),
    "duplicate_key": PackCase(
        _rule("weight: 2", "weight: 2\nweight: 3"), "rule.yaml:5", r"YAML: duplicate key 'weight'"
    ),
    "python_object_tag": PackCase(
        _rule("weight: 2", 'weight: !!python/object/apply:os.system ["touch PWNED"]'),
        "rule.yaml:4",
        r"YAML: unsupported YAML tag .*python/object/apply:os\.system.*only plain data",
    ),
    "python_name_tag": PackCase(
        _rule("title: The city owns the data", "title: !!python/name:os.system"),
        "rule.yaml:2",
        r"YAML: unsupported YAML tag .*python/name:os\.system",
    ),
    "backreference_regex": PackCase(
        _rule('regex: "data(sets?)?"', 'regex: "(a+)+\\\\1"'),
        "rule.yaml:10",
        r"met\.all\[2\]\.regex: invalid RE2 regular expression",
    ),
    "lookahead_regex": PackCase(
        _rule('regex: "data(sets?)?"', 'regex: "data(?=sets)"'),
        "rule.yaml:10",
        r"met\.all\[2\]\.regex: invalid RE2 regular expression",
    ),
    "oversized_regex": PackCase(
        _rule('regex: "data(sets?)?"', 'regex: "((a|b|c){1000}){1000}"'),
        "rule.yaml:10",
        r"met\.all\[2\]\.regex: invalid RE2 regular expression",
    ),
    "unknown_theme": PackCase(
        _rule("theme: data", "theme: daat"), "rule.yaml:3", r"theme: unknown theme 'daat'"
    ),
    "unknown_profile": PackCase(
        _rule("applies_to: all", "applies_to: digitl"),
        "rule.yaml:5",
        r"applies_to: unknown profile 'digitl'",
    ),
    "unknown_vocabulary": PackCase(
        _rule("- vocab: city", "- vocab: towns"),
        "rule.yaml:8",
        r"met\.all\[0\]\.vocab: unknown vocabulary 'towns'",
    ),
    "alias_bomb": PackCase({"rule.yaml": _alias_bomb()}, "rule.yaml:1", r"alias bomb"),
    "alias_cycle": PackCase(
        {"rule.yaml": "id: H8\ntitle: t\ntheme: data\nmet: &loop {any: [*loop]}\n"},
        "rule.yaml:4",
        r"YAML: an alias refers to a node that contains it",
    ),
    "not_utf8": PackCase(
        {"rule.yaml": RULE_YAML.replace("owns", "possède").encode("latin-1")},
        "rule.yaml:1",
        r"not UTF-8 text",
    ),
    "not_a_mapping": PackCase(
        {"rule.yaml": "- id: H1\n- id: H2\n"}, "rule.yaml:1", r"a rule file must be a mapping"
    ),
    "empty_rule_file": PackCase({"rule.yaml": ""}, "rule.yaml:1", r"empty rule file"),
    "deep_nesting": PackCase(
        {"rule.yaml": RULE_YAML + "tags: " + "[" * 5000 + "]" * 5000 + "\n"},
        "rule.yaml:11",
        r"YAML: exceeded maximum nesting depth",
    ),
}
"""Every broken-pack case, by name."""


def write_pack(name: str, folder: Path) -> Path:
    """Write pack case `name` into `folder` (created); return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    for file, content in PACK_CASES[name].files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / file).write_bytes(data)
    return folder


def write_good_pack(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    (folder / "rule.yaml").write_text(RULE_YAML, encoding="utf-8")
    return folder
