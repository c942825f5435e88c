"""The pass/fail policy, decided once, before rendering, and independent of display options.

A report fails its policy when its score is below `fail_under`, or when a result matches one of
the `fail_on` conditions: a status (``contrary``), or a status at a severity
(``missing:critical``). Without a policy every audit passes: pppcheck informs, the user decides
what blocks a merge.

Waived gaps never fail a policy: they do not match `fail_on`, and `fail_under` is checked
against the score with waived rules left out (`Score.policy_score`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field, field_validator

from pppcheck.model import Frozen
from pppcheck.results import RuleResult
from pppcheck.rules.schema import Severity, Status
from pppcheck.scoring import Score

_FAILABLE = {Status.CONTRARY, Status.MISSING, Status.PARTIAL, Status.ERROR}


class Policy(Frozen):
    fail_under: float | None = Field(default=None, ge=0, le=100)
    fail_on: tuple[str, ...] = ()

    @field_validator("fail_on")
    @classmethod
    def _conditions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for condition in value:
            parse_condition(condition)
        return value

    @property
    def is_set(self) -> bool:
        return self.fail_under is not None or bool(self.fail_on)

    def describe(self) -> str:
        parts = []
        if self.fail_under is not None:
            parts.append(f"score ≥ {self.fail_under:g}")
        if self.fail_on:
            parts.append("no " + ", no ".join(self.fail_on))
        return "; ".join(parts) if parts else "none set (use --fail-under or --fail-on)"


def parse_condition(condition: str) -> tuple[Status, Severity | None]:
    """``contrary`` or ``missing:critical`` → (status, severity or None)."""
    status_text, _, severity_text = condition.strip().lower().partition(":")
    try:
        status = Status(status_text)
    except ValueError:
        allowed = ", ".join(sorted(s.value for s in _FAILABLE))
        raise ValueError(
            f"unknown status {status_text!r} in {condition!r} (use {allowed})"
        ) from None
    if status not in _FAILABLE:
        raise ValueError(f"{status_text!r} cannot fail a policy")
    if not severity_text:
        return status, None
    try:
        return status, Severity(severity_text)
    except ValueError:
        allowed = ", ".join(s.value for s in Severity)
        raise ValueError(
            f"unknown severity {severity_text!r} in {condition!r} (use {allowed})"
        ) from None


class PolicyOutcome(Frozen):
    passed: bool
    reasons: tuple[str, ...] = ()
    policy: Policy = Field(default_factory=Policy)


def check_policy(policy: Policy, scored: Score, results: Sequence[RuleResult]) -> PolicyOutcome:
    reasons: list[str] = []
    basis = scored.policy_score if scored.counts.waived else scored.overall
    if policy.fail_under is not None and (basis or 0.0) < policy.fail_under:
        shown = "n/a" if basis is None else f"{basis:g}"
        waived = " (waived rules left out)" if scored.counts.waived else ""
        reasons.append(f"score {shown}{waived} is below {policy.fail_under:g}")
    for condition in policy.fail_on:
        status, severity = parse_condition(condition)
        hits = [
            r.rule_id
            for r in results
            if r.status is status
            and r.waiver is None
            and (severity is None or r.severity is severity)
        ]
        if hits:
            reasons.append(f"{condition}: {', '.join(hits)}")
    return PolicyOutcome(passed=not reasons, reasons=tuple(reasons), policy=policy)
