"""Parse documents in a separate worker process, under the same limits as `pppcheck audit`.

`pppcheck audit` parses in its worker pool (runner.py). The other commands that read documents
(`extract`, `diff`, `eval`) parse through `IsolatedParser`: one pebble worker process whose
address space is capped (`--max-memory`) and which is killed when a document takes longer than
the time limit (`--timeout`), so no input can hang them or take the machine's memory either.
A killed or crashed worker is replaced for the next document; its document fails with a
`PppcheckError`, like any other unreadable file.
"""

from __future__ import annotations

import os
from concurrent.futures import TimeoutError as FutureTimeout
from types import TracebackType

from pebble import ProcessExpired, ProcessPool

from pppcheck.batch.runner import GRACE_SECONDS
from pppcheck.batch.session import DEFAULT_MEMORY_MB
from pppcheck.batch.worker import cap_memory
from pppcheck.errors import InputError, LimitExceededError
from pppcheck.ingest import parse_file
from pppcheck.limits import DEFAULT_LIMITS, MB, Limits
from pppcheck.model import Document


def _init(memory_bytes: int | None) -> None:
    if memory_bytes:
        cap_memory(memory_bytes)


def _parse(path: str, limits: Limits) -> Document:
    return parse_file(path, limits)


class IsolatedParser:
    """A one-process pool that parses documents one at a time within time and memory limits.

    Use as a context manager; `parse` may be called many times (the worker is reused).
    """

    def __init__(
        self, limits: Limits = DEFAULT_LIMITS, memory_mb: int | None = DEFAULT_MEMORY_MB
    ) -> None:
        self.limits = limits
        self.memory_bytes = memory_mb * MB if memory_mb else None
        self._pool: ProcessPool | None = None

    def __enter__(self) -> IsolatedParser:
        self._pool = ProcessPool(max_workers=1, initializer=_init, initargs=(self.memory_bytes,))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if error is None:
            pool.close()  # type: ignore[no-untyped-call]  # pebble has partial hints
        else:  # Ctrl-C or a failure: do not wait for a document being read
            pool.stop()  # type: ignore[no-untyped-call]
        pool.join()

    def parse(self, path: str | os.PathLike[str]) -> Document:
        """Parse `path` in the worker; raise the parser's `PppcheckError`, or a limit error."""
        if self._pool is None:
            raise RuntimeError("IsolatedParser is used outside its `with` block")
        shown = os.fspath(path)
        future = self._pool.schedule(
            _parse, args=(shown, self.limits), timeout=self.limits.timeout_seconds + GRACE_SECONDS
        )
        try:
            document: Document = future.result()
        except FutureTimeout:
            raise LimitExceededError(
                f"stopped after {self.limits.timeout_seconds:g} s: reading the document took "
                "longer than the time limit",
                where=shown,
                hint="raise the limit with --timeout if the file is trusted and very large",
            ) from None
        except ProcessExpired as exc:
            code = exc.exitcode
            what = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            raise InputError(
                f"the worker reading this document crashed ({what})",
                where=shown,
                hint="the file is probably malformed "
                "(a memory limit hit inside a C library ends so too; see --max-memory)",
            ) from None
        except MemoryError:
            raise LimitExceededError(
                "the document needs more memory than the limit allows",
                where=shown,
                hint="raise --max-memory if the file is trusted",
            ) from None
        return document


def parse_isolated(
    path: str | os.PathLike[str],
    limits: Limits = DEFAULT_LIMITS,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> Document:
    """Parse one document in a worker process within the time and memory limits."""
    with IsolatedParser(limits, memory_mb) as parser:
        return parser.parse(path)


__all__ = ["DEFAULT_MEMORY_MB", "IsolatedParser", "parse_isolated"]
