"""(a) SIGKILL the worker while 100 interventions are mid-flight: some still opening, Updates
waiting for their append, every workflow asleep on a deadline timer. A new worker takes over:
every Update completes, every stream holds exactly the expected events, every chain verifies."""

from __future__ import annotations

import asyncio
import time
import uuid

from domain.views import deadline_views
from eventstore.database import create_pool
from tests.faults.load import Load, assert_exact_record, history_counts, until_asleep
from tests.faults.stack import FaultStack
from workflows.intervention import InterventionWorkflow

INTERVENTIONS = 100


async def test_a_killed_worker_loses_nothing_and_repeats_nothing(stack: FaultStack) -> None:
    url = stack.postgres.url(await stack.postgres.create_database("killed"))
    task_queue = f"killed-{uuid.uuid4().hex[:8]}"
    env = stack.worker_env(url, task_queue)
    load = Load.of(
        stack.client,
        task_queue,
        [f"Killed Worker Council {task_queue[-8:]} {n:03d}" for n in range(INTERVENTIONS)],
    )
    pool = await create_pool(url)
    try:
        first = await stack.worker("killed-first", env).started()
        await load.start()
        await load.opened(pool)
        recording = load.record_all()
        # Kill while most Updates are still on their way: some waiting to be validated, others
        # for an append the worker is running; every workflow asleep on its deadline timer.
        await load.until_recorded(load.total_updates // 4)
        first.kill()
        killed_at = time.monotonic()
        pending = load.total_updates - load.completed_updates
        stored_at_kill = await pool.fetchval("SELECT count(*) FROM events")
        assert pending > load.total_updates // 2

        await stack.worker("killed-second", env).started()
        await asyncio.wait_for(asyncio.gather(*recording), timeout=150)
        recovered = time.monotonic() - killed_at

        expected = load.expected()
        events = await assert_exact_record(pool, expected)
        for handle in load.handles:
            status = await handle.query(InterventionWorkflow.status)
            types, state = expected[handle.id]
            assert (status.version, status.stage, status.status) == (
                len(types),
                state.stage.value,
                "open",
            )
            assert status.deadlines == deadline_views(state)
        # Every workflow is asleep on its next deadline again.
        await until_asleep(load.handles)
        history = await history_counts(load.handles)
    finally:
        load.cancel()
        await pool.close()
    print(
        f"\nFAULT (a) worker SIGKILL: {INTERVENTIONS} interventions, {load.total_updates} "
        f"Updates, {pending} in flight at the kill, {stored_at_kill} events stored then; "
        f"all done {recovered:.1f} s after the kill; {history.tasks_timed_out} workflow tasks "
        f"and {history.activities_retried} activity attempts taken over; {events} events, "
        f"0 lost, 0 duplicated, chains verified"
    )
