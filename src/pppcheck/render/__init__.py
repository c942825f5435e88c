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


RENDERERS: dict[OutputFormat, Renderer] = {
    OutputFormat.TERMINAL: _terminal,
    OutputFormat.JSON: _json,
}


def render(run: AuditRun, fmt: OutputFormat, options: RenderOptions | None = None) -> str | bytes:
    return RENDERERS[fmt](run, options or RenderOptions())
