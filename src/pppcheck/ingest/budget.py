"""The character budget of one document (`Limits.max_chars`), shared by all of its readers.

A hostile or absurd file can hold far more text than any tender; parsers spend this budget as
they emit blocks and stop reading, with a warning, when it runs out, instead of growing lists
without bound.
"""

from __future__ import annotations


class CharLimitReachedError(Exception):
    """Raised when the document's character budget is spent; the parser stops reading."""


class CharBudget:
    """Characters still allowed for one document (`Limits.max_chars`), shared by all readers."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, text: str) -> str:
        """Spend the budget on `text`; return what fits (shorter when the budget runs out)."""
        if len(text) <= self.left:
            self.left -= len(text)
            return text
        kept = text[: max(self.left, 0)]
        self.left = -1
        return kept
