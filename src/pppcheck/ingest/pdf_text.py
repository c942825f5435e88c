"""Text-only heuristics of the PDF parser: patterns, de-hyphenation, fake bold, titles.

Everything here works on strings, never on pdfium objects, so that it can be tested directly and
shared by the page reader (`pdf_page`) and the layout stage (`pdf_layout`). The patterns cover
the languages of the corpus (English, French, Spanish, Portuguese, Dutch, German).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

SOFT_HYPHENS = "\ufffe\x02"
"""What pdfium leaves where a line ended with a hyphen it joined (it also removes the break)."""

# Bullet glyphs, including the private-use code points of the Symbol and Wingdings fonts that
# Word uses for its default bullets (U+F0B7 is the usual "•", U+F0A7 the square, U+F0D8 the arrow).
_SYMBOL_BULLETS = (
    "•◦▪▫‣⁃●○■□◆◇►▸▹➢➤➔→✓✔✗❖·"
    "\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf0a8\uf0e0\uf06e\uf0de\uf0f0\uf09f\uf0d9"
)
_DASH_BULLETS = "-–—*"
BULLET = re.compile(
    rf"^(?:[{_SYMBOL_BULLETS}]\s*|[{_DASH_BULLETS}§Ø]\s+|o\s+(?=[A-ZÀ-Ý]))(?=\S)"
)  # Word's "o" (Courier New) and "§"/"Ø" (Wingdings squares and arrows read as Latin-1)
ENUMERATION = re.compile(
    r"^(?:\(?[a-z]\)|[a-z]\.|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)[.)]|\(\d{1,3}\)|\d{1,3}[.)])\s+(?=\S)"
)
MULTI_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,5})\.?(?=\s|$)")
SINGLE_NUMBER = re.compile(r"^(\d{1,2})(?:[.)]|(?=\s+\S))(?=\s|$)")
ROMAN_NUMBER = re.compile(r"^(?=[IVXLC])[IVXLC]{1,6}(?:[.)]|\s*[-–—])(?=\s|$)")
LETTER_NUMBER = re.compile(r"^[A-H][.)](?=\s|$)")
_STARTS_TEXT = r"(?=\s+\S)"  # in BLOCK_START a label must be followed by text: "C." alone continues
KEYWORD_HEADING = re.compile(
    r"^(?P<word>(?i:article|art\.|artículo|artigo|artikel|chapitre|chapter|capítulo|capitulo|"
    r"hoofdstuk|kapitel|titre|título|titulo|partie|part|section|sección|seccion|secção|secao|"
    r"annexe|annex|anexo|bijlage|anlage|appendix))"
    r"\s+(?P<num>\d{1,3}(?:\.\d{1,3})*(?:er|ère|º|°)?|[IVXLC]{1,6}|[A-Z]|(?i:premier|première|unique))"
    r"(?=\s*(?:[-–—:.)]|$)|\s+[A-ZÀ-Ý])"
)
_TIER_OF_WORD = {
    "partie": 0, "part": 0, "titre": 0, "título": 0, "titulo": 0,
    "chapitre": 1, "chapter": 1, "capítulo": 1, "capitulo": 1, "hoofdstuk": 1, "kapitel": 1,
    "section": 1, "sección": 1, "seccion": 1, "secção": 1, "secao": 1,
    "annexe": 1, "annex": 1, "anexo": 1, "bijlage": 1, "anlage": 1, "appendix": 1,
}  # fmt: skip
ARTICLE_TIER = 2

BLOCK_START = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern in (BULLET, ENUMERATION, MULTI_NUMBER))
    + f"|(?:{ROMAN_NUMBER.pattern}{_STARTS_TEXT})|(?:{LETTER_NUMBER.pattern}{_STARTS_TEXT})"
    + f"|{KEYWORD_HEADING.pattern}"
)
"""Any line opening that starts a new block whatever the spacing: bullets, numbers, ARTICLE 5."""

DOT_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}|(?:_\s?){4,}|(?:·\s?){4,}")
TRAILING_PAGE = re.compile(r"(?:^|\s|\.)(?:\d{1,4}|[ivxlc]{1,6})\s*$")
BARE_PAGE = re.compile(r"^\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.IGNORECASE)
# Whitespace runs are possessive (\s*+) where two of them meet: a line of thousands of spaces
# made `re` try every split between them (minutes for one hostile line); the matches are the same.
TOC_TITLE = re.compile(
    r"^\s*+(?:sommaire|table des mati[eè]res|contents|table of contents|[íi]ndice(?: general)?|"
    r"inhoud(?:stafel|sopgave)?|inhaltsverzeichnis|sum[áa]rio)\s*+:?\s*+$",
    re.IGNORECASE,
)
PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pag\.|pág\.|página|pagina|p\.|seite|blz\.|bladzijde|folio)\s*+)?"
    r"[-–—(\[]?\s*+\d{1,4}\s*+[-–—)\]]?"
    r"(?:\s*+(?:/|of|de|sur|von|van|di|\|)\s*+\d{1,4})?$",
    re.IGNORECASE,
)
TERMINAL = ".!?:;"
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


_PATTERN_INITIALS = frozenset("aAcCtTpPsShHkKbB" + "IVXLC" + "ivx" + "o")
"""Letters a block opening can start with beyond "x." and "x)": keyword initials, roman
numerals (upper and lower case) and Word's "o" bullet."""


