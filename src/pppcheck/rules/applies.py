"""`applies_to` expressions: which document profiles a rule needs.

Grammar (case-insensitive keywords): ``all`` | expr; expr := term ("or" term)*;
term := factor ("and" factor)*; factor := "not" factor | "(" expr ")" | PROFILE.
Parsed once into nested tuples; evaluated against the detected profile. No `eval`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

Expr = tuple[object, ...] | str | bool

_TOKEN = re.compile(r"\s*(\(|\)|[A-Za-z][A-Za-z0-9_.-]*)")


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ValueError(f"cannot read {text[pos:]!r} in {text!r}")
        tokens.append(match.group(1))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


def parse_applies(text: str, profiles: set[str]) -> Expr:
    """Parse an expression; unknown profile names are errors."""
    tokens = _tokens(text)
    if not tokens:
        raise ValueError("empty expression (use 'all')")
    if [t.lower() for t in tokens] == ["all"]:
        return True
    expr, rest = _or(tokens, profiles)
    if rest:
        raise ValueError(f"unexpected {rest[0]!r} in {text!r}")
    return expr


def _or(tokens: list[str], profiles: set[str]) -> tuple[Expr, list[str]]:
    left, tokens = _and(tokens, profiles)
    while tokens and tokens[0].lower() == "or":
        right, tokens = _and(tokens[1:], profiles)
        left = ("or", left, right)
    return left, tokens


def _and(tokens: list[str], profiles: set[str]) -> tuple[Expr, list[str]]:
    left, tokens = _factor(tokens, profiles)
    while tokens and tokens[0].lower() == "and":
        right, tokens = _factor(tokens[1:], profiles)
        left = ("and", left, right)
    return left, tokens


def _factor(tokens: list[str], profiles: set[str]) -> tuple[Expr, list[str]]:
    if not tokens:
        raise ValueError("expression ends too early")
    head, rest = tokens[0], tokens[1:]
    if head.lower() == "not":
        inner, rest = _factor(rest, profiles)
        return ("not", inner), rest
    if head == "(":
        inner, rest = _or(rest, profiles)
        if not rest or rest[0] != ")":
            raise ValueError("missing ')'")
        return inner, rest[1:]
    if head.lower() in ("and", "or", ")"):
        raise ValueError(f"unexpected {head!r}")
    if head not in profiles:
        known = ", ".join(sorted(profiles)) or "none defined"
        raise ValueError(f"unknown profile {head!r} (known: {known})")
    return head, rest


def holds(expr: Expr, profile: Mapping[str, bool]) -> bool:
    """Evaluate a parsed expression for a document's profile values."""
    if isinstance(expr, bool):
        return expr
    if isinstance(expr, str):
        return profile.get(expr, False)
    op = expr[0]
    if op == "not":
        return not holds(expr[1], profile)  # type: ignore[arg-type]
    left = holds(expr[1], profile)  # type: ignore[arg-type]
    right = holds(expr[2], profile)  # type: ignore[arg-type]
    return (left or right) if op == "or" else (left and right)


def profiles_named(expr: Expr) -> set[str]:
    """Profile names an expression mentions (to explain a not_applicable status)."""
    if isinstance(expr, bool):
        return set()
    if isinstance(expr, str):
        return {expr}
    names: set[str] = set()
    for part in expr[1:]:
        names |= profiles_named(part)  # type: ignore[arg-type]
    return names
