"""What runs inside a worker process: parse (or take from the cache) and audit one job.

Workers compile the rule set once (per process) and keep it. Each job is bounded: the pool
kills a worker that exceeds the time limit, and the worker's address space is capped, so a
document that would take gigabytes fails alone with a clear message.
"""

from __future__ import annotations

import resource
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field

from pppcheck import forking, pack_cache
from pppcheck.api import audit_documents
from pppcheck.batch.cache import ParseCache, file_sha256
from pppcheck.batch.discover import Job
from pppcheck.errors import LimitExceededError, PppcheckError
from pppcheck.ingest import parse_bytes, read_input
from pppcheck.limits import Limits
from pppcheck.matching.compiled import CompiledRuleSet
from pppcheck.model import Document
from pppcheck.policy import Policy
from pppcheck.report import Report, RunError
from pppcheck.rules.ruleset import RuleSet
from pppcheck.runtime import tune_garbage_collector


@dataclass
class JobOutcome:
    job: Job
    report: Report | None = None
    errors: list[RunError] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class WorkerSettings:
    ruleset: RuleSet
    policy: Policy
    overrides: Mapping[str, bool]
    limits: Limits
    cache_dir: str | None = None
    memory_bytes: int | None = None
    debug: bool = False
    """Print the traceback of every failure (``--debug``)."""
    processes_per_job: int = 2
    """Processes one job may use (`pppcheck.forking`: the pages of a long PDF, the rules of a
    long document): 1 when the pool's workers already fill the cores, where a forked copy would
    only compete with the other workers."""


_compiled: dict[str, CompiledRuleSet] = {}
_settings: WorkerSettings | None = None


def init_worker(settings: WorkerSettings) -> None:
    """Pool initializer: remember the settings, cap memory, compile the pack once."""
    global _settings
    _settings = settings
    tune_garbage_collector()  # a Dask worker or a spawned process does not inherit it
    if settings.memory_bytes:
        cap_memory(settings.memory_bytes)
    forking.set_processes(settings.processes_per_job)
    compiled_for(settings.ruleset)


def cap_memory(limit: int) -> None:
    """Cap this process's address space; allocations beyond it raise MemoryError."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def remember(compiled: CompiledRuleSet) -> None:
    """Keep an already compiled rule set (forked workers inherit it instead of recompiling)."""
    _compiled[compiled.ruleset.fingerprint or str(id(compiled.ruleset))] = compiled


def compiled_for(ruleset: RuleSet) -> CompiledRuleSet:
    key = ruleset.fingerprint or str(id(ruleset))
    found = _compiled.get(key)
    if found is None:
        found = pack_cache.compile_ruleset(ruleset)
        _compiled[key] = found
    return found


def run_job(job: Job) -> JobOutcome:
    """Entry point in the worker (settings come from `init_worker`)."""
    assert _settings is not None, "init_worker was not called"
    return audit_job(job, _settings)


def audit_job(
    job: Job, settings: WorkerSettings, payloads: Mapping[str, bytes] | None = None
) -> JobOutcome:
    """Audit one job; `payloads` gives file bytes when the files are not on this machine."""
    started = time.perf_counter()
    outcome = JobOutcome(job=job)
    cache = ParseCache(settings.cache_dir) if settings.cache_dir else None
    documents: list[Document] = []
    for path in job.paths:
        try:
            documents.append(_parse(path, settings.limits, cache, payloads))
        except PppcheckError as exc:
            if settings.debug:
                traceback.print_exc()
            outcome.errors.append(RunError(path=path, error=exc.message, hint=exc.hint))
        except MemoryError:
            error = LimitExceededError("the document needs more memory than the limit allows")
            outcome.errors.append(RunError(path=path, error=error.message, hint=error.hint))
    if documents:
        try:
            outcome.report = audit_documents(
                documents, compiled_for(settings.ruleset), settings.policy, settings.overrides
            )
        except MemoryError:
            error = LimitExceededError("the audit needs more memory than the limit allows")
            outcome.errors.append(RunError(path=job.key, error=error.message, hint=error.hint))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _parse(
    path: str, limits: Limits, cache: ParseCache | None, payloads: Mapping[str, bytes] | None
) -> Document:
    from pathlib import Path

    data = payloads[path] if payloads is not None else None
    if data is None:
        try:
            data = read_input(Path(path), limits)
        except PppcheckError as exc:
            raise exc.located(path) from exc
    if cache is None:
        return parse_bytes(data, path, limits)
    sha = file_sha256(data)
    cached = cache.get(sha, path)
    if cached is not None:
        return cached
    document = parse_bytes(data, path, limits)
    cache.put(document)
    return document
