"""`pppcheck extract` and `pppcheck eval`: look at what was read, measure against labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pppcheck.cli_common import emit, parsing_limits
from pppcheck.errors import ConfigError
from pppcheck.limits import DEFAULT_LIMITS, MB

TimeoutOption = Annotated[
    float | None,
    typer.Option(
        min=1, help=f"Seconds allowed per document (default {DEFAULT_LIMITS.timeout_seconds:g})."
    ),
]
MaxMemoryOption = Annotated[
    int | None,
    typer.Option(min=64, help="Memory of the process reading documents, MB (default 2048)."),
]
MaxPagesOption = Annotated[
    int | None,
    typer.Option(min=1, help=f"Largest page count read (default {DEFAULT_LIMITS.max_pages})."),
]
MaxFileSizeOption = Annotated[
    int | None,
    typer.Option(
        min=1, help=f"Largest file read, MB (default {DEFAULT_LIMITS.max_file_bytes // MB})."
    ),
]


def extract(
    path: Annotated[Path, typer.Argument(help="Document to read.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")] = None,
    timeout: TimeoutOption = None,
    max_memory: MaxMemoryOption = None,
    max_pages: MaxPagesOption = None,
    max_file_size: MaxFileSizeOption = None,
) -> None:
    """Show what pppcheck read: blocks with kind, page, section and table cell.

    The document is read in a worker process with the same time and memory limits as `audit`.
    """
    from pppcheck.batch.isolated import DEFAULT_MEMORY_MB, parse_isolated
    from pppcheck.extract_view import document_json, document_text

    if fmt not in ("text", "json"):
        raise ConfigError(f"--format {fmt!r}: use text or json")
    limits = parsing_limits(timeout, max_pages, max_file_size)
    document = parse_isolated(path, limits, max_memory or DEFAULT_MEMORY_MB)
    emit(document_json(document) if fmt == "json" else document_text(document), output)


def eval_command(
    labels: Annotated[Path, typer.Argument(help="Labels file (YAML).", show_default=False)],
    docs: Annotated[Path, typer.Option(help="Folder holding the labelled documents.")],
    rules: Annotated[list[str], typer.Option("--rules", "-r", help="Rule packs.")] = [],  # noqa: B006
    show: Annotated[int, typer.Option(help="Disagreements to list (0: none, -1: all).")] = -1,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    rule: Annotated[
        list[str], typer.Option("--rule", help="Only measure these rule ids. Repeatable.")
    ] = [],  # noqa: B006
    timeout: TimeoutOption = None,
    max_memory: MaxMemoryOption = None,
    max_pages: MaxPagesOption = None,
    max_file_size: MaxFileSizeOption = None,
) -> None:
    """Measure the pack against human labels: precision, recall, confusion, disagreements.

    Documents are read in a worker process with the same time and memory limits as `audit`.
    """
    from pppcheck.api import load_compiled
    from pppcheck.batch.isolated import DEFAULT_MEMORY_MB, IsolatedParser
    from pppcheck.evaluation import evaluate_labels, render_metrics_json, render_metrics_text

    compiled = load_compiled(rules or ["smart-ppp"])
    limits = parsing_limits(timeout, max_pages, max_file_size)
    with IsolatedParser(limits, max_memory or DEFAULT_MEMORY_MB) as parser:
        metrics = evaluate_labels(labels, docs, compiled, parse=parser.parse)
    if rule:
        metrics = metrics.only({r.upper() for r in rule})
    text = render_metrics_json(metrics) if fmt == "json" else render_metrics_text(metrics, show)
    emit(text, None)
