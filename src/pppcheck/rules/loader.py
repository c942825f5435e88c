"""Find, read and validate rule packs into one `RuleSet`.

A pack is a folder with `pack.yaml` and rule files (one rule per file, or a file with
``rules: [...]``) in any sub-folder; a single rule file can also be given on its own. Several
packs can be combined; the core lexicon (modal verbs, negations, weakening qualifiers, standard
profiles) is always loaded first so that a colleague's one-rule file works like a full pack.

Every problem is reported as ``file:line: key: reason`` (all of them, not only the first), so a
pack author fixes a file in one pass.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pppcheck.errors import PackError
from pppcheck.rules.applies import parse_applies
from pppcheck.rules.ruleset import RuleSet
from pppcheck.rules.schema import (
    AbsentMatcher,
    AllMatcher,
    AnyMatcher,
    HeadingMatcher,
    Lexicon,
    NearMatcher,
    NotMatcher,
    PackManifest,
    PhraseList,
    Profile,
    RegexMatcher,
    Rule,
    RuleFile,
    Theme,
    VocabMatcher,
)
from pppcheck.rules.yamlio import line_of, load_yaml, read_text, real_keys

BUILTIN_PACK = "smart-ppp"
CORE_FILE = "core.yaml"
PACK_FILE = "pack.yaml"
_YAML_SUFFIXES = (".yaml", ".yml")
_MAX_RULE_FILES = 5000


def builtin_root() -> Path:
    """Folder holding the packs shipped with pppcheck (package data of `pppcheck.packs`)."""
    return Path(str(resources.files("pppcheck.packs")))


def builtin_packs() -> list[str]:
    root = builtin_root()
    return sorted(p.name for p in root.iterdir() if (p / PACK_FILE).is_file())


def resolve_pack_ref(ref: str) -> Path:
    """A pack given on the command line: a path, or the name of a built-in pack."""
    path = Path(ref)
    if path.exists():
        return path
    builtin = builtin_root() / ref
    if (builtin / PACK_FILE).is_file():
        return builtin
    raise PackError(
        "no such pack folder, rule file or built-in pack",
        where=ref,
        hint=f"built-in packs: {', '.join(builtin_packs())}; or give a folder with pack.yaml",
    )


class PackProblems(PackError):
    """Several problems found while loading; the message lists them all."""

    def __init__(self, problems: list[PackError]):
        first = problems[0]
        lines = [str(p) for p in problems]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(first.message + more, where=first.where, hint=first.hint)
        self.problems = problems
        self.all_lines = lines


def _validate(
    model: type[BaseModel], data: Any, text: str, where: str
) -> tuple[Any, list[PackError]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        found: list[tuple[str, int | None, str]] = []
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            message = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            found.append((real_keys(text, loc) or "(top level)", line_of(text, loc), message))
        return None, [
            PackError(f"{key}: {message}", where=f"{where}:{line}" if line else where)
            for key, line, message in _deepest(found)
        ]


def _deepest(found: list[tuple[str, int | None, str]]) -> list[tuple[str, int | None, str]]:
    """Keep, for each failing value, the most precise error.

    A value that may be a string or a mapping fails both ways; pydantic reports both. The
    error that went deeper into the YAML is the one that explains what is wrong.
    """
    keys = [key for key, _, _ in found]
    kept: list[tuple[str, int | None, str]] = []
    for key, line, message in found:
        deeper = any(other != key and other.startswith((key + ".", key + "[")) for other in keys)
        if not deeper and (key, line, message) not in kept:
            kept.append((key, line, message))
    return kept


@dataclass(frozen=True)
class _Origin:
    """Where an item (a rule, a profile) is written: the file, its text, the item's key path."""

    file: str
    text: str
    base: tuple[str | int, ...]

    def at(self, *keys: str | int) -> str:
        """``file:line`` of a key of the item (the item's own line when the key is absent)."""
        line = line_of(self.text, [*self.base, *keys]) or 1
        return f"{self.file}:{line}"


