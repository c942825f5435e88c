"""One multi-megabyte paragraph: reading and matching it stay linear in its size.

The hostile-input run (test_cli_hostile.py) checks a 4 MB paragraph finishes under the time
limit; this checks how the cost grows, so that a quadratic step cannot hide behind a fast
machine. CPU time of this process (not wall time) is measured, best of two, to be robust to a
busy machine: four times the text must cost well under sixteen times the time.
"""

from __future__ import annotations

import time

import pytest

from pppcheck.api import audit_documents, load_compiled
from pppcheck.ingest import parse_bytes
from pppcheck.matching.compiled import CompiledRuleSet
from tests.hostile.build import long_paragraph, long_word


@pytest.fixture(scope="module")
def compiled() -> CompiledRuleSet:
    return load_compiled(["smart-ppp"])  # the real pack: thousands of phrases and patterns


def _cost(compiled: CompiledRuleSet, data: bytes, name: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        document = parse_bytes(data, name)
        audit_documents([document], compiled)
        best = min(best, time.process_time() - started)
    return best


def test_one_long_paragraph_costs_linear_time(compiled: CompiledRuleSet) -> None:
    small = _cost(compiled, long_paragraph(1), "p.txt")
    large = _cost(compiled, long_paragraph(4), "p.txt")
    assert large < 8 * max(small, 0.05), (small, large)  # linear: about 4x; quadratic: 16x


def test_one_long_word_costs_linear_time(compiled: CompiledRuleSet) -> None:
    small = _cost(compiled, long_word(1), "w.md")
    large = _cost(compiled, long_word(4), "w.md")
    assert large < 8 * max(small, 0.05), (small, large)
