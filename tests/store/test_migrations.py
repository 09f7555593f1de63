"""Migrations: applied once, recorded with checksums, safe when two processes start at once."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from domain.regimes import current_version
from eventstore import EventStore
from eventstore.database import create_pool
from eventstore.migrate import MIGRATION_LOCK, migrate, migration_files
from eventstore.rebuild import rebuild
from eventstore.verify import verify
from tests.store.scenario import (
    INSPECTION,
    PROJECTION_QUERIES,
    Intervention,
    at,
    direction_new_cycle,
    escalated_on_time,
    notice_to_closure,
    projection_rows,
    read_log,
    receipt_confirmed,
    wait_for_lock_waiters,
)

TABLES = {"events", "streams", "interventions", "deadlines", "escalations"}


@pytest.fixture
async def fresh(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the test's empty database, migrated by nobody yet."""
    con = await asyncpg.connect(database_url)
    try:
        yield con
    finally:
        await con.close()


async def tables(db: asyncpg.Pool | asyncpg.Connection) -> set[str]:
    rows = await db.fetch("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {row["tablename"] for row in rows}


def names() -> list[str]:
    return [name for name, _ in migration_files()]


def test_the_migration_files_are_found_in_order() -> None:
    found = names()
    assert found[:2] == ["001_events.sql", "002_projections.sql"]
    assert found == sorted(found)
    assert all(sql.strip() for _, sql in migration_files())


async def test_migrations_are_recorded_in_schema_migrations(pool: asyncpg.Pool) -> None:
    rows = await pool.fetch(
        "SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name"
    )

    assert [row["name"] for row in rows] == names()
    expected = {name: hashlib.sha256(sql.encode()).hexdigest() for name, sql in migration_files()}
    assert {row["name"]: row["checksum"] for row in rows} == expected
    assert all(row["applied_at"] is not None for row in rows)
    assert await tables(pool) >= TABLES | {"schema_migrations"}


async def test_migrating_twice_applies_nothing_the_second_time(
    fresh: asyncpg.Connection,
) -> None:
    assert await tables(fresh) == set()

    first = await migrate(fresh)
    recorded = await fresh.fetch("SELECT * FROM schema_migrations ORDER BY name")
    second = await migrate(fresh)

    assert first == names()
    assert second == []
    assert await fresh.fetch("SELECT * FROM schema_migrations ORDER BY name") == recorded
    assert await tables(fresh) >= TABLES
    assert await fresh.fetchval("SELECT nextval('event_positions')") == 1
    triggers = await fresh.fetch(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'events'::regclass AND NOT tgisinternal"
    )
    assert {row["tgname"] for row in triggers} == {
        "events_no_update",
        "events_no_delete",
        "events_no_truncate",
    }


@pytest.mark.parametrize("forced_race", [False, True], ids=["gather", "both-waiting"])
async def test_two_concurrent_migrations_on_a_fresh_database_both_succeed(
    database_url: str, fresh: asyncpg.Connection, forced_race: bool
) -> None:
    first, second = await asyncpg.connect(database_url), await asyncpg.connect(database_url)
    try:
        if forced_race:
            # Both processes are inside migrate() and waiting before either creates anything.
            await fresh.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
            tasks = [asyncio.create_task(migrate(first)), asyncio.create_task(migrate(second))]
            await wait_for_lock_waiters(fresh, 2)
            await fresh.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
            outcomes = list(await asyncio.gather(*tasks, return_exceptions=True))
        else:
            outcomes = list(
                await asyncio.gather(migrate(first), migrate(second), return_exceptions=True)
            )
    finally:
        await first.close()
        await second.close()

    applied = [o for o in outcomes if isinstance(o, list)]
    assert len(applied) == 2, outcomes
    assert sorted(applied, key=len) == [[], names()]
    rows = await fresh.fetch("SELECT name FROM schema_migrations ORDER BY name")
    assert [row["name"] for row in rows] == names()
    assert await fresh.fetchval("SELECT count(*) FROM streams") == 0
    assert await migrate(fresh) == []


async def test_an_applied_migration_that_changed_is_refused(fresh: asyncpg.Connection) -> None:
    await migrate(fresh)
    await fresh.execute(
        "UPDATE schema_migrations SET checksum = 'edited' WHERE name = '002_projections.sql'"
    )

    with pytest.raises(RuntimeError, match=r"002_projections\.sql changed after it was applied"):
        await migrate(fresh)

    row = await fresh.fetchrow(
        "SELECT checksum FROM schema_migrations WHERE name = '002_projections.sql'"
    )
    assert row is not None
    assert row["checksum"] == "edited"


# Three interventions appended by the store as it was at migration 008 (positions from a
# counter row, the state kept on the intervention's row), each table as COPY wrote it.
STORE_AT_008 = Path(__file__).parent / "data" / "store-at-008"
AUTHORITIES = tuple(f"Upgraded Borough {n} Council" for n in range(3))


async def store_at_008(con: asyncpg.Connection) -> dict[str, list[dict[str, Any]]]:
    """The fixture's database as the store left it at 008; its read models, as they were."""
    await migrate(con, [(name, sql) for name, sql in migration_files() if name < "009"])
    await con.execute("DELETE FROM event_position")
    for table in ("events", "event_position", "interventions", "deadlines", "escalations"):
        await con.copy_to_table(table, source=STORE_AT_008 / f"{table}.tsv")
    return {
        table: [dict(row) for row in await con.fetch(query)]
        for table, query in PROJECTION_QUERIES.items()
    }


def without_state(row: dict[str, Any]) -> dict[str, Any]:
    """A read-model row as migrations 009, 010 and 012 leave it: the state's regime version and
    contacts in columns, whether a receipt is unconfirmed, and the state, the version and the
    last position gone."""
    if "state" not in row:
        return row
    state = json.loads(row["state"])
    kept = {k: v for k, v in row.items() if k not in ("state", "version", "last_position")}
    return kept | {
        "regime_version": state["regime_version"],
        "contacts": state["contacts"],
        # 010: whether a report's day of receipt is still assumed, as the state says.
        "receipt_unconfirmed": any(r["received_assumed"] for r in state.get("reports", [])),
    }


async def test_a_store_written_at_008_upgrades_in_place(
    fresh: asyncpg.Connection, database_url: str
) -> None:
    before = await store_at_008(fresh)
    stored = await fresh.fetch("SELECT * FROM events ORDER BY position")

    assert await migrate(fresh) == [name for name in names() if name >= "009"]

    pool = await create_pool(database_url)
    try:
        store = EventStore(pool)
        # Every chain verifies, and ends on the head the migration gave its stream.
        checked = await verify(pool)
        assert (checked.ok, checked.streams, checked.events) == (True, 3, len(stored))
        heads = await pool.fetch("SELECT stream_id, version, hash FROM streams ORDER BY stream_id")
        last = {row["stream_id"]: row for row in stored}
        assert [tuple(head) for head in heads] == [
            (stream_id, last[stream_id]["version"], last[stream_id]["hash"])
            for stream_id in sorted(last)
        ]
        # The read models are as they were, but for the state they no longer keep: what was
        # read from it has columns of its own.
        assert await projection_rows(pool) == {
            table: [without_state(row) for row in rows] for table, rows in before.items()
        }
        # The old log is read first, in the order it was written.
        log = await read_log(store, len(stored))
        assert [(e.transaction_id, e.position) for e in log] == [
            (0, row["position"]) for row in stored
        ]

        # The streams are those the scenarios decide, and go on from where they were.
        interventions = [
            make(authority)
            for make, authority in zip(
                (escalated_on_time, direction_new_cycle, notice_to_closure),
                AUTHORITIES,
                strict=True,
            )
        ]
        for intervention in interventions:
            recorded = await store.read_stream(intervention.stream_id)
            assert [e.to_domain() for e in recorded] == intervention.events
            intervention.appended = intervention.version
        going_on = interventions[0]
        going_on.record("improvement_board_established", date(2023, 7, 10), at(2023, 7, 11))
        result = await going_on.flush(store)

        new = going_on.batches[-1]
        assert result.written == len(new) == 2
        assert result.last_position > max(row["position"] for row in stored)
        assert (await verify(pool)).ok
        after = await read_log(store, 2, after=log[-1].cursor)
        assert [e.to_domain() for e in after] == new
        assert {e.stream_id for e in after} == {going_on.stream_id}
        assert all(e.transaction_id > 0 for e in after)
        inline = await projection_rows(pool)
        await rebuild(pool)
        assert await projection_rows(pool) == inline
    finally:
        await pool.close()


async def test_the_unconfirmed_receipts_are_found_in_the_log(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    """Migration 010 marks the interventions whose receipt is still assumed from their events,
    as the state would: one assumed and never confirmed, one confirmed, one given at opening."""
    unknown = INSPECTION.model_copy(update={"received_on": None})
    version = current_version("ilacs")
    assumed = Intervention.open(inspection=unknown, regime_version=version)
    confirmed = receipt_confirmed()
    given = Intervention.open(regime_version=version)
    await asyncio.gather(*(i.flush(store) for i in (assumed, confirmed, given)))
    # As the rows were before 010 added the column.
    await pool.execute("UPDATE interventions SET receipt_unconfirmed = false")
    migration = dict(migration_files())["010_receipt_unconfirmed.sql"]

    await pool.execute(migration[migration.index("UPDATE") :])

    marked = dict(await pool.fetch("SELECT stream_id, receipt_unconfirmed FROM interventions"))
    assert marked == {
        assumed.stream_id: True,
        confirmed.stream_id: False,
        given.stream_id: False,
    }
