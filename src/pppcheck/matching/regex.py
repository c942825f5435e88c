"""Pack regular expressions: compiled lazily with RE2, run only on sentences that can match.

A regex matcher finds spans inside one sentence (matches never straddle two sentences: in the
normalised text sentences are separated by newlines, and a match is looked for between a
sentence's start and end). Running every pattern over the whole text costs about 4 ms a pattern
on a 500-page tender, so each pattern is first reduced to its *atoms*: literals one of which
every match must contain (``\\b(csv|json)\\b`` → {"csv", "json"}; ``\\d+ ?%`` → {"%"}), found
like RE2's prefilter does, by walking the parsed pattern. The atoms are keys of the phrase
automaton, so the single scan of the text tells which sentences contain one; the pattern itself
only runs there. A pattern without usable atoms runs on every candidate sentence.

Parsing uses Python's own regex parser, which reads the RE2 syntax packs use (literals, classes,
groups, alternation, repetition, ``\\b``); anything it might read differently from RE2 (POSIX
classes, ``\\p``, ``\\Q``, ``\\C``, ``\\z``, ``\\x{...}``, case-insensitive flags) gets no atoms,
which is always correct, only slower.

The RE2 object is compiled on first use in each process, with captures off (only the whole
match is wanted, which lets RE2 stay in its DFA), and is rebuilt from the source when unpickled.
"""

from __future__ import annotations

import importlib
import re
import warnings
from typing import Any

import re2

sre: Any = importlib.import_module("re._constants")  # Python's own regex parser (no stubs)
sre_parse: Any = importlib.import_module("re._parser")

MAX_EXACT = 64
"""Largest set of exact strings kept for one part of a pattern (cross products grow fast)."""
MAX_ATOMS = 256
"""Largest set of alternative atoms in one clause."""
MAX_CLAUSES = 4
"""Clauses kept per pattern (the most selective ones): each atom costs a hit in the scan."""
MAX_REPEAT_ATOM = 8
"""``x{5,}`` gives the atom "xxxxx"; longer runs are cut to this many copies."""
_UNSAFE = ("[:", "\\p", "\\P", "\\Q", "\\C", "\\z", "\\x{", "(?i", "(?U", "(?s")
_COMMON_WORDS = frozenset(
    "a an the of to in on at by for and or is are be as it its this that with from "
    "de la le les l du des d un une et ou en au aux par pour sur que qui se "
    "el los las del al y o una por para con lo su".split()
)
"""Function words so frequent that an atom made only of them ("of the", "de la") selects
nothing and costs a hit at every occurrence."""
DIGIT = "\x00digit"
"""Pseudo-atom: the sentence holds an ASCII digit (what RE2's \\d matches)."""

Clauses = tuple[frozenset[str], ...]
"""Atoms in conjunctive form: every match holds one atom of each clause."""


class _Unknown(Exception):
    """A construct the analysis does not model: the pattern gets no atoms."""


class _Info:
    """What a part of a pattern can match: exactly one of a finite set of strings (`exact`),
    or strings that hold one atom of each of `clauses` (empty: nothing known)."""

    __slots__ = ("clauses", "exact")

    def __init__(self, exact: frozenset[str] | None = None, clauses: Clauses = ()) -> None:
        self.exact = exact
        self.clauses = clauses

    def as_clauses(self) -> Clauses:
        if self.exact is not None:
            clause = _clause(self.exact)
            return (clause,) if clause is not None else ()
        return self.clauses

    def best(self) -> frozenset[str] | None:
        """The most selective single clause."""
        chosen: frozenset[str] | None = None
        for clause in self.as_clauses():
            if chosen is None or _score(clause) > _score(chosen):
                chosen = clause
        return chosen


def _score(clause: frozenset[str]) -> tuple[int, int]:
    """Longer atoms are rarer; the digit pseudo-atom is worth a short word."""
    return min(3 if atom == DIGIT else len(atom) for atom in clause), -len(clause)


def _clause(strings: frozenset[str]) -> frozenset[str] | None:
    """`strings` as a clause, or None when it cannot select (empty string, too many)."""
    if not strings or "" in strings or len(strings) > MAX_ATOMS:
        return None
    return strings


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > MAX_EXACT:
        return None
    return frozenset(a + b for a in left for b in right)


def _sequence(items: Any) -> _Info:
    clauses: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    closed = False
    for op, arg in items:
        info = _item(op, arg)
        merged = _product(run, info.exact) if info.exact is not None else None
        if merged is not None:
            run = merged
            continue
        closed = True
        clause = _clause(run)
        if clause is not None:
            clauses.append(clause)
        if info.exact is not None:
            run = info.exact
        else:
            clauses.extend(info.clauses)
            run = frozenset({""})
    if not closed:
        return _Info(exact=run)
    clause = _clause(run)
    if clause is not None:
        clauses.append(clause)
    return _Info(clauses=tuple(clauses))


