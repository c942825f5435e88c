"""YAML reading for rule packs and config files: fast, safe, and precise about lines.

Safety: only YAML's plain data types are constructed; any ``!!python/...`` or other custom tag
is an error, so a pack can never make pppcheck build objects or run code. Duplicate keys are
errors too (plain YAML keeps the last silently, which hides typos in rule files).

Speed: the libyaml C parser is used when available (measured 8x faster than the pure-Python
loader on a 900-rule pack). Line numbers are only needed when something is wrong, so the node
tree with its marks is composed again only to place an error (`line_of`). PyYAML itself is
imported when a YAML file is first read: an audit that takes the pack from the compiled cache
and has no config file reads none, and the import cost 22-25 ms of every start.
"""

from __future__ import annotations

import functools
import stat
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pppcheck.errors import PppcheckError

if TYPE_CHECKING:
    import yaml


def _base_loader() -> type[yaml.SafeLoader]:
    import yaml

    found: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return found


@functools.cache
def _strict_loader() -> type[yaml.SafeLoader]:
    """Safe loader that rejects duplicate mapping keys (made on first use)."""
    import yaml

    class StrictLoader(_base_loader()):  # type: ignore[misc]
        pass

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return StrictLoader


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Hashable, Any]:
    import yaml

    loader.flatten_mapping(node)
    result: dict[Hashable, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


class YamlError(PppcheckError):
    """A YAML file cannot be read; subclasses choose the hint (pack or config)."""


MAX_YAML_BYTES = 16 * 1024 * 1024
"""Largest YAML file read (the built-in pack's largest file is under 100 kB)."""


def read_text(path: Path, error: type[PppcheckError]) -> str:
    """A YAML file's text; only regular files under `MAX_YAML_BYTES` are read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise error("not a regular file", where=str(path), hint="give a YAML file")
        if info.st_size > MAX_YAML_BYTES:
            raise error(
                f"the file is {info.st_size:,} bytes, over the {MAX_YAML_BYTES:,}-byte limit "
                "for YAML files",
                where=str(path),
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error("not UTF-8 text", where=f"{path}:1", hint="save the file as UTF-8") from exc


MAX_EXPANSION_RATIO = 10
"""Aliases may repeat a YAML file's nodes up to this many times over (the built-in packs: 1.4)."""
FREE_EXPANDED_NODES = 10_000
"""Below this many nodes after alias expansion, a file is never refused for its aliases."""


def load_yaml(text: str, where: str, error: type[PppcheckError]) -> Any:
    """Parse YAML text; errors become `error` located at ``where:line``.

    Aliases are checked before anything is built: a "billion laughs" file (anchors repeating
    anchors) stays small as a YAML graph but expands exponentially into the data the schema
    then validates, so the expanded size is computed on the graph first and capped.
    """
    import yaml

    try:
        loader = _strict_loader()(text)
    except UnicodeError as exc:  # lone surrogates: only from callers, files are decoded strictly
        raise error("YAML: the text is not valid Unicode", where=f"{where}:1") from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, where, error)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in problem:
            problem = (
                f"unsupported YAML tag ({problem.split('tag ')[-1]}); only plain data is allowed"
            )
        raise error(f"YAML: {problem}", where=f"{where}{line}") from exc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: not marked
        number = text.count("\n", 0, max(exc.position, 0)) + 1
        char: int | str = exc.character
        code = char if isinstance(char, int) else ord(char or "?")
        raise error(
            f"YAML: character #x{code:04x} is not allowed ({exc.reason})", where=f"{where}:{number}"
        ) from exc
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        raise error(f"YAML: {first}", where=f"{where}:1") from exc
    except RecursionError as exc:
        raise error("YAML nested too deeply", where=where) from exc
    finally:
        loader.dispose()


def _check_expansion(root: yaml.Node, where: str, error: type[PppcheckError]) -> None:
    """Refuse alias cycles and alias bombs, in time linear in the size of the YAML graph."""
    expanded: dict[int, int] = {}  # node id -> nodes once aliases are expanded
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            visiting.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            continue
        if key in expanded:
            continue
        if key in visiting:
            raise error(
                "YAML: an alias refers to a node that contains it (a cycle)",
                where=f"{where}:{node.start_mark.line + 1}",
            )
        visiting.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in expanded)
    total = expanded[id(root)]
    cap = max(FREE_EXPANDED_NODES, MAX_EXPANSION_RATIO * len(expanded))
    if total > cap:
        raise error(
            f"YAML: aliases expand this file to {total:,} nodes from {len(expanded):,} "
            f"(over {MAX_EXPANSION_RATIO}x): refused as an alias bomb",
            where=f"{where}:{root.start_mark.line + 1}",
            hint="use fewer nested anchors (&name) and aliases (*name)",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _compose(text: str) -> yaml.Node | None:
    import yaml

    try:
        return yaml.compose(text, Loader=_base_loader())
    except yaml.YAMLError:
        return None


def _keys(node: yaml.MappingNode) -> set[str]:
    return {str(getattr(k, "value", "")) for k, _ in node.value}


def _walk(text: str, loc: Sequence[int | str]) -> tuple[int | None, list[str]]:
    """Follow a pydantic error location through the YAML: (line, real key path parts).

    Pydantic inserts the tag of a union member into locations (``met.near.words`` for the
    ``words`` field of a ``near`` matcher): a matcher tag followed by a key of the same
    mapping is such a tag, not a key, and is skipped.
    """
    import yaml

    node = _compose(text)
    line = node.start_mark.line + 1 if node is not None else None
    parts: list[str] = []
    for position, part in enumerate(loc):
        following = loc[position + 1] if position + 1 < len(loc) else None
        if isinstance(node, yaml.MappingNode):
            keys = _keys(node)
            if part in _MATCHER_TAGS and following is not None and str(following) in keys:
                continue
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == str(part):
                    node = value_node
                    line = key_node.start_mark.line + 1
                    parts.append(str(part))
                    break
            else:
                if part in ("not_", "not"):
                    parts.append("not")
                elif isinstance(part, str) and not _is_union_tag(part):
                    parts.append(part)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            parts.append(f"[{part}]")
    return line, parts


def line_of(text: str, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the node at `loc` (a pydantic error location) in YAML `text`."""
    return _walk(text, loc)[0]


def real_keys(text: str, loc: Sequence[int | str]) -> str:
    """The dotted key path of `loc`, keeping only parts that exist in the YAML."""
    return ".".join(_walk(text, loc)[1]).replace(".[", "[")


def _is_union_tag(part: str) -> bool:
    """Pydantic names union members in error locations; they are not keys of the YAML."""
    return (
        part in {"str", "function-after"}
        or part.startswith(("dict[", "list["))
        or (part in _MATCHER_TAGS)
    )


_MATCHER_TAGS = {
    "phrases",
    "vocab",
    "regex",
    "all",
    "any",
    "not",
    "absent",
    "near",
    "heading",
    "modality",
}
