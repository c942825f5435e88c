"""Render Word's automatic numbering labels ("7.2", "b)", "IV.") from word/numbering.xml.

Reviewers cite tenders by clause number ("see 7.2"), but in a DOCX those numbers are not in the
text: Word computes them at display time from numbering.xml. This module replays that computation
well enough for citations: abstract numbering definitions and their levels (``w:start``,
``w:numFmt``, ``w:lvlText`` such as "%1.%2", ``w:lvlRestart``, ``w:isLgl``), list instances
(``w:num``) with their ``w:lvlOverride``/``w:startOverride``, and ``w:numStyleLink`` indirection.

Best effort, documented limits: counters are kept per abstract definition (Word shares them between
list instances unless a start override makes a fresh instance, which is what we do), a level not
yet used shows its start value, and exotic formats (ordinal text, Chinese counting...) fall back
to decimal digits. Bullets and ``none`` formats produce no label.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from pppcheck.ingest.docx_ns import W_ILVL, W_NUMID, W_NUMPR, W_VAL, int_val, on_off, val, w
from pppcheck.ingest.docx_styles import StyleSheet
from pppcheck.ingest.xmlsafe import Element

_LEVELS: Final = 9
_NO_LABEL_FORMATS: Final = frozenset({"bullet", "none"})
_W_ABSTRACTNUM: Final = w("abstractNum")
_W_ABSTRACTNUMID: Final = w("abstractNumId")
_W_NUM: Final = w("num")
_W_LVL: Final = w("lvl")
_W_LVLOVERRIDE: Final = w("lvlOverride")
_W_STARTOVERRIDE: Final = w("startOverride")
_W_NUMSTYLELINK: Final = w("numStyleLink")
_W_PSTYLE: Final = w("pStyle")
_ROMAN: Final = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


@dataclass(frozen=True, slots=True)
class Level:
    """One level of an abstract numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    pstyle: str | None = None


