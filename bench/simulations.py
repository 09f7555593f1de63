"""Full simulations: the three-year notice-track scenario through `simulate`, as `intervention
simulate` runs it, and fifty copies of it at once on one time-skipping server.

The test server has one clock, so the fifty run in lockstep: time moves to each step's day, then
the step is recorded on all fifty at once. Each must end with the same record as the single run.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid

from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from application.binaries import temporal_test_server
from application.scenario import Scenario
from application.simulation import (
    END_TIME,
    STEP_TIME,
    CollectingNotifier,
    ScenarioRun,
    SimulatedClock,
    calendar_offset,
    record_step,
    scratch_database,
    settled_status,
    simulate,
)
from application.worker import build_worker
from bench.report import REPORT_ONLY, Row
from bench.streams import notice_track
from eventstore.database import create_pool
from eventstore.store import EventStore
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

SINGLE_RUNS = 3


async def lockstep(scenarios: list[Scenario], database_url: str) -> list[int]:
    """Run same-dated scenarios together on one test server; each one's event count."""
    first = scenarios[0]
    pool = await create_pool(database_url, max_size=10)
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=temporal_test_server(), data_converter=pydantic_data_converter
    )
    try:
        task_queue = f"bench-lockstep-{uuid.uuid4().hex[:8]}"
        async with build_worker(env.client, pool, CollectingNotifier(), task_queue):
            offset = calendar_offset(await env.get_current_time(), first.inspection.published_on)
            handles = [
                await env.client.start_workflow(
                    InterventionWorkflow.run,
                    InterventionInput(open=scenario.opening, clock_offset_days=offset),
                    id=scenario.opening.intervention_id,
                    task_queue=task_queue,
                )
                for scenario in scenarios
            ]
            clock = SimulatedClock(env, offset)
            for number, step in enumerate(first.steps, start=1):
                await clock.advance_to(first.recorded_on(step), STEP_TIME)
                await asyncio.gather(*(record_step(h, number, step) for h in handles))
            if first.end_on is not None:
                await clock.advance_to(first.end_on, END_TIME)
            store = EventStore(pool)
            # Read back one at a time: fifty queries at once to the one worker that runs all
            # fifty workflows outlast the server's query timeout on a host running slow.
            statuses = [
                await settled_status(ScenarioRun(env, h, store), first.last_day) for h in handles
            ]
            return [len(status.events) for status in statuses]
    finally:
        await env.shutdown()
        await pool.close()


async def simulations(postgres_url: str, concurrent: int) -> list[Row]:
    scenario = notice_track()
    walls = []
    for _ in range(SINGLE_RUNS):
        async with scratch_database(postgres_url) as url:
            started = time.perf_counter()
            single = await simulate(scenario, url)
            walls.append(time.perf_counter() - started)
    expected = len(single.status.events)
    copies = [
        scenario.model_copy(update={"authority": f"{scenario.authority} {number}"})
        for number in range(concurrent)
    ]
    async with scratch_database(postgres_url) as url:
        started = time.perf_counter()
        counts = await lockstep(copies, url)
        together = time.perf_counter() - started
    if set(counts) != {expected}:
        raise AssertionError(f"lockstep runs ended with {counts} events, not {expected} each")
    span = f"{scenario.inspection.published_on} to {scenario.last_day}"
    return [
        Row.measured(
            "full simulation, notice track",
            statistics.median(walls),
            "s",
            REPORT_ONLY,
            detail=(
                f"examples/notice-track.yaml ({len(scenario.steps)} steps, {span}, "
                f"{expected} events) through application.simulation.simulate, test server start "
                f"included; median of {SINGLE_RUNS}"
            ),
        ),
        Row.measured(
            f"{concurrent} simulations at once, one test server",
            together,
            "s",
            REPORT_ONLY,
            detail=(
                f"{concurrent} copies of the notice track in lockstep, {expected} events "
                f"each, every record checked; {together / concurrent:.2f} s per scenario"
            ),
        ),
    ]
