"""Project configuration: `pppcheck.yaml`, or `[tool.pppcheck]` in `pyproject.toml`.

Precedence: built-in defaults < the config file < command-line flags. The file is looked for
from the working directory upward (the first folder holding `pppcheck.yaml`, or a
`pyproject.toml` with a `[tool.pppcheck]` table, wins), or given with ``--config``. Relative
paths in it (packs, waivers) are relative to the file's folder, so a config works from any
sub-folder. Unknown keys are errors with file and line.

```yaml
packs: [smart-ppp, ./our-rules]     # built-in pack names or folders / rule files
enable: [R17, data]                 # only these rules or themes (default: all)
disable: [R04, ai]                  # never these rules or themes
rules:                              # per rule or per theme; a rule id wins over its theme
  R17: {weight: 5, severity: critical}
  participation: {severity: minor}
profile: {ppp: yes, ai: auto}       # force or detect profiles
fail_under: 60                      # policy: exit 1 below this score
fail_on: [contrary, "missing:critical"]
exit_zero: false                    # report the policy outcome but always exit 0
waivers: pppcheck-waivers.yaml      # accepted gaps (see waivers.py)
help_url: "https://wiki.example.org/pppcheck/{rule_id}"   # SARIF helpUri, HTML links
```
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pppcheck.errors import ConfigError
from pppcheck.policy import Policy, parse_condition
from pppcheck.rules.ruleset import RuleSet
from pppcheck.rules.schema import Severity
from pppcheck.rules.yamlio import line_of, load_yaml, read_text

CONFIG_FILE = "pppcheck.yaml"
PYPROJECT = "pyproject.toml"
DEFAULT_PACK = "smart-ppp"

ProfileSetting = bool | Literal["auto"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RuleOverride(_Strict):
    """A weight or severity changed for one rule, or for every rule of a theme."""

    weight: float | None = Field(default=None, gt=0, le=10)
    severity: Severity | None = None


class Config(_Strict):
    """What a config file may say. Every key is optional."""

    packs: list[str] = Field(default_factory=list, description="packs to use (default smart-ppp)")
    enable: list[str] = Field(
        default_factory=list, description="only these rule ids or theme ids (default: all)"
    )
    disable: list[str] = Field(default_factory=list, description="rule ids or theme ids to skip")
    rules: dict[str, RuleOverride] = Field(
        default_factory=dict, description="weight/severity per rule id or theme id"
    )
    profile: dict[str, ProfileSetting] = Field(
        default_factory=dict, description="profile name: yes, no or auto"
    )
    fail_under: float | None = Field(default=None, ge=0, le=100)
    fail_on: list[str] = Field(default_factory=list)
    exit_zero: bool = False
    waivers: str | None = Field(default=None, description="waiver file")
    help_url: str | None = Field(
        default=None, description="help page template: {rule_id}, {pack}, {theme}"
    )

    @field_validator("fail_on")
    @classmethod
    def _conditions(cls, value: list[str]) -> list[str]:
        for condition in value:
            parse_condition(condition)
        return value

    @field_validator("help_url")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                value.format(rule_id="R1", pack="p", theme="t")
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(
                    f"bad template ({exc}); use {{rule_id}}, {{pack}} or {{theme}}"
                ) from None
        return value


class Settings(_Strict):
    """The effective configuration of a run, and where each part of it came from."""

    config: Config = Field(default_factory=Config)
    source: str | None = Field(default=None, description="the config file used, if any")
    lines: dict[str, int] = Field(
        default_factory=dict, description="line of each top-level key in the config file"
    )

    @property
    def packs(self) -> list[str]:
        return self.config.packs or [DEFAULT_PACK]

    def policy(self) -> Policy:
        return Policy(fail_under=self.config.fail_under, fail_on=tuple(self.config.fail_on))

    def profile_overrides(self) -> dict[str, bool]:
        return {k: v for k, v in self.config.profile.items() if isinstance(v, bool)}

    def where(self, key: str) -> str | None:
        """``file:line`` of a top-level key, for errors found after loading (unknown rule ids)."""
        if self.source is None:
            return None
        line = self.lines.get(key)
        return f"{self.source}:{line}" if line else self.source


# --------------------------------------------------------------------------- finding, loading


def find_config(start: Path) -> Path | None:
    """The nearest `pppcheck.yaml`, or `pyproject.toml` with `[tool.pppcheck]`, from `start` up."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\.pppcheck\b", text, re.MULTILINE) is not None


def load_settings(path: Path | None = None, *, search_from: Path | None = None) -> Settings:
    """Settings from `path`, or from the nearest config file; defaults when there is none."""
    if path is None:
        path = find_config(search_from or Path.cwd())
        if path is None:
            return Settings()
    elif not path.is_file():
        raise ConfigError("no such config file", where=str(path))
    if path.name == PYPROJECT or path.suffix == ".toml":
        data, text, lines = _read_toml(path)
        locate = _toml_locator(text, path)
    else:
        text = read_text(path, ConfigError)
        data = load_yaml(text, str(path), ConfigError)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError("a config file is a mapping of keys", where=f"{path}:1")
        lines = {str(k): line_of(text, [k]) or 1 for k in data}
        locate = _yaml_locator(text, path)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise _config_error(exc, locate) from None
    config = _relative_to(config, path.parent)
    return Settings(config=config, source=str(path), lines=lines)