def _item(op: Any, arg: Any) -> _Info:
    if op is sre.LITERAL:
        return _Info(exact=frozenset({chr(arg)}))
    if op is sre.AT:  # \\b, ^, $: zero width
        return _Info(exact=frozenset({""}))
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, pattern = arg
        if (add_flags | del_flags) & sre_parse.SRE_FLAG_IGNORECASE:
            raise _Unknown
        return _sequence(pattern)
    if op is sre.BRANCH:
        infos = [_sequence(branch) for branch in arg[1]]
        if all(info.exact is not None for info in infos):
            union = frozenset().union(*(info.exact for info in infos if info.exact is not None))
            if len(union) <= MAX_EXACT:
                return _Info(exact=union)
        chosen = [info.best() for info in infos]
        if any(clause is None for clause in chosen):
            return _Info()
        clause = _clause(frozenset().union(*(c for c in chosen if c is not None)))
        return _Info(clauses=(clause,) if clause is not None else ())
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind is sre.LITERAL:
                chars.add(chr(value))
            elif kind is sre.RANGE and value[1] - value[0] < 16:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            elif kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT and len(arg) == 1:
                return _Info(clauses=(frozenset({DIGIT}),))
            else:  # NEGATE, CATEGORY, wide ranges
                return _Info()
        return _Info(exact=frozenset(chars)) if len(chars) <= 16 else _Info()
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, pattern = arg
        inner = _sequence(pattern)
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _Info(exact=inner.exact | {""})
            return _Info()
        if low == high == 1:
            return inner
        if inner.exact is not None:  # "x{5,}" holds "xxxxx"
            repeated: frozenset[str] | None = inner.exact
            for _ in range(min(low, MAX_REPEAT_ATOM) - 1):
                repeated = _product(repeated, inner.exact) if repeated is not None else None
            clause = _clause(repeated) if repeated is not None else None
            if clause is not None:
                return _Info(clauses=(clause,))
        return _Info(clauses=inner.as_clauses())
    if op is sre.CATEGORY and arg is sre.CATEGORY_DIGIT:
        return _Info(clauses=(frozenset({DIGIT}),))
    if op in (sre.ANY, sre.NOT_LITERAL, sre.CATEGORY):
        return _Info()
    raise _Unknown  # group references, conditionals, lookaround: not RE2


_RARE_SYMBOLS = frozenset("%§€$£°º@#?…")


def _selective(clause: frozenset[str]) -> frozenset[str] | None:
    """The clause, if looking for its atoms can rule sentences out at a fair price.

    Every occurrence of an atom costs a hit in the scan, so a clause is worthless with one atom
    that almost every sentence holds: a letter or two ("no", "a"), or only very common words
    ("of the", "de la"). Single digits become the digit pseudo-atom; symbols such as "%" are
    rare enough to count alone.
    """
    kept: set[str] = set()
    for atom in clause:
        if atom == DIGIT or (len(atom) == 1 and "0" <= atom <= "9"):
            kept.add(DIGIT)
            continue
        words = atom.split()
        if not words or all(word in _COMMON_WORDS for word in words):
            return None
        core = atom.strip()
        if len(core) < 3 and not _RARE_SYMBOLS.intersection(core):
            return None
        kept.add(atom)
    return frozenset(kept)


def analyse(source: str) -> Clauses:
    """The atoms of a pattern, as clauses (empty when nothing selective is known)."""
    if any(marker in source for marker in _UNSAFE):
        return ()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = sre_parse.parse(source)
        if parsed.state.flags & sre_parse.SRE_FLAG_IGNORECASE:
            return ()
        info = _sequence(parsed)
    except (_Unknown, re.error, Warning, RecursionError, OverflowError):
        return ()
    selective = {_selective(clause) for clause in info.as_clauses()}
    clauses = sorted((c for c in selective if c), key=_score, reverse=True)
    return tuple(clauses[:MAX_CLAUSES])


def compile_regex(source: str) -> Any:
    """Compile with RE2 (linear time); raises ValueError with RE2's reason."""
    return _compile(source, capture=True)


def _compile(source: str, capture: bool) -> Any:
    options = re2.Options()
    options.max_mem = 8 << 20
    options.log_errors = False
    options.never_capture = not capture
    try:
        return re2.compile(source, options)
    except re2.error as exc:
        raise ValueError(f"invalid RE2 regular expression: {exc}") from exc


class PackRegex:
    """One pattern of a pack: its source, its atoms (phrase-table atom ids) and, once used, RE2."""

    __slots__ = ("_match", "clauses", "source")

    def __init__(self, source: str, clauses: tuple[tuple[int, ...], ...]) -> None:
        self.source = source
        self.clauses = clauses
        """Atom ids (see `PhraseTable.add_atom`) in conjunctive form: a sentence can only hold
        a match if it holds one atom of each clause. Empty: every sentence is a candidate."""
        self._match: Any = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackRegex, (self.source, self.clauses))

    def matcher(self) -> Any:
        """RE2's raw ``Match(anchor, bytes, pos, endpos)``, compiled on first use."""
        if self._match is None:
            self._match = _compile(self.source, capture=False)._regexp.Match
        return self._match

    def spans(self, text: bytes, start: int, end: int) -> list[tuple[int, int]]:
        """Non-empty matches in ``text[start:end]`` (UTF-8 byte offsets), as `finditer` finds
        them: leftmost first, each search resuming at the previous match's end."""
        match = self.matcher()
        found: list[tuple[int, int]] = []
        pos = start
        while True:
            first, last = match(UNANCHORED, text, pos, end)[0]
            if first < 0:
                return found
            if last > first:
                found.append((first, last))
            if pos == end:
                return found
            pos = last if last != pos else next_char(text, pos, end)


UNANCHORED = re2._Anchor.UNANCHORED


def next_char(text: bytes, pos: int, end: int) -> int:
    """The byte offset of the UTF-8 character after the one at `pos`."""
    pos += 1
    while pos < end and text[pos] & 0xC0 == 0x80:
        pos += 1
    return pos
