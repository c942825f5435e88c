"""A self-contained HTML report: one file, no script, no network, readable on screen and paper.

The page answers the report-sketch's questions in order: what was read (document, profile),
how good it is (score ring, counts, a bar chart of theme scores in inline SVG), what works
against the city, what is missing, what is weak (each with the quoted sentence, the matched
words highlighted, what to write and the model clause), what is covered, what does not apply,
and the policy outcome. A Content-Security-Policy forbids any fetch, and every string from the
document or the pack goes through `html.escape`.
"""

from __future__ import annotations

from html import escape

from pppcheck.language import language_name
from pppcheck.render import RenderOptions
from pppcheck.render.common import clean_xml, grouped, score_text, short
from pppcheck.render.labels import Labels, labels_for
from pppcheck.report import AuditRun, Report, ReportStatus
from pppcheck.results import Evidence, RuleResult
from pppcheck.rules.schema import Status

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STATUS_CLASS = {
    Status.CONTRARY: "contrary",
    Status.MISSING: "missing",
    Status.PARTIAL: "partial",
    Status.ERROR: "error",
    Status.MET: "met",
    Status.NOT_APPLICABLE: "na",
}
ICON = {
    Status.CONTRARY: "✗",
    Status.MISSING: "○",
    Status.PARTIAL: "◐",
    Status.ERROR: "!",
    Status.MET: "✓",
    Status.NOT_APPLICABLE: "–",
}

CSS = """
:root{--ink:#1d2430;--muted:#5b6575;--line:#d9dee7;--bg:#f5f7fa;--card:#fff;
--contrary:#b42318;--missing:#b54708;--partial:#1f6fb2;--met:#1e7b45;--na:#8a94a6;
--error:#8e24aa;--good:#1e7b45;--fair:#c27803;--poor:#b42318}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header.top{background:#14213d;color:#e8edf5;padding:10px 32px;font-size:13px}
main{max-width:1080px;margin:0 auto;padding:24px 32px 48px}
h1{font-size:24px;margin:0 0 4px;word-break:break-all}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:0}
.sub{color:var(--muted);font-size:14px}
.hero{display:flex;gap:28px;align-items:center;background:var(--card);border:1px solid var(--line);
border-radius:12px;padding:20px 24px;margin:18px 0}
.hero .facts{flex:1}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.chip{border-radius:999px;padding:2px 10px;font-size:13px;border:1px solid var(--line);
background:#fff;white-space:nowrap}
.chip b{font-weight:700}
.chip.contrary{color:var(--contrary);border-color:var(--contrary)}
.chip.missing{color:var(--missing);border-color:var(--missing)}
.chip.partial{color:var(--partial);border-color:var(--partial)}
.chip.met{color:var(--met);border-color:var(--met)}
.chip.na,.chip.waived{color:var(--muted)}
.chip.off{color:var(--muted);background:#eef1f5}
.chart{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:12px 16px}
.card{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--na);
border-radius:10px;padding:14px 18px;margin:12px 0;break-inside:avoid}
.card.contrary{border-left-color:var(--contrary)}
.card.missing{border-left-color:var(--missing)}
.card.partial{border-left-color:var(--partial)}
.card.met{border-left-color:var(--met)}
.card.error{border-left-color:var(--error)}
.card.waived{opacity:.8;border-left-style:dashed}
.head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.badge{font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;
border-radius:4px;padding:1px 7px;color:#fff;background:var(--na)}
.badge.contrary{background:var(--contrary)}.badge.missing{background:var(--missing)}
.badge.partial{background:var(--partial)}.badge.met{background:var(--met)}
.badge.error{background:var(--error)}.badge.waived{background:#667085}
.rid{font-weight:700}
.meta{color:var(--muted);font-size:13px;margin-left:auto}
.reason{color:var(--muted);margin:6px 0}
figure{margin:10px 0;padding:8px 14px;background:#f8f9fb;border-radius:6px;
border:1px solid #e7eaf0}
figure.contrary{background:#fef3f2;border-color:#fecdca}
figcaption{font-size:12.5px;color:var(--muted);margin-bottom:2px}
blockquote{margin:0;font-family:Georgia,"DejaVu Serif",serif}
mark{background:#fde68a;padding:0 2px;border-radius:2px}
.fix{margin-top:10px}
.fix h4{margin:0 0 2px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;
color:var(--muted)}
.clause{border-left:3px solid var(--met);padding:6px 12px;background:#f0f9f3;margin:6px 0;
font-family:Georgia,"DejaVu Serif",serif}
.source{font-size:12.5px;color:var(--muted);margin:8px 0 0}
.waiver{font-size:13px;background:#f2f4f7;border-radius:6px;padding:6px 10px;margin-top:8px}
details summary{cursor:pointer;color:var(--muted);font-size:13.5px}
.na-list{color:var(--muted)}
.report+.report{margin-top:56px;padding-top:28px;border-top:4px double var(--line)}
.policy{border-radius:10px;padding:12px 18px;margin-top:28px;border:1px solid var(--line);
background:var(--card)}
.policy.failed{border-color:var(--contrary);background:#fef3f2}
.policy.passed{border-color:var(--met);background:#f0f9f3}
footer{color:var(--muted);font-size:12.5px;margin-top:32px}
.notes li,.errors li{margin:4px 0}
@media print{body{background:#fff}.card,.hero,.chart{box-shadow:none}header.top{color:#000;
background:#fff;border-bottom:1px solid #000}}
"""


