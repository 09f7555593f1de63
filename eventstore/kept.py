"""Connections a writer keeps from one statement to the next.

Handing a connection back to the pool and taking it again for the next statement, a moment
later, costs about as much Python as building the statement itself: the pool's bookkeeping,
two tasks and their callbacks. While appends keep coming, a writer keeps the connections of
its statements; one not used again for `idle` seconds goes back to the pool, so that an idle
writer holds none and a pool closing waits no longer than that.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from asyncpg.pool import PoolConnectionProxy

# Appends come a few milliseconds apart while a workflow or a batch writes; longer than that,
# and the connection is better back in the pool for the readers.
IDLE = 0.01


class KeptConnections:
    def __init__(self, pool: asyncpg.Pool, idle: float = IDLE) -> None:
        self._pool = pool
        self._idle = idle
        self._kept: list[tuple[PoolConnectionProxy, float]] = []  # with when each was kept
        self._timer: asyncio.TimerHandle | None = None
        self._handing_back: set[asyncio.Task[None]] = set()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[PoolConnectionProxy]:
        """The connection kept last, else one from the pool. It is kept again only if the
        block succeeds: after a failure it goes back to the pool, which closes it if broken."""
        con: PoolConnectionProxy = self._kept.pop()[0] if self._kept else await self._pool.acquire()
        try:
            yield con
        except BaseException:
            await self._pool.release(con)
            raise
        self._keep(con)

    def _keep(self, con: PoolConnectionProxy) -> None:
        loop = asyncio.get_running_loop()
        self._kept.append((con, loop.time()))
        if self._timer is None:
            self._timer = loop.call_at(self._kept[0][1] + self._idle, self._hand_back_idle)

    def _hand_back_idle(self) -> None:
        """Hand back the connections kept `idle` seconds unused; watch the rest."""
        self._timer = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        for con, _ in [kept for kept in self._kept if now - kept[1] >= self._idle]:
            task = loop.create_task(self._pool.release(con))
            self._handing_back.add(task)
            task.add_done_callback(self._handing_back.discard)
        self._kept = [kept for kept in self._kept if now - kept[1] < self._idle]
        if self._kept:
            self._timer = loop.call_at(self._kept[0][1] + self._idle, self._hand_back_idle)
