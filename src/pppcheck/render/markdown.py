"""Markdown for a pull-request or merge-request comment (GitHub, GitLab, Gitea flavoured).

Same questions, same order as the terminal report: what was read, the score and the themes, then
the gaps in one table (works against the city, missing, weak), then what is covered and what
does not apply, folded in `<details>`. Every string from the document or the pack is escaped:
Markdown punctuation and pipes get a backslash, HTML is neutralised, newlines become spaces and
``@name`` cannot notify anybody.
"""

from __future__ import annotations

import re

from pppcheck.language import language_name
from pppcheck.render import RenderOptions
from pppcheck.render.common import grouped, score_text, short
from pppcheck.render.labels import Labels, labels_for
from pppcheck.report import AuditRun, Report, ReportStatus
from pppcheck.results import RuleResult
from pppcheck.rules.schema import Status

QUOTE_LIMIT = 200
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
"""Characters that start markup inside a line: emphasis, code, links, HTML, tables, math."""
ICON = {
    Status.CONTRARY: "✗",
    Status.MISSING: "·",
    Status.PARTIAL: "◐",
    Status.ERROR: "!",
    Status.MET: "✓",
    Status.NOT_APPLICABLE: "–",
}


def md(text: str) -> str:
    """Escape text for a Markdown table cell or paragraph: one line, no markup, no mentions."""
    flat = " ".join(text.split())
    flat = flat.replace("&", "&amp;")
    flat = _SPECIAL.sub(r"\\\1", flat)
    return flat.replace("@", "@\u2060")


def render_markdown(run: AuditRun, options: RenderOptions) -> str:
    out: list[str] = []
    for report in run.reports:
        _report(out, run, report, labels_for(report.language), options)
    if run.errors:
        out.append(f"### ⚠ {labels_for('en').errors} ({len(run.errors)})\n")
        for error in run.errors:
            hint = f" — {md(error.hint)}" if error.hint else ""
            out.append(f"- `{_code(error.path)}`: {md(error.error)}{hint}")
        out.append("")
    if run.warnings:
        out.append(f"### {labels_for('en').notes}\n")
        out.extend(f"- {md(w)}" for w in run.warnings)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _code(text: str) -> str:
    return " ".join(text.split()).replace("`", "'")


def _report(
    out: list[str], run: AuditRun, report: Report, t: Labels, options: RenderOptions
) -> None:
    names = ", ".join(f"`{_code(d.path)}`" for d in report.documents)
    out.append(f"## pppcheck · {names}\n")
    for doc in report.documents:
        pages = f"{doc.pages} {t.pages}" if doc.pages is not None else f"{doc.blocks} blocks"
        out.append(
            f"{doc.format.value.upper()} · {pages} · {language_name(doc.language)} · "
            f"{t.pack} {md(report.pack.id)} {md(report.pack.version)} · "
            f"{run.tool.name} {run.tool.version}  "
        )
    out.append("")
    if report.status is ReportStatus.NO_TEXT:
        out.append(f"> **{md(report.message)}**\n")
        _policy(out, report, t)
        return
    counts = report.score.counts
    waived = f" · {counts.waived} {t.waived}" if counts.waived else ""
    out.append(
        f"**{t.score} {score_text(report.score.overall)}/100** · {counts.applicable} "
        f"{t.applicable}: {counts.met} {t.statuses[Status.MET]} · {counts.partial} "
        f"{t.statuses[Status.PARTIAL]} · {counts.missing} {t.statuses[Status.MISSING]} · "
        f"{counts.contrary} {t.statuses[Status.CONTRARY]}{waived}\n"
    )
    _profile(out, report, t)
    _themes(out, report, t)
    groups = grouped(report)
    _gaps(out, report, t)
    if groups[Status.ERROR]:
        out.append(
            f"**{t.could_not_run}**: "
            + ", ".join(f"{r.rule_id} ({md(r.reason)})" for r in groups[Status.ERROR])
            + "\n"
        )
    _covered(out, groups[Status.MET], t, options)
    _not_applicable(out, groups[Status.NOT_APPLICABLE], t)
    _policy(out, report, t)


