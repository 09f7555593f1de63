"""The append-only event store on PostgreSQL.

One stream per intervention. An append names the version it expects the stream to be at, and
carries a deterministic id for each event: a retried append of events already stored returns
what was stored and writes nothing, while a different writer at the same version gets a
`ConcurrencyError`. Projections are updated in the same transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
from pydantic import BaseModel, ConfigDict

from domain.events import Event, event_data, parse_event
from domain.values import Actor, Role
from eventstore.database import Connection
from eventstore.errors import ConcurrencyError, IdempotencyConflictError, StoreError
from eventstore.hashing import GENESIS, canonical_bytes, chain_hash
from eventstore.projections import project


class NewEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: UUID
    event: Event


class RecordedEvent(BaseModel):
    """An event as stored: its place in the stream and the log, and its hash."""

    model_config = ConfigDict(frozen=True)

    position: int
    stream_id: str
    version: int
    event_id: UUID
    type: str
    effective_on: date
    recorded_at: datetime
    actor: Actor
    data: dict[str, Any]
    hash: bytes

    def to_domain(self) -> Event:
        return parse_event(
            {
                **self.data,
                "type": self.type,
                "effective_on": self.effective_on,
                "recorded_at": self.recorded_at,
                "actor": self.actor,
            }
        )


class AppendResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    stream_id: str
    version: int  # the stream's version after the append
    last_position: int
    written: int  # 0 when every event was already stored (a retried append)


SELECT_EVENTS = """
    SELECT position, stream_id, version, event_id, type, effective_on, recorded_at,
           actor_name, actor_role, data, hash
    FROM events"""


def _recorded(row: asyncpg.Record) -> RecordedEvent:
    return RecordedEvent(
        position=row["position"],
        stream_id=row["stream_id"],
        version=row["version"],
        event_id=row["event_id"],
        type=row["type"],
        effective_on=row["effective_on"],
        recorded_at=row["recorded_at"],
        actor=Actor(name=row["actor_name"], role=Role(row["actor_role"])),
        data=row["data"],
        hash=bytes(row["hash"]),
    )


class EventStore:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def append(
        self, stream_id: str, expected_version: int, events: Sequence[NewEvent]
    ) -> AppendResult:
        if not events:
            raise ValueError("append needs at least one event")
        ids = [new.event_id for new in events]
        if len(set(ids)) != len(ids):
            repeated = next(event_id for event_id in ids if ids.count(event_id) > 1)
            raise IdempotencyConflictError(
                f"event id {repeated} appears twice in one append to {stream_id!r}; "
                "every event needs its own id"
            )
        try:
            async with self.pool.acquire() as con, con.transaction():
                stored = await self._already_stored(con, stream_id, expected_version, events)
                if stored is not None:
                    return stored
                return await self._write(con, stream_id, expected_version, events)
        except asyncpg.UniqueViolationError as error:
            # Either another writer took this version, or a concurrent retry of this very
            # append committed first; in the second case report what it wrote.
            async with self.pool.acquire() as con:
                stored = await self._already_stored(con, stream_id, expected_version, events)
            if stored is not None:
                return stored
            raise ConcurrencyError(
                stream_id, expected_version, await self.stream_version(stream_id)
            ) from error
        except asyncpg.PostgresError as error:
            raise StoreError(f"append to stream {stream_id!r} failed: {error}") from error

    async def _already_stored(
        self,
        con: Connection,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
    ) -> AppendResult | None:
        ids = [new.event_id for new in events]
        rows = await con.fetch(
            "SELECT event_id, stream_id, version, position FROM events WHERE event_id = ANY($1)",
            ids,
        )
        if not rows:
            return None
        found = {row["event_id"]: row for row in rows}
        for offset, event_id in enumerate(ids, start=1):
            row = found.get(event_id)
            if row is None or (row["stream_id"], row["version"]) != (
                stream_id,
                expected_version + offset,
            ):
                where = f"{row['stream_id']}@{row['version']}" if row else "nowhere"
                raise IdempotencyConflictError(
                    f"event {event_id} for {stream_id}@{expected_version + offset} is stored "
                    f"at {where}; an append must be retried with the same events"
                )
        return AppendResult(
            stream_id=stream_id,
            version=expected_version + len(ids),
            last_position=max(row["position"] for row in rows),
            written=0,
        )

    async def _write(
        self,
        con: Connection,
        stream_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
    ) -> AppendResult:
        head = await con.fetchrow(
            "SELECT version, hash FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1",
            stream_id,
        )
        actual = head["version"] if head else 0
        if actual != expected_version:
            raise ConcurrencyError(stream_id, expected_version, actual)
        last = await con.fetchval(
            "UPDATE event_position SET last = last + $1 RETURNING last", len(events)
        )
        first_position = last - len(events) + 1
        previous = bytes(head["hash"]) if head else GENESIS
        rows = []
        for offset, new in enumerate(events):
            event = new.event
            version = expected_version + offset + 1
            data = event_data(event)
            content = canonical_bytes(
                position=first_position + offset,
                stream_id=stream_id,
                version=version,
                event_id=new.event_id,
                type=event.type,
                effective_on=event.effective_on,
                recorded_at=event.recorded_at,
                actor_name=event.actor.name,
                actor_role=event.actor.role.value,
                data=data,
            )
            previous = chain_hash(previous, content)
            rows.append(
                (
                    first_position + offset,
                    stream_id,
                    version,
                    new.event_id,
                    event.type,
                    event.effective_on,
                    event.recorded_at,
                    event.actor.name,
                    event.actor.role.value,
                    data,
                    previous,
                )
            )
        await con.executemany(
            """INSERT INTO events (position, stream_id, version, event_id, type, effective_on,
                                   recorded_at, actor_name, actor_role, data, hash)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""",
            rows,
        )
        await project(con, stream_id, [new.event for new in events], last)
        return AppendResult(
            stream_id=stream_id,
            version=expected_version + len(events),
            last_position=last,
            written=len(events),
        )

    async def stream_version(self, stream_id: str) -> int:
        version = await self.pool.fetchval(
            "SELECT max(version) FROM events WHERE stream_id = $1", stream_id
        )
        return int(version or 0)

    async def read_stream(self, stream_id: str, from_version: int = 1) -> list[RecordedEvent]:
        rows = await self.pool.fetch(
            f"{SELECT_EVENTS} WHERE stream_id = $1 AND version >= $2 ORDER BY version",
            stream_id,
            from_version,
        )
        return [_recorded(row) for row in rows]

    async def read_all(
        self, after_position: int = 0, batch_size: int = 1000
    ) -> AsyncIterator[RecordedEvent]:
        """Every event in global order, from `after_position` on, in batches."""
        while True:
            rows = await self.pool.fetch(
                f"{SELECT_EVENTS} WHERE position > $1 ORDER BY position LIMIT $2",
                after_position,
                batch_size,
            )
            for row in rows:
                yield _recorded(row)
            if len(rows) < batch_size:
                return
            after_position = rows[-1]["position"]

    async def stream_ids(self) -> list[str]:
        rows = await self.pool.fetch("SELECT DISTINCT stream_id FROM events ORDER BY stream_id")
        return [row["stream_id"] for row in rows]
