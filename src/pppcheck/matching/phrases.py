"""All phrases of a rule set in one Aho-Corasick automaton, scanned in one pass.

Measured on a 500-page document: one automaton for ~7,000 phrases takes ~0.05 s, one regular
expression per phrase ~99 s. Every phrase of every rule, vocabulary and profile is added once
(deduplicated after normalisation); the scan reports, for each phrase id, where it occurs.

A phrase is a literal in normalised form with optional ``*`` wildcards at word ends. The
automaton is keyed on the literal text before the first wildcard; phrases with a wildcard inside
are confirmed at the candidate position by a small anchored regex (linear: literals and ``\\w*``).
Word boundaries are checked on the sides where the phrase starts or ends with a word character.

The same pass serves two more clients, so that the text is read once:

* the modality cues of the lexicon (``shall``, ``may``, ``not``, ``where possible``...) are
  phrases too (`intern`: registered without a language of their own); the hits of the phrases
  marked as cues are also listed in scan order (`Scan.cues`), which is the order a scan of each
  sentence alone would report them in;
* the atoms of the regular expressions (`add_atom`: literals one of which every match of a
  pattern contains, see `regex.py`) are keys without boundary checks; their start offsets tell
  which sentences a pattern can match at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from pppcheck.matching.normalize import is_word_char, normalize_phrase

Span = tuple[int, int]

_WORD_RUN = re.compile(r"\w*")
"""Python's ``\\w`` is exactly `is_word_char` (``str.isalnum()`` or ``_``)."""


@dataclass(frozen=True, slots=True)
class Phrase:
    id: int
    text: str
    key: str
    check_left: bool
    check_right: bool
    verify: re.Pattern[str] | None


def _compile_phrase(phrase_id: int, text: str) -> Phrase:
    key = text.split("*", 1)[0]
    verify = None
    if "*" in text and text.rstrip("*") != key:
        pattern = r"\w*".join(re.escape(part) for part in text.split("*"))
        verify = re.compile(pattern)
    open_end = text.endswith("*")
    last = text.rstrip("*")[-1:]
    return Phrase(
        id=phrase_id,
        text=text,
        key=key,
        check_left=is_word_char(key[0]),
        check_right=not open_end and bool(last) and is_word_char(last),
        verify=verify,
    )


@dataclass(slots=True)
class Scan:
    """What one pass of the automaton over a text found, sentence by sentence.

    Sentences are given by their start offsets (ascending); a hit belongs to the sentence its
    start falls in (keys hold no newline, and sentences are separated by newlines, so a hit
    never straddles two sentences).
    """

    phrases: dict[int, dict[int, list[Span]]]
    """Phrase id → sentence → its occurrences there, in text order."""
    cues: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    """Sentence → (start, stop, phrase id) of its cues, in scan order."""
    atoms: dict[int, set[int]] = field(default_factory=dict)
    """Atom id → sentences holding it (no boundary checks)."""

    @property
    def spans(self) -> dict[int, list[Span]]:
        """Phrase id → all its occurrences, in text order."""
        return {
            phrase_id: [span for sentence in sorted(found) for span in found[sentence]]
            for phrase_id, found in self.phrases.items()
        }


