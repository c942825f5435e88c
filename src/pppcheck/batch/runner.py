"""Run jobs in worker processes and stream their outcomes as they finish.

Local runs use pebble's ProcessPool: unlike the standard library's pool it kills a worker that
exceeds its time limit (a hostile PDF can hold the C parser for minutes) and replaces it, and
a worker that crashes fails only its own job. Jobs are submitted through a bounded window, so
memory stays flat whatever the number of documents: at most `window` jobs and their results
are alive at once.

A run of one job (`pppcheck audit tender.pdf`, the usual CI step) needs no pool: the job runs
in one forked copy of this process (`pppcheck.forking`), with the same time limit, memory cap
and crash reports, and pebble is not imported (it brings asyncio and multiprocessing: ~70 ms
of every such run).

Dask runs (optional extra) send each job's bytes to a distributed cluster; see dask_runner.py.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace

from pppcheck import forking
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
    return max(1, forking.cores())


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
    pending: deque[Job] = deque(jobs)
    if len(pending) == 1 and forking.can_fork_alone():
        yield run_alone(pending[0], settings, on_start)
        return
    from pebble import CONSTS, ProcessPool

    CONSTS.sleep_unit = POLL_SECONDS  # pebble's knob is process-wide: set where the pool is made
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


def run_alone(
    job: Job, settings: WorkerSettings, on_start: Callable[[Job], None] | None = None
) -> JobOutcome:
    """One job in a forked copy of this process, as a pool worker would run it."""
    if on_start is not None:
        on_start(job)
    child: forking.Forked[JobOutcome] = forking.Forked(lambda: _in_worker(job, settings))
    if not child.started:
        return _failed(job, "no worker process could be started", "free memory and run again")
    try:
        outcome = child.result(timeout=settings.limits.timeout_seconds + GRACE_SECONDS)
    except TimeoutError:
        return _timed_out(job, settings)
    if outcome is None:
        return _crashed(job, child.exit_code)
    return outcome


def _in_worker(job: Job, settings: WorkerSettings) -> JobOutcome:
    """What a pool worker does for a job, its failures turned into the job's errors."""
    try:
        init_worker(settings)
        return audit_job(job, settings)
    except MemoryError:
        return _out_of_memory(job)
    except Exception as exc:  # a bug: report it on this job
        return _internal_error(job, exc)


def _outcome(future: Future[JobOutcome], job: Job, settings: WorkerSettings) -> JobOutcome:
    from pebble import ProcessExpired

    try:
        return future.result()
    except FutureTimeout:
        return _timed_out(job, settings)
    except ProcessExpired as exc:
        return _crashed(job, exc.exitcode)
    except MemoryError:
        return _out_of_memory(job)
    except Exception as exc:  # a bug: report it on this job, keep the batch going
        return _internal_error(job, exc)


def _timed_out(job: Job, settings: WorkerSettings) -> JobOutcome:
    limit = settings.limits.timeout_seconds
    return _failed(
        job,
        f"stopped after {limit:g} s: the document took longer than the time limit",
        "raise the limit with --timeout if the file is trusted and very large",
    )


def _crashed(job: Job, code: int | None) -> JobOutcome:
    what = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return _failed(
        job,
        f"the worker reading this document crashed ({what})",
        "the file is probably malformed (a memory limit hit inside a C library ends so too)",
    )


def _out_of_memory(job: Job) -> JobOutcome:
    return _failed(
        job, "the document needs more memory than the limit allows", "raise --max-memory"
    )


def _internal_error(job: Job, exc: Exception) -> JobOutcome:
    return _failed(
        job, f"internal error: {type(exc).__name__}: {exc}", "run with --debug and report it"
    )


def run_inline(jobs: Iterable[Job], settings: WorkerSettings) -> Iterator[JobOutcome]:
    """Audit in this process (for tests and debugging; no time limit, no isolation)."""
    init_worker(WorkerSettings(**{**settings.__dict__, "memory_bytes": None}))
    for job in jobs:
        yield audit_job(job, settings)
