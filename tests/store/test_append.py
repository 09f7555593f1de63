"""Appending and reading: versions, optimistic concurrency, idempotent retries, the log's order."""

from __future__ import annotations

import asyncio
from datetime import date

import asyncpg
import pytest

from domain.values import Role
from eventstore import (
    AppendResult,
    ConcurrencyError,
    EventStore,
    IdempotencyConflictError,
    NewEvent,
    event_id_for,
)
from tests.store.scenario import (
    MANAGER,
    Intervention,
    at,
    count_events,
    escalated_on_time,
    read_log,
    stream_head_held,
    wait_for_lock_waiters,
    wrap,
)

# --- round trip ------------------------------------------------------------------------------


async def test_append_and_read_stream_round_trip(store: EventStore) -> None:
    # A recorded_at with microseconds: timestamptz keeps them, and so must the store.
    intervention = Intervention.open(now=at(2023, 3, 8, 9, microsecond=123_456))
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    intervention.tick(at(2023, 6, 2))
    intervention.tick(at(2023, 7, 1))
    intervention.record("statement_of_action_submitted", date(2023, 6, 12), at(2023, 7, 3))

    results = await intervention.append_batches(store)

    sizes = [len(batch) for batch in intervention.batches]
    assert [r.written for r in results] == sizes
    assert [r.version for r in results] == [sum(sizes[: n + 1]) for n in range(len(sizes))]
    assert results[-1].last_position == intervention.version
    assert all(r.stream_id == intervention.stream_id for r in results)

    stored = await store.read_stream(intervention.stream_id)
    assert len(stored) == intervention.version == 19
    assert [e.version for e in stored] == list(range(1, 20))
    assert [e.position for e in stored] == list(range(1, 20))
    for recorded, original in zip(stored, intervention.events, strict=True):
        assert recorded.stream_id == intervention.stream_id
        assert recorded.event_id == event_id_for(intervention.stream_id, recorded.version)
        assert recorded.type == original.type
        assert recorded.effective_on == original.effective_on
        assert recorded.recorded_at == original.recorded_at
        assert recorded.recorded_at.utcoffset() is not None
        assert recorded.actor.name == original.actor.name
        assert recorded.actor.role == original.actor.role
        assert len(recorded.hash) == 32
        assert recorded.to_domain() == original
    assert stored[0].recorded_at.microsecond == 123_456
    assert stored[0].actor == MANAGER
    assert stored[-1].actor.name == "intervention engine"
    assert [e.type for e in stored[-5:]] == [
        "StatementOfActionSubmitted",
        "DeadlineMet",
        "EscalationWithdrawn",
        "EscalationWithdrawn",
        "EscalationWithdrawn",
    ]
    assert len({e.hash for e in stored}) == len(stored)

    assert await store.stream_version(intervention.stream_id) == 19
    assert await store.stream_version("intervention-nobody-2023-03-07") == 0
    assert await store.read_stream("intervention-nobody-2023-03-07") == []
    tail = await store.read_stream(intervention.stream_id, from_version=15)
    assert [e.version for e in tail] == [15, 16, 17, 18, 19]
    assert tail == stored[14:]
    assert await store.stream_ids() == [intervention.stream_id]


async def test_read_back_actor_role_is_a_role(store: EventStore) -> None:
    intervention = Intervention.open()
    await intervention.flush(store)

    recorded = (await store.read_stream(intervention.stream_id))[0]

    assert isinstance(recorded.actor.role, Role)
    assert isinstance(recorded.to_domain().actor.role, Role)


async def test_read_back_event_can_be_appended_again(store: EventStore) -> None:
    # Copying a stream (an archive, a replay into another database) appends what was read.
    intervention = Intervention.open()
    await intervention.flush(store)
    stored = await store.read_stream(intervention.stream_id)

    copy_id = f"{intervention.stream_id}-copy"
    result = await store.append(
        copy_id,
        0,
        [NewEvent(event_id=event_id_for(copy_id, e.version), event=e.to_domain()) for e in stored],
    )

    assert result.written == len(stored)