class _Collector:
    """Accumulates the parts of several pack files and their problems."""

    def __init__(self) -> None:
        self.manifests: list[tuple[PackManifest, str]] = []
        self.rules: list[tuple[Rule, str]] = []
        self.sources: dict[int, _Origin] = {}
        """id(rule) → where it is written (to place later errors on the right line)."""
        self.profile_sources: dict[str, _Origin] = {}
        self.problems: list[PackError] = []
        self.digest = hashlib.sha256()

    def _add_rule(self, rule: Rule, origin: _Origin) -> None:
        self.sources[id(rule)] = origin
        self.rules.append((rule, origin.at("id") if not origin.base else origin.at()))

    def read_file(self, path: Path) -> None:
        where = str(path)
        try:
            text = read_text(path, PackError)
            self.digest.update(path.name.encode() + b"\0" + text.encode("utf-8") + b"\0")
            data = load_yaml(text, where, PackError)
        except PackError as exc:
            self.problems.append(exc)
            return
        if data is None:
            self.problems.append(PackError("empty rule file", where=f"{where}:1"))
            return
        if not isinstance(data, dict):
            self.problems.append(
                PackError(
                    "a rule file must be a mapping (one rule, or `rules:`)", where=f"{where}:1"
                )
            )
            return
        if path.name in (PACK_FILE, CORE_FILE) or "themes" in data or "version" in data:
            manifest, problems = _validate(PackManifest, data, text, where)
            self.problems.extend(problems)
            if manifest is not None:
                self.manifests.append((manifest, where))
                for name in manifest.profiles:
                    self.profile_sources[name] = _Origin(where, text, ("profiles", name))
                for index, rule in enumerate(manifest.rules):
                    self._add_rule(rule, _Origin(where, text, ("rules", index)))
            return
        if "rules" in data and "id" not in data:
            rule_file, problems = _validate(RuleFile, data, text, where)
            self.problems.extend(problems)
            if rule_file is not None:
                for index, rule in enumerate(rule_file.rules):
                    self._add_rule(rule, _Origin(where, text, ("rules", index)))
            return
        rule, problems = _validate(Rule, data, text, where)
        self.problems.extend(problems)
        if rule is not None:
            self._add_rule(rule, _Origin(where, text, ()))

    def read_pack(self, root: Path) -> None:
        if root.is_file():
            self.read_file(root)
            return
        if not (root / PACK_FILE).is_file():
            self.problems.append(
                PackError(
                    "this folder has no pack.yaml",
                    where=str(root),
                    hint="a pack folder needs pack.yaml (id, version, title, themes)",
                )
            )
        files = sorted(_rule_files(root))
        if len(files) > _MAX_RULE_FILES:
            self.problems.append(
                PackError(f"more than {_MAX_RULE_FILES} rule files", where=str(root))
            )
            return
        for path in files:
            self.read_file(path)


def _rule_files(root: Path) -> Iterable[Path]:
    """YAML files under `root`, pack.yaml first; symlink loops and hidden folders skipped."""
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        stat = Path(dirpath).stat()
        if (stat.st_dev, stat.st_ino) in seen:
            dirnames.clear()
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if name.endswith(_YAML_SUFFIXES) and not name.startswith("."):
                yield Path(dirpath) / name


def load_ruleset(refs: Sequence[str] = (BUILTIN_PACK,)) -> RuleSet:
    """Load packs (paths or built-in names) plus the core lexicon into one validated `RuleSet`."""
    collector = _Collector()
    collector.read_file(builtin_root() / CORE_FILE)
    for ref in refs:
        try:
            root = resolve_pack_ref(ref)
        except PackError as exc:
            collector.problems.append(exc)
            continue
        collector.read_pack(root)
    if collector.problems:
        raise PackProblems(collector.problems)
    ruleset = _merge(collector, refs)
    problems = _check_references(ruleset, collector)
    if problems:
        raise PackProblems(problems)
    return ruleset


def _merge_phrases(into: dict[str, list[str]], extra: PhraseList) -> None:
    items = {"any": extra} if isinstance(extra, list) else extra
    for lang, phrases in items.items():
        bucket = into.setdefault(lang, [])
        bucket.extend(p for p in phrases if p not in bucket)


def _merge(collector: _Collector, refs: Sequence[str]) -> RuleSet:
    themes: dict[str, Theme] = {}
    profiles: dict[str, Profile] = {}
    vocabularies: dict[str, dict[str, list[str]]] = {}
    lexicon: dict[str, dict[str, list[str]]] = {name: {} for name in Lexicon.model_fields}
    packs: list[tuple[str, str]] = []
    languages: list[str] = []
    for manifest, _where in collector.manifests:
        if manifest.id != "core":
            packs.append((manifest.id, manifest.version))
        for theme in manifest.themes:
            themes.setdefault(theme.id, theme)
        profiles.update(manifest.profiles)
        for name, phrases in manifest.vocabularies.items():
            _merge_phrases(vocabularies.setdefault(name, {}), phrases)
        for name in Lexicon.model_fields:
            _merge_phrases(lexicon[name], getattr(manifest.lexicon, name))
        languages.extend(lang for lang in manifest.languages if lang not in languages)
    if not packs:  # only loose rule files were given
        packs = [(Path(ref).stem, "local") for ref in refs]
    origins: dict[str, str] = {}
    rules: list[Rule] = []
    duplicates: list[PackError] = []
    for rule, where in collector.rules:
        if rule.id in origins:
            duplicates.append(
                PackError(
                    f"id: duplicate rule id {rule.id} (first defined at {origins[rule.id]})",
                    where=where,
                )
            )
            continue
        origins[rule.id] = where
        rules.append(rule)
        if rule.theme not in themes and not any(
            m.themes for m, _ in collector.manifests if m.id != "core"
        ):
            themes[rule.theme] = Theme(id=rule.theme, title=rule.theme)
    if duplicates:
        raise PackProblems(duplicates)
    return RuleSet(
        id="+".join(pack_id for pack_id, _ in packs),
        version="+".join(version for _, version in packs),
        packs=tuple(packs),
        languages=tuple(languages or ["en"]),
        themes=themes,
        profiles=profiles,
        vocabularies=vocabularies,
        lexicon=lexicon,
        rules=tuple(rules),
        origins=origins,
        fingerprint=collector.digest.hexdigest(),
    )


