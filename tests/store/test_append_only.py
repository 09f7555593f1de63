"""The events table is append-only: the trigger rejects UPDATE, DELETE and TRUNCATE."""

from __future__ import annotations

import asyncpg
import pytest

from eventstore import EventStore
from tests.store.scenario import escalated_on_time

STATEMENTS = {
    "update-data": "UPDATE events SET data = '{}'::jsonb WHERE stream_id = $1 AND version = 3",
    "update-type": "UPDATE events SET type = 'DeadlineMet' WHERE stream_id = $1 AND version = 3",
    "update-all": "UPDATE events SET actor_name = 'someone else' WHERE stream_id = $1",
    "delete-one": "DELETE FROM events WHERE stream_id = $1 AND version = 3",
    "delete-all": "DELETE FROM events WHERE stream_id = $1",
    "truncate": "TRUNCATE events",
    "truncate-cascade": "TRUNCATE events CASCADE",
}
OPERATION = {"update": "UPDATE", "delete": "DELETE", "truncate": "TRUNCATE"}


@pytest.mark.parametrize("statement", list(STATEMENTS))
async def test_changing_the_log_is_rejected_by_the_trigger(
    store: EventStore, pool: asyncpg.Pool, database_url: str, statement: str
) -> None:
    intervention = escalated_on_time()
    await intervention.flush(store)
    before = await pool.fetch("SELECT * FROM events ORDER BY position")
    sql = STATEMENTS[statement]
    args = (intervention.stream_id,) if "$1" in sql else ()

    # A plain connection, as the table's owner and a superuser: the trigger holds even so.
    con = await asyncpg.connect(database_url)
    try:
        with pytest.raises(asyncpg.PostgresError, match="append-only") as caught:
            await con.execute(sql, *args)
    finally:
        await con.close()

    assert isinstance(caught.value, asyncpg.InsufficientPrivilegeError)
    assert f"{OPERATION[statement.split('-')[0]]} on events is not allowed" in str(caught.value)
    assert await pool.fetch("SELECT * FROM events ORDER BY position") == before
    assert len(before) == 19


async def test_rejected_change_inside_a_transaction_leaves_the_row_unchanged(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = escalated_on_time()
    await intervention.flush(store)
    row = await pool.fetchrow(
        "SELECT * FROM events WHERE stream_id = $1 AND version = 3", intervention.stream_id
    )
    assert row is not None

    async with pool.acquire() as con:
        with pytest.raises(asyncpg.PostgresError, match="append-only"):
            async with con.transaction():
                await con.execute(
                    "UPDATE events SET effective_on = effective_on + 1 WHERE position = $1",
                    row["position"],
                )
        with pytest.raises(asyncpg.PostgresError, match="append-only"):
            await con.execute("DELETE FROM events WHERE position = $1", row["position"])

    after = await pool.fetchrow("SELECT * FROM events WHERE position = $1", row["position"])
    assert after == row
    assert (await store.read_stream(intervention.stream_id))[2].to_domain() == (
        intervention.events[2]
    )
