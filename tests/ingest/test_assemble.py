"""Block text cleaning shared by every parser."""

from __future__ import annotations

import importlib

from hypothesis import given
from hypothesis import strategies as st

from pppcheck.ingest.assemble import clean_text

assembly = importlib.import_module(
    "pppcheck.ingest.assemble"
)  # the package exports a function of that name

_AWKWARD = st.sampled_from(
    [" ", "  ", "\t", "\n", "\r", "\u00a0", "\u200b", "\u2028", "\ufffe", "\x00", "é"]
)


@given(st.lists(st.text(max_size=6) | _AWKWARD, max_size=12).map("".join))
def test_clean_text_returns_what_both_patterns_give(text: str) -> None:
    """The shortcut for blocks already clean never changes a result."""
    slow = assembly._SPACES.sub(" ", assembly._CONTROLS.sub("", text)).strip()
    assert clean_text(text) == slow


def test_clean_text_collapses_spaces_and_drops_controls() -> None:
    assert clean_text("  Data\u00a0shall\x00 be\n\n open.\ufffe ") == "Data shall be open."
    already = "Data shall be open."
    assert clean_text(already) is already
