"""The delivery ledger: which notifications a mail server or a webhook has already taken.

A key names one delivery: the deadline (intervention, milestone, number, due date), the rung
(kind and level), the channel and the recipient. `claim` inserts the key in a transaction that
stays open while the message is handed over and commits only once it was taken: a failed
hand-over leaves no row, so the retry sends it; a second attempt running at the same time waits
on the row, then finds it and skips. One window remains, a crash after the server took the
message and before the commit: the retry sends it again, with the same Message-ID, which mail
clients and servers use to drop the copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

import asyncpg

from activities.models import Notification
from eventstore.errors import DatabaseUnavailableError


def delivery_key(intervention_id: str, note: Notification, channel: str, address: str) -> str:
    parts = (
        intervention_id,
        note.milestone,
        "" if note.number is None else str(note.number),
        note.due.isoformat() if note.due else "",
        note.kind,
        "" if note.level is None else str(note.level),
        note.to,
        channel,
        address.lower() if channel == "email" else address,
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class DeliveryLedger:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @asynccontextmanager
    async def claim(
        self, key: str, stream_id: str, channel: str, event_id: str
    ) -> AsyncIterator[bool]:
        """Yields True when this delivery is still to make; the claim is kept only if the
        block completes."""
        try:
            async with self.pool.acquire() as con, con.transaction():
                inserted = await con.fetchval(
                    """INSERT INTO notification_deliveries
                           (delivery_key, stream_id, channel, event_id)
                       VALUES ($1, $2, $3, $4) ON CONFLICT (delivery_key) DO NOTHING
                       RETURNING true""",
                    key,
                    stream_id,
                    channel,
                    UUID(event_id),
                )
                yield bool(inserted)
        except (asyncpg.PostgresConnectionError, OSError) as error:
            raise DatabaseUnavailableError(
                f"cannot record the {channel} delivery for {stream_id}: {error}"
            ) from error

    async def regime_of(self, intervention_id: str) -> tuple[str | None, int | None]:
        """The intervention's regime and its version; (None, None) before it is stored."""
        row = await self.pool.fetchrow(
            """SELECT regime, (state->>'regime_version')::int AS version
               FROM interventions WHERE stream_id = $1""",
            intervention_id,
        )
        return (row["regime"], row["version"]) if row else (None, None)
