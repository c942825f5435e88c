"""Command line: wiring of the stages, and the mapping of errors to exit codes. Nothing else.

Exit codes: 0 the audit ran and passed the policy; 1 the audit ran and a document falls short of
the policy; 2 pppcheck could not do its job (bad file, bad pack, bad option). Expected failures
print ``error: …`` and ``hint: …`` on stderr; tracebacks only with ``--debug``.
"""

from __future__ import annotations

import io
import sys
from typing import Annotated, NoReturn

import typer

from pppcheck import __version__
from pppcheck.cli_audit import audit
from pppcheck.cli_common import State, print_error
from pppcheck.cli_config import config_app
from pppcheck.cli_diff import diff
from pppcheck.cli_rules import rules_app
from pppcheck.cli_tools import eval_command, extract
from pppcheck.errors import ExitCode, PppcheckError
from pppcheck.scoring import FORMULA

HELP = f"""Scored gap reports for SMART-city public-private partnership tenders.

pppcheck reads a tender (DOCX, PDF, ODT, HTML, Markdown, text), checks it against the
recommendations of the Oslo 2015 workshop and later guidelines (the built-in rule pack), and
prints what the document covers, what is weak, what is missing and what works against the city,
each with its place in the document and what to write instead.

Score: {FORMULA}.

Exit codes: 0 passed · 1 falls short of the policy (--fail-under, --fail-on; for diff: the new
draft is worse) · 2 could not run. --exit-zero turns 1 into 0.
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(rules_app, name="rules")
app.add_typer(config_app, name="config")


app.command()(audit)
app.command()(extract)
app.command(name="eval")(eval_command)
app.command()(diff)


def _version(value: bool) -> None:
    if value:
        print(f"pppcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    State.debug = debug


def _fail(exc: PppcheckError) -> NoReturn:
    print_error(exc)
    sys.exit(ExitCode.TOOL_ERROR)


def run() -> None:
    """Run the Typer app with pppcheck's error handling (see `pppcheck.__main__.main`)."""
    debug = "--debug" in sys.argv
    for stream in (sys.stdout, sys.stderr):  # file names that are not UTF-8 on disk: \udce9
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        app()
    except PppcheckError as exc:
        if debug:
            raise
        _fail(exc)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(ExitCode.OK)
    except MemoryError:
        if debug:
            raise
        print("error: out of memory", file=sys.stderr)
        print(
            "hint: audit fewer or smaller documents at a time (--jobs, --max-memory)",
            file=sys.stderr,
        )
        sys.exit(ExitCode.TOOL_ERROR)
    except Exception as exc:  # a bug: one line and exit 2 for scripts, the traceback on demand
        if debug:
            raise
        line = f"error: internal error: {type(exc).__name__}: {exc}".splitlines()[0]
        print(line, file=sys.stderr)
        print(
            "hint: this is a bug in pppcheck; run the same command with --debug and report "
            "the traceback",
            file=sys.stderr,
        )
        sys.exit(ExitCode.TOOL_ERROR)
