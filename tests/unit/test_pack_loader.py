"""Pack loading: every problem named with file, line and key; nothing executed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pppcheck.errors import PackError
from pppcheck.rules.loader import PackProblems, load_ruleset

PACK = """\
id: mine
version: "1"
title: My pack
themes:
  - id: data
    title: Data
"""

RULE = """\
id: X1
title: Data ownership
theme: data
weight: 2
met:
  phrases: [property of the city]
"""


def _pack(tmp_path: Path, rule: str, name: str = "x1.yaml") -> Path:
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / name).write_text(rule, encoding="utf-8")
    return tmp_path


def _problems(tmp_path: Path, rule: str) -> list[str]:
    with pytest.raises(PackProblems) as caught:
        load_ruleset([str(_pack(tmp_path, rule))])
    return caught.value.all_lines


def test_a_valid_pack_loads_with_the_core_lexicon(tmp_path: Path) -> None:
    ruleset = load_ruleset([str(_pack(tmp_path, RULE))])
    assert [r.id for r in ruleset.rules] == ["X1"]
    assert ruleset.id == "mine"
    assert {"digital", "ppp", "ai", "personal_data"} <= set(ruleset.profiles)
    assert "shall" in ruleset.lexicon["binding"]["en"]
    assert ruleset.origins["X1"].endswith("x1.yaml:1")


def test_unknown_key_is_reported_with_line(tmp_path: Path) -> None:
    lines = _problems(tmp_path, RULE + "severty: major\n")
    assert lines == [f"{tmp_path / 'x1.yaml'}:7: severty: unknown key"]


def test_wrong_type_inside_a_matcher(tmp_path: Path) -> None:
    rule = RULE.replace(
        "phrases: [property of the city]", "near: [{phrases: [a]}, {phrases: [b]}]\n  words: many"
    )
    lines = _problems(tmp_path, rule)
    assert len(lines) == 1
    assert lines[0].startswith(f"{tmp_path / 'x1.yaml'}:7: met.words:")


def test_matcher_without_a_kind(tmp_path: Path) -> None:
    lines = _problems(tmp_path, RULE.replace("phrases: [property of the city]", "phrase: [x]"))
    assert "met: a matcher needs exactly one kind key" in lines[0]


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    lines = _problems(tmp_path, RULE + "examples: [unclosed\n")
    assert lines[0].startswith(f"{tmp_path / 'x1.yaml'}:")
    assert "YAML" in lines[0]


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    lines = _problems(tmp_path, RULE + "weight: 3\n")
    assert "duplicate key 'weight'" in lines[0]
    assert lines[0].startswith(f"{tmp_path / 'x1.yaml'}:7")


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    rule = RULE + f"note: !!python/object/apply:os.system ['touch {marker}']\n"
    lines = _problems(tmp_path, rule)
    assert "unsupported YAML tag" in lines[0]
    assert not marker.exists()


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    _pack(tmp_path, RULE)
    (tmp_path / "x1-copy.yaml").write_text(RULE, encoding="utf-8")
    with pytest.raises(PackProblems) as caught:
        load_ruleset([str(tmp_path)])
    assert "duplicate rule id X1" in caught.value.all_lines[0]


def test_unknown_theme_profile_and_vocabulary(tmp_path: Path) -> None:
    rule = (
        RULE.replace("theme: data", "theme: dta")
        .replace("weight: 2", "weight: 2\napplies_to: digitl")
        .replace("phrases: [property of the city]", "vocab: nowhere")
    )
    lines = _problems(tmp_path, rule)
    assert any("theme: unknown theme 'dta'" in line for line in lines)
    assert any("applies_to: unknown profile 'digitl'" in line for line in lines)
    assert any("met.vocab: unknown vocabulary 'nowhere'" in line for line in lines)


def test_invalid_regex_is_rejected_at_load(tmp_path: Path) -> None:
    rule = RULE.replace("phrases: [property of the city]", "regex: '(unclosed'")
    lines = _problems(tmp_path, rule)
    assert any(
        re.search(r"\.yaml:\d+: met\.regex: invalid RE2 regular expression: missing \)", line)
        for line in lines
    ), lines


def test_backtracking_regex_runs_in_linear_time(tmp_path: Path) -> None:
    """RE2 has no backtracking: the classic (a+)+b pattern is harmless."""
    from pppcheck.matching.matchers import compile_regex

    pattern = compile_regex("(a+)+b")
    assert pattern.search("a" * 100_000) is None


def test_missing_pack_is_a_pack_error() -> None:
    with pytest.raises(PackError, match="no such pack folder"):
        load_ruleset(["/nonexistent/pack"])


def test_single_rule_file_works_without_pack_yaml(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(RULE, encoding="utf-8")
    ruleset = load_ruleset([str(path)])
    assert [r.id for r in ruleset.rules] == ["X1"]
    assert "data" in ruleset.themes


def test_builtin_packs_validate() -> None:
    for name in ("starter", "smart-ppp"):
        ruleset = load_ruleset([name])
        assert ruleset.rules
