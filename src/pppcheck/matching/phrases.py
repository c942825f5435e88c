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
  marked as cues are also listed in scan order (`Scan.cues_in`), which is the order a scan of
  each sentence alone would report them in;
* the atoms of the regular expressions (`add_atom`: literals one of which every match of a
  pattern contains, see `regex.py`) are keys without boundary checks; the sentences of their
  end offsets tell which sentences a pattern can match at all.

The pass only notes where each key ends; boundaries, wildcards and sentences are worked out
for a phrase when the rules first ask for it (`Scan`). On the generated 500-page tender the
pass meets ~170,000 key ends (~69,000 on keys that only regex atoms use), and the phrases the
rules ask for hold 59% of the phrase occurrences.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
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


class Scan:
    """What one pass of the automaton over a text found, read phrase by phrase on demand.

    The pass itself only notes where each key ends (`PhraseTable.scan_all`); a phrase's hits
    are checked (word boundaries, wildcards) and assigned to sentences the first time someone
    asks for them. An audit asks for a fraction of the phrases that occur (a rule whose first
    part is absent never looks at the others), so most raw hits are never examined.

    Sentences are given by their start offsets (ascending); a hit belongs to the sentence its
    start falls in (keys hold no newline, and sentences are separated by newlines, so a hit
    straddles two sentences only where a long run was cut without a separator).
    """

    __slots__ = (
        "_atoms", "_cues", "_ends", "_keys", "_owner", "_phrases", "_starts", "_table", "_text"
    )  # fmt: skip

    def __init__(
        self, table: PhraseTable, keys: _Keys, text: str, starts: list[int], ends: list[list[int]]
    ) -> None:
        self._table = table
        self._keys = keys
        """The key ids of this pass (the table's own are rebuilt if phrases are added later)."""
        self._text = text
        self._starts = starts
        self._ends = ends
        """Key id → end offsets (last character) of its occurrences, ascending."""
        self._phrases: dict[int, dict[int, list[Span]]] = {}
        self._cues: dict[int, list[tuple[int, int, int]]] | None = None
        self._atoms: dict[int, set[int]] = {}
        self._owner: array[int] | None = None

    def owner(self) -> array[int]:
        """Offset → the sentence it is in (-1 before the first): one look-up per hit instead
        of a binary search, made when first needed (2 bytes per character up to 65,535
        sentences, 4 beyond: 2.2 MB for the 500-page tender)."""
        if self._owner is None:
            starts, size = self._starts, len(self._text)
            before = starts[0] if starts else size
            wide = before > 0 or len(starts) >= 0xFFFF
            code, width = ("i", 4) if wide else ("H", 2)
            bounds = [*starts, size]
            parts = [b"\xff" * (width * before)]  # -1 in a signed array
            for sentence in range(len(starts)):
                length = bounds[sentence + 1] - bounds[sentence]
                parts.append(sentence.to_bytes(width, sys.byteorder) * length)
            owner = array(code)
            owner.frombytes(b"".join(parts))
            self._owner = owner
        return self._owner

    def occurring(self, phrase_ids: Iterable[int]) -> list[int]:
        """The phrases among `phrase_ids` whose key occurs in the text (their hits are not
        checked yet: a phrase returned may still have none), in the given order.

        A rule's phrase lists are long and most of their phrases are absent from any one
        document: an audit asks about some 10,000 phrases. Dropping the absent ones here, by
        their key's end offsets, instead of looking each one up through the caches, made
        evaluating the 25 corpus documents about 28% faster (best of 5, three alternating
        runs: 1.22-1.56 s → 0.92-0.99 s; a generated 10-page tender 0.039-0.044 s →
        0.026-0.035 s). A presence table built per scan was no faster: building it for the
        10,724 phrases cost as much as the look-ups it saved.
        """
        return _with_ends(phrase_ids, self._keys.phrase_keys, self._ends)

    def atoms_occurring(self, atom_ids: Iterable[int]) -> list[int]:
        """The atoms among `atom_ids` that occur in the text (never a pseudo-atom)."""
        return _with_ends(atom_ids, self._keys.atom_keys, self._ends)

    def phrase(self, phrase_id: int) -> dict[int, list[Span]]:
        """Sentence → occurrences of one phrase there, in text order (shared: do not change)."""
        found = self._phrases.get(phrase_id)
        if found is None:
            found = self._phrases[phrase_id] = self._check(phrase_id)
        return found

    def _check(self, phrase_id: int) -> dict[int, list[Span]]:
        keys = self._keys
        key = keys.of_phrase(phrase_id)
        found: dict[int, list[Span]] = {}
        if key < 0 or not self._ends[key]:
            return found
        ends = self._ends[key]
        length, check_left = keys.lengths[key], keys.check_left[key]
        verify, open_end, check_right = self._table.details(phrase_id)
        text, owner = self._text, self.owner()
        size = len(text)
        word_run = _WORD_RUN.match
        for end in ends:
            start = end - length + 1
            if check_left and start:
                char = text[start - 1]
                if char != " " and (char.isalnum() or char == "_"):
                    continue
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
            sentence = owner[start]
            spans = found.get(sentence)
            if spans is None:
                found[sentence] = [(start, stop)]
            else:
                spans.append((start, stop))
        return found

    def cues_in(self, sentence: int) -> list[tuple[int, int, int]]:
        """(start, stop, phrase id) of the lexicon cues of a sentence, in the order one pass
        reports them: by the end of their key, a longer key first, then by phrase id."""
        return self.cues.get(sentence, [])

    def _all_cues(self) -> dict[int, list[tuple[int, int, int]]]:
        keys = self._keys
        ordered: list[tuple[int, int, int, int, int]] = []
        for phrase_id in self._table.cues:
            key = keys.of_phrase(phrase_id)
            if key < 0 or not self._ends[key]:
                continue
            length = keys.lengths[key]
            for sentence, spans in self.phrase(phrase_id).items():
                for start, stop in spans:
                    ordered.append((start + length, start, phrase_id, sentence, stop))
        ordered.sort()
        cues: dict[int, list[tuple[int, int, int]]] = {}
        for _key_end, start, phrase_id, sentence, stop in ordered:
            listed = cues.get(sentence)
            if listed is None:
                cues[sentence] = [(start, stop, phrase_id)]
            else:
                listed.append((start, stop, phrase_id))
        return cues

    def atom_sentences(self, atom_id: int) -> set[int]:
        """Sentences holding an atom anywhere (no boundary checks; the sentence of its end)."""
        found = self._atoms.get(atom_id)
        if found is None:
            key = self._keys.of_atom(atom_id)
            ends = self._ends[key] if key >= 0 else ()
            found = set(map(self.owner().__getitem__, ends)) if ends else set()
            if -1 in found:  # before the first sentence: counted in it, as a pass would
                found.discard(-1)
                found.add(0)
            self._atoms[atom_id] = found
        return found

    @property
    def phrases(self) -> dict[int, dict[int, list[Span]]]:
        """Phrase id → sentence → occurrences, for every phrase found (checks them all)."""
        found = {}
        for phrase_id, key in enumerate(self._keys.phrase_keys):
            if self._ends[key]:
                hits = self.phrase(phrase_id)
                if hits:
                    found[phrase_id] = hits
        return found

    @property
    def cues(self) -> dict[int, list[tuple[int, int, int]]]:
        """Sentence → its cues (see `cues_in`)."""
        if self._cues is None:
            self._cues = self._all_cues()
        return self._cues

    @property
    def atoms(self) -> dict[int, set[int]]:
        """Atom id → sentences holding it, for every atom found."""
        found = {}
        for atom_id in range(len(self._keys.atom_keys)):
            sentences = self.atom_sentences(atom_id)
            if sentences:
                found[atom_id] = sentences
        return found

    @property
    def spans(self) -> dict[int, list[Span]]:
        """Phrase id → all its occurrences, in text order."""
        return {
            phrase_id: [span for sentence in sorted(found) for span in found[sentence]]
            for phrase_id, found in self.phrases.items()
        }


