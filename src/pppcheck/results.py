"""What the engine concludes, rule by rule and profile by profile, with the evidence for it."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from pppcheck.model import Frozen
from pppcheck.rules.schema import OsloSupport, Severity, Status


class EvidenceKind(StrEnum):
    MET = "met"  # a binding provision with the wording the rule asks for
    WEAK = "weak"  # the met wording, but optional, hollowed or not binding
    PARTIAL = "partial"  # wording the rule lists as partial coverage
    CONTRARY = "contrary"  # a provision that works against the recommendation
    PROFILE = "profile"  # why a profile was (or was not) detected


class Evidence(Frozen):
    """One quoted sentence and where it is."""

    path: str
    page: int | None = None
    section: str = ""
    quote: str
    kind: EvidenceKind
    block: int = Field(description="block index in its document, 0-based")
    line: int | None = None
    match: str = Field(default="", description="the words that matched, as written")
    note: str | None = Field(default=None, description="why it counts as weak, if it does")

    def where(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"p.{self.page}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.section:
            parts.append(self.section)
        return " · ".join(parts) if parts else f"block {self.block + 1}"


class Waiver(Frozen):
    """An accepted gap: why it is accepted, who answers for it, until when, where it is written.

    A waived result keeps its real status (and its weight in the score); it is only left out of
    the policy decision. See `pppcheck.waivers`.
    """

    reason: str
    owner: str
    expires: date
    origin: str = Field(default="", description="file:line where the waiver is written")


GAP_STATUSES = frozenset({Status.CONTRARY, Status.MISSING, Status.PARTIAL})
"""Statuses that are gaps: what a waiver can accept and what SARIF and JUnit report."""


class RuleResult(Frozen):
    rule_id: str
    title: str
    theme: str
    theme_title: str
    status: Status
    weight: float
    severity: Severity
    reason: str
    evidence: tuple[Evidence, ...] = ()
    remediation: str = ""
    model_clause: str = ""
    source: str = ""
    oslo: OsloSupport = OsloSupport.NONE
    applies_to: str = "all"
    rationale: str = Field(default="", description="why the recommendation matters")
    help_uri: str = Field(default="", description="where to read more about the rule, if set")
    waiver: Waiver | None = Field(
        default=None, description="set when the gap is accepted by a waiver (status unchanged)"
    )

    @property
    def is_gap(self) -> bool:
        return self.status in GAP_STATUSES

    @property
    def waived(self) -> bool:
        return self.waiver is not None


class ProfileValue(Frozen):
    value: bool
    source: str = Field(description="detected, or override when given by the user")
    score: float = 0.0
    threshold: float = 0.0
    title: str = ""
    evidence: tuple[Evidence, ...] = ()
