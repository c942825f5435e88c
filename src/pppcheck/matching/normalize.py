"""Text normalisation shared by phrases and documents: lower case, no accents, no hyphens.

The transformation maps every character to exactly one character, so an offset in the
normalised text is the same offset in the original: matching runs on the normalised text and
quotes come from the original without any offset bookkeeping. It is one `str.translate` call
(C speed) with a table built once for the Latin, Greek and Cyrillic ranges and punctuation.

Hyphens and dashes become spaces so that "open-source", "open source" and "sous-traitant"/
"sous traitant" match alike; typographic apostrophes and quotes become their ASCII forms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\ufe63\uff0d"
_APOSTROPHES = "\u2019\u2018\u02bc\u00b4\u0060\u2032\u201b"
_QUOTES = "\u201c\u201d\u00ab\u00bb\u201e\u201f\u2033"
# Newline is left alone: the index separates sentences with it.
_SPACES = "\u00a0\u202f\u205f\u3000\t\r\f\v" + "".join(chr(c) for c in range(0x2000, 0x200B))


def _fold(char: str) -> str:
    """One character → one lower-case, accent-free character (itself when that fails)."""
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    base = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    return base if len(base) == 1 else lower


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20, 0x0530):
        char = chr(code)
        folded = _fold(char)
        if folded != char:
            table[code] = folded
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional (Vietnamese etc.)
        folded = _fold(chr(code))
        if folded != chr(code):
            table[code] = folded
    for char in _DASHES:
        table[ord(char)] = " "
    for char in _APOSTROPHES:
        table[ord(char)] = "'"
    for char in _QUOTES:
        table[ord(char)] = '"'
    for char in _SPACES:
        table[ord(char)] = " "
    table[ord("\u0130")] = "i"  # Turkish dotted capital I lower-cases to two characters
    return table


@lru_cache(maxsize=1)
def _latin1() -> tuple[bytes, dict[str, str]]:
    """The table restricted to Latin-1 as a 256-byte table, and the Latin-1 characters whose
    normalised form is outside Latin-1 ("µ" → Greek "μ"), fixed after the byte pass."""
    table = _table()
    data = bytearray(range(256))
    outside: dict[str, str] = {}
    for code in range(256):
        folded = table.get(code, chr(code))
        if ord(folded) < 256:
            data[code] = ord(folded)
        else:
            outside[chr(code)] = folded
    return bytes(data), outside


_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


def normalize(text: str) -> str:
    """Length-preserving normalisation used on document text.

    `str.translate` with a dict reads the table once per character as soon as the text holds
    one non-ASCII character (about 0.1 s for a 500-page tender). Tender text is Latin-1 but
    for a few typographic characters (’ – “ ” …): those are normalised one by one, the rest
    goes through `bytes.translate` with a 256-byte table (C speed). Text beyond Latin-1
    (Greek, Cyrillic...) takes the general path. Same result either way.
    """
    if text.isascii():
        return text.translate(_table())
    table = _table()
    latin1 = _BEYOND_LATIN1.sub(lambda m: table.get(ord(m.group()), m.group()), text)
    try:
        data = latin1.encode("latin-1")
    except UnicodeEncodeError:
        return text.translate(table)
    byte_table, outside = _latin1()
    folded = data.translate(byte_table).decode("latin-1")
    for char, replacement in outside.items():
        if char in text:
            folded = folded.replace(char, replacement)
    return folded


def normalize_phrase(phrase: str) -> str:
    """Normalisation for pack phrases: as for text, then trimmed with single spaces."""
    return " ".join(normalize(phrase).split())


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"
