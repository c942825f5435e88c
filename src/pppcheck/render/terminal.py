"""The terminal gap report, in the order a legal officer asks the questions.

1. What did pppcheck read (file, format, pages, language, profile with evidence)?
2. How good is it overall, and where is it weak (score, bar per theme)?
3. What works against the city (contrary, with both quotes)?
4. What is missing, and what to write instead (heaviest first)?
5. What is weak, what is covered (and, with --verbose, the evidence for it)?
6. Which policy applied, and its outcome.

Rich does the layout; without colour (NO_COLOR, pipes) the same text stays readable because
every status also has a symbol and a word, never a colour alone.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pppcheck.language import language_name
from pppcheck.render import RenderOptions
from pppcheck.report import AuditRun, Report, ReportStatus
from pppcheck.results import Evidence, RuleResult
from pppcheck.rules.schema import Status

SYMBOL = {
    Status.CONTRARY: ("✗", "bold red"),
    Status.MISSING: ("·", "yellow"),
    Status.PARTIAL: ("◐", "cyan"),
    Status.MET: ("✓", "green"),
    Status.NOT_APPLICABLE: ("–", "dim"),
    Status.ERROR: ("!", "magenta"),
}
BAR_WIDTH = 20
QUOTE_WIDTH = 160


def bar(score: float | None, width: int = BAR_WIDTH) -> str:
    """A text bar; half blocks give the resolution of 2.5 points on 20 cells."""
    if score is None:
        return "·" * width
    cells = max(0.0, min(1.0, score / 100.0)) * width
    full = int(cells)
    half = "▌" if cells - full >= 0.5 and full < width else ""
    return "█" * full + half + "·" * (width - full - len(half))


def _short(text: str, limit: int = QUOTE_WIDTH) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


THEME_FIXED = 2 + 10 + 2 + 3 + 2
"""Width of a theme's bar and score with the padding around them."""
THEME_TITLE_MIN = 24
"""The narrowest theme title worth showing two themes per line."""


def _score_text(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.0f}"


