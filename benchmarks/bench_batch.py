"""Batch throughput: documents per second with 1 and N workers, and per-document overhead.

    python benchmarks/bench_batch.py [--corpus DIR] [--rounds 3]

Runs, alternately and in one process tree, the whole `pppcheck audit` command over the shipped
examples and the corpus (../shared/corpus by default) with --jobs 1 and --jobs N (N = the cores
this process may use), plus the floor: a bare interpreter (`python -c pass`). Prints medians,
documents per second and the ratios, which are comparable between runs on a noisy shared
machine (absolute seconds are not).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_env import use_bytecode_caches  # noqa: E402

CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system, the process and its children) of each contender's runs."""


def timed(command: list[str], label: str = "") -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(label, []).append(cpu)
    return wall


def audit(target: str, jobs: int, out: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pppcheck",
        "audit",
        target,
        "--jobs",
        str(jobs),
        "-f",
        "jsonl",
        "-o",
        out,
        "-q",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    use_bytecode_caches()
    cores = len(os.sched_getaffinity(0))
    targets = {"examples": str(REPO / "examples")}
    if Path(args.corpus).is_dir():
        targets["corpus"] = args.corpus
    counts = {
        name: sum(1 for p in Path(path).rglob("*") if p.suffix in (".pdf", ".docx", ".odt", ".md"))
        for name, path in targets.items()
    }
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.jsonl")
        tiny = Path(tmp) / "tiny.md"
        tiny.write_text(
            "# Tender\n\nThe Contractor shall deliver the data in CSV.\n", encoding="utf-8"
        )
        for target in (str(tiny), *targets.values()):  # unmeasured: page cache, pack cache, .pyc
            timed(audit(target, cores, out), "warm-up")
        for _ in range(args.rounds):
            samples.setdefault("python -c pass", []).append(
                timed([sys.executable, "-c", "pass"], "python -c pass")
            )
            samples.setdefault("one tiny document", []).append(
                timed(audit(str(tiny), 1, out), "one tiny document")
            )
            for name, target in targets.items():
                for jobs in sorted({1, cores}):
                    label = f"{name} --jobs {jobs}"
                    samples.setdefault(label, []).append(timed(audit(target, jobs, out), label))
    floor = statistics.median(samples["python -c pass"])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {cores} cores · {args.rounds} rounds · medians · load average {load}")
    for label, values in samples.items():
        median = statistics.median(values)
        cpu = statistics.median(CPU[label])
        name = label.split(" --")[0]
        rate = f"{counts[name] / median:6.1f} doc/s" if name in counts else ""
        print(
            f"{label:28} {median:7.2f} s  CPU {cpu:6.2f} s  {median / floor:7.1f}× python  {rate}"
        )
    for name in targets:
        one = statistics.median(samples[f"{name} --jobs 1"])
        many = statistics.median(samples[f"{name} --jobs {cores}"])
        work = statistics.median(CPU[f"{name} --jobs {cores}"])
        print(
            f"{name}: --jobs {cores} is {one / many:.2f}× faster than --jobs 1 "
            f"({counts[name]} documents; --jobs {cores} kept {work / many:.2f} cores busy "
            "on average: CPU s / wall s)"
        )
    overhead = statistics.median(samples["one tiny document"]) - floor
    print(f"per-run overhead over a bare interpreter (one tiny document): {overhead:.2f} s")


if __name__ == "__main__":
    main()
