"""The terminal summary of a batch: one line per document, worst first, then totals."""

from __future__ import annotations

import io

from rich.table import Table
from rich.text import Text

from pppcheck.batch.summary import BatchSummary
from pppcheck.render import RenderOptions
from pppcheck.render.terminal import text_console

MAX_SKIPPED_SHOWN = 20


def render_summary(summary: BatchSummary, options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = text_console(buffer, options)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("score", justify="right")
    table.add_column("gaps", justify="right")
    table.add_column("contrary", justify="right")
    table.add_column("policy")
    table.add_column("document", overflow="fold")
    for row in summary.worst_first():
        if row.status == "error":
            details = "; ".join(e.removeprefix(f"{row.key}: ") for e in row.errors)
            table.add_row("—", "", "", Text("error", style="magenta"), f"{row.key}: {details}")
            continue
        if row.status == "no_text":
            table.add_row(
                "—", "", "", Text("OCR", style="yellow"), f"{row.key}: no text layer, OCR needed"
            )
            continue
        score = "n/a" if row.score is None else f"{row.score:.0f}"
        policy = Text("pass", style="green") if row.passed else Text("FAIL", style="bold red")
        contrary = Text(str(row.contrary), style="red" if row.contrary else "")
        table.add_row(score, str(row.gaps), contrary, policy, row.key)
    console.print(table)
    audited = [r for r in summary.rows if r.status == "audited"]
    scores = [r.score for r in audited if r.score is not None]
    mean = f"{sum(scores) / len(scores):.0f}" if scores else "n/a"
    failed = sum(1 for r in audited if not r.passed)
    errors = sum(1 for r in summary.rows if r.status == "error")
    no_text = sum(1 for r in summary.rows if r.status == "no_text")
    console.print()
    line = (
        f" {len(summary.rows)} of {summary.total_jobs} audited · mean score {mean} · "
        f"{failed} below policy · {sum(r.contrary for r in audited)} contrary provisions · "
        f"{errors} could not be read · {no_text} need OCR"
    )
    if summary.seconds:
        line += f" · {summary.seconds:.1f} s"
    console.print(line)
    if summary.skipped:
        console.print(
            f" skipped {len(summary.skipped)} file(s) that are not documents:", style="dim"
        )
        for path, reason in summary.skipped[:MAX_SKIPPED_SHOWN]:
            console.print(Text(f"   {path}: {reason}", style="dim"))
        if len(summary.skipped) > MAX_SKIPPED_SHOWN:
            console.print(f"   … and {len(summary.skipped) - MAX_SKIPPED_SHOWN} more", style="dim")
    if summary.interrupted:
        console.print(
            " interrupted: the results above are those finished before the stop", style="yellow"
        )
    return buffer.getvalue()