def text_console(buffer: io.StringIO, options: RenderOptions) -> Console:
    """A rich console writing to `buffer`: fixed width, colour only when asked, and no guessing
    (no highlighting of numbers or emoji codes in document text)."""
    return Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def render_terminal(run: AuditRun, options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = text_console(buffer, options)
    for number, report in enumerate(run.reports):
        if number:
            console.rule()
        _report(console, run, report, options)
    if run.errors:
        console.print()
        console.print(Text(f"Could not audit ({len(run.errors)})", style="bold magenta"))
        for error in run.errors:
            console.print(f"  ! {escape(error.path)}: {escape(error.error)}")
            if error.hint:
                console.print(f"    hint: {escape(error.hint)}", style="dim")
    if run.warnings:
        console.print()
        console.print(Text(f"Notes ({len(run.warnings)})", style="bold yellow"))
        for warning in run.warnings:
            console.print(Text(f"  ! {warning}"))
    text = buffer.getvalue()
    if options.color:
        return text
    return "\n".join(line.rstrip() for line in text.split("\n"))  # padding is noise in a pipe


def _report(console: Console, run: AuditRun, report: Report, options: RenderOptions) -> None:
    pack = report.pack
    console.print(
        f"{run.tool.name} {run.tool.version} · pack {escape(pack.id)} {escape(pack.version)} "
        f"({pack.rules} rules)",
        style="dim",
    )
    console.print()
    for doc in report.documents:
        pages = (
            f"{doc.pages} page{'s' if doc.pages != 1 else ''}"
            if doc.pages is not None
            else f"{doc.blocks} blocks"
        )
        line = Text(" ")
        line.append(doc.path, style="bold")
        line.append(f" · {doc.format.value.upper()} · {pages} · {language_name(doc.language)}")
        console.print(line)
        if doc.empty_pages:
            shown = ", ".join(str(p) for p in doc.empty_pages[:12])
            more = " …" if len(doc.empty_pages) > 12 else ""
            console.print(f"   pages without text: {shown}{more}", style="yellow")
        for warning in doc.warnings:
            console.print(f"   note: {escape(warning)}", style="dim")
    if report.status is ReportStatus.NO_TEXT:
        console.print()
        console.print(Text(f" {report.message}", style="bold yellow"))
        console.print(" hint: run OCR first (e.g. `ocrmypdf in.pdf out.pdf`) and audit the result")
        _policy(console, report)
        return
    _profile(console, report)
    _scores(console, report)
    groups: dict[Status, list[RuleResult]] = {}
    for result in report.results:
        groups.setdefault(result.status, []).append(result)
    _contrary(console, groups.get(Status.CONTRARY, []))
    _missing(console, groups.get(Status.MISSING, []))
    _weak(console, groups.get(Status.PARTIAL, []), options)
    _errors(console, groups.get(Status.ERROR, []))
    _covered(console, groups.get(Status.MET, []), options)
    _not_applicable(console, groups.get(Status.NOT_APPLICABLE, []))
    _policy(console, report)


def _profile(console: Console, report: Report) -> None:
    table = Table.grid(padding=(0, 1))
    table.add_column(width=8)
    table.add_column()
    label = " profile"
    for name, value in report.profile.items():
        mark = "✓" if value.value else "✗"
        how = " (set by you)" if value.source == "override" else ""
        text = Text(f"{value.title or name} {mark}{how}", style="green" if value.value else "dim")
        if value.value and value.evidence:
            ev = value.evidence[0]
            text.append(f"  {ev.where()} “{_short(ev.match, 60)}”", style="dim")
        elif not value.value:
            text.append(f"  score {value.score:g} < {value.threshold:g}", style="dim")
        table.add_row(label, text)
        label = ""
    console.print(table)
    console.print()


def _scores(console: Console, report: Report) -> None:
    score = report.score
    counts = score.counts
    head = Text(" Score ")
    head.append(f"{_score_text(score.overall)}/100", style="bold")
    head.append(f"  {bar(score.overall)}  ")
    head.append(
        f"{counts.applicable} applicable: {counts.met} met · {counts.partial} partial · "
        f"{counts.missing} missing · {counts.contrary} contrary"
    )
    if counts.waived:
        head.append(f" · {counts.waived} waived", style="bold")
    console.print(head)
    if counts.waived and score.policy_score != score.overall:
        console.print(
            f" policy score {_score_text(score.policy_score)}/100 with the waived rules left out",
            style="dim",
        )
    console.print()
    # Two themes per line when they fit with a readable title, else one: the bars and the
    # three-digit scores are never the part that gets cut.
    per_line = 2 if console.width >= 2 * (THEME_TITLE_MIN + THEME_FIXED) else 1
    title_width = min(34, console.width // per_line - THEME_FIXED)
    table = Table.grid(padding=(0, 2))
    for _ in range(per_line):
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=title_width)
        table.add_column(no_wrap=True, min_width=10)
        table.add_column(justify="right", no_wrap=True, min_width=3)
    themes = list(score.themes)
    for i in range(0, len(themes), per_line):
        row: list[str] = []
        for theme in themes[i : i + per_line]:
            row += [f" {theme.title}", bar(theme.score, 10), _score_text(theme.score)]
        row += [""] * (3 * per_line - len(row))
        table.add_row(*row)
    console.print(table)


INDENT = 7


def _indented(console: Console, text: Text, indent: int = INDENT) -> None:
    """Print with a hanging indent, so wrapped lines stay under their item."""
    console.print(Padding(text, (0, 0, 0, indent), expand=False))


def _quote_line(console: Console, evidence: Evidence) -> None:
    _indented(console, Text(evidence.where(), style="dim"))
    _indented(console, Text(f"“{_short(evidence.quote)}”"))


def _title_line(result: RuleResult, right: str = "") -> Table:
    """Status symbol and id in a fixed column; the title (and facts) wrap beside it."""
    symbol, style = SYMBOL[result.status]
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=INDENT + 1, no_wrap=True)
    grid.add_column(ratio=1)
    head = Text(f"  {symbol} ", style=style)
    head.append(result.rule_id, style="bold")
    body = Text(result.title)
    if right:
        body.append(f"   {right}", style="dim")
    if result.waiver is not None:
        waiver = result.waiver
        body.append(
            f"   WAIVED until {waiver.expires.isoformat()} ({waiver.owner}: {waiver.reason})",
            style="bold",
        )
    grid.add_row(head, body)
    return grid