async def test_empty_append_is_refused(store: EventStore) -> None:
    with pytest.raises(ValueError, match="at least one event"):
        await store.append("intervention-nobody-2023-03-07", 0, [])


# --- optimistic concurrency ------------------------------------------------------------------


@pytest.mark.parametrize("expected_version", [0, 3, 4, 6, 9])
async def test_wrong_expected_version_raises_concurrency_error(
    store: EventStore, pool: asyncpg.Pool, expected_version: int
) -> None:
    intervention = Intervention.open()
    await intervention.flush(store)
    assert intervention.version == 5
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    # A stale writer: its own ids, placed where it wrongly believes the stream ends.
    stale = f"{intervention.stream_id}/stale-writer"
    batch = wrap(intervention.stream_id, intervention.events[5:], expected_version, writer=stale)

    with pytest.raises(ConcurrencyError) as caught:
        await store.append(intervention.stream_id, expected_version, batch)

    error = caught.value
    assert error.stream_id == intervention.stream_id
    assert error.expected_version == expected_version
    assert error.actual_version == 5
    message = str(error)
    assert repr(intervention.stream_id) in message
    assert "at version 5" in message
    assert f"expected {expected_version}" in message
    assert await count_events(pool) == 5
    assert await store.stream_version(intervention.stream_id) == 5


