"""Draft comparison: what was fixed, what broke, and when the new draft is worse."""

from __future__ import annotations

import pytest

from pppcheck.diff import Change, classify, diff_reports
from pppcheck.policy import Policy, check_policy
from pppcheck.report import DocumentFacts, PackInfo, Report
from pppcheck.results import RuleResult
from pppcheck.rules.schema import Severity, Status
from pppcheck.scoring import score

S = Status


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        (S.MISSING, S.MET, Change.FIXED),
        (S.CONTRARY, S.PARTIAL, Change.IMPROVED),
        (S.MET, S.PARTIAL, Change.BROKE),
        (S.MISSING, S.CONTRARY, Change.BROKE),
        (S.PARTIAL, S.PARTIAL, Change.UNCHANGED),
        (S.NOT_APPLICABLE, S.MISSING, Change.BROKE),
        (S.NOT_APPLICABLE, S.MET, Change.NOW_APPLIES),
        (S.MET, S.NOT_APPLICABLE, Change.NO_LONGER_APPLIES),
        (S.ERROR, S.MET, Change.UNKNOWN),
        (None, S.MET, Change.ADDED),
        (S.MET, None, Change.REMOVED),
    ],
)
def test_classify(old: Status | None, new: Status | None, change: Change) -> None:
    assert classify(old, new) is change


def report(path: str, **statuses: Status) -> Report:
    results = tuple(
        RuleResult(
            rule_id=k,
            title=k,
            theme="t",
            theme_title="T",
            status=v,
            weight=1,
            severity=Severity.MAJOR,
            reason="",
        )
        for k, v in statuses.items()
    )
    scored = score(results)
    return Report(
        documents=(
            DocumentFacts(
                path=path, format="markdown", pages=None, language="en", sha256="0" * 64, size=1
            ),
        ),
        language="en",
        score=scored,
        pack=PackInfo(id="p", version="1", rules=len(results)),
        results=results,
        policy=check_policy(Policy(), scored, results),
    )


def test_a_better_draft_is_not_worse() -> None:
    result = diff_reports(report("v1", R1=S.MISSING, R2=S.MET), report("v2", R1=S.MET, R2=S.MET))
    assert result.delta == 50.0 and not result.worse
    assert [c.rule_id for c in result.of(Change.FIXED)] == ["R1"]
    assert [c.rule_id for c in result.of(Change.UNCHANGED)] == ["R2"]


def test_a_regression_makes_it_worse_even_with_a_better_score() -> None:
    result = diff_reports(
        report("v1", R1=S.MISSING, R2=S.MISSING, R3=S.MET),
        report("v2", R1=S.MET, R2=S.MET, R3=S.PARTIAL),
    )
    assert result.delta is not None and result.delta > 0
    assert result.worse and [c.rule_id for c in result.of(Change.BROKE)] == ["R3"]
    assert result.changes[0].change is Change.BROKE  # what broke comes first


def test_pack_change_is_noted() -> None:
    old = report("v1", R1=S.MET)
    new = report("v2", R1=S.MET).model_copy(update={"pack": PackInfo(id="p", version="2", rules=1)})
    assert diff_reports(old, new).pack_changed
