"""The process budget of a local run (``--jobs N``): N processes at most work at once."""

from __future__ import annotations

import pytest

from pppcheck.batch.runner import processes_per_job


@pytest.mark.parametrize(
    ("budget", "workers", "each"),
    [
        (1, 1, 1),  # --jobs 1: one process, a long PDF is not split
        (2, 1, 2),  # one document, two cores: its pages are read by two processes
        (2, 2, 1),  # two documents at once fill the budget
        (8, 3, 2),
        (3, 0, 3),
    ],
)
def test_each_worker_uses_its_share_of_the_process_budget(
    budget: int, workers: int, each: int
) -> None:
    assert processes_per_job(budget, workers) == each
