from __future__ import annotations

import pytest

from pppcheck.rules.applies import holds, parse_applies, profiles_named

PROFILES = {"digital", "ppp", "ai", "personal_data"}


@pytest.mark.parametrize(
    ("expr", "profile", "expected"),
    [
        ("all", {}, True),
        ("digital", {"digital": True}, True),
        ("digital", {"digital": False}, False),
        ("digital or ppp", {"ppp": True}, True),
        ("digital and not ai", {"digital": True, "ai": True}, False),
        ("(ppp or ai) and personal_data", {"ai": True, "personal_data": True}, True),
        ("NOT ppp", {}, True),
    ],
)
def test_expressions(expr: str, profile: dict[str, bool], expected: bool) -> None:
    assert holds(parse_applies(expr, PROFILES), profile) is expected


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("", "empty"),
        ("digitl", "unknown profile 'digitl'"),
        ("digital or", "ends too early"),
        ("(digital", "missing ')'"),
        ("digital ppp", "unexpected 'ppp'"),
        ("digital; rm -rf", "cannot read"),
    ],
)
def test_bad_expressions_are_explained(expr: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_applies(expr, PROFILES)


def test_profiles_named() -> None:
    assert profiles_named(parse_applies("digital or (ppp and not ai)", PROFILES)) == {
        "digital",
        "ppp",
        "ai",
    }
