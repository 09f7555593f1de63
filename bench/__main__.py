"""`python -m bench [--quick] [--output BENCHMARKS.md]`."""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from application.logging import configure_logging
from application.simulation import scratch_database
from bench.appends import batch_appends, single_event_appends
from bench.document import markdown
from bench.imports import import_seconds
from bench.lifecycle import lifecycle_throughput
from bench.machine import Machine, core_seconds, describe
from bench.memory import worker_memory
from bench.readers import log_readers
from bench.readside import read_side
from bench.report import Row, table
from bench.servers import Servers, fresh_store, pool_at, servers
from bench.simulations import simulations
from bench.streams import Portfolio


@dataclass(frozen=True)
class Sizes:
    single_appends: int  # per stream, eight streams at once
    batch_appends: int  # events per stream, ten per append
    lifecycles: int
    simulations_at_once: int
    portfolio: Portfolio
    open_interventions: int
    imports: int


FULL = Sizes(300, 1000, 200, 50, Portfolio(streams=20_000, events=1_000_000), 1000, 5)
QUICK = Sizes(10, 20, 3, 3, Portfolio(streams=100, events=5_000), 20, 1)

Case = Callable[[Servers, Path], Awaitable[list[Row]]]


def cases(sizes: Sizes) -> list[tuple[str, Case]]:
    async def appends(s: Servers, _: Path) -> list[Row]:
        return [
            *await single_event_appends(s, sizes.single_appends),
            await batch_appends(s, sizes.batch_appends),
            await log_readers(s, sizes.single_appends),
        ]

    async def lifecycle(s: Servers, _: Path) -> list[Row]:
        async with fresh_store(s) as pool:
            return [await lifecycle_throughput(s.temporal, pool, s.meter, sizes.lifecycles)]

    async def bring_in(s: Servers, _: Path) -> list[Row]:
        async with fresh_store(s) as pool:
            return [await import_seconds(s.temporal, pool, sizes.imports)]

    async def simulate(s: Servers, _: Path) -> list[Row]:
        return await simulations(s.postgres_url, sizes.simulations_at_once)

    async def reads(s: Servers, _: Path) -> list[Row]:
        # The database's URL too: rebuild folds a large log in several processes.
        async with scratch_database(s.postgres_url) as url, pool_at(url) as pool:
            return await read_side(pool, url, sizes.portfolio)

    async def memory(s: Servers, directory: Path) -> list[Row]:
        async with scratch_database(s.postgres_url) as url:
            return [await worker_memory(url, directory, sizes.open_interventions)]

    return [
        ("appends", appends),
        ("lifecycle on the dev server", lifecycle),
        ("simulations", simulate),
        ("an import of three years", bring_in),
        ("read side and rebuild", reads),
        ("worker memory", memory),
    ]


async def run(sizes: Sizes, console: Console) -> tuple[list[Row], Machine, float]:
    """Every case, on one set of servers; the rows, the machine, and the seconds it took."""
    started = time.perf_counter()
    speed = core_seconds()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        async with servers(Path(directory)) as running:
            for name, case in cases(sizes):
                with console.status(f"measuring {name}…"):
                    measured = await case(running, Path(directory))
                for row in measured:
                    console.print(f"{row.case}: {' · '.join(row.cells()[1:6])}")
                rows += measured
            machine = await describe(running.postgres_url, speed)
    return rows, machine, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure the engine beside its baselines and write BENCHMARKS.md.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: checks every case runs, in seconds"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the report (default: BENCHMARKS.md; with --quick, nowhere: "
        "tiny sizes' figures must not replace the real ones)",
    )
    args = parser.parse_args(argv)
    output = args.output or (None if args.quick else Path("BENCHMARKS.md"))
    # The figures are the engine's, not its logging's: the worker's INFO lines would also
    # flood the terminal. The Temporal core's own logs are off for the same reason.
    configure_logging("WARNING", "console", core_logs=False)
    command = shlex.join(["python", "-m", "bench", *(argv if argv is not None else sys.argv[1:])])
    console = Console()
    rows, machine, seconds = asyncio.run(run(QUICK if args.quick else FULL, console))
    console.print(table(rows, f"Benchmarks ({seconds / 60:.1f} min)"))
    for line in machine.lines():
        console.print(line)
    if output is not None:
        output.write_text(markdown(rows, machine, command, seconds), encoding="utf-8")
        console.print(f"wrote {output}")


if __name__ == "__main__":
    main()
