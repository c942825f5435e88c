"""A run of one job is done by one forked copy instead of a pool, with the pool's guarantees.

The time limit, a crash, a memory error and a bug each end as the job's one error, as with
pebble's pool; a job that succeeds gives the report the pool gives; pebble is not needed.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from pppcheck import pack_cache
from pppcheck.batch import runner
from pppcheck.batch.discover import Job
from pppcheck.batch.worker import JobOutcome, WorkerSettings
from pppcheck.limits import DEFAULT_LIMITS, Limits
from pppcheck.policy import Policy

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STRONG = str(EXAMPLES / "smart-lighting-concession-strong.docx")
WEAK = str(EXAMPLES / "cctp-stationnement-intelligent-faible.docx")


def _settings(limits: Limits = DEFAULT_LIMITS) -> WorkerSettings:
    compiled = pack_cache.load_compiled(["starter"])
    return WorkerSettings(ruleset=compiled.ruleset, policy=Policy(), overrides={}, limits=limits)


def _statuses(outcome: JobOutcome) -> list[tuple[str, str]]:
    assert outcome.report is not None, outcome.errors
    return [(r.rule_id, r.status.value) for r in outcome.report.results]


def test_one_job_runs_without_a_pool_and_reports_what_the_pool_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = _settings()
    jobs = [Job(key=STRONG, paths=(STRONG,)), Job(key=WEAK, paths=(WEAK,))]
    pooled = {o.job.key: _statuses(o) for o in runner.run_local(jobs, settings, workers=2)}
    started: list[Job] = []
    monkeypatch.setitem(sys.modules, "pebble", None)  # importing it now fails
    [alone] = runner.run_local(jobs[:1], settings, workers=1, on_start=started.append)
    assert started == jobs[:1]
    assert _statuses(alone) == pooled[STRONG]
    assert not alone.errors


def _replace_job(monkeypatch: pytest.MonkeyPatch, action: object) -> list[JobOutcome]:
    """Run one job whose audit does `action` instead (the forked copy inherits the patch)."""
    monkeypatch.setattr(runner, "audit_job", action)
    monkeypatch.setattr(runner, "GRACE_SECONDS", 0.0)
    settings = _settings(Limits(timeout_seconds=1))
    return list(runner.run_local([Job(key=STRONG, paths=(STRONG,))], settings, workers=1))


def test_the_time_limit_kills_the_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    began = time.monotonic()
    [outcome] = _replace_job(monkeypatch, lambda job, settings: time.sleep(60))
    assert time.monotonic() - began < 30
    assert [e.error for e in outcome.errors] == [
        "stopped after 1 s: the document took longer than the time limit"
    ]


def test_a_crash_is_reported_with_its_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    [outcome] = _replace_job(
        monkeypatch, lambda job, settings: os.kill(os.getpid(), signal.SIGKILL)
    )
    assert [e.error for e in outcome.errors] == [
        "the worker reading this document crashed (signal 9)"
    ]


def _raise(error: BaseException) -> object:
    def action(job: Job, settings: WorkerSettings) -> JobOutcome:
        raise error

    return action


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (MemoryError(), "the document needs more memory than the limit allows"),
        (KeyError("x"), "internal error: KeyError: 'x'"),
    ],
)
def test_failures_in_the_copy_become_the_job_error(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, message: str
) -> None:
    [outcome] = _replace_job(monkeypatch, _raise(error))
    assert [e.error for e in outcome.errors] == [message]
    assert outcome.report is None