def starts_block(text: str) -> bool:
    """Whether a line opens a new block whatever the spacing (see `BLOCK_START`).

    Most lines start with a letter that no pattern can match; settling those on their first
    two characters spares the long alternation on almost every line of a document.
    """
    first = text[0]
    if first.isalpha() and first not in _PATTERN_INITIALS:
        return len(text) > 1 and text[1] in ".)" and BLOCK_START.match(text) is not None
    return BLOCK_START.match(text) is not None


def list_marker(text: str) -> tuple[bool, str]:
    """Whether `text` starts a list item, and the text to keep (bullet glyphs are dropped).

    Enumeration labels ("a)", "iv.", "3)") are kept: reports cite them ("point b)").
    """
    match = BULLET.match(text)
    if match:
        return True, text[match.end() :]
    if ENUMERATION.match(text):
        return True, text
    return False, text


def heading_number(text: str) -> tuple[str, int, str] | None:
    """The numbering scheme of a heading-like line, its depth and its first number, or None.

    Schemes: ``decimal`` ("2.3.1" has depth 3; "5.0" counts as "5"), ``keyword``
    (ARTICLE/CHAPITRE..., the depth is the keyword's tier), ``roman`` ("IV."), ``letter`` ("B.").
    The first number ("2" in "2.3.1", "5" in "ARTICLE 5") lets the levels stage see that
    "5.1" continues "ARTICLE 5" rather than starting below it.
    """
    match = MULTI_NUMBER.match(text)
    if match:
        parts = match.group(1).split(".")
        while len(parts) > 1 and parts[-1] == "0":
            parts.pop()
        return "decimal", len(parts), parts[0]
    match = KEYWORD_HEADING.match(text)
    if match:
        tier = _TIER_OF_WORD.get(match.group("word").lower(), ARTICLE_TIER)
        return "keyword", tier, re.sub(r"\D", "", match.group("num")) or match.group("num")
    if ROMAN_NUMBER.match(text):
        return "roman", 1, ""
    if LETTER_NUMBER.match(text):
        return "letter", 1, ""
    match = SINGLE_NUMBER.match(text)
    if match:
        return "decimal", 1, match.group(1)
    return None


def is_label_only(text: str) -> bool:
    """A numbering label alone on its line ("6.", "ARTICLE 5", "IV -"): the title follows."""
    stripped = text.strip()
    for pattern in (MULTI_NUMBER, SINGLE_NUMBER, ROMAN_NUMBER, LETTER_NUMBER, KEYWORD_HEADING):
        match = pattern.match(stripped)
        if match and not stripped[match.end() :].strip(" -–—:.)"):
            return True
    return False


