"""What changed between two drafts: fixed, improved, broken, unchanged, and the score change.

Statuses are ranked met > partial > missing > contrary. A rule whose status rose to `met` is
fixed; one that rose but is still a gap is improved; one that fell is broken (a regression).
A rule that newly applies (its profile now holds) and is a gap counts as broken too: the new
draft has a gap the old one did not. The new draft is *worse* when anything broke or when its
score went down; `pppcheck diff` exits 1 then.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from pppcheck.model import Frozen
from pppcheck.report import Report
from pppcheck.rules.schema import Status

RANK = {Status.CONTRARY: 0, Status.MISSING: 1, Status.PARTIAL: 2, Status.MET: 3}


class Change(StrEnum):
    FIXED = "fixed"  # was a gap, now met
    IMPROVED = "improved"  # better, still a gap
    BROKE = "broke"  # worse than before, or a new gap
    UNCHANGED = "unchanged"  # same status
    NO_LONGER_APPLIES = "no_longer_applies"
    NOW_APPLIES = "now_applies"  # and met
    ADDED = "added"  # rule not in the old report (pack changed)
    REMOVED = "removed"  # rule not in the new report
    UNKNOWN = "unknown"  # one of the two could not be evaluated (error)


CHANGE_ORDER = (
    Change.BROKE,
    Change.FIXED,
    Change.IMPROVED,
    Change.NOW_APPLIES,
    Change.NO_LONGER_APPLIES,
    Change.ADDED,
    Change.REMOVED,
    Change.UNKNOWN,
    Change.UNCHANGED,
)


class RuleChange(Frozen):
    rule_id: str
    title: str
    old: Status | None
    new: Status | None
    change: Change
    weight: float
    quote: str = Field(default="", description="the new draft's first quote, if any")
    where: str = ""


class ReportDiff(Frozen):
    old: str = Field(description="the old draft: document path(s)")
    new: str
    old_score: float | None
    new_score: float | None
    delta: float | None
    changes: tuple[RuleChange, ...]
    worse: bool
    pack_changed: bool = False
    notes: tuple[str, ...] = ()

    def of(self, change: Change) -> list[RuleChange]:
        return [c for c in self.changes if c.change is change]


def classify(old: Status | None, new: Status | None) -> Change:
    if old is None:
        return Change.ADDED
    if new is None:
        return Change.REMOVED
    if Status.ERROR in (old, new):
        return Change.UNKNOWN
    if old is new:
        return Change.UNCHANGED
    if new is Status.NOT_APPLICABLE:
        return Change.NO_LONGER_APPLIES
    if old is Status.NOT_APPLICABLE:
        return Change.NOW_APPLIES if new is Status.MET else Change.BROKE
    if RANK[new] > RANK[old]:
        return Change.FIXED if new is Status.MET else Change.IMPROVED
    return Change.BROKE


def diff_reports(old: Report, new: Report) -> ReportDiff:
    before = {r.rule_id: r for r in old.results}
    after = {r.rule_id: r for r in new.results}
    order = [r.rule_id for r in new.results] + [k for k in before if k not in after]
    changes = []
    for rule_id in order:
        was, now = before.get(rule_id), after.get(rule_id)
        ref = now or was
        assert ref is not None
        first = now.evidence[0] if now is not None and now.evidence else None
        changes.append(
            RuleChange(
                rule_id=rule_id,
                title=ref.title,
                old=was.status if was else None,
                new=now.status if now else None,
                change=classify(was.status if was else None, now.status if now else None),
                weight=ref.weight,
                quote=first.quote if first else "",
                where=first.where() if first else "",
            )
        )
    changes.sort(key=lambda c: CHANGE_ORDER.index(c.change))
    old_score, new_score = old.score.overall, new.score.overall
    delta = (
        round(new_score - old_score, 1) if old_score is not None and new_score is not None else None
    )
    pack_changed = (old.pack.id, old.pack.version) != (new.pack.id, new.pack.version)
    notes = []
    if pack_changed:
        notes.append(
            f"the rule packs differ ({old.pack.id} {old.pack.version} → {new.pack.id} "
            f"{new.pack.version}): some changes may come from the rules, not the draft"
        )
    worse = any(c.change is Change.BROKE for c in changes) or (delta is not None and delta < 0)
    return ReportDiff(
        old=" + ".join(d.path for d in old.documents),
        new=" + ".join(d.path for d in new.documents),
        old_score=old_score,
        new_score=new_score,
        delta=delta,
        changes=tuple(changes),
        worse=worse,
        pack_changed=pack_changed,
        notes=tuple(notes),
    )
