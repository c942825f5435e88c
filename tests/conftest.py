"""Shared test fixtures: where the real corpus is, and small helpers to build documents."""

from __future__ import annotations

import os
import shutil
import tempfile
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


_PACK_CACHE: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Compiled packs are cached in a folder of this test run, never in the user's home: tests
    stay independent of earlier runs and leave nothing behind (CLI subprocesses inherit it)."""
    global _PACK_CACHE
    if "PPPCHECK_CACHE_DIR" not in os.environ:
        _PACK_CACHE = tempfile.mkdtemp(prefix="pppcheck-test-pack-cache-")
        os.environ["PPPCHECK_CACHE_DIR"] = _PACK_CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    if _PACK_CACHE is not None:
        shutil.rmtree(_PACK_CACHE, ignore_errors=True)


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
