"""The benchmark, at its tiny `--quick` sizes, produces every row with numbers. No timing is
asserted here: figures belong to `python -m bench` and BENCHMARKS.md, never to the tests."""

from __future__ import annotations

import io
import math

from rich.console import Console

from bench.__main__ import QUICK, run
from bench.document import markdown

READER = "log reader, appends committing late"
CASES = {
    "single-event append vs raw INSERT",
    "single-event append vs raw INSERT, the log's keys",
    "single-event append vs eventsourcing",
    READER,
    "batch append, 10 events per call",
    "lifecycle throughput, dev server",
    "full simulation, notice track",
    f"{QUICK.simulations_at_once} simulations at once, one test server",
    "projection rebuild",
    "read side: portfolio p95",
    "read side: overdue p95",
    "read side: whole portfolio p95",
    "worker memory, open interventions cached",
    "import a 3-year history (60 facts)",
}
WITH_BASELINE = {
    "single-event append vs raw INSERT",
    "single-event append vs raw INSERT, the log's keys",
    "single-event append vs eventsourcing",
    "batch append, 10 events per call",
    "lifecycle throughput, dev server",
    "read side: portfolio p95",
    "read side: overdue p95",
}


async def test_quick_run_measures_every_case() -> None:
    rows, machine, seconds = await run(QUICK, Console(file=io.StringIO()))

    assert sorted(row.case for row in rows) == sorted(CASES)
    for row in rows:
        assert math.isfinite(row.figure), row
        if row.case == READER:
            assert row.figure == 0, row  # no event skipped, read twice or out of order
        else:
            assert row.figure > 0, row
        if row.case in WITH_BASELINE:
            assert row.baseline, row
            assert row.ratio, row
        assert row.met is not None or row.target == "report it", row
    document = markdown(rows, machine, "python -m bench --quick", seconds)
    for case in CASES:
        assert f"| {case} |" in document
    assert machine.cores >= 1
    assert machine.postgres.startswith("PostgreSQL")
