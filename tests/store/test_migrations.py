"""Migrations: applied once, recorded with checksums, safe when two processes start at once."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator

import asyncpg
import pytest

from eventstore.migrate import MIGRATION_LOCK, migrate, migration_files
from tests.store.scenario import wait_for_lock_waiters

TABLES = {"events", "event_position", "interventions", "deadlines", "escalations"}


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
    assert await fresh.fetchval("SELECT last FROM event_position") == 0
    assert await fresh.fetchval("SELECT count(*) FROM event_position") == 1
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
    assert await fresh.fetchval("SELECT count(*) FROM event_position") == 1
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
