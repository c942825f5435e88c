"""Run jobs in worker processes and stream their outcomes as they finish.

Local runs use pebble's ProcessPool: unlike the standard library's pool it kills a worker that
exceeds its time limit (a hostile PDF can hold the C parser for minutes) and replaces it, and
a worker that crashes fails only its own job. Jobs are submitted through a bounded window, so
memory stays flat whatever the number of documents: at most `window` jobs and their results
are alive at once.

Dask runs (optional extra) send each job's bytes to a distributed cluster; see dask_runner.py.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace

from pebble import CONSTS, ProcessExpired, ProcessPool

from pppcheck.batch.discover import Job
from pppcheck.batch.worker import JobOutcome, WorkerSettings, audit_job, init_worker, run_job
from pppcheck.report import RunError

POLL_SECONDS = 0.02
"""How often pebble's pool manager looks at its workers (pebble's default, 0.1 s, added up to a
tenth of a second to every run: the pool waits that long to notice that it may stop)."""

GRACE_SECONDS = 5.0
"""Added to the per-document limit before a worker is killed, for start-up and the audit."""


def default_jobs() -> int:
    """Worker count by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def processes_per_job(budget: int, workers: int) -> int:
    """Processes each worker may use for one job: its share of the process budget."""
    return max(1, budget // max(1, workers))


def _failed(job: Job, message: str, hint: str) -> JobOutcome:
    return JobOutcome(job=job, errors=[RunError(path=job.key, error=message, hint=hint)])


def run_local(
    jobs: Iterable[Job],
    settings: WorkerSettings,
    workers: int,
    on_start: Callable[[Job], None] | None = None,
    processes: int | None = None,
) -> Iterator[JobOutcome]:
    """Audit jobs with `workers` processes; yields outcomes in completion order.

    `processes` is the budget of processes working at once (``--jobs``; default `workers`):
    what the workers leave of it serves inside a job (`pppcheck.forking`: one worker auditing a
    single 500-page PDF with a budget of two reads its pages and evaluates its rules with two
    processes; ``--jobs 1`` means one).
    """
    timeout = settings.limits.timeout_seconds + GRACE_SECONDS
    window = max(2, workers * 2)
    budget = processes if processes is not None else workers
    settings = replace(settings, processes_per_job=processes_per_job(budget, workers))
    CONSTS.sleep_unit = POLL_SECONDS  # pebble's knob is process-wide: set where the pool is made
    pending: deque[Job] = deque(jobs)
    running: dict[Future[JobOutcome], Job] = {}
    with ProcessPool(max_workers=workers, initializer=init_worker, initargs=(settings,)) as pool:
        try:
            while pending or running:
                while pending and len(running) < window:
                    job = pending.popleft()
                    if on_start is not None:
                        on_start(job)
                    running[pool.schedule(run_job, args=(job,), timeout=timeout)] = job
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    job = running.pop(future)
                    yield _outcome(future, job, settings)
        except BaseException:
            pool.stop()
            raise


def _outcome(future: Future[JobOutcome], job: Job, settings: WorkerSettings) -> JobOutcome:
    try:
        return future.result()
    except FutureTimeout:
        limit = settings.limits.timeout_seconds
        return _failed(
            job,
            f"stopped after {limit:g} s: the document took longer than the time limit",
            "raise the limit with --timeout if the file is trusted and very large",
        )
    except ProcessExpired as exc:
        code = exc.exitcode
        what = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return _failed(
            job,
            f"the worker reading this document crashed ({what})",
            "the file is probably malformed (a memory limit hit inside a C library ends so too)",
        )
    except MemoryError:
        return _failed(
            job, "the document needs more memory than the limit allows", "raise --max-memory"
        )
    except Exception as exc:  # a bug: report it on this job, keep the batch going
        return _failed(
            job, f"internal error: {type(exc).__name__}: {exc}", "run with --debug and report it"
        )


def run_inline(jobs: Iterable[Job], settings: WorkerSettings) -> Iterator[JobOutcome]:
    """Audit in this process (for tests and debugging; no time limit, no isolation)."""
    init_worker(WorkerSettings(**{**settings.__dict__, "memory_bytes": None}))
    for job in jobs:
        yield audit_job(job, settings)