def e(text: str) -> str:
    """Escape text taken from a document or a pack for HTML (and drop non-XML characters)."""
    return escape(clean_xml(text), quote=True)


def render_html(run: AuditRun, options: RenderOptions) -> str:
    lang = run.reports[0].language if run.reports else "en"
    names = ", ".join(d.path for r in run.reports for d in r.documents) or "no document"
    first = run.reports[0] if run.reports else None
    title = f"pppcheck · {names}"
    if first is not None and first.score.overall is not None:
        title += f" · {score_text(first.score.overall)}/100"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(short(title, 140))}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f'<header class="top">{e(run.tool.name)} {e(run.tool.version)}</header>',
        "<main>",
    ]
    for report in run.reports:
        parts.append(_report(report, labels_for(report.language), options))
    if run.errors:
        t = labels_for(lang)
        items = "".join(
            f"<li><b>{e(err.path)}</b>: {e(err.error)}"
            + (f" <span class='sub'>({e(err.hint)})</span>" if err.hint else "")
            + "</li>"
            for err in run.errors
        )
        parts.append(f'<h2>{e(t.errors)} ({len(run.errors)})</h2><ul class="errors">{items}</ul>')
    if run.warnings:
        t = labels_for(lang)
        items = "".join(f"<li>{e(w)}</li>" for w in run.warnings)
        parts.append(f'<h2>{e(t.notes)}</h2><ul class="notes">{items}</ul>')
    if run.reports:
        t = labels_for(lang)
        parts.append(f"<footer>{e(t.formula)}: {e(run.reports[0].score.formula)}</footer>")
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _report(report: Report, t: Labels, options: RenderOptions) -> str:
    out: list[str] = ['<section class="report">']
    for doc in report.documents:
        pages = f"{doc.pages} {t.pages}" if doc.pages is not None else f"{doc.blocks} blocks"
        out.append(f"<h1>{e(doc.path)}</h1>")
        out.append(
            f'<div class="sub">{e(doc.format.value.upper())} · {e(pages)} · '
            f"{e(language_name(doc.language))} · {e(t.pack)} {e(report.pack.id)} "
            f"{e(report.pack.version)} ({report.pack.rules})</div>"
        )
        for warning in doc.warnings:
            out.append(f'<div class="sub">⚠ {e(warning)}</div>')
    if report.status is ReportStatus.NO_TEXT:
        out.append(f'<div class="policy failed"><b>{e(report.message)}</b></div>')
        out.append(_policy(report, t))
        out.append("</section>")
        return "\n".join(out)
    out.append(_hero(report, t))
    out.append(f"<h2>{e(t.themes)}</h2>")
    out.append(f'<div class="chart">{theme_chart(report, t)}</div>')
    groups = grouped(report)
    sections = (
        (Status.CONTRARY, t.works_against),
        (Status.MISSING, t.missing),
        (Status.PARTIAL, t.weak),
        (Status.ERROR, t.could_not_run),
        (Status.MET, t.covered),
    )
    for status, heading in sections:
        results = groups[status]
        if not results:
            continue
        out.append(f"<h2>{ICON[status]} {e(heading)} ({len(results)})</h2>")
        out.extend(_card(result, t) for result in results)
    na = groups[Status.NOT_APPLICABLE]
    if na:
        out.append(f"<h2>{ICON[Status.NOT_APPLICABLE]} {e(t.not_applicable)} ({len(na)})</h2>")
        items = "".join(
            f"<li><b>{e(r.rule_id)}</b> {e(r.title)} <span class='sub'>({e(t.needs)} "
            f"{e(r.applies_to)})</span></li>"
            for r in na
        )
        out.append(f'<ul class="na-list">{items}</ul>')
    out.append(_policy(report, t))
    out.append("</section>")
    return "\n".join(out)


