"""A tiny PDF writer for tests: exact control over text positions, fonts, rules and encryption.

Test PDFs are built from code rather than stored as binary fixtures so that every test says, in
readable Python, what the page holds (a 16 pt bold heading at y=760, a ruled 3x2 table...), and
so that edge cases real producers rarely combine (an owner-password-only file, a scan without a
text layer, a line-end hyphen) are one call away. It writes the standard 14 fonts with
WinAnsiEncoding (no embedding), so the text must be representable in cp1252.

Encryption implements the PDF "Standard" security handler, revision 2 (40-bit RC4): enough for
pdfium to ask for a password exactly as it does for real protected tenders, without needing
qpdf or pikepdf in the test environment.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

FONTS = {
    "F1": "Helvetica",
    "F2": "Helvetica-Bold",
    "F3": "Times-Roman",
    "F4": "Times-Bold",
}
REGULAR = "F1"
BOLD = "F2"

_PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = hashlib.md5(b"pppcheck test pdf").digest()


@dataclass
class Page:
    """One page: text runs and vector rules, in content-stream order."""

    width: float = 595.0
    height: float = 842.0
    ops: list[str] = field(default_factory=list)
    image: bool = False

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 11.0,
        font: str = REGULAR,
        *,
        matrix_scale: bool = False,
    ) -> Page:
        """Draw `text` with its baseline at (x, y).

        With `matrix_scale` the size goes into the text matrix and the font size is 1, as some
        producers (Adobe, InDesign) write it: the parser must read the effective size.
        """
        if matrix_scale:
            head = f"/{font} 1 Tf {size:g} 0 0 {size:g} {x:g} {y:g} Tm"
        else:
            head = f"/{font} {size:g} Tf 1 0 0 1 {x:g} {y:g} Tm"
        self.ops.append(f"BT {head} ({_escape(text)}) Tj ET")
        return self

    def lines(
        self,
        x: float,
        y: float,
        texts: Sequence[str],
        size: float = 11.0,
        leading: float = 14.0,
        font: str = REGULAR,
    ) -> float:
        """Draw consecutive lines going down the page; return the y of the next free line."""
        for text in texts:
            self.text(x, y, text, size, font)
            y -= leading
        return y

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.8) -> Page:
        """Draw a straight stroked line (a table ruling)."""
        self.ops.append(f"{width:g} w {x1:g} {y1:g} m {x2:g} {y2:g} l S")
        return self

    def grid(
        self, x: float, top: float, col_widths: Sequence[float], rows: int, row_h: float
    ) -> None:
        """Draw the rulings of a table of `rows` rows whose top-left corner is (x, top)."""
        right = x + sum(col_widths)
        for r in range(rows + 1):
            self.rule(x, top - r * row_h, right, top - r * row_h)
        cx = x
        for w in [0.0, *col_widths]:
            cx += w
            self.rule(cx, top, cx, top - rows * row_h)


def _escape(text: str) -> str:
    raw = text.encode("cp1252").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _pad(password: str) -> bytes:
    return (password.encode("latin-1") + _PASSWORD_PAD)[:32]


@dataclass
class _Security:
    """Standard security handler, R2: the keys and the /Encrypt dictionary."""

    user: str
    owner: str
    permissions: int = -3904  # nothing allowed beyond viewing

    def __post_init__(self) -> None:
        owner_key = hashlib.md5(_pad(self.owner or self.user)).digest()[:5]
        self.o_value = _rc4(owner_key, _pad(self.user))
        digest = hashlib.md5(
            _pad(self.user) + self.o_value + struct.pack("<i", self.permissions) + _FILE_ID
        )
        self.key = digest.digest()[:5]
        self.u_value = _rc4(self.key, _PASSWORD_PAD)

    def encrypt(self, num: int, data: bytes) -> bytes:
        obj_key = hashlib.md5(self.key + num.to_bytes(3, "little") + b"\x00\x00").digest()[:10]
        return _rc4(obj_key, data)

    def dictionary(self) -> bytes:
        return (
            f"<< /Filter /Standard /V 1 /R 2 /O <{self.o_value.hex()}> "
            f"/U <{self.u_value.hex()}> /P {self.permissions} >>"
        ).encode()


def build_pdf(
    pages: Sequence[Page],
    *,
    title: str | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
    compress: bool = True,
) -> bytes:
    """Serialise `pages` into a complete PDF file (optionally encrypted)."""
    security = None
    if user_password is not None or owner_password is not None:
        security = _Security(user_password or "", owner_password or "")
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(num_hint: int, payload: bytes, extra: str = "") -> bytes:
        data = zlib.compress(payload) if compress else payload
        filt = " /Filter /FlateDecode" if compress else ""
        if security is not None:
            data = security.encrypt(num_hint, data)
        head = f"<< /Length {len(data)}{filt}{extra} >>\nstream\n".encode()
        return head + data + b"\nendstream"

    catalog = add(b"")
    pages_obj = add(b"")
    font_ids = {
        name: add(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} "
            f"/Encoding /WinAnsiEncoding >>".encode()
        )
        for name, base in FONTS.items()
    }
    fonts = " ".join(f"/{name} {num} 0 R" for name, num in font_ids.items())
    kids: list[int] = []
    for page in pages:
        content = "\n".join(page.ops)
        xobjects = ""
        if page.image:
            num = len(objects) + 1
            pixels = bytes([200, 60, 120, 30] * 16)
            image = add(
                stream(
                    num,
                    pixels,
                    " /Type /XObject /Subtype /Image /Width 8 "
                    "/Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8",
                )
            )
            xobjects = f" /XObject << /Im1 {image} 0 R >>"
            content = (
                f"q {page.width - 80:g} 0 0 {page.height - 80:g} 40 40 cm /Im1 Do Q\n" + content
            )
        num = len(objects) + 1
        content_id = add(stream(num, content.encode("latin-1")))
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {page.width:g} "
                f"{page.height:g}] /Resources << /Font << {fonts} >>{xobjects} >> "
                f"/Contents {content_id} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    kid_refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode()
    info = None
    if title is not None:
        raw_title = title.encode("utf-16-be")
        raw_title = b"\xfe\xff" + raw_title
        num = len(objects) + 1
        if security is not None:
            raw_title = security.encrypt(num, raw_title)
        info = add(f"<< /Title <{raw_title.hex()}> >>".encode())
    encrypt = add(security.dictionary()) if security is not None else None
    return _serialise(objects, catalog, info, encrypt)


def _serialise(objects: list[bytes], root: int, info: int | None, encrypt: int | None) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = (
        f"<< /Size {len(objects) + 1} /Root {root} 0 R /ID [<{_FILE_ID.hex()}> <{_FILE_ID.hex()}>]"
    )
    if info is not None:
        trailer += f" /Info {info} 0 R"
    if encrypt is not None:
        trailer += f" /Encrypt {encrypt} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