@dataclass(frozen=True, slots=True)
class _Keys:
    """The automaton's key ids: the key of each phrase and atom, each key's length and
    whether a word character may not precede it."""

    phrase_keys: list[int] = field(default_factory=list)
    atom_keys: list[int] = field(default_factory=list)
    """-1 for a pseudo-atom (the digit class), which is no literal."""
    lengths: list[int] = field(default_factory=list)
    check_left: list[bool] = field(default_factory=list)

    def of_phrase(self, phrase_id: int) -> int:
        """The key of a phrase; -1 for one added to the table after these keys were made."""
        return self.phrase_keys[phrase_id] if phrase_id < len(self.phrase_keys) else -1

    def of_atom(self, atom_id: int) -> int:
        """The key of an atom; -1 for a pseudo-atom or one added after these keys were made."""
        return self.atom_keys[atom_id] if atom_id < len(self.atom_keys) else -1


def _with_ends(ids: Iterable[int], key_of: list[int], ends: list[list[int]]) -> list[int]:
    """The ids whose key has end offsets: `_Keys.of_phrase` and `of_atom` for many ids in one
    comprehension (an id beyond `key_of` was added after the scan, a key of -1 is a
    pseudo-atom: neither occurs)."""
    size = len(key_of)
    return [i for i in ids if i < size and (key := key_of[i]) >= 0 and ends[key]]


