"""Document and block language detection from function words.

Why not a statistical library: py3langid and langdetect were measured here at 0.9 s and 0.75 s to
load their models, more than the whole audit of a 100-page tender. Tender prose is long and full
of function words, so counting the most frequent words of each language is both reliable and
instant (a few milliseconds for a whole document). Languages outside the table are reported as
"und" (undetermined) rather than guessed.

Rule matching does not depend on this result (phrases of every language are searched in every
document, so a Spanish annex inside an English tender is still read); the language chooses the
wording of remediation texts and model clauses, and is shown in the report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# Frequent words of each language that no other language in the table shares, so that the
# shares measure how much of a document is in each language (a Spanish annex in an English
# tender shows up as a Spanish share, not as noise from "de", "la" or "en").
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to is for that with shall by this are or will any which from not have all "
        "must such other been has these their its may would should".split()
    ),
    "fr": frozenset(
        "le les des du est dans pour par au aux sur qui ne pas sont être doit il elle ces leur "
        "cette avec ses dont lors tout titulaire marché selon".split()
    ),
    "es": frozenset(
        "el los las del y para por con una se su al lo como sus este esta deberá será pliego "
        "contrato cuando sobre entre dicho mismo".split()
    ),
    "pt": frozenset(
        "os do dos das em uma um pela pelo não ao são deverá contratada serviços mais seu sua "
        "também".split()
    ),
    "de": frozenset(
        "der die das und zu den von mit ist für auf nicht im dem des ein eine sich werden wird "
        "sind bei auch oder durch nach einer".split()
    ),
    "nl": frozenset(
        "het een van voor met zijn niet aan worden door wordt deze ook bij naar uit kan moet "
        "heeft".split()
    ),
    "it": frozenset(
        "il di che della delle sono alla gli essere deve nel nella questo degli".split()
    ),
}

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "pt": "Portuguese",
    "de": "German",
    "nl": "Dutch",
    "it": "Italian",
    "und": "undetermined",
}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SAMPLE_WORDS = 60_000
_MIN_HITS = 5


_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _word in _words:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)
# A word in two lists would count for both languages: keep only words of one language.
_LANGS_OF = {word: langs for word, langs in _LANGS_OF.items() if len(langs) == 1}


def language_shares(texts: Iterable[str]) -> dict[str, float]:
    """Share of the function words of each language (languages with none are left out)."""
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    sample: list[str] = []
    for text in texts:
        sample += _WORD.findall(text.lower())[: _SAMPLE_WORDS - len(sample)]
        if len(sample) >= _SAMPLE_WORDS:
            break
    langs_of = _LANGS_OF
    for word, times in Counter(sample).items():  # counted in C; looked up once per word
        for lang in langs_of.get(word, ()):
            counts[lang] += times
    total = sum(counts.values())
    if total < _MIN_HITS:
        return {}
    return {
        lang: round(n / total, 3) for lang, n in sorted(counts.items(), key=lambda x: -x[1]) if n
    }


def detect_language(texts: Iterable[str]) -> tuple[str, float]:
    """Return (language code, share of function-word hits that language had).

    The share says how clear-cut the decision was: a bilingual document shows a share well below
    1.0. Fewer than a handful of function words gives ``("und", 0.0)``.
    """
    shares = language_shares(texts)
    if not shares:
        return "und", 0.0
    best = next(iter(shares))
    return best, shares[best]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
