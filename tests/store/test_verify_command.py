"""`intervention verify`, as a person runs it, on a log changed behind the store's back: an
altered, removed or reordered event makes it exit 1 and name the place; an intact log, 0."""

from __future__ import annotations

import asyncpg
import pytest
from typer.testing import Result

from eventstore import EventStore
from tests.command_line import invoke
from tests.store.test_verify import behind_the_stores_back, row_at, three_streams


async def verify_command(database_url: str, *args: str) -> Result:
    return await invoke(["verify", *args], {"DATABASE_URL": database_url, "COLUMNS": "250"})


async def test_an_intact_log_verifies(store: EventStore, database_url: str) -> None:
    interventions = await three_streams(store)

    everything = await verify_command(database_url)
    one = await verify_command(database_url, interventions[0].stream_id)

    assert everything.exit_code == 0, everything.output
    total = sum(i.version for i in interventions)
    assert f"OK: {total} events in 3 streams verified" in everything.output
    assert one.exit_code == 0, one.output
    assert f"OK: {interventions[0].version} events in 1 stream verified" in one.output


async def test_a_mistyped_id_is_not_verified(store: EventStore, database_url: str) -> None:
    """Nothing to verify is not a verified chain: an id with no stream is said to be unknown,
    with a non-zero exit, not "OK: 0 events"."""
    await three_streams(store)

    result = await verify_command(database_url, "intervention-nope")

    assert result.exit_code == 1
    assert "no intervention 'intervention-nope' in the event store" in result.output


async def test_a_stream_emptied_behind_the_stores_back_is_broken(
    store: EventStore, database_url: str
) -> None:
    """Its head remains: every event of it removed is a broken chain, not an unknown id."""
    target = (await three_streams(store))[0]
    await behind_the_stores_back(
        database_url, ("DELETE FROM events WHERE stream_id = $1", (target.stream_id,))
    )

    result = await verify_command(database_url, target.stream_id)

    assert result.exit_code == 1
    assert f"BROKEN {target.stream_id}" in result.output


THIRD = "WHERE stream_id = $1 AND version = 3"
LAST = "WHERE stream_id = $1 AND version = (SELECT max(version) FROM events WHERE stream_id = $1)"
TAMPERING = {
    "altered": (
        [f'UPDATE events SET data = data || \'{{"note": "added later"}}\'::jsonb {THIRD}'],
        "BROKEN {stream} version 3 (position {third}, event {event_id}): its hash does not match",
    ),
    "removed": (
        [f"DELETE FROM events {THIRD}"],
        "BROKEN {stream} version 3: version 3 is missing: the chain jumps to 4",
    ),
    "reordered": (
        # Versions are unique: the swap goes through a free number.
        [
            "UPDATE events SET version = 1000 WHERE stream_id = $1 AND version = 3",
            "UPDATE events SET version = 3 WHERE stream_id = $1 AND version = 4",
            "UPDATE events SET version = 4 WHERE stream_id = $1 AND version = 1000",
        ],
        "BROKEN {stream} version 3",
    ),
}


@pytest.mark.parametrize("change", list(TAMPERING))
async def test_a_changed_event_fails_verify_naming_it(
    store: EventStore, pool: asyncpg.Pool, database_url: str, change: str
) -> None:
    interventions = await three_streams(store)
    target = interventions[1]
    third = await row_at(pool, target.stream_id, 3)
    last = await row_at(pool, target.stream_id, target.version)
    statements, reported = TAMPERING[change]
    await behind_the_stores_back(database_url, *((sql, (target.stream_id,)) for sql in statements))

    everything = await verify_command(database_url)
    one = await verify_command(database_url, target.stream_id)

    expected = reported.format(
        stream=target.stream_id,
        third=third["position"],
        event_id=third["event_id"],
        last=last["position"],
    )
    for result in (everything, one):
        assert result.exit_code == 1, result.output
        assert expected in result.output


async def removed_last_event(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> tuple[str, int]:
    """Three streams, the middle one's last event removed: its stream id and last version."""
    target = (await three_streams(store))[1]
    await behind_the_stores_back(database_url, (f"DELETE FROM events {LAST}", (target.stream_id,)))
    return target.stream_id, target.version


def removed_last(stream_id: str, version: int) -> str:
    return (
        f"BROKEN {stream_id} version {version}: version {version} is missing: the stream's head "
        f"is at version {version}, its chain ends at {version - 1}"
    )


async def test_the_last_event_removed_fails_verify_of_the_whole_log(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    # No chain shows a missing tail; the stream's head, which the chain no longer reaches, does.
    stream_id, version = await removed_last_event(store, pool, database_url)

    result = await verify_command(database_url)

    assert result.exit_code == 1, result.output
    assert removed_last(stream_id, version) in result.output


async def test_the_last_event_removed_fails_verify_of_that_stream(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    stream_id, version = await removed_last_event(store, pool, database_url)

    result = await verify_command(database_url, stream_id)

    assert result.exit_code == 1, result.output
    assert removed_last(stream_id, version) in result.output
