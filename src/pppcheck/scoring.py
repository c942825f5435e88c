"""Weighted 0–100 score, overall and per theme.

    score = 100 × Σ(weight × value) / Σ(weight)     over applicable rules
    value: met = 1, partial = 0.5, missing = 0, contrary = 0

Rules that are not applicable, or that failed to run (`error`), are left out of both sums.
A theme with no applicable rule has no score (shown as "n/a"), never 0 or 100.

Waivers do not change the score: a waived gap keeps its real status and weight. They are
counted apart (`counts.waived`) and `policy_score`, the score with waived rules left out of both
sums, is what `--fail-under` checks.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from pppcheck.model import Frozen
from pppcheck.results import RuleResult
from pppcheck.rules.schema import Status

STATUS_VALUE: dict[Status, float] = {
    Status.MET: 1.0,
    Status.PARTIAL: 0.5,
    Status.MISSING: 0.0,
    Status.CONTRARY: 0.0,
}

FORMULA = (
    "score = 100 × Σ(weight × value) / Σ(weight) over applicable rules; "
    "value: met 1, partial 0.5, missing 0, contrary 0; not applicable and errors are left out"
)


class Counts(Frozen):
    met: int = 0
    partial: int = 0
    missing: int = 0
    contrary: int = 0
    not_applicable: int = 0
    error: int = 0
    waived: int = Field(default=0, description="gaps accepted by a waiver (also in their status)")

    @property
    def applicable(self) -> int:
        return self.met + self.partial + self.missing + self.contrary

    @property
    def gaps(self) -> int:
        return self.partial + self.missing + self.contrary


class ThemeScore(Frozen):
    id: str
    title: str
    score: float | None
    weight: float = Field(description="sum of the weights of the theme's applicable rules")
    counts: Counts


class Score(Frozen):
    overall: float | None
    themes: tuple[ThemeScore, ...]
    counts: Counts
    formula: str = FORMULA
    policy_score: float | None = Field(
        default=None,
        description="the score with waived rules left out; what --fail-under checks",
    )


def count(results: Sequence[RuleResult]) -> Counts:
    tally = {status.value: 0 for status in Status}
    for result in results:
        tally[result.status.value] += 1
    return Counts(**tally, waived=sum(1 for r in results if r.waiver is not None))


def _weighted(results: Sequence[RuleResult]) -> tuple[float | None, float]:
    total = sum(r.weight for r in results if r.status in STATUS_VALUE)
    if total == 0:
        return None, 0.0
    earned = sum(r.weight * STATUS_VALUE[r.status] for r in results if r.status in STATUS_VALUE)
    return round(100.0 * earned / total, 1), total


def score(results: Sequence[RuleResult]) -> Score:
    """Score the results; themes keep the order in which the rules list them."""
    overall, _ = _weighted(results)
    themes: dict[str, list[RuleResult]] = {}
    for result in results:
        themes.setdefault(result.theme, []).append(result)
    theme_scores = []
    for theme_id, members in themes.items():
        value, weight = _weighted(members)
        theme_scores.append(
            ThemeScore(
                id=theme_id,
                title=members[0].theme_title,
                score=value,
                weight=weight,
                counts=count(members),
            )
        )
    unwaived = [r for r in results if r.waiver is None]
    policy_score = overall if len(unwaived) == len(results) else _weighted(unwaived)[0]
    return Score(
        overall=overall,
        themes=tuple(theme_scores),
        counts=count(results),
        policy_score=policy_score,
    )
