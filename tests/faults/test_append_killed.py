"""(d) A worker killed in the middle of an append leaves no partial write.

The test holds the lock on the intervention's read-model row, which an append must take to
finish its write, so the worker's append stops half way, its rows written but not committed.
The worker is SIGKILLed there. No part of that append may ever be visible: it is either rolled
back or, if its last statement had already reached the server, committed whole. The append
retried by a new worker then writes what is missing once, and nothing twice.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import asyncpg

from eventstore.database import create_pool
from eventstore.verify import verify
from tests.faults.load import Load, assert_exact_record, expected_record
from tests.faults.stack import FaultStack


async def blocked_behind(pool: asyncpg.Pool, holder_pid: int) -> int:
    """The backend waiting for the holder's lock: the worker's append, half done."""
    for _ in range(300):
        pid = await pool.fetchval(
            "SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", holder_pid
        )
        if pid is not None:
            return int(pid)
        await asyncio.sleep(0.05)
    raise AssertionError("no append blocked on the held lock within 15 s")


async def until_gone(pool: asyncpg.Pool, pid: int) -> None:
    for _ in range(300):
        if not await pool.fetchval("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the dead worker's backend {pid} is still there after 15 s")


def first_append(load: Load) -> list[str]:
    """The event types the first Update appends."""
    [opening] = load.openings
    opened, _ = expected_record(opening, [], load.now)
    recorded, _ = expected_record(opening, load.records[:1], load.now)
    return recorded[len(opened) :]


async def test_d_a_worker_killed_inside_an_append_leaves_no_partial_write(
    stack: FaultStack,
) -> None:
    url = stack.postgres.url(await stack.postgres.create_database("half"))
    task_queue = f"half-{uuid.uuid4().hex[:8]}"
    env = stack.worker_env(url, task_queue)
    load = Load.of(stack.client, task_queue, [f"Half Written Council {task_queue[-8:]}"])
    [opening] = load.openings
    pool = await create_pool(url)
    holder = await asyncpg.connect(url)
    try:
        first = await stack.worker("half-first", env).started()
        await load.start()
        await load.opened(pool)
        before = await pool.fetch("SELECT * FROM events ORDER BY position")
        head = "SELECT version FROM streams WHERE stream_id = $1"
        opened_at = await pool.fetchval(head, opening.intervention_id)

        hold = holder.transaction()
        await hold.start()
        await holder.execute(
            "SELECT 1 FROM interventions WHERE stream_id = $1 FOR UPDATE",
            opening.intervention_id,
        )
        recording = load.record_all()
        appender = await blocked_behind(pool, holder.get_server_pid())
        first.kill()
        killed_at = time.monotonic()
        # The append is still open in PostgreSQL: none of it can be seen.
        assert await pool.fetch("SELECT * FROM events ORDER BY position") == before
        await hold.rollback()
        await until_gone(pool, appender)

        # All or nothing: the dead worker's append ended either without a commit (its
        # transaction rolled back) or, when its last statement had already reached the server,
        # committed whole. The stream's head moved by exactly what is there.
        after = await pool.fetch("SELECT * FROM events ORDER BY position")
        written = len(after) - len(before)
        assert after[: len(before)] == before
        assert written in (0, len(first_append(load)))
        assert [row["type"] for row in after[len(before) :]] == first_append(load)[:written]
        assert await pool.fetchval(head, opening.intervention_id) == opened_at + written
        assert (await verify(pool)).ok

        await stack.worker("half-second", env).started()
        await asyncio.wait_for(asyncio.gather(*recording), timeout=150)
        retried_in = time.monotonic() - killed_at
        events = await assert_exact_record(pool, load.expected())
    finally:
        load.cancel()
        await holder.close()
        await pool.close()
    outcome = "committed whole" if written else "rolled back"
    print(
        f"\nFAULT (d) worker SIGKILLed inside an append: none of it visible while open, "
        f"{outcome} when the lock was let go; retried by the next worker {retried_in:.1f} s "
        f"after the kill; {events} events, each written once"
    )
