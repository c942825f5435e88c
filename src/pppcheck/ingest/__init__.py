"""Ingestion: any supported file in, one `Document` out.

`parse_file` is the single entry point. It reads the bytes once, recognises the format from
them (`sniff`), hands them to the format's parser (imported lazily, so that auditing Markdown
never loads PDF libraries) and assembles the result. Every failure leaves here as an
`InputError` naming the file, never as a library's own exception.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pppcheck.errors import InputError, LimitExceededError, PppcheckError
from pppcheck.ingest.assemble import assemble
from pppcheck.ingest.base import ParseOutput, Parser
from pppcheck.ingest.sniff import sniff
from pppcheck.limits import DEFAULT_LIMITS, MB, Limits
from pppcheck.model import DocFormat, Document


def _docx(data: bytes, limits: Limits) -> ParseOutput:
    from pppcheck.ingest.docx import parse_docx

    return parse_docx(data, limits)


def _pdf(data: bytes, limits: Limits) -> ParseOutput:
    from pppcheck.ingest.pdf import parse_pdf

    return parse_pdf(data, limits)


def _odt(data: bytes, limits: Limits) -> ParseOutput:
    from pppcheck.ingest.odt import parse_odt

    return parse_odt(data, limits)


def _markdown(data: bytes, limits: Limits) -> ParseOutput:
    from pppcheck.ingest.markdown import parse_markdown

    return parse_markdown(data, limits)


def _text(data: bytes, limits: Limits) -> ParseOutput:
    from pppcheck.ingest.text import parse_text

    return parse_text(data, limits)


def _html(data: bytes, limits: Limits) -> ParseOutput:
    from pppcheck.ingest.html import parse_html

    return parse_html(data, limits)


PARSERS: dict[DocFormat, Parser] = {
    DocFormat.DOCX: _docx,
    DocFormat.PDF: _pdf,
    DocFormat.ODT: _odt,
    DocFormat.MARKDOWN: _markdown,
    DocFormat.TEXT: _text,
    DocFormat.HTML: _html,
}


def read_input(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a file's bytes with clear errors for the usual path problems.

    Only regular files are read: a named pipe would block until someone writes to it, and a
    device (/dev/zero) never ends.
    """
    try:
        info = _stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("this is a folder, not a file", hint="give the documents inside it")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                "this is not a regular file (a named pipe, socket or device)",
                hint="save the content to a file and audit that file",
            )
        if info.st_size > limits.max_file_bytes:
            raise LimitExceededError(
                f"the file is {info.st_size / MB:.1f} MB, "
                f"over the {limits.max_file_bytes / MB:g} MB limit",
                hint="raise the limit with --max-file-size if you trust this file",
            )
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except PermissionError as exc:
        raise InputError("permission denied", hint="check the file's permissions") from exc
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > limits.max_file_bytes:  # it grew while being read
        raise LimitExceededError(
            f"the file is over the {limits.max_file_bytes / MB:g} MB limit",
            hint="raise the limit with --max-file-size if you trust this file",
        )
    return data


def _stat(path: Path) -> os.stat_result:
    """`os.stat`, with symbolic-link loops and dangling links named as such."""
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                "this symbolic link points to a file that does not exist",
                hint="fix or remove the link",
            ) from None
        raise InputError("no such file", hint="check the path; quote names with spaces") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(
                "symbolic link loop (the link leads back to itself)",
                hint="fix the link so that it points to the document",
            ) from None
        raise


def parse_bytes(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse bytes that came from `path` (used for messages, evidence and the suffix)."""
    out_of_memory = False
    out: ParseOutput | None = None
    try:
        fmt = sniff(data, os.path.splitext(path)[1], limits)
        out = PARSERS[fmt](data, limits)
        return assemble(path, fmt, data, out)
    except PppcheckError as exc:
        raise exc.located(path) from exc
    except RecursionError as exc:
        raise InputError(
            "the document is nested too deeply to read",
            where=path,
            hint="the file is probably malformed",
        ) from exc
    except MemoryError:
        # Raised outside this block, so that the MemoryError's traceback (whose frames hold
        # the partly parsed document) is dropped first and the memory is free again.
        out_of_memory = True
    except Exception as exc:  # a library's own error on a malformed file
        raise InputError(
            f"cannot read the document ({type(exc).__name__}: {exc})",
            where=path,
            hint="the file is probably damaged; open and re-save it, or run with --debug",
        ) from exc
    assert out_of_memory
    out = None  # what was read so far: free it before building the error
    raise LimitExceededError(
        "the document needs more memory than the limit allows",
        where=path,
        hint="raise --max-memory if you trust this file",
    )


def parse_file(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and parse one file; the path is kept as given, for deterministic reports."""
    shown = os.fspath(path)
    try:
        data = read_input(Path(shown), limits)
    except PppcheckError as exc:
        raise exc.located(shown) from exc
    return parse_bytes(data, shown, limits)


__all__ = ["PARSERS", "parse_bytes", "parse_file", "read_input", "sniff"]
