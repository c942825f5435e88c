"""The rule-pack schema: what a pack author may write, validated strictly.

Matchers form a small closed language of declarative kinds (phrases, vocab, regex, all, any,
not, near, heading, modality); there is no way to run code from a pack. Every model forbids
unknown keys, so a typo in a rule file is an error with its file and line, not a silently
ignored condition. `pppcheck rules schema` exports the JSON Schema of these models for editors.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

IDENT = r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$"
LANG = r"^([a-z]{2,3}|any)$"


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


LocalText = str | dict[Annotated[str, Field(pattern=LANG)], str]
"""A text in one language, or a mapping language code → text (English is the fallback)."""

PhraseList = list[str] | dict[Annotated[str, Field(pattern=LANG)], list[str]]
"""Phrases for every language, or per language code (``any`` = language-neutral)."""


def pick_text(text: LocalText | None, lang: str) -> str:
    """The text in `lang`, else English, else the first one given."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


# --------------------------------------------------------------------------- matchers


class Scope(StrEnum):
    """How far apart the parts of an `all` may be found."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    SECTION = "section"
    DOCUMENT = "document"


class Modality(StrEnum):
    """The force of a sentence, from the pack's modal cue lists."""

    BINDING = "binding"  # shall / must / doit / deberá / se obliga a
    OPTIONAL = "optional"  # may / should / where possible / pourra / podrá
    NEGATED = "negated"  # contains a negation: shall not / ne ... pas / no podrá
    NONE = "none"  # no modal cue at all (descriptive text, headings)


class PhrasesMatcher(Strict):
    """Sentences containing any of the phrases.

    Case-, accent- and hyphen-insensitive, on word boundaries. A ``*`` at the end of a word
    means "any word ending" (``propriét*`` matches propriété, propriétaire).
    """

    phrases: PhraseList

    @field_validator("phrases")
    @classmethod
    def _non_empty(cls, value: PhraseList) -> PhraseList:
        items = value if isinstance(value, list) else [p for ps in value.values() for p in ps]
        if not items:
            raise ValueError("at least one phrase is required")
        for phrase in items:
            _check_phrase(phrase)
        return value


class VocabMatcher(Strict):
    """Sentences containing a phrase of a named vocabulary defined in the pack or core lexicon."""

    vocab: Annotated[str, Field(pattern=IDENT)]


class RegexMatcher(Strict):
    """Sentences matching an RE2 regular expression (linear time: no backtracking blow-up).

    The pattern sees the normalised text: lower case, accents removed, hyphens as spaces.
    """

    regex: Annotated[str, Field(min_length=1, max_length=2000)]


class AllMatcher(Strict):
    """Every part must be found within the same sentence, paragraph, section or document."""

    all: list[Matcher] = Field(min_length=1)
    within: Scope = Scope.SENTENCE


class AnyMatcher(Strict):
    """At least one part must be found."""

    any: list[Matcher] = Field(min_length=1)


class NotMatcher(Strict):
    """Sentences where the part is not found (inside `all`: excludes sentences)."""

    not_: Matcher = Field(alias="not")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class AbsentMatcher(Strict):
    """Holds when the part is found nowhere in the document (or bundle).

    A filter for document-wide conditions: "a term is stated" *and* "no renewal clause
    anywhere" cannot be said sentence by sentence.
    """

    absent: Matcher


class NearMatcher(Strict):
    """All parts found in one sentence, at most `words` words apart (in any order)."""

    near: list[Matcher] = Field(min_length=2, max_length=4)
    words: int = Field(default=8, ge=0, le=200)


class HeadingMatcher(Strict):
    """Sentences inside a section whose heading (at any level above) matches the part."""

    heading: Matcher


class ModalityMatcher(Strict):
    """Sentences of a given modality (binding, optional, negated, none)."""

    modality: Modality | list[Modality]


def _matcher_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in _MATCHER_KEYS:
            if key in value:
                return key
        return None
    for key, model in _MATCHER_MODELS.items():
        if isinstance(value, model):
            return key
    return None