def _contrary(console: Console, results: list[RuleResult]) -> None:
    if not results:
        return
    console.print()
    console.print(Text(f" Works against the city ({len(results)})", style="bold red"))
    for result in results:
        console.print(_title_line(result, f"weight {result.weight:g} · {result.severity.value}"))
        for evidence in result.evidence[:2]:
            label = "against" if evidence.kind.value == "contrary" else "also found"
            _indented(console, Text(f"{label}: {evidence.where()}", style="dim"))
            _indented(console, Text(f"“{_short(evidence.quote)}”"))
        _remedy(console, result)


def _remedy(console: Console, result: RuleResult) -> None:
    if result.remediation:
        _indented(console, Text(f"→ {result.remediation}", style="italic"))
    if result.model_clause:
        _indented(
            console,
            Text(f"model clause: pppcheck rules show {result.rule_id}", style="dim"),
            INDENT + 2,
        )


def _missing(console: Console, results: list[RuleResult]) -> None:
    if not results:
        return
    console.print()
    console.print(Text(f" Missing ({len(results)}), heaviest first", style="bold yellow"))
    for result in results:
        console.print(
            _title_line(result, f"weight {result.weight:g} · {result.severity.value} · not found")
        )
        _remedy(console, result)


def _weak(console: Console, results: list[RuleResult], options: RenderOptions) -> None:
    if not results:
        return
    console.print()
    console.print(Text(f" Weak ({len(results)})", style="bold cyan"))
    for result in results:
        console.print(_title_line(result, result.reason))
        for evidence in result.evidence[: 3 if options.verbose else 1]:
            _quote_line(console, evidence)
        if options.verbose:
            _remedy(console, result)


def _errors(console: Console, results: list[RuleResult]) -> None:
    if not results:
        return
    console.print()
    console.print(Text(f" Rules that could not run ({len(results)})", style="bold magenta"))
    for result in results:
        console.print(_title_line(result, result.reason))


def _covered(console: Console, results: list[RuleResult], options: RenderOptions) -> None:
    if not results:
        return
    console.print()
    ids = " ".join(r.rule_id for r in sorted(results, key=lambda r: r.rule_id))
    if not options.verbose:
        line = Text(f" Covered ({len(results)}): ", style="bold green")
        line.append(ids, style="green")
        line.append("     --verbose shows the evidence", style="dim")
        console.print(line)
        return
    console.print(Text(f" Covered ({len(results)})", style="bold green"))
    for result in results:
        console.print(_title_line(result))
        for evidence in result.evidence[:3]:
            _quote_line(console, evidence)


def _not_applicable(console: Console, results: list[RuleResult]) -> None:
    if not results:
        return
    by_reason: dict[str, list[str]] = {}
    for result in results:
        by_reason.setdefault(result.applies_to, []).append(result.rule_id)
    parts = [f"{' '.join(ids)} (needs {cond})" for cond, ids in by_reason.items()]
    line = Text(f" Not applicable ({len(results)}): ", style="bold dim")
    line.append(" · ".join(parts), style="dim")
    console.print(line)


def _policy(console: Console, report: Report) -> None:
    console.print()
    outcome = report.policy
    if not outcome.policy.is_set and outcome.passed:
        console.print(" Policy: none set (use --fail-under or --fail-on)", style="dim")
        return
    verdict = "passed" if outcome.passed else "FAILED"
    style = "green" if outcome.passed else "bold red"
    line = Text(f" Policy: {outcome.policy.describe()} → ")
    line.append(verdict, style=style)
    if outcome.reasons:
        line.append(" (" + "; ".join(outcome.reasons) + ")")
    console.print(line)
