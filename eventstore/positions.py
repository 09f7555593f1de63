"""Positions in the log, taken from the database's sequence a block at a time.

A position only has to be unique, and to rise with the versions of one append's events: the
log's order is (transaction id, position), so a block taken ahead keeps both, and the append
can chain its hashes, which cover the position, before it writes.
"""

from __future__ import annotations

from collections import deque

import asyncpg

BLOCK = 100
TAKE = """SELECT array_agg(position ORDER BY position)
          FROM (SELECT nextval('event_positions') AS position
                FROM generate_series(1, $1)) AS taken"""


class Positions:
    """The positions this process has taken and not yet used. Those left when it stops are
    never used: positions have gaps."""

    def __init__(self, pool: asyncpg.Pool, block: int = BLOCK) -> None:
        self._pool = pool
        self._block = block
        self._free: deque[int] = deque()

    async def take(self, count: int) -> list[int]:
        """`count` unused positions, in increasing order."""
        while len(self._free) < count:
            self._free.extend(await self._pool.fetchval(TAKE, max(count, self._block)))
        # Blocks taken at once by concurrent appends may interleave.
        return sorted(self._free.popleft() for _ in range(count))
