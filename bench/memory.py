"""Worker memory: the real worker process (`python -m workers`) holding open interventions in
its workflow cache, measured by the kernel's count of its resident pages."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import uuid
from pathlib import Path

import asyncpg
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from application.binaries import temporal_test_server
from bench.lifecycle import MANAGER, recent_inspection
from bench.report import Row, Target
from domain.commands import OpenIntervention
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

STARTS_AT_ONCE = 50
WAIT_SECONDS = 300
MIB = 2**20


def resident_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def log_text(path: Path) -> str:
    return path.read_text(errors="replace")


async def settled_rss(
    worker: asyncio.subprocess.Process, log_path: Path, db: asyncpg.Connection, opened: int
) -> int:
    """The worker's resident bytes once it has started and the store holds `opened` streams."""
    give_up = time.monotonic() + WAIT_SECONDS
    while not (
        "worker started" in log_text(log_path)
        and await db.fetchval("SELECT count(*) FROM interventions") == opened
    ):
        if worker.returncode is not None or time.monotonic() > give_up:
            raise RuntimeError(
                f"the worker did not settle with {opened} interventions: "
                f"{log_text(log_path)[-2000:]}"
            )
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)  # let the last workflow tasks finish and their buffers go
    return resident_bytes(worker.pid)


async def worker_memory(database_url: str, directory: Path, count: int) -> Row:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=temporal_test_server(), data_converter=pydantic_data_converter
    )
    task_queue = f"bench-memory-{uuid.uuid4().hex[:8]}"
    log_path = directory / "worker.log"
    environment = {
        **os.environ,
        "INTERVENTION_TEMPORAL_ADDRESS": env.client.service_client.config.target_host,
        "DATABASE_URL": database_url,
        "INTERVENTION_TASK_QUEUE": task_queue,
        "INTERVENTION_DATA_DIR": str(directory),
        "INTERVENTION_LOG_LEVEL": "INFO",  # its "worker started" line says it is up
    }
    with log_path.open("wb") as log:
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "workers", env=environment, stdout=log, stderr=log
        )
    db = await asyncpg.connect(database_url)
    try:
        idle = await settled_rss(worker, log_path, db, 0)
        run = uuid.uuid4().hex[:6]
        inspection = recent_inspection()
        slots = asyncio.Semaphore(STARTS_AT_ONCE)

        async def start(number: int) -> None:
            command = OpenIntervention(
                authority=f"Memory Council {run} {number}", inspection=inspection, actor=MANAGER
            )
            async with slots:
                await env.client.start_workflow(
                    InterventionWorkflow.run,
                    InterventionInput(open=command),
                    id=command.intervention_id,
                    task_queue=task_queue,
                )

        await asyncio.gather(*(start(number) for number in range(count)))
        loaded = await settled_rss(worker, log_path, db, count)
    finally:
        await db.close()
        if worker.returncode is None:
            worker.send_signal(signal.SIGTERM)
            await worker.wait()
        await env.shutdown()
    return Row.measured(
        "worker memory, open interventions cached",
        loaded / MIB,
        "MiB",
        Target("< 1 GB resident", max_figure=1000 * 10**6 / MIB),
        detail=(
            f"resident set of `python -m workers` with {count} open interventions in its "
            f"workflow cache (the SDK's default holds 1,000), on the time-skipping server; "
            f"{idle / MIB:.0f} MiB when idle"
        ),
        limit=(
            "each cached workflow keeps its sandboxed instance and its aggregate state; "
            "max_cached_workflows bounds how many."
        ),
    )
