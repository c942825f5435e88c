"""Helpers shared by the CLI commands: error printing, output, terminal facts, debug state."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pppcheck.errors import PppcheckError


class State:
    """Process-wide CLI flags set by the root callback."""

    debug = False


def use_color(mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def terminal_width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        columns = os.get_terminal_size().columns if sys.stdout.isatty() else 100
    return max(60, min(columns, 160))


def emit(rendered: str | bytes, output: Path | None) -> None:
    from pppcheck.output import write_atomic

    if output is not None:
        write_atomic(output, rendered)
        return
    if isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        sys.stdout.write(rendered)
    sys.stdout.flush()


def print_error(exc: PppcheckError) -> None:
    where = f"{exc.where}: " if exc.where else ""
    print(f"error: {where}{exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"hint: {exc.hint}", file=sys.stderr)
