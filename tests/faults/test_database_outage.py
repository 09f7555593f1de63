"""(b) Stop PostgreSQL for 20 seconds in the middle of a load. Appends fail while it is down
and their activities retry; interventions keep opening and Updates keep arriving meanwhile.
Once it is back every append lands exactly once."""

from __future__ import annotations

import asyncio
import time
import uuid

from eventstore.database import create_pool
from tests.faults.load import Load, assert_exact_record, assert_none_failed, history_counts
from tests.faults.stack import FaultStack

OUTAGE_SECONDS = 20
RECORDING, OPENING_DURING_OUTAGE = 60, 20


async def test_b_a_database_outage_loses_nothing_and_repeats_nothing(stack: FaultStack) -> None:
    url = stack.postgres.url(await stack.postgres.create_database("outage"))
    task_queue = f"outage-{uuid.uuid4().hex[:8]}"
    names = [
        f"Outage Council {task_queue[-8:]} {n:03d}"
        for n in range(RECORDING + OPENING_DURING_OUTAGE)
    ]
    recorded = Load.of(stack.client, task_queue, names[:RECORDING])
    late = Load.of(stack.client, task_queue, names[RECORDING:], record=False)
    pool = await create_pool(url)
    try:
        worker = await stack.worker("outage", stack.worker_env(url, task_queue)).started()
        await recorded.start()
        await recorded.opened(pool)
        recording = recorded.record_all()
        await recorded.until_recorded(recorded.total_updates // 4)

        stack.postgres.stop()
        stopped_at = time.monotonic()
        done_at_stop = recorded.completed_updates
        await late.start()
        await asyncio.sleep(OUTAGE_SECONDS - (time.monotonic() - stopped_at))
        # Nothing can be recorded without the database, but nothing has given up either.
        assert_none_failed(recording)
        stack.postgres.start()
        restarted_at = time.monotonic()
        outage = restarted_at - stopped_at

        await asyncio.wait_for(asyncio.gather(*recording), timeout=150)
        await asyncio.wait_for(late.opened(pool), timeout=150)
        recovered = time.monotonic() - restarted_at
        expected = {**recorded.expected(), **late.expected()}
        events = await assert_exact_record(pool, expected)
    finally:
        recorded.cancel()
        await pool.close()
    history = await history_counts(recorded.handles + late.handles)
    # Each failed attempt said why, in our words: the database could not be reached.
    unreachable = [
        line
        for line in worker.log_lines()
        if "DatabaseUnavailableError: append to stream" in str(line.get("exception"))
    ]
    assert unreachable
    print(
        f"\nFAULT (b) PostgreSQL stopped {outage:.1f} s: {len(expected)} interventions "
        f"({OPENING_DURING_OUTAGE} started during the outage), {recorded.total_updates} Updates, "
        f"{recorded.total_updates - done_at_stop} not done at the stop; all done "
        f"{recovered:.1f} s after the restart; {history.activities_retried} activity attempts "
        f"retried ({len(unreachable)} failed as DatabaseUnavailableError); {events} events, "
        f"0 lost, 0 duplicated, chains verified"
    )