Matcher = Annotated[
    Annotated[PhrasesMatcher, Tag("phrases")]
    | Annotated[VocabMatcher, Tag("vocab")]
    | Annotated[RegexMatcher, Tag("regex")]
    | Annotated[AllMatcher, Tag("all")]
    | Annotated[AnyMatcher, Tag("any")]
    | Annotated[NotMatcher, Tag("not")]
    | Annotated[AbsentMatcher, Tag("absent")]
    | Annotated[NearMatcher, Tag("near")]
    | Annotated[HeadingMatcher, Tag("heading")]
    | Annotated[ModalityMatcher, Tag("modality")],
    Discriminator(
        _matcher_kind,
        custom_error_type="matcher_kind",
        custom_error_message=(
            "a matcher needs exactly one kind key: phrases, vocab, regex, all, any, not, "
            "absent, near, heading or modality"
        ),
    ),
]

_MATCHER_MODELS: dict[str, type[BaseModel]] = {
    "phrases": PhrasesMatcher,
    "vocab": VocabMatcher,
    "regex": RegexMatcher,
    "all": AllMatcher,
    "any": AnyMatcher,
    "not": NotMatcher,
    "absent": AbsentMatcher,
    "near": NearMatcher,
    "heading": HeadingMatcher,
    "modality": ModalityMatcher,
}
_MATCHER_KEYS = tuple(_MATCHER_MODELS)


def _check_phrase(phrase: str) -> None:
    stripped = phrase.strip()
    if not stripped or stripped == "*":
        raise ValueError(f"empty phrase {phrase!r}")
    if stripped.startswith("*"):
        raise ValueError(f"phrase {phrase!r}: a wildcard may end a word, not start a phrase")
    if "**" in stripped:
        raise ValueError(f"phrase {phrase!r}: double wildcard")
    if len(stripped) > 300:
        raise ValueError(f"phrase {phrase[:40]!r}...: longer than 300 characters")


# --------------------------------------------------------------------------- rules


