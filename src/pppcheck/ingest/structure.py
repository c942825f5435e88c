"""Layout heuristics for text that lost its markup: plain text, and Markdown converted from PDF.

pdftotext output and PDF-to-Markdown conversions keep a tender's structure only as typography:
"7.2 Data ownership" on a line of its own, "ARTICLE 5 – DURÉE" in capitals, bullets drawn with
"•", tables of contents with dot leaders. These functions recognise that structure line by
line. They are shared by the text parser (whole documents) and the Markdown parser
(paragraphs and indented blocks), so both read a converted tender the same way.

Every check is linear in the line length and most give up early on long lines (a heading or a
table-of-contents entry is never 300 characters long), so a multi-megabyte paragraph costs one
pass. Regular expressions are anchored and have bounded repetitions only.

Known limits (best effort, documented in the tests): a heading wrapped over two lines keeps
only its first line; a short numbered line directly followed by its numbered sibling is read as
a list item, so an empty section "7. Annexes" followed by "8. Signatures" is a list item;
de-hyphenation cannot know every compound word (see `join_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pppcheck.ingest.base import RawBlock
from pppcheck.model import BlockKind

_MAX_HEADING_CHARS = 150
_MAX_TITLE_WORDS = 15
_MAX_CAPS_WORDS = 12
_MAX_TOC_LINE = 400
_MAX_TOC_ENTRY = 200
_MIN_LEADER_DOTS = 4

_DECIMAL = re.compile(r"(\d{1,3}(?:\.\d{1,3}){0,6})\.?(?:\s*[-–—:]\s*|\s+)(\S.*)$")
_GLUED_DECIMAL = re.compile(r"(\d{1,3}(?:\.\d{1,3}){1,6})([^\W\d_].*)$")  # "2.2.5.3Optimisation"
_KEYWORD = re.compile(
    r"(article|art\.|artículo|articulo|artikel|chapitre|chapter|capítulo|capitulo|kapitel"
    r"|section|sección|seccion|sec\.|abschnitt|titre|title|título|titulo|partie|part|parte"
    r"|teil|annexe|annex|anexo|anlage|appendix|attachment|cláusula|clausula|clause|lot|§)"
    r"\s*(\d{1,3}(?:\.\d{1,3}){0,6}[a-z]?|[ivxlc]{1,7}|[a-z]|premier|première|premiere"
    r"|primera|primero|segunda|segundo|tercera|tercero|cuarta|cuarto|quinta|quinto|sexta|sexto"
    r"|séptima|septima|octava|novena|décima|decima|única|unica)\b\.?"
    r"(?:\s*[-–—:.]+\s*|\s+|$)(.*)$",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    r"(?:(?:DÉCIMA|DECIMA|VIGÉSIMA|VIGESIMA)\s+)?(?:PRIMERA|SEGUNDA|TERCERA|CUARTA|QUINTA"
    r"|SEXTA|SÉPTIMA|SEPTIMA|OCTAVA|NOVENA|DÉCIMA|DECIMA|UNDÉCIMA|DUODÉCIMA|PRIMERO|SEGUNDO"
    r"|TERCERO|CUARTO|QUINTO|SEXTO|SÉPTIMO|OCTAVO|NOVENO|DÉCIMO|ÚNICA)\s*[-–—.:]+\s*(\S.*)$"
)
_ROMAN_OR_LETTER = re.compile(r"([IVXLC]{1,7}|[A-H])\.\s+(\S.*)$")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$", re.I)
_BULLETS = "•◦▪▫■□●○◆◇►▶➔➢➤→✓✔·‣⁃"
_DASH_BULLETS = "-–—*+"
_ENUMERATION = re.compile(
    r"(?:\(\d{1,3}\)|\([a-z]\)|\([ivx]{1,5}\)|\d{1,3}[.)]|[a-z][.)]|[ivx]{1,5}[.)]"
    r"|[A-H][.)]|[IVX]{1,5}[.)])\s+\S"
)
_PAGE_MARKER = re.compile(
    r"(?:page|página|pagina|seite|blz\.?|p\.)\s*(\d{1,5})(?:\s*(?:/|of|de|sur|von|van)\s*\d{1,5})?$",
    re.IGNORECASE,
)
_TOC_TITLES = frozenset(
    {
        "table of contents",
        "contents",
        "sommaire",
        "table des matières",
        "table des matieres",
        "índice",
        "indice",
        "índice general",
        "tabla de contenido",
        "tabla de contenidos",
        "inhalt",
        "inhaltsverzeichnis",
        "sumário",
        "sumario",
        "inhoud",
        "inhoudsopgave",
    }
)
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "janvier",
        "février",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "decembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "setiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janeiro",
        "fevereiro",
        "março",
        "maio",
        "junho",
        "julho",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ]
)
_QUANTITIES = frozenset(
    {
        "million", "millions", "mio", "milliard", "milliards", "billion", "billions", "mrd",
        "millón", "millones", "mil", "thousand", "mm", "cm", "km", "kg", "mb", "gb", "tb",
        "ghz", "mhz", "kw", "mw", "eur", "euros", "usd", "percent", "pour", "pourcent",
    }
)  # fmt: skip
_COMPOUND_PREFIXES = frozenset(
    {
        "self", "non", "cross", "well", "third", "ex", "co", "anti", "semi", "quasi", "vice",
        "sous", "demi", "mi", "arrière", "avant", "après", "contre", "peut", "porte", "auto",
    }
)  # fmt: skip


@dataclass(slots=True)
class Line:
    """One source line: its text (indentation kept), source line number, page, typography."""

    text: str
    number: int | None = None
    page: int | None = None
    emphasized: bool = False  # the whole line is bold (Markdown **...**, HTML <b>)

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" \t"))


@dataclass(frozen=True, slots=True)
class HeadingGuess:
    """A line read as a heading: its depth (1 = top) and numbering, if numbered."""

    depth: int
    number: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class ChunkOptions:
    """How to read a chunk of lines: what a plain line is, and whether headings may appear.

    `base_level` is added to heading depths: a Markdown pseudo-heading "1.2 Scope" under a real
    "## Part B" heading gets level 2 + 2, so it nests under it instead of closing it.
    `indent_aware` ends a list item at a line less indented than its bullet (pdftotext layout);
    Markdown has already removed indentation, so it leaves it off; it also sets
    `enumerated_first` off: a Markdown paragraph starting with "**1. General.**" was
    deliberately not written as a list.
    """

    default_kind: BlockKind = BlockKind.PARAGRAPH
    style: str | None = None
    headings: bool = True
    base_level: int = 0
    underlines: bool = True
    indent_aware: bool = True
    enumerated_first: bool = True  # may the chunk's first line be an enumerated item ("1. x")?


def guess_heading(text: str, *, emphasized: bool = False) -> HeadingGuess | None:
    """Return the heading depth of a stripped line, or None if it reads as body text."""
    if not text or len(text) > _MAX_HEADING_CHARS or is_toc_line(text):
        return None
    for reader in (_decimal_heading, _keyword_heading, _ordinal_heading, _roman_heading):
        guess = reader(text, emphasized)
        if guess is not None:
            return guess
    return HeadingGuess(1) if _caps_heading(text) else None


def _decimal_heading(text: str, emphasized: bool) -> HeadingGuess | None:
    """ "7.2 Data ownership", "1 CONTEXTE ET OBJET", "2.2.6.1 Principe de fonctionnement :"."""
    match = _DECIMAL.match(text) or _GLUED_DECIMAL.match(text)
    if not match:
        return None
    number = tuple(int(part) for part in match.group(1).split("."))
    title = match.group(2)
    first_word = title.split()[0].lower().strip(".,")
    if number[0] > 99 or first_word in _MONTHS or first_word in _QUANTITIES:
        return None  # "250 Mbps", "24 March 2025", "2.5 million"
    lowercase_ok = len(number) > 1 and len(title.split()) > 1  # "6.1 organisation du support"
    if not _title_ok(title, emphasized, numbered=True, lowercase_ok=lowercase_ok):
        return None
    return HeadingGuess(len(number), number)


def _keyword_heading(text: str, emphasized: bool) -> HeadingGuess | None:
    """ "ARTICLE 5 – DURÉE", "Artículo 3. Objeto", "CHAPITRE II", "Sec. 1.01 Purpose"."""
    match = _KEYWORD.match(text)
    if not match:
        return None
    numeral, title = match.group(2), match.group(3)
    if len(numeral) > 1 and set(numeral.lower()) <= set("ivxlc") and not _ROMAN.match(numeral):
        return None  # "Section civil": letters that are not a roman numeral
    if title and not _title_ok(title, emphasized, numbered=True):
        return None
    return HeadingGuess(numeral.count(".") + 1 if numeral[0].isdigit() else 1)


def _ordinal_heading(text: str, emphasized: bool) -> HeadingGuess | None:
    """Spanish contract clauses: "PRIMERA. OBJETO.", "DÉCIMA SEGUNDA.- TERMINACIÓN"."""
    match = _ORDINAL.match(text)
    if match and _title_ok(match.group(1), emphasized, numbered=True):
        return HeadingGuess(1)
    return None


def _roman_heading(text: str, emphasized: bool) -> HeadingGuess | None:
    """ "II. OBJETO", "IV. Scope of work", "B. GENERAL INFORMATION" (a letter needs capitals)."""
    match = _ROMAN_OR_LETTER.match(text)
    if not match:
        return None
    numeral, title = match.group(1), match.group(2)
    if len(numeral) > 1 and not _ROMAN.match(numeral):
        return None
    if numeral in "ABCDEFGH" and not _is_caps(title):
        return None  # "A. Smith": a lone capital letter numbers only capitalised titles
    return HeadingGuess(1) if _title_ok(title, emphasized, numbered=True) else None


def _title_ok(title: str, emphasized: bool, *, numbered: bool, lowercase_ok: bool = False) -> bool:
    title = title.strip()
    if not title or len(title) > 120 or title[-1] in ",;":
        return False
    words = title.split()
    if len(words) > _MAX_TITLE_WORDS:
        return False
    if ". " in title and not emphasized and not _is_caps(title):
        return False  # "1. General. Please submit...": a run-in heading starting a paragraph
    first = next((c for c in title if c.isalnum()), "")
    if not first.isalpha() or not (first.isupper() or lowercase_ok):
        return False
    if title[-1] == ".":
        return numbered and ((emphasized and len(words) <= 10) or _is_caps(title))
    return True


def _is_caps(text: str) -> bool:
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


def _caps_heading(text: str) -> bool:
    """An unnumbered line in capitals: "CONDITIONS GÉNÉRALES", "SOMMAIRE"."""
    if len(text) > 100 or text[-1] in ".,;:" or not _is_caps(text):
        return False
    if len(text.split()) > _MAX_CAPS_WORDS:
        return False
    letters = sum(1 for c in text if c.isalpha())
    visible = sum(1 for c in text if not c.isspace())
    return letters >= 4 and letters * 2 >= visible


def is_toc_line(text: str) -> bool:
    """A table-of-contents entry: a title, a dot leader and a page number ("1.2 Scope ..... 4")."""
    stripped = text.rstrip()
    if len(stripped) > _MAX_TOC_LINE:
        return False
    core = stripped.rstrip("0123456789")
    if core == stripped or len(stripped) - len(core) > 4:
        return False
    core = core.rstrip(" \t")
    body = core.rstrip(".…·_ \t")
    leaders = core[len(body) :]
    dots = leaders.count(".") + leaders.count("·") + leaders.count("_") + 3 * leaders.count("…")
    return dots >= _MIN_LEADER_DOTS and any(c.isalpha() for c in body)


def is_toc_title(text: str) -> bool:
    """Headings that announce a table of contents, in the corpus languages."""
    if len(text) > 40:
        return False
    return " ".join(text.lower().strip(" \t:.*#").split()) in _TOC_TITLES


def page_marker(text: str) -> int | None:
    """The page number of a bare "Page 12" / "Page 12 of 30" line, else None."""
    if len(text) > 30:
        return None
    match = _PAGE_MARKER.match(text.strip())
    return int(match.group(1)) if match else None


def underline_level(text: str) -> int | None:
    """Setext-style underlines in plain text: ===== is level 1, ----- level 2."""
    stripped = text.strip()
    if len(stripped) < 3:
        return None
    if stripped == "=" * len(stripped):
        return 1
    if stripped == "-" * len(stripped):
        return 2
    return None


def is_rule(text: str) -> bool:
    """A line drawn with punctuation only (separators, underlines): layout, not text."""
    stripped = text.strip()
    return len(stripped) >= 3 and not stripped.strip("-=_*~#+.·•─━═ ")


def list_marker(text: str) -> tuple[bool, int] | None:
    """(is_bullet, length of the marker) when a stripped line starts a list item.

    Bullets ("•", "-") are layout and are removed from the text; enumerations ("a)", "1.",
    "(iv)") are kept because clauses refer to them ("see item c)").
    """
    if not text:
        return None
    first = text[0]
    if first in _BULLETS:
        return True, 1
    if first in _DASH_BULLETS and len(text) > 2 and text[1] in " \t" and not text[2].isspace():
        return True, 2
    if _ENUMERATION.match(text):
        return False, 0
    return None


def join_lines(parts: Sequence[str]) -> str:
    """Join the lines of a paragraph, undoing soft hyphenation ("procure-\\nment").

    Best effort: the hyphen is dropped only between two lowercase word parts when the first
    part is not a known compound prefix ("self-", "sous-"), neither part is very short
    ("e-mail", "celui-ci") and the second part is not itself hyphenated ("state-of-the-art").
    Soft hyphens (U+00AD) at a line end are always dropped.
    """
    if not parts:
        return ""
    pieces = [parts[0]]
    for nxt in parts[1:]:
        prev = pieces[-1]
        if prev.endswith("\u00ad") or _soft_break(prev, nxt):
            pieces[-1] = prev[:-1]
        elif not _hyphenated(prev, nxt):
            pieces.append(" ")
        pieces.append(nxt)
    return "".join(pieces)


def _hyphenated(prev: str, nxt: str) -> bool:
    """A compound split after its hyphen ("self-" / "service") is joined without a space."""
    return len(prev) > 1 and prev[-1] == "-" and prev[-2].isalpha() and nxt[:1].isalpha()


def _soft_break(prev: str, nxt: str) -> bool:
    if len(prev) < 4 or prev[-1] != "-" or not nxt or not nxt[0].islower():
        return False
    start = len(prev) - 1
    while start > 0 and len(prev) - start < 40 and prev[start - 1].isalpha():
        start -= 1
    left = prev[start:-1]
    if len(left) <= 2 or not left.islower() or left in _COMPOUND_PREFIXES:
        return False
    if start > 0 and prev[start - 1] == "-":
        return False
    end = 0
    while end < len(nxt) and end < 40 and (nxt[end].isalpha() or nxt[end] == "-"):
        end += 1
    right = nxt[:end]
    return "-" not in right and len(right) > 2


def _is_sibling(guess: HeadingGuess, following: str | None) -> bool:
    """True when the next line continues the same numbering: "1. Foo" then "2. Bar" is a list."""
    if guess.number is None or not following:
        return False
    match = _DECIMAL.match(following.strip())
    if not match:
        return False
    nxt = tuple(int(p) for p in match.group(1).split("."))
    return (
        len(nxt) == len(guess.number)
        and nxt[:-1] == guess.number[:-1]
        and nxt[-1] == guess.number[-1] + 1
    )


def _continues_heading(previous: RawBlock, text: str, line: Line) -> bool:
    """A capitalised heading wrapped over two lines ("... EXIGENCES DU" / "MAÎTRE D'OUVRAGE")."""
    return (
        previous.kind is BlockKind.HEADING
        and previous.line is not None
        and line.number == previous.line + 1
        and _is_caps(previous.text)
        and previous.text[-1:].isalnum()
        and _caps_heading(text)
        and guess_heading(text) == HeadingGuess(1)
        and len(previous.text) + len(text) < _MAX_HEADING_CHARS
    )


def _wraps(lines: Sequence[Line], index: int) -> bool:
    """The next line of the chunk continues a sentence ("1. The State will / review ...")."""
    if index + 1 >= len(lines):
        return False
    return lines[index + 1].text.lstrip()[:1].islower()


@dataclass(slots=True)
class _Pending:
    kind: BlockKind
    parts: list[str]
    first: Line
    indent: int


def blocks_from_chunk(
    lines: Sequence[Line], options: ChunkOptions, following: str | None = None
) -> list[RawBlock]:
    """Read a run of non-blank lines (a paragraph as typed) into blocks.

    Headings are only recognised at the start of the chunk or right after another heading:
    a short numbered line in the middle of a paragraph is a wrapped sentence or a list item.
    `following` is the first line after the chunk, to tell "1. Scope" (a heading) from "1. Foo"
    followed by "2. Bar" (a list).
    """
    out: list[RawBlock] = []
    pending: _Pending | None = None
    heading_ok = options.headings
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text.strip()
        after = lines[index + 1].text if index + 1 < len(lines) else following
        if heading_ok and options.underlines and index + 1 < len(lines):
            level = underline_level(lines[index + 1].text)
            if level is not None and text and not is_rule(text):
                _flush(out, pending, options)
                pending = None
                out.append(_heading(text, options.base_level + level, line, options))
                index += 2
                continue
        if not text or is_rule(text):
            index += 1
            continue
        if is_toc_line(text):
            _flush(out, pending, options)
            pending = None
            out.append(_block(BlockKind.TOC, text, line, options.style))
            heading_ok = False
            index += 1
            continue
        if out and heading_ok and _continues_heading(out[-1], text, line):
            out[-1].text = f"{out[-1].text} {text}"
            index += 1
            continue
        guess = guess_heading(text, emphasized=line.emphasized) if heading_ok else None
        if guess is not None and not _is_sibling(guess, after) and not _wraps(lines, index):
            _flush(out, pending, options)
            pending = None
            out.append(_heading(text, options.base_level + guess.depth, line, options))
            index += 1
            continue
        heading_ok = False
        enumerations = options.enumerated_first or index > 0
        pending = _add_line(out, pending, line, text, options, enumerations)
        index += 1
    _flush(out, pending, options)
    return out


def _add_line(
    out: list[RawBlock],
    pending: _Pending | None,
    line: Line,
    text: str,
    options: ChunkOptions,
    enumerations: bool,
) -> _Pending:
    marker = list_marker(text)
    if marker is not None and (marker[0] or enumerations):
        _flush(out, pending, options)
        is_bullet, length = marker
        body = text[length:].lstrip() if is_bullet else text
        return _Pending(BlockKind.LIST_ITEM, [body], line, line.indent)
    ends_item = (
        pending is not None
        and pending.kind is BlockKind.LIST_ITEM
        and (
            (options.indent_aware and line.indent < pending.indent)
            or _new_sentence(pending, line, text)
        )
    )
    if pending is None or ends_item:
        _flush(out, pending, options)
        return _Pending(options.default_kind, [text], line, line.indent)
    pending.parts.append(text)
    return pending


def _new_sentence(pending: _Pending, line: Line, text: str) -> bool:
    """After an item ending a sentence, a capitalised line at the margin is a new paragraph."""
    return (
        line.indent <= pending.indent
        and pending.parts[-1][-1:] in (".", ";", ":", "!", "?")
        and text[:1].isupper()
    )


def _flush(out: list[RawBlock], pending: _Pending | None, options: ChunkOptions) -> None:
    if pending is not None:
        text = join_lines(pending.parts)
        out.append(_block(pending.kind, text, pending.first, options.style))


def _block(kind: BlockKind, text: str, line: Line, style: str | None) -> RawBlock:
    return RawBlock(kind=kind, text=text, page=line.page, line=line.number, style=style)


def _heading(text: str, level: int, line: Line, options: ChunkOptions) -> RawBlock:
    block = _block(BlockKind.HEADING, text, line, options.style)
    block.level = level
    return block


def mark_toc_regions(blocks: list[RawBlock]) -> None:
    """Turn what follows a "Table of contents"/"Sommaire" heading into TOC blocks, in place.

    After such a title, list items, short lines ending with a page number and headings that are
    themselves followed by entries (a TOC grouped by part) are contents lines. The region ends
    at the first block that reads as body text; headings just before it stay headings.
    """
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH) and is_toc_title(block.text):
            if block.kind is BlockKind.PARAGRAPH:
                block.kind = BlockKind.TOC
            index = _absorb_toc(blocks, index + 1)
        else:
            index += 1


def _absorb_toc(blocks: list[RawBlock], start: int) -> int:
    waiting: list[RawBlock] = []
    index = start
    while index < len(blocks):
        block = blocks[index]
        if block.kind is BlockKind.HEADING:
            waiting.append(block)
        elif _toc_entry(block):
            for heading in waiting:
                heading.kind = BlockKind.TOC
                heading.level = None
            waiting.clear()
            block.kind = BlockKind.TOC
        elif block.kind not in (BlockKind.HEADER, BlockKind.FOOTER):
            return index - len(waiting)
        index += 1
    return index


def _toc_entry(block: RawBlock) -> bool:
    if block.kind is BlockKind.TOC:
        return True
    if len(block.text) > _MAX_TOC_ENTRY:
        return False
    if block.kind is BlockKind.LIST_ITEM:
        return True
    if block.kind is BlockKind.PARAGRAPH:
        text = block.text.rstrip()
        return is_toc_title(text) or (len(text) <= 150 and text[-1:].isdigit() and " " in text)
    return False


def blocks_from_lines(
    lines: Sequence[Line], options: ChunkOptions, running: dict[int, BlockKind] | None = None
) -> list[RawBlock]:
    """Read a run of lines: blank lines, page changes and running headers/footers (given by
    line index in `running`) end a chunk, and each chunk is read by `blocks_from_chunk`."""
    running = running or {}
    items: list[list[Line] | RawBlock] = []
    chunk: list[Line] = []
    for index, line in enumerate(lines):
        kind = running.get(index)
        breaks = not line.text.strip() or kind is not None
        if chunk and (breaks or line.page != chunk[-1].page):
            items.append(chunk)
            chunk = []
        if kind is not None:
            items.append(
                RawBlock(kind=kind, text=line.text.strip(), page=line.page, line=line.number)
            )
        elif not breaks:
            chunk.append(line)
    if chunk:
        items.append(chunk)
    return _chunks_to_blocks(items, options)


def _chunks_to_blocks(items: list[list[Line] | RawBlock], options: ChunkOptions) -> list[RawBlock]:
    following: list[str | None] = [None] * len(items)
    upcoming: str | None = None
    for position in range(len(items) - 1, -1, -1):  # one backward pass: no rescans
        following[position] = upcoming
        item = items[position]
        if isinstance(item, list):
            upcoming = item[0].text
    blocks: list[RawBlock] = []
    for position, item in enumerate(items):
        if isinstance(item, RawBlock):
            blocks.append(item)
        else:
            blocks.extend(blocks_from_chunk(item, options, following[position]))
    return blocks
