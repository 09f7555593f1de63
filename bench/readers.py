"""Readers of the log while eight streams append at once: `read_all`, going on from its cursor,
against a reader that goes on from the last position it read.

Appends commit in any order, so an append can commit after others that took later positions.
The reader by position has passed such an event by the time it commits and never reads it;
`read_all` must read every event exactly once, each stream in the order of its versions.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

import asyncpg

from bench.appends import STREAMS_AT_ONCE, events_per_second, workload
from bench.report import Row, Target
from bench.servers import Servers, fresh_store
from eventstore.log import LOG_START
from eventstore.store import EventStore, RecordedEvent

BY_POSITION = "SELECT position FROM events WHERE position > $1 ORDER BY position LIMIT 100"
# After the appends, how long `read_all` may take to catch up: it waits only for transactions
# still running anywhere on the server.
CATCH_UP_SECONDS = 30


async def follow(read: Callable[[], Awaitable[int]], done: asyncio.Event) -> None:
    """Read again and again until the appends are done."""
    while not done.is_set():
        if not await read():
            await asyncio.sleep(0.001)


async def log_readers(servers: Servers, events_per_writer: int) -> Row:
    async with fresh_store(servers, max_size=STREAMS_AT_ONCE + 2) as pool:
        store = EventStore(pool)
        seen: list[RecordedEvent] = []
        by_position: list[int] = []

        async def read_all() -> int:
            after = seen[-1].cursor if seen else LOG_START
            before = len(seen)
            seen.extend([event async for event in store.read_all(after=after, batch_size=100)])
            return len(seen) - before

        async def read_by_position() -> int:
            rows = await pool.fetch(BY_POSITION, by_position[-1] if by_position else 0)
            by_position.extend(row["position"] for row in rows)
            return len(rows)

        work = workload("Readers", events_per_writer, 1)
        done = asyncio.Event()
        readers = [asyncio.create_task(follow(r, done)) for r in (read_all, read_by_position)]
        try:
            await events_per_second(
                lambda call: store.append(call.stream_id, call.expected_version, call.new_events()),
                work,
            )
        finally:
            done.set()
            await asyncio.gather(*readers)
        stored = await stored_positions(pool)
        await read_by_position()
        loop = asyncio.get_running_loop()
        give_up = loop.time() + CATCH_UP_SECONDS
        while len(seen) < len(stored) and loop.time() < give_up:
            if not await read_all():
                await asyncio.sleep(0.01)
    read = Counter(event.position for event in seen)
    skipped = len(stored - set(read))
    twice = sum(count - 1 for count in read.values())
    out_of_order = sum(
        1
        for stream in {event.stream_id for event in seen}
        if [e.version for e in seen if e.stream_id == stream]
        != list(range(1, sum(e.stream_id == stream for e in seen) + 1))
    )
    missed_by_position = len(stored - set(by_position))
    return Row.measured(
        "log reader, appends committing late",
        skipped + twice + out_of_order,
        "events amiss",
        Target("0 skipped, 0 twice", max_figure=0),
        baseline=missed_by_position,
        baseline_label="events a reader by position skipped",
        detail=(
            f"{len(stored):,} events appended one at a time by {STREAMS_AT_ONCE} streams at once "
            f"while two readers followed the log; read_all skipped {skipped}, read {twice} twice, "
            f"and read {out_of_order} streams out of their order; the reader by position skipped "
            f"{missed_by_position}"
        ),
    )


async def stored_positions(pool: asyncpg.Pool) -> set[int]:
    return {row["position"] for row in await pool.fetch("SELECT position FROM events")}
