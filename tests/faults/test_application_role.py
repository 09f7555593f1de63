"""By default the worker writes to the store as the application's role, which may read and
append events and nothing more; the embedded server's superuser owns the schema."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from eventstore.database import EMBEDDED_DATABASE, create_pool
from eventstore.roles import APP_ROLE, with_user
from tests.faults.load import Load, assert_exact_record
from tests.faults.stack import FaultStack


async def test_the_worker_appends_as_the_application_role_by_default(stack: FaultStack) -> None:
    task_queue = f"role-{uuid.uuid4().hex[:8]}"
    # No DATABASE_URL: the embedded default, here the fault suite's own server.
    await stack.worker("role", stack.worker_env(None, task_queue)).started()
    owner_url = stack.postgres.url(EMBEDDED_DATABASE)
    load = Load.of(stack.client, task_queue, [f"Role Council {task_queue[-8:]}"])
    owner = await create_pool(owner_url)
    try:
        await load.start()
        await load.opened(owner)
        await asyncio.gather(*load.record_all())
        await assert_exact_record(owner, load.expected())
    finally:
        load.cancel()
        await owner.close()

    alone = await asyncpg.connect(owner_url)
    try:
        # Every session on the database but this one is the worker's.
        sessions = await alone.fetch(
            "SELECT DISTINCT usename FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert [row["usename"] for row in sessions] == [APP_ROLE]
    finally:
        await alone.close()
    app = await asyncpg.connect(with_user(owner_url, APP_ROLE))
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="events"):
            await app.execute("DELETE FROM events")
    finally:
        await app.close()
