"""Benchmark: do the text, Markdown and HTML parsers stay linear on one huge paragraph?

Run from the repository root:

    .venv/bin/python benchmarks/bench_text_parsers.py          # 1 MB and 5 MB
    .venv/bin/python benchmarks/bench_text_parsers.py 2 10     # other sizes, in MB

For each input shape it times `parse_bytes` (parser plus assembly) on the smallest and the
largest size, best of three, and prints the ratio of times next to the ratio of sizes: a ratio
close to the size ratio means linear, a ratio near its square would mean quadratic. Shapes:
one unbroken line, a paragraph wrapped at 80 columns, Markdown prose, Markdown dense with
emphasis and links (markdown-it-py's slowest path), an HTML paragraph, and hostile lines of
dots and spaces aimed at the heading and table-of-contents heuristics.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from pppcheck.ingest import parse_bytes

SENTENCE = "Le titulaire restitue les données de la collectivité, sans frais ni délai; "


def prose(size: int) -> str:
    return (SENTENCE * (size // len(SENTENCE) + 1))[:size]


def wrapped(size: int) -> str:
    text = prose(size)
    return "\n".join(text[i : i + 80] for i in range(0, size, 80))


SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "text, one line": (".txt", prose),
    "text, wrapped": (".txt", wrapped),
    "markdown, prose": (".md", lambda n: "# Exit\n\n" + wrapped(n)),
    "markdown, dense markup": (".md", lambda n: "# Exit\n\n" + "**a** *b* [c](#d) " * (n // 18)),
    "html, one <p>": (".html", lambda n: f"<html><body><p>{prose(n)}</p></body></html>"),
    "text, dots": (".txt", lambda n: "." * n + " 3"),
    "text, spaces": (".txt", lambda n: " " * n + "1.2 Scope"),
}


def best_of(runs: int, data: bytes, name: str) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_bytes(data, name)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> None:
    sizes = [float(a) for a in argv] or [1.0, 5.0]
    small, large = int(min(sizes) * 1_000_000), int(max(sizes) * 1_000_000)
    header = f"{'shape':26} {small / 1e6:>6.1f} MB {large / 1e6:>6.1f} MB"
    print(f"{header}  time ratio (size x{large / small:.1f})")
    for label, (suffix, make) in SHAPES.items():
        runs = 1 if "dense" in label else 3
        first = best_of(runs, make(small).encode("utf-8"), "bench" + suffix)
        second = best_of(runs, make(large).encode("utf-8"), "bench" + suffix)
        print(f"{label:26} {first:8.3f} s {second:8.3f} s  x{second / first:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
