"""Waivers: gaps a team has accepted, for a reason, by an owner, until a date.

```yaml
waivers:
  - rule: R26
    documents: ["tenders/lighting-*.docx", "sha256:3f1c9a0b7d2e"]
    reason: The concession is governed by the national PPP law, which sets the payment mechanism.
    owner: legal@city.example
    expires: 2026-12-31
```

`documents` are shell-style patterns matched against the document path as given on the command
line and relative to the waiver file's folder (``*`` also matches ``/``), or ``sha256:`` followed
by at least 12 hex digits of the file's SHA-256 (a waiver for one exact draft). A waiver applies
to a gap (contrary, missing, partial) of its rule in a matching document until its expiry date
(inclusive). A waived result keeps its status and its weight in the score; it is shown as
waived, counted in `counts.waived`, and never fails the policy. Expired waivers do not apply;
they, and waivers that matched no gap, are reported as warnings.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pppcheck.errors import ConfigError
from pppcheck.report import DocumentFacts, Report, ReportStatus, with_results
from pppcheck.results import RuleResult, Waiver
from pppcheck.rules.yamlio import line_of, load_yaml, read_text, real_keys

_SHA = "sha256:"


class WaiverError(ConfigError):
    default_hint = "each waiver needs rule, documents, reason, owner and expires (YYYY-MM-DD)"


class WaiverEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    rule: Annotated[str, Field(min_length=1, max_length=64)]
    documents: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    reason: Annotated[str, Field(min_length=3)]
    owner: Annotated[str, Field(min_length=1)]
    expires: date

    @field_validator("documents")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if pattern.lower().startswith(_SHA):
                digest = pattern[len(_SHA) :]
                if len(digest) < 12 or any(c not in "0123456789abcdefABCDEF" for c in digest):
                    raise ValueError(f"{pattern!r}: sha256: needs at least 12 hex digits")
        return value


class WaiverFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    waivers: list[WaiverEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class LoadedWaiver:
    entry: WaiverEntry
    origin: str
    """``file:line`` of the entry."""
    base: Path
    """Folder of the waiver file (patterns are also matched relative to it)."""

    def as_result_waiver(self) -> Waiver:
        return Waiver(
            reason=self.entry.reason,
            owner=self.entry.owner,
            expires=self.entry.expires,
            origin=self.origin,
        )


def load_waivers(path: Path) -> tuple[LoadedWaiver, ...]:
    """Read and validate a waiver file; every problem is reported as ``file:line: key: reason``."""
    if not path.is_file():
        raise WaiverError("no such waiver file", where=str(path))
    text = read_text(path, WaiverError)
    data = load_yaml(text, str(path), WaiverError) or {}
    try:
        parsed = WaiverFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        line = line_of(text, loc)
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key (allowed: rule, documents, reason, owner, expires)"
        keys = real_keys(text, loc)
        raise WaiverError(
            f"{keys}: {message}" if keys else message,
            where=f"{path}:{line}" if line else str(path),
        ) from None
    base = path.resolve().parent
    return tuple(
        LoadedWaiver(entry=entry, origin=f"{path}:{line_of(text, ['waivers', i]) or 1}", base=base)
        for i, entry in enumerate(parsed.waivers)
    )


def matches(waiver: LoadedWaiver, document: DocumentFacts) -> bool:
    given = PurePath(document.path).as_posix()
    try:
        relative = Path(os.path.relpath(Path(document.path).resolve(), waiver.base)).as_posix()
    except ValueError:  # another drive on Windows
        relative = given
    for pattern in waiver.entry.documents:
        if pattern.lower().startswith(_SHA):
            if document.sha256.lower().startswith(pattern[len(_SHA) :].lower()):
                return True
        elif fnmatch.fnmatchcase(given, pattern) or fnmatch.fnmatchcase(relative, pattern):
            return True
    return False


class WaiverBook:
    """Applies waivers report by report (a batch streams its reports) and, at the end, says
    which waivers expired, were not needed or matched nothing."""

    def __init__(self, waivers: Sequence[LoadedWaiver], today: date) -> None:
        self.expired = [w for w in waivers if w.entry.expires < today]
        self.active = [w for w in waivers if w.entry.expires >= today]
        self.used: set[int] = set()
        self.seen_documents: set[int] = set()

    def apply(self, report: Report) -> Report:
        """The report with its waived gaps marked (rescored and policy decided again)."""
        if report.status is not ReportStatus.AUDITED:
            return report
        relevant = [
            (n, w)
            for n, w in enumerate(self.active)
            if any(matches(w, d) for d in report.documents)
        ]
        self.seen_documents.update(n for n, _ in relevant)
        results: list[RuleResult] = []
        changed = False
        for result in report.results:
            hit = next(
                (
                    (n, w)
                    for n, w in relevant
                    if w.entry.rule.upper() == result.rule_id.upper() and result.is_gap
                ),
                None,
            )
            if hit is None:
                results.append(result)
                continue
            self.used.add(hit[0])
            changed = True
            results.append(result.model_copy(update={"waiver": hit[1].as_result_waiver()}))
        return with_results(report, results) if changed else report

    def warnings(self) -> list[str]:
        found = [
            f"{w.origin}: waiver for {w.entry.rule} expired on {w.entry.expires.isoformat()} "
            f"(owner {w.entry.owner}); its gaps count again"
            for w in self.expired
        ]
        for number, waiver in enumerate(self.active):
            if number in self.used:
                continue
            if number in self.seen_documents:
                found.append(
                    f"{waiver.origin}: waiver for {waiver.entry.rule} is not needed: no gap of "
                    "this rule in the matching documents; remove it"
                )
            else:
                found.append(
                    f"{waiver.origin}: waiver for {waiver.entry.rule} matched no audited document"
                )
        return found


def apply_waivers(
    reports: Sequence[Report], waivers: Sequence[LoadedWaiver], today: date
) -> tuple[list[Report], list[str]]:
    """Mark waived gaps, rescore and decide the policy again; return the warnings to show."""
    book = WaiverBook(waivers, today)
    out = [book.apply(report) for report in reports]
    return out, book.warnings()