class Severity(StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    INFO = "info"


class Status(StrEnum):
    """The five statuses of the catalogue, plus `error` for a rule that could not run."""

    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"
    CONTRARY = "contrary"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


class MetStrength(StrEnum):
    """What a sentence needs, beyond the rule's wording, to count as met."""

    BINDING = "binding"
    ASSERTIVE = "assertive"
    ANY = "any"


class OsloSupport(StrEnum):
    """How far the Oslo 2015 text itself supports a rule (the catalogue's V/C/I/– tags)."""

    VERIFIED = "verified"  # read in the Oslo text
    CONTEXT = "context"  # from the workshop's context
    HEADING = "heading"  # implied by an Oslo heading only
    NONE = "none"  # not in Oslo: anchored in a later guideline


class Source(Strict):
    oslo: OsloSupport = OsloSupport.NONE
    guidelines: list[str] = Field(default_factory=list)
    note: str | None = None

    def label(self) -> str:
        """What a report may claim; never "Oslo 2015" unless the text was verified."""
        anchors = ", ".join(self.guidelines)
        if self.oslo is OsloSupport.VERIFIED:
            return f"Oslo 2015 (verified){'; also ' + anchors if anchors else ''}"
        if anchors:
            return f"Oslo-themed; anchored in {anchors}"
        return "Oslo-themed"


class Example(Strict):
    """A short passage and the status the rule must give it; run by `pppcheck rules test`."""

    status: Literal["met", "partial", "missing", "contrary"]
    text: Annotated[str, Field(min_length=1)]
    profile: list[str] | None = Field(
        default=None, description="profiles that hold for this example (default: all)"
    )
    note: str | None = None


class Rule(Strict):
    id: Annotated[str, Field(pattern=IDENT)]
    title: LocalText
    theme: Annotated[str, Field(pattern=IDENT)]
    weight: float = Field(default=1.0, gt=0, le=10)
    severity: Severity = Severity.MAJOR
    applies_to: str = Field(
        default="all",
        description='profile expression: "all", "digital", "digital or ppp", "ppp and not ai"',
    )
    source: Source = Field(default_factory=Source)
    rationale: LocalText = ""
    remediation: LocalText = ""
    model_clause: LocalText = ""
    met: Matcher | None = None
    partial: Matcher | None = None
    contrary: Matcher | None = None
    met_requires: MetStrength = Field(
        default=MetStrength.BINDING,
        description=(
            "how strong a sentence must be to count as met: binding (a modal cue such as "
            "shall/doit/deberá), assertive (a plain statement such as 'the data are the property "
            "of the City' also counts) or any; optional wording and hollowing qualifiers always "
            "make it partial"
        ),
    )
    buyer_powers: Literal["weak", "binding"] = Field(
        default="weak",
        description=(
            "what a power the buyer gives itself ('the City may audit the records', "
            "'l'acheteur peut exiger la restitution') counts as: binding where the recommendation "
            "is a right of the city (access, reuse, exit, step-in), weak (the default) where it "
            "asks the city to commit to something ('the City may publish' promises nothing)"
        ),
    )
    examples: dict[Annotated[str, Field(pattern=LANG)], list[Example]] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_a_matcher(self) -> Rule:
        if self.met is None and self.partial is None and self.contrary is None:
            raise ValueError("a rule needs at least one of met, partial, contrary")
        return self


# --------------------------------------------------------------------------- packs


class Theme(Strict):
    id: Annotated[str, Field(pattern=IDENT)]
    title: LocalText


class Profile(Strict):
    """A document profile detected from signals, with evidence (digital, ppp, ai, ...).

    The score counts distinct signal phrases found; a phrase found in the object of the
    contract (title, headings, object/scope sections, the first blocks) counts `object_bonus`
    times more. `against` phrases subtract: they describe what the document buys instead.
    """

    title: LocalText
    description: LocalText = ""
    signals: Matcher
    against: Matcher | None = None
    threshold: float = Field(default=4.0, gt=0)
    object_bonus: float = Field(default=3.0, ge=1)


class Lexicon(Strict):
    """Language knowledge the engine needs for every rule: modality, weakeners, exclusions."""

    binding: PhraseList = Field(default_factory=list)
    optional: PhraseList = Field(default_factory=list)
    negation: PhraseList = Field(default_factory=list)
    negation_exceptions: PhraseList = Field(
        default_factory=list,
        description=(
            'phrases whose negation word negates nothing ("no later than", "sans préjudice")'
        ),
    )
    weakeners: PhraseList = Field(default_factory=list)
    rights: PhraseList = Field(
        default_factory=list,
        description=(
            'the buyer granting itself a power ("the City may terminate", "l\'acheteur peut '
            'résilier"): binding on the contractor although the verb is optional'
        ),
    )
    placeholders: PhraseList = Field(default_factory=list)
    excluded_headings: PhraseList = Field(default_factory=list)
    object_headings: PhraseList = Field(default_factory=list)


class PackManifest(Strict):
    """`pack.yaml`: identity, themes, profiles, vocabularies and lexicon of a pack."""

    id: Annotated[str, Field(pattern=IDENT)]
    version: str
    title: LocalText
    description: LocalText = ""
    min_pppcheck: str | None = None
    languages: list[Annotated[str, Field(pattern=LANG)]] = Field(default_factory=lambda: ["en"])
    themes: list[Theme] = Field(default_factory=list)
    profiles: dict[Annotated[str, Field(pattern=IDENT)], Profile] = Field(default_factory=dict)
    vocabularies: dict[Annotated[str, Field(pattern=IDENT)], PhraseList] = Field(
        default_factory=dict
    )
    lexicon: Lexicon = Field(default_factory=Lexicon)
    rules: list[Rule] = Field(default_factory=list, description="rules inline in pack.yaml")


class RuleFile(Strict):
    """A rule file holding several rules."""

    rules: list[Rule] = Field(min_length=1)