def _ring(score: float | None) -> str:
    """The overall score as a ring gauge (inline SVG)."""
    radius, width = 52, 14
    circumference = 2 * 3.14159265 * radius
    value = 0.0 if score is None else max(0.0, min(100.0, score))
    dash = circumference * value / 100
    color = _band(score)
    label = score_text(score)
    return (
        f'<svg width="140" height="140" viewBox="0 0 140 140" role="img" '
        f'aria-label="score {label} out of 100">'
        f'<circle cx="70" cy="70" r="{radius}" fill="none" stroke="#e4e8ee" '
        f'stroke-width="{width}"/>'
        f'<circle cx="70" cy="70" r="{radius}" fill="none" stroke="{color}" '
        f'stroke-width="{width}" stroke-linecap="butt" '
        f'stroke-dasharray="{dash:.1f} {circumference:.1f}" transform="rotate(-90 70 70)"/>'
        f'<text x="70" y="76" text-anchor="middle" font-size="34" font-weight="700" '
        f'fill="#1d2430" font-family="system-ui,DejaVu Sans,sans-serif">{label}</text>'
        f'<text x="70" y="96" text-anchor="middle" font-size="12" fill="#5b6575" '
        f'font-family="system-ui,DejaVu Sans,sans-serif">/ 100</text></svg>'
    )


def _band(score: float | None) -> str:
    if score is None:
        return "#8a94a6"
    if score >= 70:
        return "#1e7b45"
    if score >= 40:
        return "#c27803"
    return "#b42318"


def _hero(report: Report, t: Labels) -> str:
    counts = report.score.counts
    chips = [
        ("contrary", counts.contrary, t.statuses[Status.CONTRARY]),
        ("missing", counts.missing, t.statuses[Status.MISSING]),
        ("partial", counts.partial, t.statuses[Status.PARTIAL]),
        ("met", counts.met, t.statuses[Status.MET]),
        ("na", counts.not_applicable, t.statuses[Status.NOT_APPLICABLE]),
    ]
    if counts.waived:
        chips.append(("waived", counts.waived, t.waived))
    if counts.error:
        chips.append(("error", counts.error, t.statuses[Status.ERROR]))
    chip_html = "".join(
        f'<span class="chip {cls}"><b>{n}</b> {e(word)}</span>' for cls, n, word in chips
    )
    profile = []
    for name, value in report.profile.items():
        mark = "✓" if value.value else "✗"
        how = f" · {t.set_by_user}" if value.source == "override" else ""
        cls = "met" if value.value else "off"
        tip = ""
        if value.value and value.evidence:
            ev = value.evidence[0]
            tip = f' title="{e(ev.where())}: {e(short(ev.quote, 200))}"'
        profile.append(f'<span class="chip {cls}"{tip}>{e(value.title or name)} {mark}{how}</span>')
    policy_score = ""
    if counts.waived and report.score.policy_score != report.score.overall:
        policy_score = (
            f' <span class="sub">({score_text(report.score.policy_score)} '
            f"{e(t.without_waived)})</span>"
        )
    return (
        f'<div class="hero">{_ring(report.score.overall)}<div class="facts">'
        f"<h3>{e(t.score)} {score_text(report.score.overall)}/100{policy_score} · "
        f"{counts.applicable} {e(t.applicable)}</h3>"
        f'<div class="chips">{chip_html}</div>'
        f'<div class="sub">{e(t.profile)}</div><div class="chips">{"".join(profile)}</div>'
        "</div></div>"
    )