class PhraseTable:
    """Assigns ids to normalised phrases and builds the automaton over their keys."""

    def __init__(self) -> None:
        self._texts: list[str] = []
        """Phrase id → its normalised text: all that defines a phrase (`_compile_phrase`)."""
        self._ids_by_text: dict[str, int] | None = {}
        self._phrases: list[Phrase] | None = []
        self.languages: list[AbstractSet[str]] = []
        """For each phrase id, the languages whose lists hold it ("any" = language-neutral);
        replaced, never changed in place (a pickled table shares one set per combination)."""
        self.cues: set[int] = set()
        """Phrase ids whose hits are also listed in scan order (the lexicon's cues)."""
        self.atoms: list[str] = []
        self._atom_ids: dict[str, int] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self._keys = _Keys()
        """What the automaton's key ids stand for (built with it)."""
        self._details: dict[int, tuple[re.Pattern[str] | None, bool, bool]] = {}

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
        state["_details"] = {}
        shared: dict[frozenset[str], frozenset[str]] = {}  # ~10,000 sets, some 30 distinct:
        state["languages"] = [  # one object each, 0.2 ms to load instead of 7 ms
            shared.setdefault(frozenset(langs), frozenset(langs)) for langs in self.languages
        ]
        return state

    def add(self, raw: str, lang: str = "any") -> int:
        text = normalize_phrase(raw)
        found = self._ids.get(text)
        if found is not None:
            if lang not in self.languages[found]:
                self.languages[found] = {*self.languages[found], lang}
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
        """List the hits of this phrase in scan order too (see `Scan.cues_in`)."""
        self.cues.add(phrase_id)

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
            self._automaton, self._keys = self._build()
        return self._automaton

    def _build(self) -> tuple[ahocorasick.Automaton, _Keys]:
        """One key per distinct phrase key and atom; its value is the key's id."""
        ids: dict[str, int] = {}
        phrase_keys = [ids.setdefault(text.split("*", 1)[0], len(ids)) for text in self._texts]
        atom_keys = [  # pseudo-atoms (digits) are not literals
            -1 if atom.startswith("\x00") else ids.setdefault(atom, len(ids)) for atom in self.atoms
        ]
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for key, key_id in ids.items():
            automaton.add_word(key, key_id)
        if len(automaton):
            automaton.make_automaton()
        keys = _Keys(
            phrase_keys=phrase_keys,
            atom_keys=atom_keys,
            lengths=[len(key) for key in ids],
            check_left=[is_word_char(key[0]) for key in ids],
        )
        return automaton, keys

    def details(self, phrase_id: int) -> tuple[re.Pattern[str] | None, bool, bool]:
        """(verify pattern, open end, check right boundary) of a phrase, made when first asked
        (most phrases of a pack never occur in a given document)."""
        found = self._details.get(phrase_id)
        if found is None:
            phrase = (
                self._phrases[phrase_id]
                if self._phrases is not None
                else _compile_phrase(phrase_id, self._texts[phrase_id])
            )
            open_end = phrase.verify is None and phrase.text.endswith("*")
            found = self._details[phrase_id] = (phrase.verify, open_end, phrase.check_right)
        return found

    def scan(self, text: str) -> dict[int, list[Span]]:
        """Every occurrence of every phrase in `text`, by phrase id, in text order."""
        return self.scan_all(text).spans

    def scan_all(self, text: str, sentence_starts: Sequence[int] = (0,)) -> Scan:
        """One pass of the automaton over `text`: where each key ends (the hot loop of
        matching: some 170,000 raw hits on a 500-page tender, so it does nothing else; the
        `Scan` checks a phrase's hits when they are first asked for)."""
        automaton = self.automaton()
        keys = self._keys  # made with the automaton
        ends: list[list[int]] = [[] for _ in keys.lengths]
        if automaton.kind == ahocorasick.AHOCORASICK:
            for end, key in automaton.iter(text):
                ends[key].append(end)
        return Scan(self, keys, text, list(sentence_starts), ends)

    def __len__(self) -> int:
        return len(self._texts)
