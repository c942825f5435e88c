"""All phrases of a rule set in one Aho-Corasick automaton, scanned in one pass.

Measured on a 500-page document: one automaton for ~7,000 phrases takes ~0.05 s, one regular
expression per phrase ~99 s. Every phrase of every rule, vocabulary and profile is added once
(deduplicated after normalisation); the scan reports, for each phrase id, where it occurs.

A phrase is a literal in normalised form with optional ``*`` wildcards at word ends. The
automaton is keyed on the literal text before the first wildcard; phrases with a wildcard inside
are confirmed at the candidate position by a small anchored regex (linear: literals and ``\\w*``).
Word boundaries are checked on the sides where the phrase starts or ends with a word character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from pppcheck.matching.normalize import is_word_char, normalize_phrase

Span = tuple[int, int]


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


class PhraseTable:
    """Assigns ids to normalised phrases and builds the automaton over their keys."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.phrases: list[Phrase] = []
        self.languages: list[set[str]] = []
        """For each phrase id, the languages whose lists hold it ("any" = language-neutral)."""
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, raw: str, lang: str = "any") -> int:
        text = normalize_phrase(raw)
        found = self._ids.get(text)
        if found is not None:
            self.languages[found].add(lang)
            return found
        phrase = _compile_phrase(len(self.phrases), text)
        self._ids[text] = phrase.id
        self.phrases.append(phrase)
        self.languages.append({lang})
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

    def automaton(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            by_key: dict[str, list[int]] = {}
            for phrase in self.phrases:
                by_key.setdefault(phrase.key, []).append(phrase.id)
            automaton = ahocorasick.Automaton()
            for key, ids in by_key.items():
                automaton.add_word(key, (len(key), tuple(ids)))
            if by_key:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def scan(self, text: str) -> dict[int, list[Span]]:
        """Every occurrence of every phrase in `text`, by phrase id, in text order."""
        hits: dict[int, list[Span]] = {}
        if not self.phrases:
            return hits
        phrases = self.phrases
        size = len(text)
        for end_index, (key_len, ids) in self.automaton().iter(text):
            start = end_index - key_len + 1
            end = end_index + 1
            for phrase_id in ids:
                phrase = phrases[phrase_id]
                if phrase.check_left and start > 0 and is_word_char(text[start - 1]):
                    continue
                stop = end
                if phrase.verify is not None:
                    match = phrase.verify.match(text, start)
                    if match is None:
                        continue
                    stop = match.end()
                elif phrase.text.endswith("*"):
                    while stop < size and is_word_char(text[stop]):
                        stop += 1
                if phrase.check_right and stop < size and is_word_char(text[stop]):
                    continue
                hits.setdefault(phrase_id, []).append((start, stop))
        return hits

    def __len__(self) -> int:
        return len(self.phrases)
