"""What the engine concludes, rule by rule and profile by profile, with the evidence for it."""

from __future__ import annotations

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


class ProfileValue(Frozen):
    value: bool
    source: str = Field(description="detected, or override when given by the user")
    score: float = 0.0
    threshold: float = 0.0
    title: str = ""
    evidence: tuple[Evidence, ...] = ()
