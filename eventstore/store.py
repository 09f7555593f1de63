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
from domain.state import InterventionState
from domain.values import Actor, Role
from eventstore.database import Connection
from eventstore.errors import (
    ConcurrencyError,
    DatabaseUnavailableError,
    IdempotencyConflictError,
    StoreError,
)
from eventstore.hashing import CONTENT_COLUMNS, GENESIS, content_around_position
from eventstore.projections import columns_of, project, projection_writes, unnest


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


PEEK = """
    SELECT head.version, head.hash, i.state,
           EXISTS (SELECT 1 FROM events WHERE event_id = ANY($2)) AS stored
    FROM (SELECT $1::text AS stream_id) s
    LEFT JOIN LATERAL (SELECT version, hash FROM events WHERE stream_id = s.stream_id
                       ORDER BY version DESC LIMIT 1) head ON true
    LEFT JOIN interventions i ON i.stream_id = s.stream_id"""

# An event as the append sends it: everything but its position and hash, which the database
# adds, with its canonical content cut where the position goes (`content_around_position`).
PENDING_COLUMNS = tuple(column for column in CONTENT_COLUMNS if column != "position")
PENDING_TYPES = (
    "text",
    "integer",
    "uuid",
    "text",
    "date",
    "timestamptz",
    "text",
    "text",
    "jsonb",
    "bytea",
    "bytea",
)
EVENT_COLUMNS = ("position", *PENDING_COLUMNS, "hash")
_INTERVENTION, _DEADLINES, _ESCALATIONS = projection_writes(
    len(PENDING_TYPES) + 3, last_position="(SELECT first - 1 + $1 FROM counter)"
)
# The whole append in one statement, so the global position counter, whose row lock serialises
# every append until commit, is held for one round trip. It takes the positions, chains each
# hash to the one before (sha256 of the previous hash and the content, as `chain_hash`), writes
# the events and every projection row they change. A unique violation fails all of it.
# $1: how many events; $2: the stream's head hash; $3…: the pending events, a column each.
WRITE = f"""
    WITH RECURSIVE counter AS (
        UPDATE event_position SET last = last + $1 RETURNING last - $1 + 1 AS first),
    pending AS (
        SELECT * FROM {unnest(PENDING_TYPES, 3)} WITH ORDINALITY
            AS p({", ".join(PENDING_COLUMNS)}, content_before, content_after, n)),
    chain (n, position, hash) AS (
        SELECT 0::bigint, (SELECT first - 1 FROM counter), $2::bytea
        UNION ALL
        SELECT p.n, chain.position + 1,
               sha256(chain.hash || p.content_before
                      || convert_to((chain.position + 1)::text, 'UTF8') || p.content_after)
        FROM chain JOIN pending p ON p.n = chain.n + 1),
    appended AS (
        INSERT INTO events ({", ".join(EVENT_COLUMNS)})
        SELECT chain.position, {", ".join(f"p.{c}" for c in PENDING_COLUMNS)}, chain.hash
        FROM pending p JOIN chain USING (n)),
    deadlines_written AS ({_DEADLINES}),
    escalations_written AS ({_ESCALATIONS})
    {_INTERVENTION}
    RETURNING last_position"""


def pending_rows(
    stream_id: str, expected_version: int, events: Sequence[NewEvent]
) -> list[tuple[Any, ...]]:
    """The events appended after `expected_version` as `WRITE` takes them."""
    rows = []
    for version, new in enumerate(events, start=expected_version + 1):
        event = new.event
        fields = {
            "stream_id": stream_id,
            "version": version,
            "event_id": new.event_id,
            "type": event.type,
            "effective_on": event.effective_on,
            "recorded_at": event.recorded_at,
            "actor_name": event.actor.name,
            "actor_role": event.actor.role.value,
            "data": event_data(event),
        }
        rows.append((*fields.values(), *content_around_position(**fields)))
    return rows


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
            # No transaction: the checks are one read, and the write one statement, which fails
            # whole if another writer got there after the read.
            async with self.pool.acquire() as con:
                # One round trip for every check: what is stored, the head, the projected state.
                peek = await con.fetchrow(PEEK, stream_id, ids)
                assert peek is not None  # the query always returns its one row
                if peek["stored"]:
                    stored = await self._already_stored(con, stream_id, expected_version, events)
                    if stored is not None:
                        return stored
                return await self._write(con, stream_id, expected_version, events, peek)
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
        except OSError as error:
            # No connection to be had (the server is down or restarting); the activity retries.
            raise DatabaseUnavailableError(
                f"append to stream {stream_id!r} failed: cannot reach PostgreSQL: {error}"
            ) from error

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
        peek: asyncpg.Record,
    ) -> AppendResult:
        actual = peek["version"] or 0
        if actual != expected_version:
            raise ConcurrencyError(stream_id, expected_version, actual)
        # Everything that does not need a position is done before the write takes the counter.
        # The state was read without a lock: a rival append at the same version fails this
        # write on (stream_id, version), projection rows and all.
        state = peek["state"]
        projection = project(
            stream_id,
            None if state is None else InterventionState.model_validate(state),
            [new.event for new in events],
        )
        rows = pending_rows(stream_id, expected_version, events)
        last = await con.fetchval(
            WRITE,
            len(events),
            GENESIS if peek["hash"] is None else bytes(peek["hash"]),
            *columns_of(rows, len(PENDING_TYPES)),
            *projection.parameters(),
        )
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
