"""Safety limits applied to every input, so that no file can make pppcheck run away.

The defaults are generous for real tenders (the largest seen in the corpus is 143 pages and
1.6 MB) and stop hostile or broken files long before they cost minutes or gigabytes.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

MB = 1024 * 1024


class Limits(BaseModel):
    """Per-document limits; every parser receives them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = 200 * MB
    """Largest input file read at all."""
    max_unpacked_bytes: int = 400 * MB
    """Largest total of XML parts read from a DOCX/ODT zip (declared and actual sizes)."""
    max_zip_members: int = 10_000
    """Members listed in a DOCX/ODT zip (real documents have a few dozen to a few hundred)."""
    max_compression_ratio: int = 200
    """A zip member expanding more than this many times is treated as a zip bomb."""
    max_pages: int = 5000
    """PDF pages read; a document with more is refused."""
    max_chars: int = 50_000_000
    """Characters of text kept from one document."""
    timeout_seconds: float = 120.0
    """Wall-clock budget for parsing and auditing one document."""


DEFAULT_LIMITS = Limits()