def running_key(text: str) -> str:
    """Normalise a header/footer candidate: page numbers and dates vary, the rest repeats."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text.lower())).strip()


def has_dot_leader(text: str) -> bool:
    """Dot (or underscore, ellipsis, middle-dot) leaders, as in "Objet ........ 3".

    The substring tests run in C and settle almost every line; the regular expression, which
    would otherwise be tried at every position of every line, only sees the candidates.
    """
    if ".." in text or ". ." in text or "…" in text or "__" in text or "_ _" in text or "·" in text:
        return DOT_LEADER.search(text) is not None
    return False


def ends_with_page_number(text: str) -> bool:
    """Whether the line ends with a page number ("... 12", "...iv")."""
    if not text or not (text[-1].isdigit() or text[-1] in "ivxlc"):
        return False
    return TRAILING_PAGE.search(text, max(0, len(text) - 12)) is not None


def is_toc_entry(text: str, on_toc_page: bool) -> bool:
    """A table-of-contents line: dot leaders and a page number, or a numbered line on a TOC page."""
    if has_dot_leader(text):
        return on_toc_page or ends_with_page_number(text)
    if not on_toc_page:
        return False
    return ends_with_page_number(text) or BARE_PAGE.match(text) is not None


def collapse_doubled(text: str) -> str:
    """Undo "fake bold" (text drawn twice, extracted as "LLee pprroojjeett" or "abcabc").

    Only when the pattern is clear: the whole line repeated, or most words of four letters or
    more made of doubled characters. A real "Mississippi" or "aabb" in a normal line survives.
    """
    size = len(text)
    if size >= 8:
        half = size // 2
        if size % 2 == 0 and text[0] == text[half] and text[:half] == text[half:]:
            return text[:half]
        if text[half] == " " and text[0] == text[half + 1] and text[:half] == text[half + 1 :]:
            return text[:half]
    if size < 4 or text[0] != text[1]:
        return text
    words = text.split()
    long_words = [w for w in words if len(w) >= 4]
    doubled = [w for w in long_words if len(w) % 2 == 0 and w[0::2] == w[1::2]]
    if not doubled or len(doubled) < 0.6 * len(long_words):
        return text
    return " ".join(w[0::2] if len(w) % 2 == 0 and w[0::2] == w[1::2] else w for w in words)


# --- de-hyphenation -------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
# Both patterns start only at the start of a word (the lookbehind) and never give letters back
# (possessive quantifiers): without that, a line of 20,000 letters took `re` minutes (quadratic).
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?:[-\u2010\u2011][^\W\d_]++)+")
_LEFT_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]*+$")
_WORD_WINDOW = 64
"""Characters looked at on each side of a hyphen mark (no word is longer)."""
_RIGHT_WORD = re.compile(r"[^\W\d_]*")
_SOFT = re.compile("[\ufffe\x02]")
_HYPHENS = re.compile("[-\u2010\u2011]")
_URLISH = re.compile(r"[/@]|www\.|\w\.\w")
_HARD_PREFIXES = frozenset(
    {"co", "ex", "non", "self", "anti", "semi", "multi", "sous", "contre", "vice", "quasi"}
    | {"pseudo", "post", "cross", "back", "front", "well", "bien", "mal", "auto", "e"}
)
"""Prefixes that mostly form compounds; consulted only when the document says nothing."""


class Vocabulary:
    """Word and compound counts of one document, to judge each line-end hyphen pdfium joined.

    pdfium turns *every* letter-hyphen-letter line break into U+FFFE (measured on the corpus:
    "accord-cadre", "Saint-Denis", "back-end" as well as "tech-nological"), so its mark alone
    cannot tell a soft hyphen from a compound. The document itself can: if "technological"
    appears elsewhere unbroken, the hyphen was soft; if "accord-cadre" does, it was real. Breaks
    that neither the word's shape nor the document settle follow the document's habit: a book
    set with automatic hyphenation has mostly soft breaks, a Word tender mostly compounds.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        compounds: Counter[str] = Counter()
        texts = list(texts)
        # one pass over all lines (no word or compound holds a newline), and compounds looked for
        # only in the lines that hold a hyphen at all: a tenth of the text, a tenth of the time
        words = Counter(_WORD.findall("\n".join(texts).lower()))
        hyphenated = "\n".join(text for text in texts if _HYPHENS.search(text)).lower()
        for compound in _COMPOUND.findall(hyphenated):
            parts = _HYPHENS.split(compound)
            for left, right in itertools.pairwise(parts):
                compounds[f"{left}-{right}"] += 1
        marked = [text for text in texts if "\ufffe" in text or "\x02" in text]
        self.words = words
        self.compounds = compounds
        votes = [
            self.decide(*_sides(text, m.start())) for text in marked for m in _SOFT.finditer(text)
        ]
        self.soft_habit = votes.count(False) > votes.count(True)

    def decide(self, left: str, right: str, token: str) -> bool | None:
        """True to keep the hyphen, False to join, None when nothing settles it."""
        keep = _keep_by_form(left, right, token)
        if keep is not None:
            return keep
        joined = self.words.get((left + right).lower(), 0)
        compound = self.compounds.get(f"{left}-{right}".lower(), 0)
        if compound > joined:
            return True
        if joined > compound:
            return False
        return _keep_by_habit(left, token)


