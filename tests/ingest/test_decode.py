"""Byte decoding shared by the Markdown, text and HTML parsers."""

from __future__ import annotations

import codecs
import random

import pytest

from pppcheck.errors import UnsupportedFormatError
from pppcheck.ingest.decode import decode_bytes
from pppcheck.limits import DEFAULT_LIMITS, Limits

FRENCH = "ARTICLE 5 – DURÉE\n\nLe titulaire s’engage à restituer les données à l’échéance.\n"
SPANISH = "Artículo 3. Objeto\n\nEl contratista deberá entregar la información del año.\n"


def test_utf8_without_bom_is_read_silently() -> None:
    out = decode_bytes(FRENCH.encode("utf-8"), DEFAULT_LIMITS)
    assert (out.text, out.encoding, out.warnings) == (FRENCH, "utf-8", [])


def test_utf8_bom_is_removed_without_warning() -> None:
    out = decode_bytes(codecs.BOM_UTF8 + FRENCH.encode("utf-8"), DEFAULT_LIMITS)
    assert (out.text, out.encoding, out.warnings) == (FRENCH, "utf-8", [])


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks_choose_the_encoding(bom: bytes, codec: str) -> None:
    out = decode_bytes(bom + FRENCH.encode(codec), DEFAULT_LIMITS)
    assert (out.text, out.encoding, out.warnings) == (FRENCH, codec, [])


def test_truncated_utf16_is_repaired_with_a_warning() -> None:
    data = codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le") + b"\x41"  # half a code unit
    out = decode_bytes(data, DEFAULT_LIMITS)
    assert out.text.startswith(FRENCH)
    assert out.text.endswith("\ufffd")
    assert len(out.warnings) == 1 and "utf-16-le" in out.warnings[0]


@pytest.mark.parametrize("text", [FRENCH, SPANISH])
def test_cp1252_is_detected_and_reported(text: str) -> None:
    # charset-normalizer alone answers cp1250 here, which turns "à" into "ŕ".
    out = decode_bytes(text.encode("cp1252"), DEFAULT_LIMITS)
    assert out.text == text
    assert out.encoding == "cp1252"
    assert out.warnings == [
        "the text is not UTF-8; decoded as cp1252 (guessed, accents may be wrong)"
    ]


def test_central_european_cp1250_is_not_forced_to_cp1252() -> None:
    text = "Zadavatel požaduje, aby dodavatel předal veškerá data. Úřad města Brna, Žádost.\n"
    out = decode_bytes(text.encode("cp1250"), DEFAULT_LIMITS)
    assert out.text == text
    assert out.encoding == "cp1250"


def test_declared_charset_is_used_when_it_decodes() -> None:
    data = "Données".encode("latin-1")
    out = decode_bytes(data, DEFAULT_LIMITS, declared="ISO-8859-1")
    assert (out.text, out.encoding, out.warnings) == ("Données", "iso8859-1", [])


def test_a_lying_declaration_falls_back_to_detection() -> None:
    out = decode_bytes(FRENCH.encode("utf-8"), DEFAULT_LIMITS, declared="us-ascii")
    assert (out.text, out.encoding) == (FRENCH, "utf-8")
    out = decode_bytes(FRENCH.encode("utf-8"), DEFAULT_LIMITS, declared="no-such-charset")
    assert out.text == FRENCH


def test_utf8_with_a_few_bad_bytes_stays_utf8() -> None:
    data = (FRENCH * 3).encode("utf-8") + b"\xff" + FRENCH.encode("utf-8")
    out = decode_bytes(data, DEFAULT_LIMITS)
    assert out.encoding == "utf-8"
    assert out.text == FRENCH * 3 + "\ufffd" + FRENCH
    assert out.warnings == ["the text is UTF-8 with 1 invalid byte(s), replaced by �"]


def test_nul_bytes_without_bom_are_binary() -> None:
    with pytest.raises(UnsupportedFormatError, match="NUL bytes"):
        decode_bytes(b"plain text\x00\x00 then more", DEFAULT_LIMITS)


def test_random_binary_is_refused() -> None:
    rng = random.Random(1)
    data = bytes(rng.randrange(256) for _ in range(20_000))
    with pytest.raises(UnsupportedFormatError):
        decode_bytes(data, DEFAULT_LIMITS)


def test_control_characters_without_nul_are_refused() -> None:
    rng = random.Random(2)
    data = bytes(rng.choice([1, 2, 3, 4, 5, 6, 0x41, 0x42]) for _ in range(5000))
    with pytest.raises(UnsupportedFormatError, match="binary"):
        decode_bytes(data, DEFAULT_LIMITS)


def test_max_chars_truncates_with_a_warning() -> None:
    out = decode_bytes(b"abcdefghij" * 10, Limits(max_chars=25))
    assert out.text == "abcdefghijabcdefghijabcde"
    assert out.warnings == ["only the first 25 characters were read (the max_chars limit)"]
