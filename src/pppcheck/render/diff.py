"""The output of `pppcheck diff`: plain text, Markdown (for a pull-request comment) or JSON."""

from __future__ import annotations

import json

from pppcheck.diff import Change, ReportDiff, RuleChange
from pppcheck.render.common import score_text, short
from pppcheck.render.markdown import md

HEADINGS = {
    Change.BROKE: "Broke (worse than before, or a new gap)",
    Change.FIXED: "Fixed",
    Change.IMPROVED: "Improved, still a gap",
    Change.NOW_APPLIES: "Now applies",
    Change.NO_LONGER_APPLIES: "No longer applies",
    Change.ADDED: "New rules",
    Change.REMOVED: "Rules no longer in the pack",
    Change.UNKNOWN: "Could not compare (a rule failed to run)",
}
DIFF_FORMATS = ("terminal", "markdown", "json")


def _status(change: RuleChange) -> str:
    old = change.old.value if change.old else "—"
    new = change.new.value if change.new else "—"
    return f"{old} → {new}"


def _delta(diff: ReportDiff) -> str:
    if diff.delta is None:
        return "n/a"
    return f"{diff.delta:+g}"


def render_diff_text(diff: ReportDiff) -> str:
    out = [
        f"old {diff.old}  score {score_text(diff.old_score)}",
        f"new {diff.new}  score {score_text(diff.new_score)}  ({_delta(diff)})",
        "",
    ]
    for change_kind, heading in HEADINGS.items():
        items = diff.of(change_kind)
        if not items:
            continue
        out.append(f"{heading} ({len(items)})")
        for change in items:
            out.append(f"  {change.rule_id:<6} {_status(change):<26} {change.title}")
            if change_kind is Change.BROKE and change.quote:
                out.append(f"         {change.where}: “{short(change.quote, 140)}”")
        out.append("")
    unchanged = diff.of(Change.UNCHANGED)
    gaps = [c for c in unchanged if c.new not in (None,) and c.new.value in _GAPS]
    out.append(
        f"Unchanged ({len(unchanged)}): {len(gaps)} still gaps"
        + (": " + " ".join(c.rule_id for c in gaps) if gaps else "")
    )
    out.extend(f"note: {n}" for n in diff.notes)
    out.append("")
    out.append("Verdict: " + ("WORSE" if diff.worse else "not worse"))
    return "\n".join(out) + "\n"


_GAPS = {"contrary", "missing", "partial"}


def render_diff_markdown(diff: ReportDiff) -> str:
    verdict = "❌ **worse**" if diff.worse else "✅ not worse"
    out = [
        f"## pppcheck diff · score {score_text(diff.old_score)} → "
        f"{score_text(diff.new_score)} ({_delta(diff)}) · {verdict}",
        "",
        f"`{diff.old.replace('`', '')}` → `{diff.new.replace('`', '')}`",
        "",
    ]
    rows = [c for c in diff.changes if c.change is not Change.UNCHANGED]
    if rows:
        out += ["| Change | Rule | Status | Title |", "|---|---|---|---|"]
        out += [
            f"| {c.change.value.replace('_', ' ')} | **{md(c.rule_id)}** | {_status(c)} | "
            f"{md(c.title)} |"
            for c in rows
        ]
        out.append("")
    unchanged = diff.of(Change.UNCHANGED)
    gaps = [c.rule_id for c in unchanged if c.new is not None and c.new.value in _GAPS]
    out.append(f"Unchanged: {len(unchanged)} rules ({len(gaps)} still gaps)")
    out.extend(f"\n> {md(n)}" for n in diff.notes)
    return "\n".join(out) + "\n"


def render_diff_json(diff: ReportDiff) -> str:
    return json.dumps(diff.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def render_diff(diff: ReportDiff, fmt: str) -> str:
    if fmt == "markdown":
        return render_diff_markdown(diff)
    if fmt == "json":
        return render_diff_json(diff)
    return render_diff_text(diff)
