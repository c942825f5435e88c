"""Recognise numbered bold "pseudo-headings" in word-processor files that lack heading styles.

Many tenders are typed with direct formatting: "ARTICLE 5 – DURÉE DU MARCHÉ" or "7.2 Data
ownership" in bold Normal text. Without heading structure every clause would sit in no section,
and reports could not say "§7.2". The rule is deliberately narrow so that ordinary bold sentences
("The contractor shall not subcontract.") stay paragraphs: the paragraph must be short, entirely
bold (checked by the caller, which knows the formatting), must *start with a clause label* or be
auto-numbered, and must not end like a sentence.

The level comes from the label: "2.3.1" is level 3, "CHAPITRE II" level 1, "Article 5" level 1,
or level 2 once a chapter-like label has been seen, "I." level 1, "A." level 1, or level 2 after a
Roman-numbered heading. The classifier is stateful for that reason: one instance per document.
"""

from __future__ import annotations

import re
from typing import Final

MAX_WORDS: Final = 15
MAX_CHARS: Final = 200
_SENTENCE_END: Final = (".", ";", ",", ":")
_NUMBER: Final = (
    r"(?:\d{1,3}(?:\.\d{1,3})*|(?-i:[IVXLCDM]{1,7}|[A-Z])|premi[eè]re?|1er|unique|único|única)"
)
_CHAPTER_WORDS: Final = (
    r"part|partie|parte|teil|title|titre|t[íi]tulo|titel|chapter|chapitre|cap[íi]tulo|kapitel"
    r"|hoofdstuk|book|livre|libro"
)
_ARTICLE_WORDS: Final = (
    r"article|art[íi]culo|artigo|artikel|articolo|section|secci[óo]n|se[çc][ãa]o|abschnitt"
    r"|clause|cl[áa]usula|annex|annexe|anexo|anhang|appendix|schedule|lot|item|§"
)
_WORD_LABEL: Final = re.compile(
    rf"^(?:(?P<chapter>{_CHAPTER_WORDS})|(?P<article>{_ARTICLE_WORDS}))\.?\s*{_NUMBER}"
    r"(?:$|[\s.:)\-–—])",
    re.IGNORECASE,
)
_DOTTED: Final = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?(?:\s+|$)")
_LETTERED: Final = re.compile(r"^[A-Z]\.(\d{1,3}(?:\.\d{1,3})*)\.?(?:\s+|$)")
_SIMPLE: Final = re.compile(r"^(\d{1,2})[.)]\s*\S")
_BARE: Final = re.compile(r"^(\d{1,2})\s+[A-ZÀ-ÝΑ-Ω]")
_ROMAN: Final = re.compile(
    r"^(M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))[.)\-–—]\s*\S"
)
_ROMAN_VALUES: Final = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_LETTER: Final = re.compile(r"^([A-Z])[.)]\s+\S")


def looks_like_heading_text(text: str) -> bool:
    """Short, not a sentence, with at least one letter: the shape of a heading."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_CHARS or stripped.endswith(_SENTENCE_END):
        return False
    if len(stripped.split()) > MAX_WORDS:
        return False
    return any(ch.isalpha() for ch in stripped)


class PseudoHeadings:
    """Stateful detector of numbered bold pseudo-headings; one instance per document."""

    def __init__(self) -> None:
        self._seen_chapter = False
        self._seen_roman = False
        self._last_roman = 0
        self._offset = 0

    def observe(self, text: str, level: int) -> None:
        """Learn from a styled heading how numeric labels map to levels in this document.

        Some documents style "1.1 Purpose" as Heading 3 (the title is Heading 1): then a bold
        "2.2 Expectations" typed without the style belongs at level 3 too, not 2.
        """
        depth = numeric_depth(text.strip())
        if depth is not None:
            self._offset = max(0, level - depth)

    def level(self, text: str, *, bold: bool, numbered_level: int | None = None) -> int | None:
        """Heading level of a paragraph, or None when it is not a pseudo-heading.

        `text` excludes any automatic numbering label; `numbered_level` is the list level + 1
        when the paragraph carries Word/ODF automatic numbering with a visible number.
        """
        if not bold or not looks_like_heading_text(text):
            return None
        if numbered_level is not None:
            return numbered_level
        return self._label_level(text.strip())

    def _label_level(self, text: str) -> int | None:
        word = _WORD_LABEL.match(text)
        if word:
            if word.group("chapter"):
                self._seen_chapter = True
                return 1
            return 2 if self._seen_chapter else 1
        depth = numeric_depth(text)
        if depth is not None:
            return min(depth + self._offset, 9)
        roman = _ROMAN.match(text)
        if roman and roman.group(1) and self._is_roman(roman.group(1)):
            self._seen_roman = True
            self._last_roman = roman_value(roman.group(1))
            return 1
        if _LETTER.match(text):
            return 2 if self._seen_roman else 1
        return None

    def _is_roman(self, numeral: str) -> bool:
        """ "C." is a letter after "B.", a numeral only after "XCIX."; "I" starts a Roman list."""
        if len(numeral) > 1 or numeral == "I":
            return True
        return roman_value(numeral) == self._last_roman + 1


def numeric_depth(text: str) -> int | None:
    """Depth of a leading numeric clause label: "7" and "7.0" are 1, "7.2" is 2, "7.2.1" 3."""
    dotted = _DOTTED.match(text)
    if dotted:
        parts = dotted.group(1).split(".")
        while len(parts) > 1 and parts[-1].strip("0") == "":
            parts.pop()
        return len(parts)
    if _SIMPLE.match(text) or _BARE.match(text):
        return 1
    lettered = _LETTERED.match(text)  # "L.8" under "SECTION L" (US federal solicitations)
    if lettered:
        return lettered.group(1).count(".") + 2
    return None


def roman_value(numeral: str) -> int:
    """Value of a well-formed Roman numeral (subtractive pairs handled)."""
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total
