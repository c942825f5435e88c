"""Run jobs on a Dask distributed cluster (optional extra: `pip install "pppcheck[dask]"`).

Dask already does what a home-made distribution layer would do badly: scheduling, worker
failures, retries, back-pressure and a dashboard. The client reads each job's files and sends
their bytes with the task, so workers need no shared file system; each worker compiles the rule
set once (keyed by its content fingerprint) and keeps it. Submission goes through a bounded
window, as locally, so the client's memory stays flat on any corpus size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pppcheck.batch.discover import Job
from pppcheck.batch.worker import JobOutcome, WorkerSettings, audit_job
from pppcheck.errors import ConfigError, PppcheckError
from pppcheck.ingest import read_input
from pppcheck.report import RunError


def _remote(job: Job, settings: WorkerSettings, payloads: dict[str, bytes]) -> JobOutcome:
    """Executed on a Dask worker."""
    return audit_job(job, settings, payloads)


def _client(scheduler: str) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigError(
            "the Dask executor needs the optional extra",
            hint='pip install "pppcheck[dask]"',
        ) from exc
    try:
        return Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}",
            hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`",
        ) from exc


def run_dask(
    jobs: Iterable[Job],
    settings: WorkerSettings,
    scheduler: str,
    window: int = 64,
    on_start: Callable[[Job], None] | None = None,
) -> Iterator[JobOutcome]:
    from distributed import as_completed

    client = _client(scheduler)
    try:
        shared_settings = client.scatter(settings, broadcast=True)
        queue = iter(jobs)
        completed = as_completed()
        submitted: dict[str, tuple[Job, list[RunError]]] = {}
        while True:
            while len(submitted) < window:
                job = next(queue, None)
                if job is None:
                    break
                payloads, errors = _read(job, settings)
                if errors and not payloads:
                    yield JobOutcome(job=job, errors=errors)
                    continue
                if on_start is not None:
                    on_start(job)
                future = client.submit(_remote, job, shared_settings, payloads, pure=False)
                submitted[future.key] = (job, errors)
                completed.add(future)
            if not submitted:
                break
            future = next(completed)
            job, read_errors = submitted.pop(future.key)
            try:
                outcome: JobOutcome = future.result()
            except Exception as exc:  # the worker died or the task raised
                outcome = JobOutcome(
                    job=job,
                    errors=[
                        RunError(
                            path=job.key,
                            error=f"Dask task failed: {exc}",
                            hint="see the worker logs",
                        )
                    ],
                )
            outcome.errors[:0] = read_errors
            future.release()
            yield outcome
    finally:
        client.close()


def _read(job: Job, settings: WorkerSettings) -> tuple[dict[str, bytes], list[RunError]]:
    payloads: dict[str, bytes] = {}
    errors: list[RunError] = []
    for path in job.paths:
        try:
            payloads[path] = read_input(Path(path), settings.limits)
        except PppcheckError as exc:
            errors.append(RunError(path=path, error=exc.message, hint=exc.hint))
    return payloads, errors
