"""A writer keeps its statements' connections while appends keep coming, and hands each back to
the pool once it has been idle, or at once when its statement failed."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from eventstore.kept import KeptConnections


def backend(con: asyncpg.Connection) -> int:
    return con.get_server_pid()


async def test_the_next_statement_takes_the_connection_kept_by_the_last(
    pool: asyncpg.Pool,
) -> None:
    kept = KeptConnections(pool, idle=0.5)
    free = pool.get_idle_size()
    async with kept.connection() as first:
        used = backend(first)
    # Kept, not handed back to the pool.
    assert pool.get_idle_size() == free - 1

    async with kept.connection() as second:
        assert backend(second) == used
        assert pool.get_idle_size() == free - 1


async def one_kept(pool: asyncpg.Pool) -> None:
    """A connection used once, kept for 50 ms."""
    async with KeptConnections(pool, idle=0.05).connection():
        pass


async def test_a_connection_idle_for_long_enough_goes_back_to_the_pool(
    pool: asyncpg.Pool,
) -> None:
    await one_kept(pool)
    held = pool.get_idle_size()

    await asyncio.sleep(0.3)
    assert pool.get_idle_size() == held + 1


async def test_a_pool_closing_waits_only_until_its_kept_connection_is_idle(
    pool: asyncpg.Pool,
) -> None:
    await one_kept(pool)

    async with asyncio.timeout(5):
        await pool.close()


async def test_a_failed_statement_hands_its_connection_back_at_once(pool: asyncpg.Pool) -> None:
    kept = KeptConnections(pool, idle=0.5)
    free = pool.get_idle_size()
    with pytest.raises(asyncpg.UndefinedTableError):
        async with kept.connection() as con:
            await con.execute("SELECT * FROM no_such_table")

    assert pool.get_idle_size() == free
    # The next statement takes a connection from the pool, none being kept.
    async with kept.connection():
        assert pool.get_idle_size() == free - 1
