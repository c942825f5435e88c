"""The fast matching paths give the results of the straightforward ones.

* `normalize` through Latin-1 bytes equals `str.translate` with the full table;
* the single scan, grouped by sentence, equals a scan of the whole text assigned to sentences
  by their start, and its cues equal a scan of each sentence alone;
* a pattern's atoms never rule out a sentence where it matches, and searching the whole text
  once gives, sentence by sentence, what searching each sentence alone gives.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pppcheck.ingest import parse_bytes
from pppcheck.matching.index import build_index
from pppcheck.matching.matchers import MatcherCompiler, TextMatches
from pppcheck.matching.modality import ModalityLexicon
from pppcheck.matching.normalize import _table, is_word_char, normalize
from pppcheck.matching.phrases import PhraseTable
from pppcheck.matching.regex import DIGIT, analyse, compile_regex


def test_normalize_fast_path_equals_the_table_for_every_character() -> None:
    table = _table()
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        text = f"é{chr(code)}A’"
        assert normalize(text) == text.translate(table), hex(code)


@given(st.text(alphabet=st.sampled_from("aéÉ’–µ ÀZİßx\u00a0ÿŸДΩ.-«»\u2013\n"), max_size=60))
def test_normalize_fast_path_on_mixed_text(text: str) -> None:
    assert normalize(text) == text.translate(_table())


PHRASES = ["data", "open data", "propriét*", "propriét* de la collectivit*", "shall", "not", "{{"]
CUES = ["shall", "may", "not", "where possible"]
WORDS = ["data", "open", "shall", "not", "may", "propriété", "de", "la", "collectivité", "{{x}}"]


def _table_with_cues() -> tuple[PhraseTable, ModalityLexicon]:
    table = PhraseTable()
    for phrase in PHRASES:
        table.add(phrase)
    lexicon = ModalityLexicon({"binding": {"en": CUES}}, table)
    return table, lexicon


def _old_scan(table: PhraseTable, text: str) -> dict[int, list[tuple[int, int]]]:
    """The scan as it was: every key hit checked phrase by phrase (reference)."""
    hits: dict[int, list[tuple[int, int]]] = {}
    for phrase in table.phrases:
        for match in re.finditer(re.escape(phrase.key), text):
            start = match.start()
            if phrase.check_left and start > 0 and is_word_char(text[start - 1]):
                continue
            stop = match.end()
            if phrase.verify is not None:
                verified = phrase.verify.match(text, start)
                if verified is None:
                    continue
                stop = verified.end()
            elif phrase.text.endswith("*"):
                while stop < len(text) and is_word_char(text[stop]):
                    stop += 1
            if phrase.check_right and stop < len(text) and is_word_char(text[stop]):
                continue
            hits.setdefault(phrase.id, []).append((start, stop))
    return {k: sorted(v) for k, v in hits.items()}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), max_size=8))
def test_scan_grouped_by_sentence_equals_the_plain_scan(sentences: list[list[str]]) -> None:
    text = "\n\n".join(" ".join(words) + "." for words in sentences)
    document = parse_bytes(text.encode(), "t.txt") if text.strip() else None
    if document is None or not document.blocks:
        return
    index = build_index([document])
    table, _lexicon = _table_with_cues()
    scan = table.scan_all(index.norm, index.sent_start)
    expected = _old_scan(table, index.norm)
    assert {k: sorted(v) for k, v in scan.spans.items()} == expected
    for phrase_id, by_sentence in scan.phrases.items():
        for sentence, spans in by_sentence.items():
            assert all(index.sentence_of(span[0]) == sentence for span in spans), phrase_id
    matches = TextMatches(index, table, scan)
    for sentence in range(index.sentence_count):
        alone = index.sentence_norm(sentence)
        start = index.sent_start[sentence]
        local = table.scan_all(alone).cues.get(0, [])
        assert matches.cues(sentence) == [(start + a, start + b, p) for a, b, p in local]


def test_a_long_run_cut_without_separator_keeps_hits_on_their_start_sentence() -> None:
    run = "x" * 1990 + " datadata data " + "y" * 2500 + " shall data."
    document = parse_bytes(run.encode(), "t.txt")
    index = build_index([document])
    table, _lexicon = _table_with_cues()
    scan = table.scan_all(index.norm, index.sent_start)
    for by_sentence in scan.phrases.values():
        for sentence, spans in by_sentence.items():
            assert all(index.sentence_of(span[0]) == sentence for span in spans)
    matches = TextMatches(index, table, scan)
    for sentence in range(index.sentence_count):
        start = index.sent_start[sentence]
        local = table.scan_all(index.sentence_norm(sentence)).cues.get(0, [])
        assert matches.cues(sentence) == [(start + a, start + b, p) for a, b, p in local]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(csv|json)\b", [{"csv", "json"}]),
        (r"\d+ ?%", [{"%", " %"}, {DIGIT}]),
        (r"\.{5,}|…{2,}", [{".....", "……"}]),
        (r"\bshall (?:not|never) sell\b", [{"shall not sell", "shall never sell"}]),
        (r"\w+(?:[^\w\n.]+\w+){5,}", []),
        (r"(?i)open data", []),  # case-insensitive: no atoms (always correct)
        (r"[[:alpha:]]+ data", []),  # POSIX class Python would misread: no atoms
        (r"of the", []),  # only common words: worthless
    ],
)
def test_atoms_of_patterns(pattern: str, expected: list[set[str]]) -> None:
    assert set(analyse(pattern)) == {frozenset(clause) for clause in expected}


PATTERNS = [
    r"\b(?:contractor|vendor)\b[^.;]{0,40}?\bshall\b",
    r"\bdata\b[^.;\n]{0,20}\b(?:open|public)\b",
    r"\d+ ?%",
    r"(?m)^data",
    r"^data",
    r"a*",
    r"\w+(?:[^\w\n.!?:;]+\w+){3,}",
    r"shall\s+not",
    r"é+|ß",
]
SENTENCE_WORDS = ["the", "contractor", "vendor", "shall", "not", "data", "open", "public",
                  "12", "%", "50%", "a", "é", "ß", ";", "x" * 30]  # fmt: skip


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(SENTENCE_WORDS), min_size=1, max_size=10), max_size=6))
def test_regex_search_sentence_by_sentence(sentences: list[list[str]]) -> None:
    text = "\n\n".join(" ".join(words) + "." for words in sentences)
    if not text.strip():
        return
    index = build_index([parse_bytes(text.encode(), "t.txt")])
    table = PhraseTable()
    compiler = MatcherCompiler(table, {})
    regexes = [compiler.regex(pattern) for pattern in PATTERNS]
    compiler.register_atoms()
    scan = table.scan_all(index.norm, index.sent_start)
    for regex in regexes:
        matches = TextMatches(index, table, scan)
        everywhere = matches.regex_everywhere(regex)
        alone = TextMatches(index, table, scan)
        expected = {}
        reference = compile_regex(regex.source)
        for sentence in range(index.sentence_count):
            spans = alone.regex_spans(regex, sentence)
            if spans:
                expected[sentence] = spans
            # the reference: RE2 over the whole text, bounded by the sentence
            start, end = index.sent_start[sentence], index.sent_end[sentence]
            found = [
                m.span() for m in reference.finditer(index.norm, start, end) if m.end() > m.start()
            ]
            assert spans == found, (regex.source, sentence)
        assert everywhere == expected, regex.source
        candidates = matches.candidates(regex)
        if candidates is not None:
            assert set(expected) <= candidates, regex.source


def test_a_match_across_a_heading_does_not_hide_the_next_sentence() -> None:
    """Matches are searched sentence by sentence: a match that would run from a heading into
    the next sentence is not a match, and does not hide the one inside that sentence."""
    document = parse_bytes(
        b"# Consultant\n\nThe consultant is responsible for the security.\n", "t.md"
    )
    index = build_index([document])
    table = PhraseTable()
    compiler = MatcherCompiler(table, {})
    regex = compiler.regex(r"\bconsultant\b[^.;]{0,40}?\bis responsible for")
    compiler.register_atoms()
    matches = TextMatches(index, table, table.scan_all(index.norm, index.sent_start))
    found = matches.regex_everywhere(regex)
    assert list(found) == [1]
    start, end = found[1][0]
    assert index.norm[start:end] == "consultant is responsible for"


def test_digit_sentences_include_every_sentence_with_a_digit() -> None:
    rng = random.Random(5)
    words = ["alpha", "beta", "7", "x9", "gamma", "delta", "2024"]
    text = "\n\n".join(
        " ".join(rng.choice(words) for _ in range(rng.randint(1, 6))) + "." for _ in range(60)
    )
    index = build_index([parse_bytes(text.encode(), "t.txt")])
    table = PhraseTable()
    compiler = MatcherCompiler(table, {})
    regex = compiler.regex(r"\d")
    compiler.register_atoms()
    matches = TextMatches(index, table, table.scan_all(index.norm, index.sent_start))
    expected = {
        s for s in range(index.sentence_count) if re.search(r"[0-9]", index.sentence_norm(s))
    }
    assert matches.candidates(regex) == expected
