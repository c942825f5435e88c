"""Errors pppcheck expects, and the exit codes the CLI maps them to.

Every failure a user can cause (a bad file, a bad pack, a bad flag) is a `PppcheckError` with a
one-line message, an optional place (``file:line`` for YAML, ``file:page`` for documents) and a
hint saying what to do. The CLI catches only this base class, prints ``error:``/``hint:`` and exits
with code 2; anything else is a bug and shows a traceback only with ``--debug``.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes: the contract with CI systems and batch scripts."""

    OK = 0
    POLICY_FAILED = 1  # the audit ran and the document falls short of the policy
    TOOL_ERROR = 2  # pppcheck could not do its job (bad input, bad pack, bad flags)


class PppcheckError(Exception):
    """Base of every expected failure."""

    default_hint = "run with --debug for details"

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint or self.default_hint

    def located(self, where: str) -> PppcheckError:
        """Return the same error with a place attached (keeps a more precise one if present)."""
        if self.where is None:
            self.where = where
        return self

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(PppcheckError):
    """A document cannot be read: missing, unreadable, corrupt or of an unsupported kind."""

    default_hint = (
        "check the file opens in its usual application; "
        "pppcheck reads DOCX, PDF, ODT, HTML, Markdown and text"
    )


class UnsupportedFormatError(InputError):
    """The bytes are of a kind pppcheck does not read (legacy .doc, images, archives...)."""


class EncryptedDocumentError(InputError):
    """The document needs a password to be opened."""

    default_hint = "save an unprotected copy (File > Save As, without a password) and audit that"


class LimitExceededError(InputError):
    """The document exceeds a configured safety limit (size, pages, expansion, time)."""

    default_hint = "raise the limit with the matching --max-* option if you trust this file"


class PackError(PppcheckError):
    """A rule pack is invalid: YAML syntax, schema, duplicate ids, unsafe patterns."""

    default_hint = (
        "run `pppcheck rules validate PACK` to see every problem; "
        "`pppcheck rules schema` prints the schema"
    )


class ConfigError(PppcheckError):
    """A configuration file or command-line option is invalid."""

    default_hint = "see `pppcheck --help` and `pppcheck config show`"
