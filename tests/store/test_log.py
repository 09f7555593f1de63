"""Reading the log: every event once, each stream in its own order, and never an event behind
one already read, while appends of other streams commit in any order."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date
from itertools import pairwise

import asyncpg
import pytest

from eventstore import EventStore, RecordedEvent
from eventstore.log import LOG_START
from tests.store.scenario import (
    Intervention,
    at,
    direction_new_cycle,
    escalated_on_time,
    notice_to_closure,
    read_log,
    wait_for_lock_waiters,
)

SCENARIOS = (escalated_on_time, direction_new_cycle, notice_to_closure)


async def append_streams_concurrently(store: EventStore, count: int = 8) -> list[Intervention]:
    interventions = [SCENARIOS[n % len(SCENARIOS)]() for n in range(count)]
    # Each stream appends its batches in order, one decision at a time; streams interleave.
    await asyncio.gather(*(i.append_batches(store) for i in interventions))
    return interventions


def by_stream(log: list[RecordedEvent]) -> dict[str, list[RecordedEvent]]:
    streams: dict[str, list[RecordedEvent]] = defaultdict(list)
    for event in log:
        streams[event.stream_id].append(event)
    return streams


async def stored_positions(pool: asyncpg.Pool) -> list[int]:
    return [row["position"] for row in await pool.fetch("SELECT position FROM events")]


def assert_read_once_in_order(log: list[RecordedEvent], stored: list[int]) -> None:
    """The reader read every stored event exactly once, in increasing log order, each stream's
    events by version from 1."""
    assert sorted(e.position for e in log) == sorted(stored)
    assert [e.cursor for e in log] == sorted({e.cursor for e in log})
    for stream_id, events in by_stream(log).items():
        assert [e.version for e in events] == list(range(1, len(events) + 1)), stream_id


async def test_read_all_gives_every_event_once_each_stream_in_its_order(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    interventions = await append_streams_concurrently(store)

    log = await read_log(store, sum(i.version for i in interventions))

    assert_read_once_in_order(log, await stored_positions(pool))
    streams = by_stream(log)
    assert set(streams) == {i.stream_id for i in interventions}
    for intervention in interventions:
        assert [e.to_domain() for e in streams[intervention.stream_id]] == intervention.events
    # The streams really did interleave in the log: some stream's events are not all together.
    switches = sum(1 for a, b in pairwise(log) if a.stream_id != b.stream_id)
    assert switches > len(streams) - 1
    assert sorted(await store.stream_ids()) == sorted(streams)


@pytest.mark.parametrize("batch_size", [1, 3, 7, 1000])
async def test_read_all_resumes_from_a_cursor_across_batches(
    store: EventStore, batch_size: int
) -> None:
    interventions = await append_streams_concurrently(store, count=4)
    total = sum(i.version for i in interventions)
    log = await read_log(store, total)
    assert len(log) == total > 3 * 7

    assert await read_log(store, total, batch_size=batch_size) == log
    for done in sorted({1, 2, 3, 6, 7, 14, 21, total - 7, total - 3, total - 1, total}):
        resumed = await read_log(
            store, total - done, after=log[done - 1].cursor, batch_size=batch_size
        )
        assert resumed == log[done:], done


async def test_a_reader_following_the_log_while_streams_append_reads_each_event_once(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    """A consumer going on from its cursor again and again while eight streams append."""
    seen: list[RecordedEvent] = []
    done = asyncio.Event()

    async def follow() -> None:
        cursor = LOG_START
        while not done.is_set():
            async for event in store.read_all(after=cursor, batch_size=5):
                seen.append(event)
                cursor = event.cursor
            await asyncio.sleep(0)

    follower = asyncio.create_task(follow())
    interventions = await append_streams_concurrently(store)
    done.set()
    await follower
    total = sum(i.version for i in interventions)
    after = seen[-1].cursor if seen else LOG_START
    seen += await read_log(store, total - len(seen), after=after, batch_size=5)

    assert_read_once_in_order(seen, await stored_positions(pool))


async def test_a_reader_never_skips_an_append_that_commits_late(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    """One append is held open half way, its positions taken, while appends of other streams
    take later positions and commit. A reader of positions in order would already be past the
    late events when they commit; `read_all` waits for them, then reads them once."""
    late = Intervention.open()
    await late.flush(store)
    late.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    others = [make() for make in SCENARIOS]
    holder = await asyncpg.connect(database_url)
    try:
        hold = holder.transaction()
        await hold.start()
        # The append must take this row to finish: it stops there, its positions drawn.
        await holder.execute(
            "SELECT 1 FROM interventions WHERE stream_id = $1 FOR UPDATE", late.stream_id
        )
        held = asyncio.create_task(store.append(late.stream_id, 5, late.pending()))
        await wait_for_lock_waiters(pool, 1)
        await asyncio.gather(*(other.append_batches(store) for other in others))

        before = await read_log(store, 5)
        # A reader of positions in order, meanwhile, reaches past where the late events go.
        passed = await pool.fetchval("SELECT max(position) FROM events")
        await hold.rollback()
        result = await held
    finally:
        await holder.close()
    expected = late.version + sum(other.version for other in others)
    read = before + await read_log(store, expected - len(before), after=before[-1].cursor)

    late_positions = [e.position for e in await store.read_stream(late.stream_id, 6)]
    assert result.written == len(late_positions) == 4
    assert min(late_positions) < passed
    # While the late append was open, the reader stopped before it: it read only the opening.
    assert before == (await store.read_stream(late.stream_id))[:5]
    assert_read_once_in_order(read, await stored_positions(pool))
    streams = by_stream(read)
    assert [e.to_domain() for e in streams[late.stream_id]] == late.events
    for other in others:
        assert [e.to_domain() for e in streams[other.stream_id]] == other.events
    assert len(read) == expected
