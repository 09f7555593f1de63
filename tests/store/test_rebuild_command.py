"""`intervention rebuild`, as a person runs it: read models lost or changed by hand are made
again from the log, the same as the appends wrote them."""

from __future__ import annotations

import asyncpg

from eventstore import EventStore
from tests.command_line import invoke
from tests.store.scenario import projection_rows
from tests.store.test_verify import three_streams


async def test_the_read_models_are_made_again_from_the_log(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    interventions = await three_streams(store)
    written = await projection_rows(pool)
    await pool.execute("DELETE FROM deadlines")
    await pool.execute("UPDATE interventions SET missed_deadlines = 99")

    result = await invoke(["rebuild"], {"DATABASE_URL": database_url, "COLUMNS": "250"})

    assert result.exit_code == 0, result.output
    total = sum(i.version for i in interventions)
    assert f"Rebuilt 3 interventions from {total:,} events" in result.output
    assert await projection_rows(pool) == written