def theme_chart(report: Report, t: Labels) -> str:
    """Horizontal bars, one per theme, 0–100 with a grid; n/a themes are shown as such."""
    themes = report.score.themes
    label_w, bar_w, row_h, top = 300, 520, 30, 24
    width = label_w + bar_w + 60
    height = top + row_h * len(themes) + 8
    font = 'font-family="system-ui,DejaVu Sans,sans-serif"'
    out = [
        f'<svg width="100%" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{e(t.themes)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_w * tick / 100
        out.append(
            f'<line x1="{x:.0f}" y1="{top - 6}" x2="{x:.0f}" y2="{height - 6}" stroke="#e4e8ee"/>'
            f'<text x="{x:.0f}" y="{top - 10}" text-anchor="middle" font-size="11" '
            f'fill="#8a94a6" {font}>{tick}</text>'
        )
    for row, theme in enumerate(themes):
        y = top + row * row_h
        name = short(theme.title, 40)
        c = theme.counts
        tip = (
            f"{theme.title}: {score_text(theme.score)} · {c.met} met, {c.partial} partial, "
            f"{c.missing} missing, {c.contrary} contrary"
        )
        out.append(f"<g><title>{e(tip)}</title>")
        out.append(
            f'<text x="{label_w - 10}" y="{y + 19}" text-anchor="end" font-size="14" '
            f'fill="#1d2430" {font}>{e(name)}</text>'
        )
        if theme.score is None:
            out.append(
                f'<rect x="{label_w}" y="{y + 6}" width="{bar_w}" height="18" fill="#f2f4f7" '
                f'stroke="#d9dee7" stroke-dasharray="4 3"/>'
                f'<text x="{label_w + 8}" y="{y + 19}" font-size="12" fill="#8a94a6" '
                f"{font}>n/a</text>"
            )
        else:
            length = max(2.0, bar_w * theme.score / 100)
            out.append(
                f'<rect x="{label_w}" y="{y + 6}" width="{length:.1f}" height="18" rx="3" '
                f'fill="{_band(theme.score)}"/>'
                f'<text x="{label_w + length + 6:.1f}" y="{y + 20}" font-size="13" '
                f'font-weight="700" fill="#1d2430" {font}>{score_text(theme.score)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def highlight(quote: str, match: str) -> str:
    """The quote, escaped, with the matched words (first occurrence, any case) in <mark>."""
    quote = clean_xml(quote)
    if match:
        at = quote.casefold().find(match.casefold())
        if at >= 0 and len(quote.casefold()) == len(quote):
            end = at + len(match)
            return f"{escape(quote[:at])}<mark>{escape(quote[at:end])}</mark>{escape(quote[end:])}"
    return escape(quote)


def _quote(evidence: Evidence, t: Labels) -> str:
    cls = " contrary" if evidence.kind.value == "contrary" else ""
    note = f" · {e(evidence.note)}" if evidence.note else ""
    return (
        f'<figure class="{cls.strip()}"><figcaption>{e(evidence.where())} · '
        f"{e(t.kinds.get(evidence.kind.value, evidence.kind.value))}{note}</figcaption>"
        f"<blockquote>“{highlight(evidence.quote, evidence.match)}”</blockquote></figure>"
    )


def _card(result: RuleResult, t: Labels) -> str:
    cls = STATUS_CLASS[result.status]
    waived = " waived" if result.waiver is not None else ""
    out = [f'<article class="card {cls}{waived}" id="{e(result.rule_id)}">']
    badge = f'<span class="badge {cls}">{ICON[result.status]} {e(t.statuses[result.status])}</span>'
    if result.waiver is not None:
        badge += f' <span class="badge waived">{e(t.waived)}</span>'
    out.append(
        f'<div class="head">{badge}<span class="rid">{e(result.rule_id)}</span>'
        f"<h3>{e(result.title)}</h3>"
        f'<span class="meta">{e(result.theme_title)} · {e(t.severities[result.severity])} · '
        f"{e(t.weight.lower())} {result.weight:g}</span></div>"
    )
    if result.status is Status.MISSING:
        out.append(f'<p class="reason">{e(t.not_found)}</p>')
    elif result.status is not Status.MET:
        out.append(f'<p class="reason">{e(result.reason)}</p>')
    out.extend(_quote(evidence, t) for evidence in result.evidence[:3])
    if len(result.evidence) > 3:
        more = "".join(_quote(evidence, t) for evidence in result.evidence[3:])
        out.append(f"<details><summary>+{len(result.evidence) - 3}</summary>{more}</details>")
    if result.is_gap:
        if result.remediation:
            out.append(
                f'<div class="fix"><h4>{e(t.what_to_write)}</h4><p>{e(result.remediation)}</p>'
            )
            if result.model_clause:
                out.append(
                    f"<h4>{e(t.model_clause)}</h4>"
                    f'<div class="clause">{e(result.model_clause)}</div>'
                )
            out.append("</div>")
        if result.rationale:
            out.append(
                f"<details><summary>{e(t.rationale)}</summary><p>{e(result.rationale)}</p>"
                "</details>"
            )
    if result.waiver is not None:
        w = result.waiver
        out.append(
            f'<div class="waiver"><b>{e(t.waived_by)}</b> {e(t.expires)} '
            f"{e(w.expires.isoformat())} · {e(w.owner)}: {e(w.reason)}"
            f' <span class="sub">({e(w.origin)})</span></div>'
        )
    if result.source:
        link = ""
        if result.help_uri:
            link = f' · <a href="{e(result.help_uri)}">{e(result.help_uri)}</a>'
        out.append(f'<p class="source">{e(t.source)}: {e(result.source)}{link}</p>')
    out.append("</article>")
    return "\n".join(out)


def _policy(report: Report, t: Labels) -> str:
    outcome = report.policy
    if not outcome.policy.is_set and outcome.passed:
        return f'<div class="policy">{e(t.policy)}: {e(t.policy_none)}</div>'
    cls = "passed" if outcome.passed else "failed"
    verdict = t.passed if outcome.passed else t.failed
    reasons = f" ({e('; '.join(outcome.reasons))})" if outcome.reasons else ""
    return (
        f'<div class="policy {cls}">{e(t.policy)}: {e(outcome.policy.describe())} → '
        f"<b>{e(verdict)}</b>{reasons}</div>"
    )