def _sides(text: str, index: int) -> tuple[str, str, str]:
    """The letters before and after the hyphen mark at `index`, and the token holding it."""
    low, high = max(0, index - _WORD_WINDOW), min(len(text), index + 1 + _WORD_WINDOW)
    left = _LEFT_WORD.search(text, low, index)
    right = _RIGHT_WORD.match(text, index + 1, high)
    begin = text.rfind(" ", low, index) + 1 or low
    end = text.find(" ", index, high)
    token = text[begin : end if end >= 0 else high]
    return (
        left.group(0) if left else "",
        right.group(0) if right else "",
        _SOFT.sub("", token),
    )


def _keep_by_form(left: str, right: str, token: str) -> bool | None:
    """Decisions the word's shape settles on its own (names, acronyms, numbers, URLs)."""
    if not left or not right:
        return True  # a digit or symbol on one side: "Covid-19", "XX-XXXX", "800-53"
    if right[0].isupper() and not right.isupper():
        return True  # a capitalised second part: "Saint-Denis", "Data-General"
    if len(left) >= 2 and left.isupper() and not right.isupper():
        return True  # an acronym first: "OSLO-standaarden"
    if _URLISH.search(token):
        return True  # URLs, paths, e-mail addresses, domain names
    if len(left) == 1:
        return True  # "e-mail": hyphenation never leaves one letter on a line
    return None


def _keep_by_habit(left: str, token: str) -> bool | None:
    """Weaker hints, used when the document has no evidence either way."""
    if "-" in token or left.lower() in _HARD_PREFIXES:
        return True  # "get-certified-as-a-...", "non-compliance", "sous-traitant"
    return None


def dehyphenate(text: str, vocabulary: Vocabulary | None) -> str:
    """Replace each pdfium line-end hyphen mark by "-" (compound) or nothing (soft hyphen)."""
    if "\ufffe" not in text and "\x02" not in text:
        return text
    pieces: list[str] = []
    start = 0
    for match in _SOFT.finditer(text):
        left, right, token = _sides(text, match.start())
        if vocabulary is None:
            keep = _keep_by_form(left, right, token)
            keep = True if keep is None else keep  # no document to ask: keep what was printed
        else:
            decided = vocabulary.decide(left, right, token)
            keep = not vocabulary.soft_habit if decided is None else decided
        pieces.append(text[start : match.start()])
        pieces.append("-" if keep else "")
        start = match.end()
    pieces.append(text[start:])
    return "".join(pieces)


# --- titles ---------------------------------------------------------------------------------

_MAX_TITLE = 500
"""A longer metadata title is not a title (and would cost _JUNK_TITLE quadratic time)."""
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|excel|powerpoint)\b.*|untitled.*|sans titre.*|sin t[íi]tulo.*|"
    r"document\s*\d*|titre|title|slide\s*\d+|powerpoint presentation|"
    r"(?:[\w\s-]+_)?[\w\s.-]+\.(?:docx?|pdf|odt|rtf|xlsx?|pptx?|txt|indd|qxd|tmp))$",
    re.IGNORECASE,
)


def clean_title(raw: str | None) -> str | None:
    """The metadata title if it names the document, not the file or the software."""
    if not raw:
        return None
    title = _SPACES.sub(" ", raw.replace("\x00", "")).strip()
    letters = sum(ch.isalpha() for ch in title)
    if letters < 4 or len(title) > _MAX_TITLE or _JUNK_TITLE.match(title):
        return None
    return title
