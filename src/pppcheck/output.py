"""Writing reports: atomically, so a crash or Ctrl-C never leaves half a report behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pppcheck.errors import PppcheckError


class OutputError(PppcheckError):
    default_hint = "check the folder exists and is writable"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`."""
    # a file name that is not UTF-8 on disk reaches reports as surrogate escapes: \udce9
    payload = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", where=str(path)) from exc
    try:
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes files owner-only; reports are not secret
        with os.fdopen(handle, "wb") as stream:
            handle = -1  # the stream owns (and closes) the descriptor now
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        if handle >= 0:
            with contextlib.suppress(OSError):
                os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", where=str(path)) from exc
        raise
