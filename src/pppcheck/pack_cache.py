"""Rule packs loaded and compiled once, then cached between runs, keyed by their content.

Loading the built-in pack reads ~45 YAML files, validates ~6,400 phrases into models and
compiles them (one automaton, matcher trees): about a second, more than auditing a 100-page
tender. Both results are pickled into the user's cache folder and reused while nothing that
produced them changed:

* the loaded `RuleSet` is keyed by the bytes of every file under the packs (the core lexicon
  and each pack folder or rule file), read raw, so that a hit parses no YAML at all;
* the compiled structures are keyed by the rule set's own fingerprint and the rules selected
  (``enable``/``disable`` in a config file compile a different set);
* both keys include the pppcheck version and the size and time of the modules that load and
  compile packs, so a changed parser or compiler is never fed an old entry.

Where: ``$PPPCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/pppcheck``, else ``~/.cache/pppcheck``;
``PPPCHECK_NO_CACHE=1`` turns the cache off. Entries are written atomically (a temporary file
renamed into place) and only read back when they belong to the current user and nobody else
can write them or their folder: a pickle runs code when loaded, so a cache folder shared with
others is ignored rather than trusted. A corrupt, truncated or foreign entry is a miss, never an
error; the cache keeps the most recently used entries only.

RE2 patterns are not pickled as compiled objects: a pattern is stored as its source and
compiled on first use (`matching.regex.PackRegex`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pppcheck import __version__

if TYPE_CHECKING:
    from pppcheck.matching.compiled import CompiledRuleSet
    from pppcheck.rules.ruleset import RuleSet

FORMAT = 1
"""Bumped when the layout of cached entries changes."""
KEEP = 16
"""Entries kept in the cache folder (least recently used ones are removed)."""
_PACK_SUFFIXES = (".yaml", ".yml")
_MAGIC = b"pppcheck-pack-cache\n"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    if os.environ.get("PPPCHECK_NO_CACHE", "").strip().lower() not in ("", "0", "no", "false"):
        return None
    explicit = os.environ.get("PPPCHECK_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "pppcheck"


# --------------------------------------------------------------------------- public API


def load_ruleset(refs: Sequence[str]) -> RuleSet:
    """`rules.loader.load_ruleset`, from the cache when the pack files are unchanged."""
    from pppcheck.rules.loader import load_ruleset as load

    key = _ruleset_key(refs)
    found = _read("ruleset", key) if key is not None else None
    if found is not None:
        return found  # type: ignore[no-any-return]
    ruleset = load(refs)
    if key is not None:
        _write("ruleset", key, ruleset)
    return ruleset


def compile_ruleset(ruleset: RuleSet) -> CompiledRuleSet:
    """`matching.compiled.compile_ruleset`, from the cache for a rule set already compiled."""
    from pppcheck.matching.compiled import CompiledRuleSet, compile_ruleset

    key = _compiled_key(ruleset)
    parts = _read("compiled", key) if key is not None else None
    if isinstance(parts, dict):
        return CompiledRuleSet(ruleset=ruleset, **parts)
    compiled = compile_ruleset(ruleset)
    if key is not None:
        parts = {name: getattr(compiled, name) for name in compiled.__dataclass_fields__}
        del parts["ruleset"]
        _write("compiled", key, parts)
    return compiled


def load_compiled(refs: Sequence[str]) -> CompiledRuleSet:
    """Load and compile packs (paths or built-in names), through the cache."""
    return compile_ruleset(load_ruleset(refs))


# --------------------------------------------------------------------------- keys


def _ruleset_key(refs: Sequence[str]) -> str | None:
    """Digest of everything `load_ruleset(refs)` reads, from raw bytes (no YAML parsing)."""
    digest = _base_digest("ruleset")
    try:
        root = _builtin_root()
        _add_file(digest, root / "core.yaml")
        for ref in refs:
            digest.update(b"\0ref\0" + os.fsencode(ref))
            path = Path(ref)
            if not path.exists():
                path = root / ref
                if not (path / "pack.yaml").is_file():
                    return None  # the loader reports it: nothing to cache
            for file in _pack_files(path):
                _add_file(digest, file)
    except OSError:
        return None
    return str(digest.hexdigest())


def _compiled_key(ruleset: RuleSet) -> str | None:
    if not ruleset.fingerprint:
        return None
    digest = _base_digest("compiled")
    digest.update(ruleset.fingerprint.encode())
    digest.update("\0".join(rule.id for rule in ruleset.rules).encode())
    return str(digest.hexdigest())


def _base_digest(kind: str) -> Any:
    digest = hashlib.sha256(f"{_MAGIC.decode()}{FORMAT}\0{kind}\0{__version__}\0".encode())
    digest.update(_code_stamp().encode())
    return digest


_stamp: str | None = None


def _code_stamp() -> str:
    """Size and modification time of the modules that read, validate and compile packs."""
    global _stamp
    if _stamp is None:
        package = Path(__file__).resolve().parent
        parts = []
        for folder in (package / "rules", package / "matching"):
            for file in sorted(folder.glob("*.py")):
                info = file.stat()
                parts.append(f"{file.name}:{info.st_size}:{info.st_mtime_ns}")
        for name in ("model.py", "errors.py", "pack_cache.py"):
            info = (package / name).stat()
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        _stamp = ";".join(parts)
    return _stamp


def _builtin_root() -> Path:
    from importlib import resources

    return Path(str(resources.files("pppcheck.packs")))


def _pack_files(root: Path) -> Iterator[Path]:
    """Every YAML file the loader could read under `root` (a superset: hidden and underscore
    folders too), in a fixed order; `root` itself when it is a file."""
    if root.is_file():
        yield root
        return
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        info = os.stat(dirpath)
        if (info.st_dev, info.st_ino) in seen:
            dirnames.clear()
            continue
        seen.add((info.st_dev, info.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(_PACK_SUFFIXES):
                yield Path(dirpath) / name


def _add_file(digest: Any, path: Path) -> None:
    data = path.read_bytes()
    digest.update(b"\0file\0" + os.fsencode(str(path)) + b"\0" + str(len(data)).encode() + b"\0")
    digest.update(data)


# --------------------------------------------------------------------------- storage


def _entry(kind: str, key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"{kind}-{key[:40]}.pickle" if folder is not None else None


def _trusted(*paths: Path) -> bool:
    """Whether the files or folders belong to us and nobody else can write them."""
    if not hasattr(os, "getuid"):
        return True
    uid = os.getuid()
    for item in paths:
        info = item.stat()
        if info.st_uid != uid or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def _read(kind: str, key: str) -> Any:
    path = _entry(kind, key)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            if not _trusted(path.parent, path) or handle.read(len(_MAGIC)) != _MAGIC:
                return None
            stored_key, value = pickle.load(handle)
        if stored_key != key:
            return None
        os.utime(path)  # recently used: kept by the pruning
        return value
    except Exception:  # missing, unreadable, truncated, from another version: a miss
        return None


def _write(kind: str, key: str, value: Any) -> None:
    path = _entry(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _trusted(path.parent):
            return
        data = _MAGIC + pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(path.parent)
    except Exception:  # a read-only or full disk must not stop the audit
        return


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
