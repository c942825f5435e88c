"""Run the real `pppcheck` command in a subprocess, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_pppcheck(
    *args: str, cwd: Path | None = None, columns: int = 100, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python -m pppcheck ARGS` without colour at a fixed width; never raises on exit codes."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns)}
    return subprocess.run(
        [sys.executable, "-m", "pppcheck", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
