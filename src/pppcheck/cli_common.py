"""Helpers shared by the CLI commands: error printing, output, terminal facts, debug state, and
the wiring of settings → rule set → audited report that several commands need."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pppcheck.errors import PppcheckError
from pppcheck.limits import DEFAULT_LIMITS, MB, Limits


class State:
    """Process-wide CLI flags set by the root callback."""

    debug = False


def use_color(mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def terminal_width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        columns = os.get_terminal_size().columns if sys.stdout.isatty() else 100
    return max(60, min(columns, 160))


def emit(rendered: str | bytes, output: Path | None) -> None:
    from pppcheck.output import write_atomic

    if output is not None:
        write_atomic(output, rendered)
        return
    if isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        sys.stdout.write(rendered)
    sys.stdout.flush()


def print_error(exc: PppcheckError) -> None:
    where = f"{exc.where}: " if exc.where else ""
    print(f"error: {where}{exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"hint: {exc.hint}", file=sys.stderr)


# --------------------------------------------------------------------------- audit wiring
# Shared by `audit`, `diff` and `config show`: settings (defaults < file < flags), the rule set
# they select, and the audit of one document. Nothing here prints.

if TYPE_CHECKING:
    from pppcheck.config import Settings
    from pppcheck.limits import Limits
    from pppcheck.matching.compiled import CompiledRuleSet
    from pppcheck.report import Report


def parse_profiles(values: list[str]) -> dict[str, bool | Literal["auto"]]:
    """``--profile NAME[=yes|no|auto]`` flags → {name: True/False/"auto"}."""
    from pppcheck.errors import ConfigError

    settings: dict[str, bool | Literal["auto"]] = {}
    for value in values:
        name, sep, flag = value.partition("=")
        flag = flag.strip().lower() if sep else "yes"
        if flag in ("auto", "detect"):
            settings[name.strip()] = "auto"
        elif flag in ("yes", "true", "1", "no", "false", "0"):
            settings[name.strip()] = flag in ("yes", "true", "1")
        else:
            raise ConfigError(
                f"--profile {value!r}: expected NAME, NAME=yes, NAME=no or NAME=auto",
                hint="e.g. --profile ppp=yes --profile ai=no",
            )
    return settings


def resolve_settings(config: Path | None, no_config: bool, **flags: Any) -> Settings:
    """Defaults < the config file (given, or found from the working folder up) < the flags."""
    from pppcheck.config import Settings, load_settings, with_flags

    base = Settings() if no_config else load_settings(config)
    return with_flags(base, **flags)


def compile_for(settings: Settings) -> CompiledRuleSet:
    """Load the packs of the settings, apply enable/disable/overrides, compile; the loaded and
    the compiled packs come from the cache between runs (`pack_cache`, keyed by content)."""
    from pppcheck.config import apply_to_ruleset, check_profiles
    from pppcheck.pack_cache import compile_ruleset, load_ruleset

    ruleset = apply_to_ruleset(load_ruleset(settings.packs), settings)
    check_profiles(settings, ruleset.profiles)
    return compile_ruleset(ruleset)


def audit_path(
    path: Path,
    compiled: CompiledRuleSet,
    settings: Settings,
    limits: Limits | None = None,
    memory_mb: int | None = None,
) -> Report:
    """Parse (in a worker process, within the limits) and audit one document as the settings
    say (policy, profiles, help links)."""
    from pppcheck.api import audit_documents
    from pppcheck.batch.isolated import DEFAULT_MEMORY_MB, parse_isolated
    from pppcheck.limits import DEFAULT_LIMITS
    from pppcheck.report import with_help_uris

    document = parse_isolated(path, limits or DEFAULT_LIMITS, memory_mb or DEFAULT_MEMORY_MB)
    report = audit_documents([document], compiled, settings.policy(), settings.profile_overrides())
    if settings.config.help_url:
        report = with_help_uris(report, settings.config.help_url)
    return report


def parsing_limits(
    timeout: float | None, max_pages: int | None = None, max_file_size: int | None = None
) -> Limits:
    """The default limits with those of the command line (`audit` has the same options)."""
    changes: dict[str, float | int] = {}
    if timeout is not None:
        changes["timeout_seconds"] = timeout
    if max_pages is not None:
        changes["max_pages"] = max_pages
    if max_file_size is not None:
        changes["max_file_bytes"] = max_file_size * MB
    return DEFAULT_LIMITS.model_copy(update=changes) if changes else DEFAULT_LIMITS
