"""Bytes to text for the text-based formats (Markdown, plain text, HTML).

Tenders arrive in every encoding an office has used in thirty years: UTF-8 with and without a
byte-order mark, UTF-16 from Windows "Unicode text" exports, and cp1252/latin-1 from older
systems. The rule is: a byte-order mark or a declared charset wins, then strict UTF-8, then a
guess by charset-normalizer. Bad bytes are replaced, never fatal, and every guess or repair is
reported as a warning so that a reviewer knows the text may contain mis-decoded characters.

charset-normalizer often cannot tell cp1250 or Mac Latin-2 from cp1252 on short Western
European text (all decode "à" without errors; the others yield "ŕ" or "…"). Its least
chaotic candidates are therefore re-ranked in favour of cp1252, the legacy encoding of the
languages pppcheck's catalogue covers (see `_choose`).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from pppcheck.errors import UnsupportedFormatError
from pppcheck.limits import Limits

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ASCII_BYTES = bytes(range(128))
_WESTERN = frozenset({"cp1252", "iso8859_15", "latin_1", "iso8859_1"})
_LEGACY_FAMILIES = ("cp125", "iso8859", "latin", "koi8")
_CHAOS_MARGIN = 0.02
_COHERENCE_MARGIN = 0.03
_CONTROLS = [chr(c) for c in range(32) if c not in (9, 10, 12, 13)] + ["\x7f", "\ufffd"]
_BINARY_SHARE = 0.01  # more control characters than this means the bytes are not text
_BINARY_MIN = 8
_UTF8_REPAIR_RATIO = 4  # valid non-ASCII characters needed per invalid byte to keep UTF-8
_BINARY_HINT = "pppcheck reads DOCX, PDF, ODT, HTML, Markdown and plain text"


@dataclass(slots=True)
class Decoded:
    """Decoded text, the encoding used and the warnings to pass on to the report."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, limits: Limits, declared: str | None = None) -> Decoded:
    """Decode `data`; `declared` is a charset named by the document itself (HTML meta)."""
    result = _decode(data, declared)
    _reject_binary(result.text)
    if len(result.text) > limits.max_chars:
        result.text = result.text[: limits.max_chars]
        result.warnings.append(
            f"only the first {limits.max_chars:,} characters were read (the max_chars limit)"
        )
    return result


def _decode(data: bytes, declared: str | None) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data[len(bom) :], encoding, why="byte-order mark")
    if b"\x00" in data:
        # Text without a BOM never contains NUL bytes; UTF-16 without a BOM is not supported.
        raise UnsupportedFormatError(
            "the file contains NUL bytes: binary data, or UTF-16 text without a byte-order mark",
            hint=_BINARY_HINT,
        )
    if declared:
        known = _codec_name(declared)
        if known is not None:
            try:
                return Decoded(data.decode(known), known)
            except UnicodeDecodeError:
                pass  # the declaration lies (common with copied templates): detect instead
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    return _guess(data)


def _decode_with(payload: bytes, encoding: str, *, why: str) -> Decoded:
    text = payload.decode(encoding, errors="replace")
    out = Decoded(text, encoding)
    bad = text.count("\ufffd")
    if bad:
        out.warnings.append(
            f"{encoding} (from the {why}): {bad} undecodable byte sequence(s) replaced by �"
        )
    return out


def _mostly_utf8(data: bytes) -> Decoded | None:
    """A UTF-8 file with a few stray bytes stays UTF-8: guessing would garble all its accents."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(data.translate(None, _ASCII_BYTES))
    valid = non_ascii - bad  # bytes of valid multi-byte sequences (≥ 2 per character)
    if bad <= 0 or valid < _UTF8_REPAIR_RATIO * 2 * bad:
        return None
    return Decoded(
        text,
        "utf-8",
        [f"the text is UTF-8 with {bad} invalid byte(s), replaced by �"],
    )


def _guess(data: bytes) -> Decoded:
    candidates = [
        (m.encoding, m.chaos, m.coherence, m.could_be_from_charset) for m in from_bytes(data)
    ]
    if not candidates:
        raise UnsupportedFormatError(
            "the file is not text in any known encoding (binary data?)", hint=_BINARY_HINT
        )
    encoding = _choose(candidates, _decodes(data, "cp1252"))
    return Decoded(
        data.decode(encoding, errors="replace"),
        encoding,
        [f"the text is not UTF-8; decoded as {encoding} (guessed, accents may be wrong)"],
    )


def _choose(candidates: list[tuple[str, float, float, list[str]]], cp1252_ok: bool) -> str:
    """Pick among charset-normalizer's (encoding, chaos, coherence, aliases) candidates.

    Only the least chaotic candidates compete. cp1252 wins among them unless another Windows or
    ISO code page is clearly more coherent (Czech in cp1250): on short texts coherence is noise,
    and Mac or DOS code pages are never preferred to it.
    """
    least = min(chaos for _, chaos, _, _ in candidates)
    pool = [c for c in candidates if c[1] <= least + _CHAOS_MARGIN]
    western = next((c for c in pool if _WESTERN & {c[0], *c[3]}), None)
    if western is not None and cp1252_ok:
        rivals = [
            c
            for c in pool
            if c[0].startswith(_LEGACY_FAMILIES) and c[2] >= western[2] + _COHERENCE_MARGIN
        ]
        if not rivals:
            return "cp1252"
        return max(rivals, key=lambda c: c[2])[0]
    legacy = [c for c in pool if c[0].startswith(_LEGACY_FAMILIES)]
    return max(legacy or pool, key=lambda c: c[2])[0]


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().strip("'\"")).name
    except LookupError:
        return None


def _reject_binary(text: str) -> None:
    """Many control characters mean binary data that slipped past the format sniffer."""
    if not text:
        return
    controls = sum(text.count(c) for c in _CONTROLS)
    if controls > max(_BINARY_MIN, len(text) * _BINARY_SHARE):
        raise UnsupportedFormatError("the file is binary data, not text", hint=_BINARY_HINT)
