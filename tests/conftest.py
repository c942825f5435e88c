"""Shared test fixtures: where the real corpus is, and small helpers to build documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _corpus_dir() -> Path | None:
    env = os.environ.get("PPPCHECK_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "corpus")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


CORPUS = _corpus_dir()


@pytest.fixture
def corpus() -> Path:
    """The real tender corpus (../shared/corpus or $PPPCHECK_CORPUS); skips when absent."""
    if CORPUS is None:
        pytest.skip("corpus folder not available (set PPPCHECK_CORPUS)")
    return CORPUS


def corpus_files(*suffixes: str) -> list[Path]:
    """Corpus documents with the given suffixes, for parametrised tests (empty when absent)."""
    if CORPUS is None:
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in suffixes)