def to_roman(n: int) -> str:
    """Upper-case Roman numeral (Word shows plain digits beyond 3999, and so do we)."""
    if not 0 < n < 4000:
        return str(n)
    out: list[str] = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def to_letters(n: int) -> str:
    """Word's letter numbering: A..Z, then AA, BB... (the letter repeated, not base 26).

    Beyond 26 × 40 the digits are shown instead: a hostile start value must not make a
    megabyte-long label.
    """
    if not 0 < n <= 26 * 40:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter `n` in a ``w:numFmt`` format."""
    if fmt == "upperRoman":
        return to_roman(n)
    if fmt == "lowerRoman":
        return to_roman(n).lower()
    if fmt == "upperLetter":
        return to_letters(n)
    if fmt == "lowerLetter":
        return to_letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


_LEVEL_FIELDS: Final = {
    w("start"): "start",
    w("numFmt"): "fmt",
    w("lvlText"): "text",
    w("lvlRestart"): "restart",
    w("isLgl"): "legal",
    w("suff"): "suffix",
    w("pStyle"): "pstyle",
}


def _read_level(el: Element, base: Level | None = None) -> Level:
    """One ``w:lvl`` (one pass over its children), over `base` for level overrides."""
    lvl = base or Level()
    fields: dict[str, object] = {}
    for child in el:
        name = _LEVEL_FIELDS.get(child.tag)
        if name is None:
            continue
        raw = child.get(W_VAL)
        if name in ("start", "restart"):
            number = int_val(child)
            if number is not None:
                fields[name] = number
        elif name == "legal":
            fields[name] = bool(on_off(child))
        elif name == "text":
            fields[name] = raw or ""
        elif raw:
            fields[name] = raw
    return replace(lvl, **fields)  # type: ignore[arg-type]


def _levels_of(el: Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in el.iter(_W_LVL):
        ilvl = int_val_attr(lvl, W_ILVL)
        if ilvl is not None and 0 <= ilvl < _LEVELS:
            levels[ilvl] = _read_level(lvl)
    return levels


def int_val_attr(el: Element, attr: str) -> int | None:
    """An integer attribute, None when absent or not a number."""
    raw = el.get(attr)
    try:
        return None if raw is None else int(raw)
    except ValueError:
        return None


@dataclass(slots=True)
class _Instance:
    """A list instance (``w:num``): its definition levels and the counters key."""

    levels: dict[int, Level]
    key: str
    starts: dict[int, int]


class Numbering:
    """Numbering definitions of one document plus the running counters."""

    def __init__(self, root: Element | None, styles: StyleSheet) -> None:
        self._abstract: dict[str, Element] = {}
        self._num: dict[str, Element] = {}
        self._styles = styles
        self._instances: dict[str, _Instance | None] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._style_levels: dict[str, int] = {}
        if root is None:
            return
        for el in root.iter(_W_ABSTRACTNUM):
            self._abstract.setdefault(el.get(_W_ABSTRACTNUMID) or "", el)
        for el in root.iter(_W_NUM):
            self._num.setdefault(el.get(W_NUMID) or "", el)
        for pstyle in root.iter(_W_PSTYLE):  # styles linked to a level ("Heading 1" → 0)
            parent = pstyle.getparent()
            ilvl = None if parent is None else int_val_attr(parent, W_ILVL)
            value = pstyle.get(W_VAL)
            if parent is not None and parent.tag == _W_LVL and ilvl is not None and value:
                self._style_levels.setdefault(value, ilvl)

    def fork(self) -> Numbering:
        """Same definitions, fresh counters: for headers and notes, which number on their own."""
        clone = Numbering(None, self._styles)
        clone._abstract, clone._num = self._abstract, self._num
        clone._style_levels = self._style_levels
        return clone

    def style_level(self, style_id: str | None) -> int | None:
        """The level a style is linked to by a ``w:pStyle`` inside a numbering level."""
        return None if style_id is None else self._style_levels.get(style_id)

    def _instance(self, num_id: str) -> _Instance | None:
        if num_id not in self._instances:
            self._instances[num_id] = self._build(num_id, depth=0)
        return self._instances[num_id]

    def _build(self, num_id: str, depth: int) -> _Instance | None:
        num = self._num.get(num_id)
        if num is None or depth > 4:
            return None
        abstract_id = val(num.find(_W_ABSTRACTNUMID)) or ""
        abstract = self._abstract.get(abstract_id)
        if abstract is None:
            return None
        link = val(abstract.find(_W_NUMSTYLELINK))
        if link is not None:
            target = self._styles.numbering_style_num(link)
            linked = None if target in (None, num_id) else self._build(target or "", depth + 1)
            if linked is not None:
                return linked
        levels = _levels_of(abstract)
        starts: dict[int, int] = {}
        for override in num.iter(_W_LVLOVERRIDE):
            ilvl = int_val_attr(override, W_ILVL)
            if ilvl is None or not 0 <= ilvl < _LEVELS:
                continue
            start = int_val(override.find(_W_STARTOVERRIDE))
            if start is not None:
                starts[ilvl] = start
            lvl = override.find(_W_LVL)
            if lvl is not None:
                levels[ilvl] = _read_level(lvl, levels.get(ilvl))
        key = f"num:{num_id}" if starts else f"abstract:{abstract_id}"
        return _Instance(levels=levels, key=key, starts=starts)

    def is_bullet(self, num_id: str, ilvl: int) -> bool:
        """Whether this list level shows a bullet."""
        instance = self._instance(num_id)
        level = None if instance is None else instance.levels.get(ilvl)
        return level is not None and level.fmt == "bullet"

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the counters for a paragraph at (num_id, ilvl); return (label, separator)."""
        instance = self._instance(num_id)
        if instance is None or not 0 <= ilvl < _LEVELS:
            return None
        counters = self._advance(instance, ilvl)
        level = instance.levels.get(ilvl)
        if level is None or level.fmt in _NO_LABEL_FORMATS or "%" not in level.text:
            return None
        label = _render(level, instance, counters).strip()
        if not any(ch.isalnum() for ch in label):
            return None
        return label, "" if level.suffix == "nothing" else " "

    def _advance(self, instance: _Instance, ilvl: int) -> list[int | None]:
        counters = self._counters.setdefault(instance.key, [None] * _LEVELS)
        current = counters[ilvl]
        counters[ilvl] = _start(instance, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            level = instance.levels.get(deeper)
            restart = None if level is None else level.restart
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        return counters


def _start(instance: _Instance, ilvl: int) -> int:
    if ilvl in instance.starts:
        return instance.starts[ilvl]
    level = instance.levels.get(ilvl)
    return 1 if level is None else level.start


def _render(level: Level, instance: _Instance, counters: list[int | None]) -> str:
    """Substitute %1..%9 in ``w:lvlText`` with the formatted counters."""
    out: list[str] = []
    text = level.text
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
            ref = int(text[i + 1]) - 1
            value = counters[ref]
            number = _start(instance, ref) if value is None else value
            ref_level = instance.levels.get(ref)
            fmt = "decimal" if level.legal or ref_level is None else ref_level.fmt
            out.append(format_number(number, fmt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def paragraph_numbering(
    ppr: Element | None, style_num: tuple[str | None, int | None]
) -> tuple[str | None, int | None]:
    """(numId, ilvl) written on the paragraph, each falling back to the style's value."""
    num_id, ilvl = style_num
    numpr = None if ppr is None else ppr.find(W_NUMPR)
    if numpr is not None:
        num_id = val(numpr.find(W_NUMID)) or num_id
        ilvl = int_val(numpr.find(W_ILVL), ilvl)
    return num_id, ilvl


__all__ = ["Level", "Numbering", "format_number", "paragraph_numbering"]
