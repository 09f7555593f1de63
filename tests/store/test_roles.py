"""The application's database role may read and append events, never change or remove one,
whatever the state of the append-only trigger: a separate owner holds the schema."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from eventstore import EventStore
from eventstore.database import StoreUrls, connect_store, create_pool, store_urls
from eventstore.errors import StoreError
from eventstore.rebuild import rebuild
from eventstore.roles import APP_ROLE
from eventstore.verify import verify
from tests.store.scenario import escalated_on_time
from tests.store.test_append_only import STATEMENTS

PASSWORD = "app-login-secret"


def as_login(url: str, user: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{host}"))


@pytest.fixture
async def app_url(postgres_server_url: str, database_url: str) -> AsyncIterator[str]:
    """A login of the application's own, as an operator would create it for DATABASE_URL."""
    login = f"app_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(postgres_server_url)
    try:
        await admin.execute(f"CREATE ROLE {login} LOGIN PASSWORD '{PASSWORD}'")
        yield as_login(database_url, login, PASSWORD)
    finally:
        await admin.execute(f"DROP ROLE IF EXISTS {login}")
        await admin.close()


@pytest.fixture
async def app_pool(app_url: str, database_url: str) -> AsyncIterator[asyncpg.Pool]:
    """The application's pool, the schema migrated by its owner (the test server's superuser)."""
    pool = await connect_store(StoreUrls(app_url, owner_url=database_url))
    try:
        yield pool
    finally:
        await pool.close()


async def test_the_application_login_acts_as_the_application_role(
    app_pool: asyncpg.Pool, app_url: str
) -> None:
    user = await app_pool.fetchval("SELECT current_user")
    assert user == urlsplit(app_url).username
    assert await app_pool.fetchval("SELECT pg_has_role($1, $2, 'MEMBER')", user, APP_ROLE)
    owner = await app_pool.fetchval("SELECT tableowner FROM pg_tables WHERE tablename = 'events'")
    assert owner != user


async def test_the_application_appends_rebuilds_and_verifies(app_pool: asyncpg.Pool) -> None:
    intervention = escalated_on_time()
    await intervention.flush(EventStore(app_pool))
    stored = await EventStore(app_pool).read_stream(intervention.stream_id)
    projected = await app_pool.fetch("SELECT * FROM deadlines ORDER BY key")

    rebuilt = await rebuild(app_pool)

    assert [e.to_domain() for e in stored] == intervention.events
    assert rebuilt.events == len(stored)
    assert await app_pool.fetch("SELECT * FROM deadlines ORDER BY key") == projected
    assert (await verify(app_pool)).ok


@pytest.mark.parametrize("statement", list(STATEMENTS))
async def test_changing_the_log_is_refused_to_the_application_even_without_the_trigger(
    app_pool: asyncpg.Pool, database_url: str, statement: str
) -> None:
    intervention = escalated_on_time()
    await intervention.flush(EventStore(app_pool))
    before = await app_pool.fetch("SELECT * FROM events ORDER BY position")
    owner = await asyncpg.connect(database_url)
    try:
        # The owner switches the append-only trigger off, as a migration or a slip might.
        await owner.execute("ALTER TABLE events DISABLE TRIGGER USER")
        sql = STATEMENTS[statement]
        args = (intervention.stream_id,) if "$1" in sql else ()
        async with app_pool.acquire() as con:
            with pytest.raises(asyncpg.InsufficientPrivilegeError) as refused:
                await con.execute(sql, *args)
    finally:
        await owner.execute("ALTER TABLE events ENABLE TRIGGER USER")
        await owner.close()

    assert "permission denied for table events" in str(refused.value)
    assert await app_pool.fetch("SELECT * FROM events ORDER BY position") == before


@pytest.mark.parametrize(
    "sql",
    [
        "ALTER TABLE events DISABLE TRIGGER USER",
        "DROP TRIGGER events_no_update ON events",
        # Removing a head would hide the removal of its stream's last events.
        "DELETE FROM streams",
        "TRUNCATE streams",
        # Setting the positions back would hand out positions already taken.
        "SELECT setval('event_positions', 1)",
        "ALTER SEQUENCE event_positions RESTART",
        "UPDATE schema_migrations SET checksum = 'edited'",
        "DELETE FROM schema_migrations",
        "DROP TABLE events",
    ],
)
async def test_the_application_cannot_unlock_the_log(app_pool: asyncpg.Pool, sql: str) -> None:
    async with app_pool.acquire() as con:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await con.execute(sql)


async def test_roles_are_set_up_again_on_every_start(app_url: str, database_url: str) -> None:
    """A second process starting (or a restart) finds everything in place and changes nothing."""
    first = await connect_store(StoreUrls(app_url, owner_url=database_url))
    second = await connect_store(StoreUrls(app_url, owner_url=database_url))
    try:
        privileges = "SELECT privilege_type FROM information_schema.role_table_grants "
        privileges += "WHERE grantee = $1 AND table_name = $2 ORDER BY privilege_type"
        assert [r[0] for r in await second.fetch(privileges, APP_ROLE, "events")] == [
            "INSERT",
            "SELECT",
        ]
        assert [r[0] for r in await second.fetch(privileges, APP_ROLE, "streams")] == [
            "INSERT",
            "SELECT",
            "UPDATE",
        ]
    finally:
        await first.close()
        await second.close()


async def test_the_application_login_alone_cannot_migrate(app_url: str) -> None:
    with pytest.raises(StoreError) as refused:
        await create_pool(app_url)

    assert "may not migrate the schema" in str(refused.value)
    assert "INTERVENTION_DATABASE_OWNER_URL" in str(refused.value)
    assert PASSWORD not in str(refused.value)


async def test_a_login_that_owns_the_log_is_refused(database_url: str) -> None:
    # The owner cannot be the application too: no privilege holds an owner back.
    with pytest.raises(StoreError, match="owns the events table"):
        await connect_store(StoreUrls(database_url, owner_url=database_url))


def test_an_owner_without_an_application_login_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as refused:
        store_urls(tmp_path, None, "postgresql://owner:secret@db/intervention")

    assert "INTERVENTION_DATABASE_OWNER_URL is set but DATABASE_URL is not" in str(refused.value)
    assert "secret" not in str(refused.value)
