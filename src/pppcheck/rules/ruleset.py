"""The validated, merged result of loading one or more packs: what the engine evaluates."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pppcheck.rules.schema import Profile, Rule, Theme, pick_text


class RuleSet(BaseModel):
    """Rules of every selected pack plus the themes, profiles, vocabularies and lexicon."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    version: str
    packs: tuple[tuple[str, str], ...]
    languages: tuple[str, ...]
    themes: dict[str, Theme]
    profiles: dict[str, Profile]
    vocabularies: dict[str, dict[str, list[str]]]
    lexicon: dict[str, dict[str, list[str]]]
    rules: tuple[Rule, ...]
    origins: dict[str, str]
    """rule id → ``file:line`` where it is defined."""
    fingerprint: str = ""
    """SHA-256 of every file read (names and bytes): identifies the content for caches."""

    def rule(self, rule_id: str) -> Rule | None:
        wanted = rule_id.upper()
        return next((r for r in self.rules if r.id.upper() == wanted), None)

    def theme_title(self, theme_id: str, lang: str = "en") -> str:
        theme = self.themes.get(theme_id)
        return pick_text(theme.title, lang) if theme else theme_id

    def select(self, rule_ids: set[str]) -> RuleSet:
        """A copy holding only the given rules (used by config enable/disable)."""
        return self.model_copy(update={"rules": tuple(r for r in self.rules if r.id in rule_ids)})