def _read_toml(path: Path) -> tuple[dict[str, Any], str, dict[str, int]]:
    text = read_text(path, ConfigError)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"TOML: {exc}", where=str(path)) from exc
    table = document.get("tool", {}).get("pppcheck", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.pppcheck] must be a table", where=str(path))
    finder = _toml_locator(text, path)
    lines = {key: int(finder([key]).rpartition(":")[2] or 1) for key in table}
    return table, text, lines


def _yaml_locator(text: str, path: Path) -> Any:
    def locate(loc: Sequence[int | str]) -> str:
        line = line_of(text, loc)
        return f"{path}:{line}" if line else str(path)

    return locate


def _toml_locator(text: str, path: Path) -> Any:
    """tomllib keeps no line numbers: find the key's line inside the [tool.pppcheck] table."""
    source = text.splitlines()

    def locate(loc: Sequence[int | str]) -> str:
        start = next(
            (i for i, line in enumerate(source) if re.match(r"\s*\[\s*tool\.pppcheck\b", line)),
            None,
        )
        if start is None:
            return str(path)
        keys = [str(part) for part in loc if isinstance(part, str)]
        if keys:
            key = re.escape(keys[0])
            pattern = re.compile(rf"\s*(\[\s*tool\.pppcheck\.{key}\s*\]|\"?{key}\"?\s*=)")
            for number in range(start, len(source)):
                if pattern.match(source[number]):
                    return f"{path}:{number + 1}"
        return f"{path}:{start + 1}"

    return locate


def _config_error(exc: ValidationError, locate: Any) -> ConfigError:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        keys = ".".join(str(p) for p in loc if isinstance(p, str))
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = f"unknown key (allowed: {', '.join(Config.model_fields)})"
            if len(loc) > 1:
                message = f"unknown key (allowed: {', '.join(RuleOverride.model_fields)})"
        problems.append((locate(loc), keys, message))
    where, keys, message = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return ConfigError(f"{keys}: {message}{more}" if keys else message + more, where=where)


def _relative_to(config: Config, base: Path) -> Config:
    """Paths in a config file are relative to its folder; built-in pack names stay names."""
    packs = [str(base / p) if (base / p).exists() else p for p in config.packs]
    waivers = str(base / config.waivers) if config.waivers else None
    return config.model_copy(update={"packs": packs, "waivers": waivers})


# --------------------------------------------------------------------------- flags and rules


def with_flags(settings: Settings, **flags: Any) -> Settings:
    """Command-line flags win: every flag given replaces the file's value (profiles per name)."""
    update: dict[str, Any] = {}
    for key, value in flags.items():
        if value is None or value == [] or value == {} or value is False:
            continue
        if key == "profile":
            value = {**settings.config.profile, **value}
        update[key] = value
    if not update:
        return settings
    data = settings.config.model_dump() | update
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else ""
        flag = "--" + key.replace("_", "-")
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{flag}: {message}") from None
    return settings.model_copy(update={"config": config})


def apply_to_ruleset(ruleset: RuleSet, settings: Settings) -> RuleSet:
    """Enable/disable rules and override weights and severities, as the settings say."""
    config = settings.config
    ids = {r.id.upper(): r.id for r in ruleset.rules}
    themes = {r.theme for r in ruleset.rules} | set(ruleset.themes)

    def check(names: Sequence[str], key: str) -> None:
        unknown = [n for n in names if n.upper() not in ids and n not in themes]
        if unknown:
            raise ConfigError(
                f"{key}: unknown rule or theme {', '.join(repr(n) for n in unknown)}",
                where=settings.where(key),
                hint="`pppcheck rules list` shows the rule ids and their themes",
            )

    check(config.enable, "enable")
    check(config.disable, "disable")
    check(list(config.rules), "rules")

    def named(rule_id: str, theme: str, names: Sequence[str]) -> bool:
        upper = {n.upper() for n in names}
        return rule_id.upper() in upper or theme in names

    rules = []
    for rule in ruleset.rules:
        if config.enable and not named(rule.id, rule.theme, config.enable):
            continue
        if named(rule.id, rule.theme, config.disable):
            continue
        update: dict[str, Any] = {}
        for key in (rule.theme, *[k for k in config.rules if k.upper() == rule.id.upper()]):
            override = config.rules.get(key)
            if override is not None:
                update |= override.model_dump(exclude_none=True)
        rules.append(rule.model_copy(update=update) if update else rule)
    if not rules:
        raise ConfigError(
            "no rule left after enable/disable",
            where=settings.where("enable") or settings.where("disable"),
        )
    return ruleset.model_copy(update={"rules": tuple(rules)})


def check_profiles(settings: Settings, known: Mapping[str, Any]) -> None:
    unknown = sorted(set(settings.config.profile) - set(known))
    if unknown:
        raise ConfigError(
            f"profile: unknown profile {', '.join(unknown)}",
            where=settings.where("profile"),
            hint=f"profiles: {', '.join(known)}",
        )


def show(settings: Settings) -> str:
    """The effective settings as YAML, with where they came from."""
    import yaml

    head = (
        f"# config file: {settings.source}"
        if settings.source
        else f"# no config file found ({CONFIG_FILE} or {PYPROJECT} [tool.pppcheck] "
        "from this folder upward): defaults"
    )
    data = settings.config.model_dump(mode="json")
    data["packs"] = settings.packs
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return f"{head}\n{body}"
