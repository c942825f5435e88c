"""Inputs the fuzzer (fuzz/fuzz_parsers.py) found, rebuilt from code: each must stay cheap.

Each test parses in-process and checks the property that was broken, not a time (the machine
running the suite may be slow); `test_cli_hostile.py` runs the same inputs through the command
line under the time limit.
"""

from __future__ import annotations

from pppcheck.ingest import parse_bytes
from pppcheck.ingest.markdown import MAX_TABLE_CELLS, table_cells
from tests.hostile.build import CASES


def test_one_wide_markdown_table_is_read_as_plain_text() -> None:
    """Fuzzing, markdown: a 15 kB table of 2,000 columns and 20 short rows is 42,000 cells,
    which markdown-it pads one by one (over a second; ten under the fuzzer's instrumentation)."""
    data = CASES["markdown_one_wide_table"].build()
    assert len(data) < 20_000
    assert table_cells(data.decode()) > MAX_TABLE_CELLS
    document = parse_bytes(data, "one-wide-table.md")
    assert any("read as plain text" in warning for warning in document.warnings)
    assert len(document.blocks) < 100  # not one block per padded cell


def test_a_real_sized_markdown_table_is_still_a_table() -> None:
    header = "|" + "|".join(f"c{n}" for n in range(12)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(12)) + "|\n"
    body = "".join("|" + "|".join(f"v{r}.{n}" for n in range(12)) + "|\n" for r in range(300))
    document = parse_bytes(("# T\n\n" + header + rule + body).encode(), "t.md")
    assert not document.warnings
    assert sum(block.kind.value == "table_cell" for block in document.blocks) == 12 * 301