def _profile(out: list[str], report: Report, t: Labels) -> None:
    if not report.profile:
        return
    parts = []
    for name, value in report.profile.items():
        mark = "✓" if value.value else "✗"
        how = f" ({t.set_by_user})" if value.source == "override" else ""
        parts.append(f"{md(value.title or name)} {mark}{how}")
    out.append(f"{t.profile}: " + " · ".join(parts) + "\n")


def _themes(out: list[str], report: Report, t: Labels) -> None:
    if not report.score.themes:
        return
    out.append(
        f"| {t.theme} | {t.score} | {t.statuses[Status.MET]} | {t.statuses[Status.PARTIAL]} "
        f"| {t.statuses[Status.MISSING]} | {t.statuses[Status.CONTRARY]} |"
    )
    out.append("|---|--:|--:|--:|--:|--:|")
    for theme in report.score.themes:
        c = theme.counts
        out.append(
            f"| {md(theme.title)} | {score_text(theme.score)} | {c.met} | {c.partial} | "
            f"{c.missing} | {c.contrary} |"
        )
    out.append("")


def _evidence_cell(result: RuleResult, t: Labels) -> tuple[str, str]:
    if not result.evidence:
        return "—", f"*{t.not_found}*"
    first = result.evidence[0]
    more = f" (+{len(result.evidence) - 1})" if len(result.evidence) > 1 else ""
    return md(first.where()), f"“{md(short(first.quote, QUOTE_LIMIT))}”{more}"


def _gaps(out: list[str], report: Report, t: Labels) -> None:
    gaps = [r for r in report.results if r.is_gap]
    out.append(f"### {t.gaps} ({len(gaps)})\n")
    if not gaps:
        out.append(f"{t.no_gaps}\n")
        return
    out.append(
        f"| | {t.rule} | {t.status} | {t.severity} | {t.where} | {t.evidence} | {t.what_to_write} |"
    )
    out.append("|---|---|---|---|---|---|---|")
    for result in gaps:
        place, quote = _evidence_cell(result, t)
        status = t.statuses[result.status]
        if result.waiver is not None:
            w = result.waiver
            status += (
                f" · **{t.waived}** {t.expires} {w.expires.isoformat()} "
                f"({md(w.owner)}: {md(w.reason)})"
            )
        out.append(
            f"| {ICON[result.status]} | **{md(result.rule_id)}** {md(result.title)} | {status} | "
            f"{t.severities[result.severity]}, {result.weight:g} | {place} | {quote} | "
            f"{md(result.remediation)} |"
        )
    out.append("")


def _covered(out: list[str], results: list[RuleResult], t: Labels, options: RenderOptions) -> None:
    if not results:
        return
    out.append(f"<details><summary>{t.covered} ({len(results)})</summary>\n")
    for result in results:
        line = f"- ✓ **{md(result.rule_id)}** {md(result.title)}"
        if result.evidence:
            first = result.evidence[0]
            line += f" — {md(first.where())}: “{md(short(first.quote, QUOTE_LIMIT))}”"
        out.append(line)
    out.append("\n</details>\n")


def _not_applicable(out: list[str], results: list[RuleResult], t: Labels) -> None:
    if not results:
        return
    by_condition: dict[str, list[str]] = {}
    for result in results:
        by_condition.setdefault(result.applies_to, []).append(result.rule_id)
    parts = [f"{' '.join(ids)} ({t.needs} {md(cond)})" for cond, ids in by_condition.items()]
    out.append(f"{t.not_applicable} ({len(results)}): " + " · ".join(parts) + "\n")


def _policy(out: list[str], report: Report, t: Labels) -> None:
    outcome = report.policy
    if not outcome.policy.is_set and outcome.passed:
        out.append(f"{t.policy}: {t.policy_none}\n")
        return
    verdict = f"✅ {t.passed}" if outcome.passed else f"❌ **{t.failed}**"
    reasons = f" ({md('; '.join(outcome.reasons))})" if outcome.reasons else ""
    out.append(f"{t.policy}: {md(outcome.policy.describe())} → {verdict}{reasons}\n")
