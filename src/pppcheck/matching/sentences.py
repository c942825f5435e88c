"""Split block text into sentences: the unit every matcher reports and every quote shows.

One linear regex scan per block finds candidate boundaries (terminal punctuation followed by
space and a capital, digit, quote or bullet); a candidate is rejected when the word before the
dot is a known abbreviation ("art.", "n°", "e.g.", "U.S.") or a single initial. Semicolons do
not end sentences: in legal enumerations the binding verb usually sits in the first clause.
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"[.!?](?:[\"'»”)\]]*)\s+(?=[\"'«“(\[]?[A-ZÀ-ÖØ-Þ0-9•▪\-–])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.?$")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "eg",
        "i.e",
        "ie",
        "etc",
        "art",
        "arts",
        "no",
        "nos",
        "nº",
        "n°",
        "nr",
        "num",
        "núm",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "vs",
        "cf",
        "p",
        "pp",
        "sec",
        "secs",
        "inc",
        "ltd",
        "co",
        "corp",
        "u.s",
        "u.s.c",
        "c.f.r",
        "cfr",
        "usc",
        "pub",
        "stat",
        "reg",
        "fed",
        "us",
        "u.k",
        "s.a",
        "sa",
        "s.l",
        "sl",
        "fig",
        "figs",
        "approx",
        "min",
        "max",
        "ref",
        "refs",
        "al",
        "ibid",
        "vol",
        "vols",
        "ch",
        "chap",
        "para",
        "paras",
        "sr",
        "sra",
        "srta",
        "dña",
        "apdo",
        "ord",
        "cap",
        "ca",
        "c",
        "ss",
        "seq",
        "op",
        "cit",
        "resp",
        "env",
        "dept",
        "div",
        "est",
        "mme",
        "mlle",
        "m",
        "me",
        "av",
        "bd",
        "vol",
        "t",
        "tél",
        "tel",
        "ext",
        "hr",
        "hrs",
    ]
)
MAX_SENTENCE = 2000
"""Longer runs without punctuation (tables flattened into one line) are cut into pieces."""


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of `text`, covering all non-space text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + 1
        if _is_abbreviation(text, match.start()):
            continue
        if end - start >= 2:
            _append(spans, text, start, end)
            start = match.end()
    if start < len(text):
        _append(spans, text, start, len(text))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():  # initials ("J. Smith") and "a." enumerations
        return True
    if word.replace(".", "").isdigit():  # "2.3." clause numbers, or "1." opening a block
        return "." in word or match.start() <= 2
    return False


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        spans.append((start, cut))
        start = cut + 1 if text[cut : cut + 1] == " " else cut
    if end > start:
        spans.append((start, end))
