"""Renderers: one module per output format, behind a plain registry.

Every renderer is a function `(AuditRun, RenderOptions) -> str | bytes` and sees nothing but
the finished report: no rule set, no document, no policy decision of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # renderers are imported lazily; the CLI imports this module at start-up
    from pppcheck.report import AuditRun


class OutputFormat(StrEnum):
    TERMINAL = "terminal"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"
    CSV = "csv"
    JSONL = "jsonl"

    @property
    def binary(self) -> bool:
        """Formats that are bytes, not text (never printed to a terminal)."""
        return self is OutputFormat.DOCX


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    width: int = 100
    verbose: bool = False


Renderer = Callable[["AuditRun", RenderOptions], "str | bytes"]


def _terminal(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.render.terminal import render_terminal

    return render_terminal(run, options)


def _json(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.render.json import render_json

    return render_json(run, options)


def _sarif(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.render.sarif import render_sarif

    return render_sarif(run, options)


def _junit(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.render.junit import render_junit

    return render_junit(run, options)


def _markdown(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.render.markdown import render_markdown

    return render_markdown(run, options)


def _html(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.render.html import render_html

    return render_html(run, options)


def _docx(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.render.docx import render_docx

    return render_docx(run, options)


def _csv(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.render.csv import render_csv

    return render_csv(run, options)


def _jsonl(run: AuditRun, options: RenderOptions) -> str | bytes:
    from pppcheck.batch.stream import jsonl_error, jsonl_report

    return "".join([jsonl_report(r) for r in run.reports] + [jsonl_error(e) for e in run.errors])


RENDERERS: dict[OutputFormat, Renderer] = {
    OutputFormat.TERMINAL: _terminal,
    OutputFormat.JSON: _json,
    OutputFormat.SARIF: _sarif,
    OutputFormat.JUNIT: _junit,
    OutputFormat.MARKDOWN: _markdown,
    OutputFormat.HTML: _html,
    OutputFormat.DOCX: _docx,
    OutputFormat.CSV: _csv,
    OutputFormat.JSONL: _jsonl,
}

SUFFIXES: dict[OutputFormat, str] = {
    OutputFormat.TERMINAL: ".txt",
    OutputFormat.JSON: ".json",
    OutputFormat.SARIF: ".sarif",
    OutputFormat.JUNIT: ".xml",
    OutputFormat.MARKDOWN: ".md",
    OutputFormat.HTML: ".html",
    OutputFormat.DOCX: ".docx",
    OutputFormat.CSV: ".csv",
    OutputFormat.JSONL: ".jsonl",
}
"""The usual file name ending of each format (golden files, default report names)."""


def render(run: AuditRun, fmt: OutputFormat, options: RenderOptions | None = None) -> str | bytes:
    return RENDERERS[fmt](run, options or RenderOptions())
