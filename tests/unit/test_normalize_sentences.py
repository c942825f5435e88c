"""Normalisation keeps offsets; sentence splitting respects abbreviations and stays linear."""

from __future__ import annotations

import pytest

from pppcheck.matching.normalize import normalize, normalize_phrase
from pppcheck.matching.sentences import MAX_SENTENCE, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Propriété de la Collectivité", "propriete de la collectivite"),
        ("L’Autorité concédante", "l'autorite concedante"),
        ("open-source «données»", 'open source "donnees"'),
        ("ÁREA Ñandú", "area nandu"),
        ("İstanbul", "istanbul"),
    ],
)
def test_normalize_is_length_preserving(text: str, expected: str) -> None:
    assert normalize(text) == expected
    assert len(normalize(text)) == len(text)


def test_normalize_keeps_newlines_as_sentence_separators() -> None:
    assert normalize("a\nb") == "a\nb"


def test_phrase_normalisation_collapses_spaces() -> None:
    assert normalize_phrase("  Plan  de\nRéversibilité ") == "plan de reversibilite"


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_sentences_split_on_terminal_punctuation() -> None:
    assert _split("The City owns the data. The Contractor shall deliver it! Why? Because.") == [
        "The City owns the data.",
        "The Contractor shall deliver it!",
        "Why?",
        "Because.",
    ]


def test_sentences_keep_abbreviations_and_clause_numbers() -> None:
    text = "1. The Contractor shall, e.g. under art. 5, deliver data. 2.3. Next J. Smith signs."
    assert _split(text) == [
        "1. The Contractor shall, e.g. under art. 5, deliver data.",
        "2.3. Next J. Smith signs.",
    ]


def test_legal_citations_stay_in_one_sentence() -> None:
    text = "Awards follow 41 U.S.C. 3301 and 2 C.F.R. 200.318; see Pub. L. 115-435. Next."
    assert _split(text) == [
        "Awards follow 41 U.S.C. 3301 and 2 C.F.R. 200.318; see Pub. L. 115-435.",
        "Next.",
    ]


def test_sentences_split_after_a_year() -> None:
    assert _split("It ends in 2024. Then it stops.") == ["It ends in 2024.", "Then it stops."]


def test_semicolons_do_not_split() -> None:
    assert len(_split("The Contractor shall: (a) keep records; (b) report monthly.")) == 1


def test_very_long_runs_are_cut_into_bounded_pieces() -> None:
    text = "word " * 5000
    spans = split_sentences(text)
    assert all(b - a <= MAX_SENTENCE for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")
