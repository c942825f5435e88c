"""Run the measured commands as an installed pppcheck runs: with compiled-module caches."""

from __future__ import annotations

import os


def use_bytecode_caches() -> None:
    """Let the measured commands keep compiled modules (``__pycache__``), as an installed
    pppcheck does: pip compiles a package's modules when it installs it. Some sandboxes set
    PYTHONDONTWRITEBYTECODE, and then every run recompiled pppcheck's modules from source
    (about 0.3 s a run on the test machine). The first, unmeasured runs write the caches."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