async def test_append_to_a_missing_stream_at_a_version_raises(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()

    with pytest.raises(ConcurrencyError) as caught:
        await store.append(
            intervention.stream_id, 2, wrap(intervention.stream_id, intervention.events, 2)
        )

    assert (caught.value.expected_version, caught.value.actual_version) == (2, 0)
    assert "at version 0, not the expected 2" in str(caught.value)
    assert await count_events(pool) == 0


def rival_decisions(intervention: Intervention) -> tuple[list[NewEvent], list[NewEvent]]:
    """Two writers decide from the same state: one issues a notice, the other a direction."""
    state, version = intervention.state, intervention.version
    notice = Intervention(intervention.stream_id, state, [])
    notice.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    direction = Intervention(intervention.stream_id, state, [])
    direction.record("direction_issued", date(2023, 4, 21), at(2023, 4, 21))
    stream = intervention.stream_id
    return (
        wrap(stream, notice.events, version, writer=f"{stream}/writer-a"),
        wrap(stream, direction.events, version, writer=f"{stream}/writer-b"),
    )


@pytest.mark.parametrize("forced_race", [False, True], ids=["gather", "both-past-checks"])
async def test_concurrent_appends_at_one_version_exactly_one_wins(
    store: EventStore, pool: asyncpg.Pool, database_url: str, forced_race: bool
) -> None:
    intervention = Intervention.open()
    await intervention.flush(store)
    notice, direction = rival_decisions(intervention)
    stream = intervention.stream_id

    if forced_race:
        # Both writers are past every check of their own and wait on the stream's head.
        async with stream_head_held(database_url, stream):
            tasks = [
                asyncio.create_task(store.append(stream, 5, notice)),
                asyncio.create_task(store.append(stream, 5, direction)),
            ]
            await wait_for_lock_waiters(pool, 2)
        outcomes = list(await asyncio.gather(*tasks, return_exceptions=True))
    else:
        outcomes = list(
            await asyncio.gather(
                store.append(stream, 5, notice),
                store.append(stream, 5, direction),
                return_exceptions=True,
            )
        )

    wins = [o for o in outcomes if isinstance(o, AppendResult)]
    losses = [o for o in outcomes if isinstance(o, ConcurrencyError)]
    assert len(wins) == 1, outcomes
    assert len(losses) == 1, outcomes
    winner = notice if outcomes[0] is wins[0] else direction
    assert wins[0].written == len(winner) == 4
    assert wins[0].version == 9
    assert losses[0].stream_id == stream
    assert losses[0].expected_version == 5
    assert losses[0].actual_version == 9

    stored = await store.read_stream(stream)
    assert [e.version for e in stored] == list(range(1, 10))
    assert [e.event_id for e in stored[5:]] == [new.event_id for new in winner]
    assert [e.to_domain() for e in stored[5:]] == [new.event for new in winner]
    # The loser's rolled-back statement left nothing behind in the log, and the head is the
    # winner's.
    assert [(e.stream_id, e.version) for e in await read_log(store, 9)] == [
        (stream, version) for version in range(1, 10)
    ]
    head = await pool.fetchrow("SELECT version, hash FROM streams WHERE stream_id = $1", stream)
    assert (head["version"], bytes(head["hash"])) == (9, stored[-1].hash)


# --- idempotent retries ----------------------------------------------------------------------


async def test_retried_append_writes_nothing_and_does_not_fail(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = escalated_on_time()
    first = await intervention.flush(store)
    assert first.written == 19
    rows_before = await pool.fetch("SELECT * FROM events ORDER BY position")

    retried = await store.append(
        intervention.stream_id, 0, wrap(intervention.stream_id, intervention.events, 0)
    )

    assert retried.written == 0
    assert retried.version == first.version == 19
    assert retried.last_position == first.last_position == 19
    assert retried.stream_id == intervention.stream_id
    assert await pool.fetch("SELECT * FROM events ORDER BY position") == rows_before
    assert await store.stream_version(intervention.stream_id) == 19


async def test_retry_of_an_earlier_batch_after_the_stream_moved_on(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    # The activity that appended batch 2 crashed after its commit; the workflow went on and
    # appended more before the retry ran.
    intervention = escalated_on_time()
    results = await intervention.append_batches(store)
    second = results[1]
    assert (second.version, second.written) == (9, 4)

    retried = await store.append(
        intervention.stream_id, 5, wrap(intervention.stream_id, intervention.events[5:9], 5)
    )

    assert retried == AppendResult(
        stream_id=intervention.stream_id, version=9, last_position=9, written=0
    )
    assert await count_events(pool) == 19


@pytest.mark.parametrize("forced_race", [False, True], ids=["gather", "both-past-checks"])
async def test_identical_appends_running_concurrently_write_once(
    store: EventStore, pool: asyncpg.Pool, database_url: str, forced_race: bool
) -> None:
    intervention = escalated_on_time()
    batch = wrap(intervention.stream_id, intervention.events, 0)
    stream = intervention.stream_id

    if forced_race:
        # Neither sees the other's events when it starts: the second learns of them only when
        # the head it would create exists after all, and must still report success.
        async with stream_head_held(database_url, stream):
            tasks = [
                asyncio.create_task(store.append(stream, 0, batch)),
                asyncio.create_task(store.append(stream, 0, batch)),
            ]
            await wait_for_lock_waiters(pool, 2)
        outcomes = list(await asyncio.gather(*tasks, return_exceptions=True))
    else:
        outcomes = list(
            await asyncio.gather(
                store.append(stream, 0, batch),
                store.append(stream, 0, batch),
                return_exceptions=True,
            )
        )

    results = [o for o in outcomes if isinstance(o, AppendResult)]
    assert len(results) == 2, outcomes
    assert sorted(r.written for r in results) == [0, 19]
    stored = await store.read_stream(stream)
    assert {(r.version, r.last_position) for r in results} == {(19, stored[-1].position)}
    assert await count_events(pool) == 19
    assert [e.version for e in await read_log(store, 19)] == list(range(1, 20))
    assert [e.event_id for e in stored] == [n.event_id for n in batch]


async def test_event_id_reused_at_another_version_is_an_idempotency_conflict(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    await intervention.flush(store)
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    stream = intervention.stream_id
    # A writer whose ids are not deterministic: it numbers its events from 1 again.
    batch = wrap(stream, intervention.events[5:], 0)

    with pytest.raises(IdempotencyConflictError) as caught:
        await store.append(stream, 5, batch)

    message = str(caught.value)
    assert str(batch[0].event_id) in message
    assert f"{stream}@6" in message
    assert f"{stream}@1" in message
    assert await count_events(pool) == 5


async def test_a_retry_carrying_other_events_under_the_same_ids_is_an_idempotency_conflict(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    # A writer that made other events the second time (a workflow reset and run again, say):
    # taking its append for a retry would lose what it says happened.
    stored = Intervention.open()
    await stored.flush(store)
    other = Intervention.open(now=at(2023, 3, 9))
    other.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    batch = wrap(stored.stream_id, [*stored.events[:4], other.events[5]], 0)

    with pytest.raises(IdempotencyConflictError) as caught:
        await store.append(stored.stream_id, 0, batch)

    message = str(caught.value)
    assert f"{stored.stream_id}@5" in message
    assert "retried as ImprovementNoticeIssued of 2023-04-20" in message
    assert await count_events(pool) == 5


async def test_event_id_reused_in_another_stream_is_an_idempotency_conflict(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    first, second = Intervention.open(), Intervention.open()
    await first.flush(store)

    with pytest.raises(IdempotencyConflictError, match=f"stored at {first.stream_id}@1"):
        await store.append(second.stream_id, 0, wrap(first.stream_id, second.events, 0))

    assert await count_events(pool) == 5
    assert await count_events(pool, second.stream_id) == 0


async def test_event_id_repeated_within_one_append_is_not_a_concurrency_error(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    batch = wrap(intervention.stream_id, intervention.events[:2], 0)
    repeated = [batch[0], NewEvent(event_id=batch[0].event_id, event=batch[1].event)]

    with pytest.raises((IdempotencyConflictError, ValueError)):
        await store.append(intervention.stream_id, 0, repeated)
    assert await count_events(pool) == 0


# --- appends written together ----------------------------------------------------------------


async def test_appends_written_together_succeed_or_fail_each_on_its_own(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    """While one append waits on its stream's head, the appends that come meanwhile go in the
    next statement together: one of them reuses a stored event id, which fails that statement;
    each is then written alone, and only the one at fault fails."""
    waiting, first = Intervention.open(), Intervention.open()
    await waiting.flush(store)
    await first.flush(store)
    waiting.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    good, bad = Intervention.open(), Intervention.open()

    async with stream_head_held(database_url, waiting.stream_id):
        held = asyncio.create_task(waiting.flush(store))
        await wait_for_lock_waiters(pool, 1)
        outcomes = await asyncio.gather(
            good.flush(store),
            store.append(bad.stream_id, 0, wrap(first.stream_id, bad.events, 0)),
            return_exceptions=True,
        )
    await held

    assert isinstance(outcomes[0], AppendResult)
    assert outcomes[0].written == good.version
    assert isinstance(outcomes[1], IdempotencyConflictError)
    assert f"stored at {first.stream_id}@1" in str(outcomes[1])
    assert await count_events(pool, good.stream_id) == good.version
    assert await count_events(pool, bad.stream_id) == 0
    assert await count_events(pool, waiting.stream_id) == waiting.version
    assert await store.stream_version(bad.stream_id) == 0


async def test_statements_held_up_by_locks_do_not_hold_up_other_streams(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    """Two appends wait on their streams' heads, in two statements, as many as go at once; an
    append to a third stream is still written while both wait, once their patience is out."""
    held = [Intervention.open(), Intervention.open()]
    for intervention in held:
        await intervention.flush(store)
        intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    free = Intervention.open()

    async with (
        stream_head_held(database_url, held[0].stream_id),
        stream_head_held(database_url, held[1].stream_id),
    ):
        waiting = [asyncio.create_task(intervention.flush(store)) for intervention in held]
        await wait_for_lock_waiters(pool, 2)
        written = await asyncio.wait_for(free.flush(store), timeout=10)
        assert not any(task.done() for task in waiting)
    await asyncio.gather(*waiting)

    assert written.written == free.version
    assert [await count_events(pool, i.stream_id) for i in held] == [i.version for i in held]
