"""The speed-ups keep results: the compiled-pack cache, blocks built without validation, the
copy-on-write merge of hits, lazy imports. No timings here: benchmarks/ measures speed."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from pppcheck import pack_cache
from pppcheck.api import audit_documents
from pppcheck.ingest import parse_bytes
from pppcheck.model import Block, BlockKind, Location, trusted

TENDER = b"""# Smart lighting platform

## Data

All data collected by the sensors are the property of the City.
The Contractor shall provide all datasets in CSV and JSON at no additional cost.
The platform shall be available 99.5% of the time each month.
The Contractor may not sell or reuse the data, and shall not lock the City in.
"""


def test_trusted_builds_what_model_construct_builds() -> None:
    values = {
        "path": "a.pdf",
        "page": 3,
        "section": ("1 Object",),
        "block": 7,
        "line": None,
        "table": 1,
        "row": 2,
        "column": 0,
    }
    fast = trusted(Location, dict(values))
    slow = Location.model_construct(**values)
    assert fast == slow
    assert fast.__dict__ == slow.__dict__
    assert list(fast.__dict__) == list(Location.model_fields)
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump() == slow.model_dump()
    assert pickle.loads(pickle.dumps(fast)) == slow
    block = {"kind": BlockKind.PARAGRAPH, "text": "x", "level": None, "style": None}
    fast_block = trusted(Block, {**block, "location": fast})
    slow_block = Block.model_construct(**block, location=slow)
    assert fast_block == slow_block
    assert list(fast_block.__dict__) == list(Block.model_fields)
    assert fast_block.model_dump_json() == slow_block.model_dump_json()
    with pytest.raises(ValidationError):  # still frozen
        fast_block.text = "y"  # type: ignore[misc]
    copied = fast_block.model_copy(update={"text": "z"})  # the shared fields set is copied
    assert copied.text == "z" and fast_block.text == "x"
    assert trusted(Block, {**block, "location": fast}).model_fields_set == set(Block.model_fields)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PPPCHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("PPPCHECK_NO_CACHE", raising=False)
    return folder


def _report(compiled: object) -> str:
    document = parse_bytes(TENDER, "tender.md")
    report = audit_documents([document], compiled)  # type: ignore[arg-type]
    return json.dumps([r.model_dump(mode="json") for r in report.results], sort_keys=True)


def test_a_cached_pack_is_neither_parsed_nor_compiled_again(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = pack_cache.load_compiled(["starter"])
    assert len(list(cache_dir.glob("*.pickle"))) == 2  # the rule set and its compiled form

    def fail(*_: object) -> None:
        raise AssertionError("the pack was read or compiled again")

    monkeypatch.setattr("pppcheck.rules.loader.load_ruleset", fail)
    monkeypatch.setattr("pppcheck.matching.compiled.compile_ruleset", fail)
    cached = pack_cache.load_compiled(["starter"])
    assert cached.ruleset == fresh.ruleset
    assert _report(cached) == _report(fresh)


def test_a_changed_pack_file_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(Path(pack_cache._builtin_root()) / "starter", pack)
    first = pack_cache.load_compiled([str(pack)])
    rule = sorted(pack.glob("*.yaml"))[-1]
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = pack_cache.load_compiled([str(pack)])
    assert second.ruleset.fingerprint != first.ruleset.fingerprint
    assert len(list(cache_dir.glob("ruleset-*.pickle"))) == 2


def test_the_cli_uses_the_pack_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pppcheck.cli_common import compile_for, resolve_settings

    settings = resolve_settings(None, True, packs=["starter"])
    fresh = compile_for(settings)
    monkeypatch.setattr(
        "pppcheck.matching.compiled.compile_ruleset",
        lambda *_: (_ for _ in ()).throw(AssertionError("compiled again")),
    )
    assert _report(compile_for(settings)) == _report(fresh)


def test_a_pool_that_fills_the_cores_runs_each_job_in_one_process() -> None:
    from pppcheck import forking
    from pppcheck.batch.worker import WorkerSettings, init_worker
    from pppcheck.ingest import pdf_split
    from pppcheck.limits import DEFAULT_LIMITS
    from pppcheck.policy import Policy

    compiled = pack_cache.load_compiled(["starter"])
    settings = WorkerSettings(
        ruleset=compiled.ruleset, policy=Policy(), overrides={}, limits=DEFAULT_LIMITS
    )
    try:
        init_worker(WorkerSettings(**{**settings.__dict__, "processes_per_job": 1}))
        assert not pdf_split.should_split(500)
        assert not forking.can_fork()  # nor are the rules of a long document split
    finally:
        forking.set_processes(2)


def _modules(out: Path, *argv: str) -> set[str]:
    """The modules loaded by `pppcheck ARGV` in a fresh interpreter."""
    code = (
        "import sys, json, atexit, os\n"
        "out = sys.argv[1]\n"
        "dump = lambda: open(out, 'w').write(json.dumps(sorted(sys.modules)))\n"
        "atexit.register(dump)\n"
        "real_exit = os._exit\n"  # the CLI ends without teardown (see pppcheck.__main__)
        "os._exit = lambda code: (dump(), real_exit(code))\n"
        f"sys.argv = ['pppcheck', *{list(argv)!r}]\n"
        "from pppcheck.__main__ import main\n"
        "main()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(out)], check=True, capture_output=True)
    return set(json.loads(out.read_text()))


HEAVY = ("pypdfium2", "pdfplumber", "pdfminer", "docx", "lxml", "markdown_it", "odf")


@pytest.mark.parametrize("argv", [("--version",), ("rules", "list")])
def test_version_and_rules_list_do_not_load_document_readers(
    argv: tuple[str, ...], tmp_path: Path
) -> None:
    loaded = {name.split(".")[0] for name in _modules(tmp_path / "modules.json", *argv)}
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    if argv == ("--version",):  # answered before the CLI framework is imported
        assert not loaded & {"typer", "pydantic", "rich", "yaml"}


def _closest_by_scan(norm: str, words: int, anchor: tuple[int, int], spans: list) -> object:
    """`NearNode._closest` as it was: every span tried in order (quadratic on long sentences)."""
    for span in spans:
        if span[1] <= anchor[0]:
            gap = (span[1], anchor[0])
        elif anchor[1] <= span[0]:
            gap = (anchor[1], span[0])
        else:
            return span
        if gap[1] - gap[0] > (words + 1) * 40:
            continue
        if max(0, norm.count(" ", gap[0], gap[1]) - 1) <= words:
            return span
    return None


@pytest.mark.parametrize("seed", range(20))
def test_near_finds_the_span_every_span_tried_in_order_finds(seed: int) -> None:
    import random

    from pppcheck.matching.matchers import NearNode, _Spans

    rng = random.Random(seed)
    norm = " ".join(rng.choice(["a", "data", "shall", "the city", "x" * 30]) for _ in range(600))
    size = len(norm)

    def spans(count: int) -> list[tuple[int, int]]:
        found = []
        for _ in range(count):
            start = rng.randrange(size)
            found.append((start, min(size, start + rng.choice([0, 1, 4, 12, 90]))))
        return found

    for words in (0, 3, 10):
        node = NearNode(parts=(), words=words)
        for count in (5, 40, 400):
            other = spans(count)
            wrapped = _Spans(other, (words + 1) * 40)
            for anchor in spans(60):
                assert node._closest(norm, anchor, wrapped) == _closest_by_scan(
                    norm, words, anchor, other
                )


def test_phrases_pickle_as_their_fields() -> None:
    from pppcheck.matching.phrases import PhraseTable

    table = PhraseTable()
    ids = [table.add(text) for text in ("open data", "interop*", "data*base", "l'api")]
    loaded = pickle.loads(pickle.dumps(table.phrases))
    assert loaded == table.phrases
    assert [p.id for p in loaded] == ids
    assert loaded[2].verify is not None and loaded[2].verify.match("database")
