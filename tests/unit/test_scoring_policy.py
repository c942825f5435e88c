from __future__ import annotations

import pytest

from pppcheck.policy import Policy, check_policy, parse_condition
from pppcheck.report import sort_results
from pppcheck.results import RuleResult
from pppcheck.rules.schema import Severity, Status
from pppcheck.scoring import score


def result(
    rule_id: str,
    status: Status,
    weight: float = 1,
    theme: str = "a",
    severity: Severity = Severity.MAJOR,
) -> RuleResult:
    return RuleResult(
        rule_id=rule_id,
        title=rule_id,
        theme=theme,
        theme_title=theme.upper(),
        status=status,
        weight=weight,
        severity=severity,
        reason="",
    )


def test_weighted_score_and_themes() -> None:
    results = [
        result("R1", Status.MET, 3, "a"),
        result("R2", Status.PARTIAL, 2, "a"),
        result("R3", Status.MISSING, 1, "b"),
        result("R4", Status.CONTRARY, 2, "b"),
        result("R5", Status.NOT_APPLICABLE, 3, "b"),
        result("R6", Status.ERROR, 3, "c"),
    ]
    scored = score(results)
    assert scored.overall == pytest.approx(100 * (3 + 1) / 8, abs=0.05)
    themes = {t.id: t for t in scored.themes}
    assert themes["a"].score == pytest.approx(80.0)
    assert themes["b"].score == 0.0
    assert themes["c"].score is None
    assert scored.counts.met == 1 and scored.counts.not_applicable == 1 and scored.counts.error == 1
    assert scored.counts.applicable == 4


def test_nothing_applicable_has_no_score() -> None:
    assert score([result("R1", Status.NOT_APPLICABLE)]).overall is None


def test_gaps_sort_before_covered_and_heaviest_first() -> None:
    ordered = sort_results(
        [
            result("R10", Status.MET, 3),
            result("R2", Status.MISSING, 1, severity=Severity.MINOR),
            result("R3", Status.MISSING, 3, severity=Severity.CRITICAL),
            result("R9", Status.CONTRARY, 1),
            result("R1", Status.PARTIAL, 2),
        ]
    )
    assert [r.rule_id for r in ordered] == ["R9", "R3", "R2", "R1", "R10"]


def test_policy_fail_under_and_fail_on() -> None:
    results = [
        result("R1", Status.MET, 1),
        result("R2", Status.MISSING, 1, severity=Severity.CRITICAL),
    ]
    scored = score(results)
    assert check_policy(Policy(), scored, results).passed
    assert not check_policy(Policy(fail_under=60), scored, results).passed
    assert check_policy(Policy(fail_under=50), scored, results).passed
    outcome = check_policy(Policy(fail_on=("missing:critical",)), scored, results)
    assert not outcome.passed and outcome.reasons == ("missing:critical: R2",)
    assert check_policy(Policy(fail_on=("contrary",)), scored, results).passed


@pytest.mark.parametrize("bad", ["mising", "met", "missing:urgent"])
def test_bad_conditions_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_condition(bad)
