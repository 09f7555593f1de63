"""Hash chains: verify passes intact streams and names the first event changed behind its back."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from eventstore import EventStore
from eventstore.hashing import canonical_bytes, chain_hash
from eventstore.verify import BrokenEvent, verify
from tests.store.scenario import (
    Intervention,
    direction_new_cycle,
    escalated_on_time,
    notice_to_closure,
    unique_authority,
)


async def behind_the_stores_back(
    database_url: str, *statements: tuple[str, tuple[Any, ...]]
) -> None:
    """Change the log as a superuser would: with the append-only triggers switched off."""
    con = await asyncpg.connect(database_url)
    try:
        async with con.transaction():
            await con.execute("ALTER TABLE events DISABLE TRIGGER USER")
            for sql, args in statements:
                status = await con.execute(sql, *args)
                assert not status.endswith(" 0"), (sql, status)
            await con.execute("ALTER TABLE events ENABLE TRIGGER USER")
    finally:
        await con.close()


async def three_streams(store: EventStore) -> list[Intervention]:
    interventions = [escalated_on_time(), direction_new_cycle(), notice_to_closure()]
    for intervention in interventions:
        await intervention.append_batches(store)
    return interventions


async def row_at(pool: asyncpg.Pool, stream_id: str, version: int) -> asyncpg.Record:
    row = await pool.fetchrow(
        "SELECT position, event_id FROM events WHERE stream_id = $1 AND version = $2",
        stream_id,
        version,
    )
    assert row is not None
    return row


async def test_verify_intact_streams(store: EventStore, pool: asyncpg.Pool) -> None:
    interventions = await three_streams(store)

    result = await verify(pool)

    assert result.ok
    assert result.broken == []
    assert result.streams == 3
    assert result.events == sum(i.version for i in interventions)
    assert result.events == await pool.fetchval("SELECT count(*) FROM events")
    for intervention in interventions:
        one = await verify(pool, intervention.stream_id)
        assert (one.ok, one.streams, one.events) == (True, 1, intervention.version)


async def test_verify_text_and_time_zones_survive_the_round_trip(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    # The hash is computed over what the writer had and recomputed over what jsonb and
    # timestamptz hand back: non-ASCII text, escapes and a London (BST) clock must not matter.
    london = ZoneInfo("Europe/London")
    intervention = Intervention.open(
        unique_authority("Ynys Môn Ŵ"), now=datetime(2023, 3, 8, 9, 30, 0, 250, tzinfo=london)
    )
    intervention.record(
        "improvement_notice_issued",
        date(2023, 4, 20),
        datetime(2023, 4, 20, 23, 30, tzinfo=london),
        note='Agreed by the board — "see minutes"\nC:\\papers\\2023 ✓ 日本',
    )
    await intervention.flush(store)

    stored = await store.read_stream(intervention.stream_id)
    assert [e.to_domain() for e in stored] == intervention.events
    assert stored[5].data["note"] == intervention.events[5].model_dump()["note"]
    assert "Môn" in stored[0].data["authority"]
    result = await verify(pool)
    assert (result.ok, result.streams, result.events) == (True, 1, intervention.version)


async def test_verify_an_empty_log(pool: asyncpg.Pool) -> None:
    result = await verify(pool)
    assert (result.ok, result.streams, result.events) == (True, 0, 0)
    missing = await verify(pool, "intervention-nobody-2023-03-07")
    assert (missing.ok, missing.streams, missing.events) == (True, 0, 0)


TAMPERING = {
    "data": "data = jsonb_set(data, '{due}', '\"2023-06-30\"')",
    "data-extra-key": 'data = data || \'{"note": "added later"}\'::jsonb',
    "type": "type = 'DeadlineMissed'",
    "effective_on": "effective_on = effective_on - 1",
    "recorded_at": "recorded_at = recorded_at + interval '1 microsecond'",
    "actor_name": "actor_name = 'Someone Else'",
    "actor_role": "actor_role = 'admin'",
    "event_id": "event_id = gen_random_uuid()",
    "hash": "hash = sha256(hash)",
}


@pytest.mark.parametrize("change", list(TAMPERING))
async def test_verify_names_the_altered_event(
    store: EventStore, pool: asyncpg.Pool, database_url: str, change: str
) -> None:
    interventions = await three_streams(store)
    target = interventions[1].stream_id
    original = await row_at(pool, target, 3)
    await behind_the_stores_back(
        database_url,
        (
            f"UPDATE events SET {TAMPERING[change]} WHERE stream_id = $1 AND version = 3",
            (target,),
        ),
    )

    result = await verify(pool)

    assert not result.ok
    assert result.streams == 3
    assert result.events == sum(i.version for i in interventions)
    assert len(result.broken) == 1
    broken = result.broken[0]
    assert broken.stream_id == target
    assert broken.version == 3
    assert broken.position == original["position"]
    if change != "event_id":
        assert broken.event_id == str(original["event_id"])
    assert "hash does not match" in broken.reason
    for other in (interventions[0], interventions[2]):
        assert (await verify(pool, other.stream_id)).ok
    only = await verify(pool, target)
    assert (only.streams, only.events) == (1, interventions[1].version)
    assert only.broken == result.broken


async def test_verify_names_only_the_first_broken_event_of_a_stream(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    interventions = await three_streams(store)
    first, last = interventions[0].stream_id, interventions[2].stream_id
    await behind_the_stores_back(
        database_url,
        ("UPDATE events SET actor_name = 'X' WHERE stream_id = $1 AND version = 3", (first,)),
        ("UPDATE events SET actor_name = 'X' WHERE stream_id = $1 AND version = 7", (first,)),
        ("UPDATE events SET actor_name = 'X' WHERE stream_id = $1 AND version = 30", (last,)),
    )

    result = await verify(pool)

    assert [(b.stream_id, b.version) for b in result.broken] == sorted([(first, 3), (last, 30)])
    assert (await verify(pool, interventions[1].stream_id)).ok


async def test_verify_reports_a_deleted_event_as_a_missing_version(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    interventions = await three_streams(store)
    target = interventions[0].stream_id
    await behind_the_stores_back(
        database_url, ("DELETE FROM events WHERE stream_id = $1 AND version = 3", (target,))
    )

    result = await verify(pool)

    assert result.events == sum(i.version for i in interventions) - 1
    assert result.broken == [
        BrokenEvent(
            stream_id=target,
            version=3,
            position=None,
            event_id=None,
            reason="version 3 is missing: the chain jumps to 4",
        )
    ]
    for other in interventions[1:]:
        assert (await verify(pool, other.stream_id)).ok


async def test_verify_detects_swapped_data(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    interventions = await three_streams(store)
    target = interventions[2].stream_id
    # Versions 2 and 3 are both DeadlineScheduled: only their data tells them apart.
    second, third = (await store.read_stream(target, from_version=2))[:2]
    assert second.type == third.type == "DeadlineScheduled"
    assert second.data != third.data
    await behind_the_stores_back(
        database_url,
        (
            """UPDATE events AS e SET data = other.data
               FROM events AS other
               WHERE e.stream_id = $1 AND other.stream_id = $1
                 AND ((e.version, other.version) IN ((2, 3), (3, 2)))""",
            (target,),
        ),
    )
    swapped = await store.read_stream(target, from_version=2)
    assert (swapped[0].data, swapped[1].data) == (third.data, second.data)

    result = await verify(pool)

    assert [(b.stream_id, b.version, b.position, b.event_id) for b in result.broken] == [
        (target, 2, second.position, str(second.event_id))
    ]


async def test_verify_detects_reordered_events(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    interventions = await three_streams(store)
    target = interventions[0].stream_id
    v5 = await row_at(pool, target, 5)
    # Swap the places of versions 5 and 6 (InterventionOpened's deadlines, then the notice).
    await behind_the_stores_back(
        database_url,
        ("UPDATE events SET version = 1000 WHERE stream_id = $1 AND version = 5", (target,)),
        ("UPDATE events SET version = 5 WHERE stream_id = $1 AND version = 6", (target,)),
        ("UPDATE events SET version = 6 WHERE stream_id = $1 AND version = 1000", (target,)),
    )
    reordered = await store.read_stream(target)
    assert [e.type for e in reordered[4:6]] == ["ImprovementNoticeIssued", "DeadlineScheduled"]

    result = await verify(pool)

    assert len(result.broken) == 1
    assert (result.broken[0].stream_id, result.broken[0].version) == (target, 5)
    assert result.broken[0].event_id != str(v5["event_id"])
    assert result.broken[0].position == reordered[4].position


async def test_verify_one_stream_checks_only_that_stream(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    interventions = await three_streams(store)
    tampered, intact = interventions[0].stream_id, interventions[1].stream_id
    await behind_the_stores_back(
        database_url,
        (
            "UPDATE events SET actor_role = 'viewer' WHERE stream_id = $1 AND version = 1",
            (tampered,),
        ),
    )

    one = await verify(pool, intact)
    assert (one.ok, one.streams, one.events) == (True, 1, interventions[1].version)
    other = await verify(pool, tampered)
    assert (other.streams, other.events) == (1, interventions[0].version)
    assert [(b.stream_id, b.version) for b in other.broken] == [(tampered, 1)]


async def test_verify_finds_the_last_event_of_a_stream_removed(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    # No chain can show a missing tail; the stream's head, which it no longer reaches, can.
    interventions = await three_streams(store)
    victim = interventions[0]
    await behind_the_stores_back(
        database_url,
        (
            "DELETE FROM events WHERE stream_id = $1 AND version = $2",
            (victim.stream_id, victim.version),
        ),
    )

    result = await verify(pool)

    missing = BrokenEvent(
        stream_id=victim.stream_id,
        version=victim.version,
        position=None,
        event_id=None,
        reason=f"version {victim.version} is missing: the stream's head is at version "
        f"{victim.version}, its chain ends at {victim.version - 1}",
    )
    assert result.broken == [missing]
    assert (await verify(pool, victim.stream_id)).broken == [missing]
    for other in interventions[1:]:
        assert (await verify(pool, other.stream_id)).ok


async def test_verify_finds_the_last_events_removed_and_the_last_one_forged(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    """Every event of one stream removed; the last event of another replaced by a forgery whose
    hash is right for its content and the chain before it."""
    interventions = await three_streams(store)
    emptied, forged = interventions[0], interventions[1]
    last = (await store.read_stream(forged.stream_id))[-1]
    forgery = {**last.data, "note": "added later"}
    content = canonical_bytes(
        position=last.position,
        stream_id=last.stream_id,
        version=last.version,
        event_id=last.event_id,
        type=last.type,
        effective_on=last.effective_on,
        recorded_at=last.recorded_at,
        actor_name=last.actor.name,
        actor_role=last.actor.role.value,
        data=forgery,
    )
    previous = (await store.read_stream(forged.stream_id))[-2].hash
    await behind_the_stores_back(
        database_url,
        ("DELETE FROM events WHERE stream_id = $1", (emptied.stream_id,)),
        (
            "UPDATE events SET data = $2::jsonb, hash = $3 WHERE stream_id = $1 AND version = $4",
            (forged.stream_id, json.dumps(forgery), chain_hash(previous, content), last.version),
        ),
    )

    result = await verify(pool)

    assert [(b.stream_id, b.version, b.reason) for b in result.broken] == sorted(
        [
            (
                emptied.stream_id,
                1,
                f"version 1 is missing: the stream's head is at version {emptied.version}, "
                "its chain ends at 0",
            ),
            (forged.stream_id, forged.version, "its hash is not the one the stream's head holds"),
        ]
    )
    assert result.streams == 3
    assert not (await verify(pool, emptied.stream_id)).ok
    assert (await verify(pool, interventions[2].stream_id)).ok


async def test_verify_finds_two_events_swapped_in_the_global_order(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    interventions = await three_streams(store)
    first = await row_at(pool, interventions[0].stream_id, 2)
    second = await row_at(pool, interventions[1].stream_id, 2)
    await behind_the_stores_back(
        database_url,
        ("UPDATE events SET position = -1 WHERE position = $1", (first["position"],)),
        (
            "UPDATE events SET position = $1 WHERE position = $2",
            (first["position"], second["position"]),
        ),
        ("UPDATE events SET position = $1 WHERE position = -1", (second["position"],)),
    )

    result = await verify(pool)

    assert {(b.stream_id, b.version) for b in result.broken} == {
        (interventions[0].stream_id, 2),
        (interventions[1].stream_id, 2),
    }