def _check_references(ruleset: RuleSet, collector: _Collector) -> list[PackError]:
    """Themes, profiles and vocabularies named by rules must exist; regexes must compile."""
    problems: list[PackError] = []
    unknown = _Origin(PACK_FILE, "", ())
    for rule in ruleset.rules:
        origin = collector.sources.get(id(rule), unknown)
        if rule.theme not in ruleset.themes:
            problems.append(
                PackError(
                    f"theme: unknown theme {rule.theme!r} (known: {', '.join(ruleset.themes)})",
                    where=origin.at("theme"),
                )
            )
        try:
            parse_applies(rule.applies_to, set(ruleset.profiles))
        except ValueError as exc:
            problems.append(PackError(f"applies_to: {exc}", where=origin.at("applies_to")))
        for key in ("met", "partial", "contrary"):
            problems.extend(_matcher_problems(getattr(rule, key), (key,), ruleset, origin))
        for lang, examples in rule.examples.items():
            for index, example in enumerate(examples):
                for profile in example.profile or []:
                    if profile not in ruleset.profiles:
                        problems.append(
                            PackError(
                                f"examples.{lang}[{index}].profile: unknown profile {profile!r}",
                                where=origin.at("examples", lang, index, "profile"),
                            )
                        )
    for name, spec in ruleset.profiles.items():
        origin = collector.profile_sources.get(name, unknown)
        for key in ("signals", "against"):
            problems.extend(_matcher_problems(getattr(spec, key), (key,), ruleset, origin))
    return problems


def _matcher_problems(
    matcher: Any, keys: tuple[str | int, ...], ruleset: RuleSet, origin: _Origin
) -> Iterator[PackError]:
    """Unknown vocabularies and regular expressions RE2 refuses, each at its key's line."""
    from pppcheck.matching.matchers import compile_regex

    for path, node in _matcher_nodes(matcher, keys):
        in_profile = origin.base[:1] == ("profiles",)
        key = _dotted((*origin.base, *path) if in_profile else path)
        if isinstance(node, VocabMatcher) and node.vocab not in ruleset.vocabularies:
            yield PackError(
                f"{key}.vocab: unknown vocabulary {node.vocab!r}", where=origin.at(*path, "vocab")
            )
        elif isinstance(node, RegexMatcher):
            try:
                compile_regex(node.regex)
            except ValueError as exc:
                cause = exc.__cause__.args[0] if exc.__cause__ and exc.__cause__.args else ""
                reason = cause.decode("utf-8", "replace") if isinstance(cause, bytes) else cause
                yield PackError(
                    f"{key}.regex: invalid RE2 regular expression: {reason or exc}",
                    where=origin.at(*path, "regex"),
                    hint="patterns are RE2: no backreferences or lookaround; "
                    "see docs/rule-authoring.md",
                )


def _dotted(path: Sequence[str | int]) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


def _matcher_nodes(
    matcher: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every matcher in a tree with its YAML key path, e.g. ("met", "all", 2)."""
    if matcher is None:
        return
    yield path, matcher
    parts: list[tuple[str, Any]] = []
    if isinstance(matcher, AllMatcher):
        parts = [("all", matcher.all)]
    elif isinstance(matcher, AnyMatcher):
        parts = [("any", matcher.any)]
    elif isinstance(matcher, NearMatcher):
        parts = [("near", matcher.near)]
    elif isinstance(matcher, NotMatcher):
        yield from _matcher_nodes(matcher.not_, (*path, "not"))
    elif isinstance(matcher, AbsentMatcher):
        yield from _matcher_nodes(matcher.absent, (*path, "absent"))
    elif isinstance(matcher, HeadingMatcher):
        yield from _matcher_nodes(matcher.heading, (*path, "heading"))
    for key, items in parts:
        for index, part in enumerate(items):
            yield from _matcher_nodes(part, (*path, key, index))
