"""Automatic numbering of ODT headings and lists ("7.2", "b)"), computed like the DOCX one.

ODF stores numbering rules, not numbers: the chapter numbering of ``text:h`` comes from
``text:outline-style`` and list numbers from the ``text:list-style`` named by a ``text:list``.
Each level has ``style:num-format`` ("1", "a", "A", "i", "I" or empty), a prefix, a suffix,
``text:display-levels`` (how many parent levels are shown: 2 gives "7.2") and a start value.

Best effort, documented limits: a list continues the counters of another when it says so
(``text:continue-list`` or ``text:continue-numbering``), otherwise each top-level list starts
afresh; bullets and empty formats give no label; a heading that already carries its rendered
number (``text:number``) keeps it and gets no second one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from pppcheck.ingest.docx_numbering import format_number
from pppcheck.ingest.odt_styles import st, t
from pppcheck.ingest.xmlsafe import Element

_LEVELS: Final = 10
_FORMATS: Final = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter"}
_FORMATS_ROMAN: Final = {"i": "lowerRoman", "I": "upperRoman"}
_LEVEL_TAGS: Final = (t("list-level-style-number"), t("outline-level-style"))
_XML_ID: Final = "{http://www.w3.org/XML/1998/namespace}id"


@dataclass(frozen=True, slots=True)
class OdtLevel:
    """One numbered level of a list or outline style."""

    fmt: str
    prefix: str = ""
    suffix: str = ""
    display: int = 1
    start: int = 1


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


def _levels(style: Element) -> dict[int, OdtLevel]:
    levels: dict[int, OdtLevel] = {}
    for child in style:
        if child.tag not in _LEVEL_TAGS:
            continue
        level = _int(child.get(t("level")), 0)
        if not 1 <= level <= _LEVELS:
            continue
        levels[level] = OdtLevel(
            fmt=child.get(st("num-format")) or "",
            prefix=child.get(st("num-prefix")) or "",
            suffix=child.get(st("num-suffix")) or "",
            display=max(1, min(_int(child.get(t("display-levels")), 1), level)),
            start=_int(child.get(t("start-value")), 1),
        )
    return levels


def render(n: int, fmt: str) -> str:
    """A counter in an ODF ``style:num-format``."""
    if fmt in _FORMATS_ROMAN:
        return format_number(n, _FORMATS_ROMAN[fmt])
    return format_number(n, _FORMATS.get(fmt, "decimal"))


@dataclass(slots=True)
class _Counters:
    values: list[int | None] = field(default_factory=lambda: [None] * (_LEVELS + 1))

    def advance(self, level: int, start: int) -> None:
        current = self.values[level]
        self.values[level] = start if current is None else current + 1
        for deeper in range(level + 1, _LEVELS + 1):
            self.values[deeper] = None

    def label(self, levels: dict[int, OdtLevel], level: int) -> str | None:
        spec = levels.get(level)
        if spec is None or not spec.fmt:
            return None
        parts = []
        for shown in range(level - spec.display + 1, level + 1):
            shown_spec = levels.get(shown, spec)
            value = self.values[shown]
            parts.append(render(shown_spec.start if value is None else value, shown_spec.fmt))
        return f"{spec.prefix}{'.'.join(parts)}{spec.suffix}".strip() or None


class OdtNumbering:
    """List and outline numbering rules of one document, plus running counters."""

    def __init__(self, *roots: Element | None) -> None:
        self._lists: dict[str, dict[int, OdtLevel]] = {}
        self._outline: dict[int, OdtLevel] = {}
        self._outline_counters = _Counters()
        self._instances: dict[str, _Counters] = {}
        self._last_by_style: dict[str, _Counters] = {}
        self._anonymous = 0
        for root in roots:
            if root is None:
                continue
            for style in root.iter(t("list-style")):
                self._lists.setdefault(style.get(st("name")) or "", _levels(style))
            for outline in root.iter(t("outline-style")):
                self._outline = self._outline or _levels(outline)

    def heading_label(self, level: int, restart_at: int | None = None) -> str | None:
        """Advance the chapter counters for a heading and return its number, if any."""
        if not 1 <= level <= _LEVELS:
            return None
        spec = self._outline.get(level)
        start = restart_at if restart_at is not None else (spec.start if spec else 1)
        if restart_at is not None:
            self._outline_counters.values[level] = None
        self._outline_counters.advance(level, start)
        return self._outline_counters.label(self._outline, level)

    def list_instance(self, list_el: Element, style: str | None) -> str:
        """Key of the counters a top-level ``text:list`` uses (new, or continued)."""
        self._anonymous += 1
        own = list_el.get(_XML_ID) or f"#{self._anonymous}"
        target = list_el.get(t("continue-list"))
        if target and target in self._instances:
            counters = self._instances[target]
        elif list_el.get(t("continue-numbering")) == "true" and style in self._last_by_style:
            counters = self._last_by_style[style or ""]
        else:
            counters = _Counters()
        self._instances[own] = counters
        if style:
            self._last_by_style[style] = counters
        return own

    def is_numbered(self, style: str | None, level: int) -> bool:
        """Whether list style `style` shows a number at `level` (not a bullet)."""
        spec = self._lists.get(style or "", {}).get(level)
        return spec is not None and bool(spec.fmt)

    def list_label(
        self, instance: str, style: str | None, level: int, start: int | None = None
    ) -> str | None:
        """Advance the counters of a list item and return its label, if numbered."""
        levels = self._lists.get(style or "")
        counters = self._instances.get(instance)
        if not levels or counters is None or not 1 <= level <= _LEVELS:
            return None
        spec = levels.get(level)
        if start is not None:
            counters.values[level] = None
        counters.advance(level, start if start is not None else (spec.start if spec else 1))
        return counters.label(levels, level)