class PhraseTable:
    """Assigns ids to normalised phrases and builds the automaton over their keys."""

    def __init__(self) -> None:
        self._texts: list[str] = []
        """Phrase id → its normalised text: all that defines a phrase (`_compile_phrase`)."""
        self._ids_by_text: dict[str, int] | None = {}
        self._phrases: list[Phrase] | None = []
        self.languages: list[set[str]] = []
        """For each phrase id, the languages whose lists hold it ("any" = language-neutral)."""
        self.cues: set[int] = set()
        """Phrase ids whose hits are also listed in scan order (the lexicon's cues)."""
        self.atoms: list[str] = []
        self._atom_ids: dict[str, int] = {}
        self._automaton: ahocorasick.Automaton | None = None

    @property
    def phrases(self) -> list[Phrase]:
        """The compiled phrases, by id (rebuilt from their texts after unpickling)."""
        if self._phrases is None:
            self._phrases = [_compile_phrase(n, text) for n, text in enumerate(self._texts)]
        return self._phrases

    @property
    def _ids(self) -> dict[str, int]:
        if self._ids_by_text is None:
            self._ids_by_text = {text: n for n, text in enumerate(self._texts)}
        return self._ids_by_text

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the phrase objects and the text index, which the texts rebuild
        when needed: matching only uses the automaton, and loading ~10,000 phrase objects was
        a sixth of loading a cached pack."""
        state = dict(self.__dict__)
        state["_phrases"] = None
        state["_ids_by_text"] = None
        return state

    def add(self, raw: str, lang: str = "any") -> int:
        text = normalize_phrase(raw)
        found = self._ids.get(text)
        if found is not None:
            self.languages[found].add(lang)
            return found
        return self._new(text, {lang})

    def intern(self, raw: str) -> int:
        """The id of a phrase, registered if needed without giving it a language.

        For the lexicon's cues: their languages are the lexicon's business, and a cue must not
        make a rule phrase of the same wording apply to more languages.
        """
        text = normalize_phrase(raw)
        found = self._ids.get(text)
        return found if found is not None else self._new(text, set())

    def _new(self, text: str, languages: set[str]) -> int:
        phrases, ids = self.phrases, self._ids  # rebuilt from the texts before this one joins
        phrase = _compile_phrase(len(self._texts), text)
        self._texts.append(text)
        phrases.append(phrase)
        ids[text] = phrase.id
        self.languages.append(languages)
        self._automaton = None
        return phrase.id

    def add_all(self, raws: Iterable[str], lang: str = "any") -> tuple[int, ...]:
        return tuple(sorted({self.add(raw, lang) for raw in raws}))

    def add_lists(self, lists: list[str] | dict[str, list[str]]) -> tuple[int, ...]:
        """Phrases per language (a plain list is language-neutral)."""
        if isinstance(lists, list):
            return self.add_all(lists)
        ids: set[int] = set()
        for lang, raws in lists.items():
            ids.update(self.add_all(raws, lang))
        return tuple(sorted(ids))

    def mark_cue(self, phrase_id: int) -> None:
        """List the hits of this phrase in scan order too (see `Scan.cues`)."""
        if phrase_id not in self.cues:
            self.cues.add(phrase_id)
            self._automaton = None

    def add_atom(self, text: str) -> int:
        """A literal looked for anywhere in the text (no normalisation, no boundaries)."""
        found = self._atom_ids.get(text)
        if found is None:
            found = self._atom_ids[text] = len(self.atoms)
            self.atoms.append(text)
            self._automaton = None
        return found

    def automaton(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            self._automaton = self._build()
        return self._automaton

    def _build(self) -> ahocorasick.Automaton:
        """One key per distinct phrase key and atom; the value says what to do with a hit.

        Value: ``(kind, key length, check left boundary, a, b)``: kind 0 is the common case, one
        plain phrase (a: its id, b: check the right boundary); kind 1 is the general case
        (a: entries ``(phrase id, verify pattern, open end, check right boundary, cue)``,
        b: the id of the atom with this text, or -1); kind 2 is an atom only (a: its id).
        """
        entries: dict[str, list[tuple[int, Any, bool, bool, bool]]] = {}
        for phrase in self.phrases:
            entries.setdefault(phrase.key, []).append(
                (
                    phrase.id,
                    phrase.verify,
                    phrase.verify is None and phrase.text.endswith("*"),
                    phrase.check_right,
                    phrase.id in self.cues,
                )
            )
        atoms = {  # one id per text (`add_atom`); pseudo-atoms (digits) are not literals
            atom: atom_id for atom_id, atom in enumerate(self.atoms) if not atom.startswith("\x00")
        }
        automaton = ahocorasick.Automaton()
        for key in entries.keys() | atoms.keys():
            found = entries.get(key, [])
            atom_id = atoms.get(key, -1)
            left = is_word_char(key[0])
            if not found:
                value: tuple[Any, ...] = (2, len(key), False, atom_id, None)
            elif (
                len(found) == 1 and atom_id < 0 and found[0][1] is None and not any(found[0][2::2])
            ):
                value = (0, len(key), left, found[0][0], found[0][3])
            else:
                value = (1, len(key), left, tuple(found), atom_id)
            automaton.add_word(key, value)
        if len(automaton):
            automaton.make_automaton()
        return automaton

    def scan(self, text: str) -> dict[int, list[Span]]:
        """Every occurrence of every phrase in `text`, by phrase id, in text order."""
        return self.scan_all(text).spans

    def scan_all(self, text: str, sentence_starts: Sequence[int] = (0,)) -> Scan:
        """Phrases, cues and atoms of `text` in one pass, grouped by sentence (the hot loop of
        matching: some 150,000 raw hits on a 500-page tender, so every operation counts)."""
        if not self._texts and not self.atoms:
            return Scan({})
        found: list[dict[int, list[Span]] | None] = [None] * len(self._texts)
        cues: dict[int, list[tuple[int, int, int]]] = {}
        atom_hits: list[list[int]] = [[] for _ in self.atoms]
        """Per atom, the sentences of its hits (repeated; made sets after the pass)."""
        size = len(text)
        word_run = _WORD_RUN.match
        starts = [*sentence_starts, size + 1]
        current = 0
        first = starts[0]
        next_start = starts[1]
        automaton = self.automaton()
        hits = automaton.iter(text) if automaton.kind == ahocorasick.AHOCORASICK else ()
        for end, (kind, key_len, check_left, a, b) in hits:
            if end >= next_start:  # hits come by end offset: follow the sentence of the end
                while end >= next_start:
                    current += 1
                    next_start = starts[current + 1]
                first = starts[current]
            if kind == 2:  # an atom is only wanted inside a sentence: the end's is enough
                atom_hits[a].append(current)
                continue
            start = end - key_len + 1
            sentence = current
            if start < first:  # the hit began in an earlier sentence: keys hold no newline,
                sentence = bisect_right(starts, start) - 1  # so only where a long run was cut
            if kind == 1 and b >= 0:  # atoms need no word boundary: a regex atom may stand
                atom_hits[b].append(current)  # for a longer one ("upon termination")
            if check_left and start:
                char = text[start - 1]
                if char != " " and (char.isalnum() or char == "_"):
                    continue
            if kind == 0:  # the common case, written out here and below rather than shared
                stop = end + 1  # through a call: this loop runs once per raw hit
                if b and stop < size:
                    char = text[stop]
                    if char != " " and (char.isalnum() or char == "_"):
                        continue
                by_sentence = found[a]
                if by_sentence is None:
                    found[a] = {sentence: [(start, stop)]}
                else:
                    spans = by_sentence.get(sentence)
                    if spans is None:
                        by_sentence[sentence] = [(start, stop)]
                    else:
                        spans.append((start, stop))
                continue
            for phrase_id, verify, open_end, check_right, cue in a:
                stop = end + 1
                if verify is not None:
                    match = verify.match(text, start)
                    if match is None:
                        continue
                    stop = match.end()
                elif open_end:
                    stop = word_run(text, stop).end()  # type: ignore[union-attr]
                if check_right and stop < size:
                    char = text[stop]
                    if char != " " and (char.isalnum() or char == "_"):
                        continue
                by_sentence = found[phrase_id]
                if by_sentence is None:
                    found[phrase_id] = {sentence: [(start, stop)]}
                else:
                    spans = by_sentence.get(sentence)
                    if spans is None:
                        by_sentence[sentence] = [(start, stop)]
                    else:
                        spans.append((start, stop))
                if cue:
                    listed = cues.get(sentence)
                    if listed is None:
                        cues[sentence] = [(start, stop, phrase_id)]
                    else:
                        listed.append((start, stop, phrase_id))
        return Scan(
            {phrase_id: hits for phrase_id, hits in enumerate(found) if hits},
            cues,
            {atom_id: set(held) for atom_id, held in enumerate(atom_hits) if held},
        )

    def __len__(self) -> int:
        return len(self._texts)
