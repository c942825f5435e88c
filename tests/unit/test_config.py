"""Config files: discovery, precedence, file:line errors, rules enabled/disabled/overridden."""

from __future__ import annotations

from pathlib import Path

import pytest

from pppcheck.config import (
    Settings,
    apply_to_ruleset,
    find_config,
    load_settings,
    show,
    with_flags,
)
from pppcheck.errors import ConfigError
from pppcheck.rules.loader import load_ruleset
from pppcheck.rules.schema import Severity


def test_found_from_the_working_folder_upward(tmp_path: Path) -> None:
    (tmp_path / "pppcheck.yaml").write_text("fail_under: 40\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "pppcheck.yaml"
    assert load_settings(search_from=deep).config.fail_under == 40


def test_pyproject_table_and_nearest_wins(tmp_path: Path) -> None:
    (tmp_path / "pppcheck.yaml").write_text("fail_under: 40\n", encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.pppcheck]\nfail_on = ["contrary"]\n', encoding="utf-8"
    )
    settings = load_settings(search_from=inner)
    assert settings.source == str(inner / "pyproject.toml")
    assert settings.config.fail_on == ["contrary"] and settings.config.fail_under is None
    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    assert find_config(other) == tmp_path / "pppcheck.yaml"  # a pyproject without the table


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(search_from=tmp_path) if find_config(tmp_path) is None else Settings()
    assert settings.packs == ["smart-ppp"] and not settings.policy().is_set


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("packs: [starter]\nfail_undr: 3\n", ":2", "fail_undr: unknown key"),
        ("rules:\n  S01: {weight: 5, colour: red}\n", ":2", "rules.S01.colour: unknown key"),
        ("fail_on: [contrary, mising]\n", ":1", "fail_on: unknown status 'mising'"),
        ("fail_under: 120\n", ":1", "fail_under: Input should be less than or equal to 100"),
        ("profile: {ppp: maybe}\n", ":1", "profile.ppp"),
        ("help_url: 'https://x/{id}'\n", ":1", "help_url: bad template"),
        ("- a list\n", ":1", "a config file is a mapping"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "pppcheck.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert caught.value.where == f"{path}{where}"
    assert message in caught.value.message


def test_toml_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nname = "x"\n\n[tool.pppcheck]\npacks = []\nfail_undr = 3\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert caught.value.where == f"{path}:6"


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "our-rules").mkdir()
    path = tmp_path / "pppcheck.yaml"
    path.write_text("packs: [starter, our-rules]\nwaivers: w.yaml\n", encoding="utf-8")
    config = load_settings(path).config
    assert config.packs == ["starter", str(tmp_path / "our-rules")]
    assert config.waivers == str(tmp_path / "w.yaml")


def test_flags_win_and_profiles_merge(tmp_path: Path) -> None:
    path = tmp_path / "pppcheck.yaml"
    path.write_text(
        "fail_under: 40\nfail_on: [contrary]\nprofile: {ppp: yes, ai: no}\n", encoding="utf-8"
    )
    settings = with_flags(load_settings(path), fail_under=70, fail_on=[], profile={"ai": "auto"})
    assert settings.config.fail_under == 70
    assert settings.config.fail_on == ["contrary"]  # flag not given: the file's value stays
    assert settings.profile_overrides() == {"ppp": True}
    with pytest.raises(ConfigError, match="--fail-on"):
        with_flags(settings, fail_on=["nope"])


def test_enable_disable_and_overrides() -> None:
    ruleset = load_ruleset(["starter"])
    settings = with_flags(
        Settings(), disable=["kpis"], rules={"data": {"severity": "minor"}, "s01": {"weight": 7}}
    )
    chosen = apply_to_ruleset(ruleset, settings)
    assert [r.id for r in chosen.rules] == ["S01", "S02", "S03"]
    s01 = next(r for r in chosen.rules if r.id == "S01")
    assert (s01.weight, s01.severity) == (7, Severity.MINOR)  # theme override, then the rule's
    only = apply_to_ruleset(ruleset, with_flags(Settings(), enable=["S04", "exit"]))
    assert sorted(r.id for r in only.rules) == ["S03", "S04"]
    with pytest.raises(ConfigError, match="unknown rule or theme 'R99'"):
        apply_to_ruleset(ruleset, with_flags(Settings(), disable=["R99"]))
    with pytest.raises(ConfigError, match="no rule left"):
        apply_to_ruleset(ruleset, with_flags(Settings(), disable=["data", "exit", "kpis"]))


def test_show_says_where_it_came_from(tmp_path: Path) -> None:
    path = tmp_path / "pppcheck.yaml"
    path.write_text("fail_under: 40\n", encoding="utf-8")
    text = show(load_settings(path))
    assert text.startswith(f"# config file: {path}\n")
    assert "fail_under: 40.0" in text and "- smart-ppp" in text
    assert show(Settings()).startswith("# no config file found")
