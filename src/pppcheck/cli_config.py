"""`pppcheck config show`: the effective configuration (defaults < config file < flags)."""

from __future__ import annotations

from typing import Annotated

import typer

from pppcheck.cli_audit import ConfigOption, NoConfigOption, ProfileOption, RulesOption
from pppcheck.cli_common import compile_for, emit, parse_profiles, resolve_settings

config_app = typer.Typer(
    help="Show and check the project configuration (pppcheck.yaml or [tool.pppcheck]).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@config_app.command("show")
def show_config(
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    rules: RulesOption = [],  # noqa: B006 - typer needs a literal default
    profile: ProfileOption = [],  # noqa: B006
    fail_under: Annotated[float | None, typer.Option(metavar="SCORE")] = None,
    fail_on: Annotated[list[str], typer.Option()] = [],  # noqa: B006
    check: Annotated[
        bool,
        typer.Option(help="Also load the packs and check rule, theme and profile names."),
    ] = True,
) -> None:
    """Print the effective configuration as YAML, and which file it came from.

    Flags given here are merged the way `pppcheck audit` merges them.
    """
    from pppcheck.config import show

    settings = resolve_settings(
        config,
        no_config,
        packs=rules,
        profile=parse_profiles(profile),
        fail_under=fail_under,
        fail_on=fail_on,
    )
    if check:
        compiled = compile_for(settings)
        rules_line = f"# rules in effect: {len(compiled.ruleset.rules)}"
    else:
        rules_line = ""
    emit(show(settings) + (rules_line + "\n" if rules_line else ""), None)
