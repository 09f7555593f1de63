"""Lifecycle throughput on the dev server: interventions opened and taken through six
milestones by Updates, against a bare workflow making as many Updates and activities.

Both run on the same dev server, each with a worker built the same way (the engine's sandbox
runner and the SDK's default slots and cache), driven by the same number of concurrent clients.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial

import asyncpg
from temporalio.client import Client
from temporalio.worker import Worker

from activities.notifiers import LogNotifier
from application.interventions import open_intervention, record_milestone
from application.worker import build_worker, sandbox_runner
from bench.bare import BareInput, BareStep, BareWorkflow, bare_step
from bench.cpu import CpuMeter, CpuUse, measured
from bench.report import Row, Target
from domain.calendar import london_date
from domain.commands import OpenIntervention, RecordMilestone
from domain.values import Actor, Inspection, Role
from eventstore.store import EventStore

MILESTONES = (
    "improvement_notice_issued",
    "improvement_adviser_appointed",
    "improvement_board_established",
    "statement_of_action_submitted",
    "monitoring_visit_completed",
    "progress_review_completed",
)
CLIENTS = 24  # lifecycles in flight at once
MANAGER = Actor(name="A Manager", role=Role.MANAGER)


def recent_inspection() -> Inspection:
    """Judged inadequate days ago: every milestone can be recorded today, and no deadline is
    near enough for the clock to send anything while the benchmark runs."""
    today = london_date(datetime.now(UTC))
    return Inspection(
        started_on=today - timedelta(days=40),
        ended_on=today - timedelta(days=30),
        published_on=today - timedelta(days=5),
        received_on=today - timedelta(days=7),
    )


async def seconds_for(count: int, lifecycle: Callable[[int], Awaitable[None]]) -> float:
    """How long `count` lifecycles take, `CLIENTS` at a time."""
    slots = asyncio.Semaphore(CLIENTS)

    async def limited(number: int) -> None:
        async with slots:
            await lifecycle(number)

    started = time.perf_counter()
    await asyncio.gather(*(limited(number) for number in range(count)))
    return time.perf_counter() - started


async def engine_seconds(client: Client, pool: asyncpg.Pool, count: int) -> float:
    run = uuid.uuid4().hex[:6]
    task_queue = f"bench-engine-{run}"
    store = EventStore(pool)
    inspection = recent_inspection()
    today = london_date(datetime.now(UTC))

    async def lifecycle(number: int) -> None:
        command = OpenIntervention(
            authority=f"Lifecycle Council {run} {number}", inspection=inspection, actor=MANAGER
        )
        await open_intervention(client, store, command, task_queue)
        for milestone in MILESTONES:
            await record_milestone(
                client,
                command.intervention_id,
                RecordMilestone(milestone=milestone, effective_on=today, actor=MANAGER),
            )

    async with build_worker(client, pool, LogNotifier(), task_queue):
        return await seconds_for(count, lifecycle)


async def bare_seconds(client: Client, count: int) -> float:
    run = uuid.uuid4().hex[:6]
    task_queue = f"bench-bare-{run}"

    async def lifecycle(number: int) -> None:
        handle = await client.start_workflow(
            BareWorkflow.run,
            BareInput(name=str(number)),
            id=f"bare-{run}-{number}",
            task_queue=task_queue,
        )
        for milestone in MILESTONES:
            await handle.execute_update(BareWorkflow.record, BareStep(milestone=milestone))

    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[BareWorkflow],
        activities=[bare_step],
        workflow_runner=sandbox_runner(),
    ):
        return await seconds_for(count, lifecycle)


async def lifecycle_throughput(
    client: Client, pool: asyncpg.Pool, meter: CpuMeter, count: int
) -> Row:
    # Halves in the order bare, engine, engine, bare: a drift in the machine's load over the
    # minutes this takes falls on both alike.
    half = max(count // 2, 1)
    seconds = {"bare": 0.0, "engine": 0.0}
    cpu = {"bare": CpuUse(), "engine": CpuUse()}
    for contender in ("bare", "engine", "engine", "bare"):
        seconds[contender] += await measured(
            meter,
            cpu[contender],
            half,
            partial(bare_seconds, client, half)
            if contender == "bare"
            else partial(engine_seconds, client, pool, half),
        )
    total = 2 * half
    bare, engine = total / seconds["bare"], total / seconds["engine"]
    updates = len(MILESTONES)
    per_lifecycle = (
        f"CPU per lifecycle, engine: {cpu['engine'].per_unit()}; bare: {cpu['bare'].per_unit()}"
    )
    return Row.measured(
        "lifecycle throughput, dev server",
        engine,
        "lifecycles/s",
        Target("ratio ≥ 1.0", min_ratio=1.0),
        baseline=bare,
        baseline_label="bare workflow",
        detail=(
            f"{total} interventions each opened (as `intervention start` does, waiting until the "
            f"opening is stored) and taken through {updates} milestones by Updates, "
            f"{CLIENTS} at a time, in halves run bare, engine, engine, bare; the engine appends "
            f"in its worker (local activities), the bare workflow makes {updates} Updates and "
            f"{updates + 1} activities each; {per_lifecycle} (this process runs the clients and "
            "the worker)"
        ),
        limit=(
            "the dev server (one shard, SQLite) does most of the work of both. A milestone that "
            "moves the next reminder also re-arms the engine's durable timer for it, and the "
            "opening waits until it is stored; its append costs no round trip through the "
            f"server. {per_lifecycle}."
        ),
    )
