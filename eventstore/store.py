"""The append-only event store on PostgreSQL.

One stream per intervention. An append names the version it expects the stream to be at, and
carries a deterministic id for each event: a retried append of events already stored returns
what was stored and writes nothing, while a different writer at the same version gets a
`ConcurrencyError`. Projections are updated in the same statement.

Appends of different streams never wait for each other's commits. Positions come from a
sequence, a block at a time (`Positions`); the appends one process has ready at the same moment
go to the server as one statement with one commit (`Writer`), and those of different processes
commit side by side. What keeps a stream in order is its head (`streams`): an append moves it
from the version and hash it expects, in the statement that writes the events, or writes
nothing. The process keeps each stream's head, state included, from one append to the next
(`Heads`), so an append folds only its own events and reads nothing first; without it (another
process appended last, or none did since this one started), it reads the stream's head and
events first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
from pydantic import BaseModel, ConfigDict

from domain.events import Event, event_data, parse_event
from domain.intervention import apply_all
from domain.values import Actor, Role
from eventstore.errors import (
    ConcurrencyError,
    DatabaseUnavailableError,
    IdempotencyConflictError,
    StoreError,
)
from eventstore.hashing import GENESIS
from eventstore.heads import NEW_STREAM, Head, Heads
from eventstore.log import EVENT_JSON, LOG_ORDER, LOG_START, SETTLED, LogCursor, stored_event
from eventstore.positions import Positions
from eventstore.projections import project
from eventstore.writer import Writer, ready_to_write


class NewEvent(NamedTuple):
    """An event to append, with the id that makes a retried append store it once. A tuple, not
    a model: every event appended makes one, from an event validated already."""

    event_id: UUID
    event: Event


class RecordedEvent(BaseModel):
    """An event as stored: its place in the stream and the log, and its hash."""

    model_config = ConfigDict(frozen=True)

    position: int
    transaction_id: int
    stream_id: str
    version: int
    event_id: UUID
    type: str
    effective_on: date
    recorded_at: datetime
    actor: Actor
    data: dict[str, Any]
    hash: bytes

    @property
    def cursor(self) -> LogCursor:
        """Where a reader that has read this event goes on from."""
        return LogCursor(self.transaction_id, self.position)

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
    SELECT position, transaction_id, stream_id, version, event_id, type, effective_on,
           recorded_at, actor_name, actor_role, data, hash
    FROM events"""

# What an append needs when it has no head of the stream at hand: the stream's head, whether
# any of its event ids is stored, and the stream's events to fold, all from one snapshot.
READ_HEAD = f"""
    SELECT s.version, s.hash,
           EXISTS (SELECT 1 FROM events WHERE event_id = ANY($2)) AS stored,
           ARRAY(SELECT {EVENT_JSON} FROM events e
                 WHERE e.stream_id = $1 ORDER BY e.version) AS events
    FROM (SELECT $1::text AS stream_id) wanted LEFT JOIN streams s USING (stream_id)"""


def _recorded(row: asyncpg.Record) -> RecordedEvent:
    return RecordedEvent(
        position=row["position"],
        transaction_id=row["transaction_id"],
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


# About as many as the workflow cache holds (the SDK's default is 1,000): the appends of a
# workflow run on the worker that holds it.
CACHED_HEADS = 1000


class EventStore:
    def __init__(self, pool: asyncpg.Pool, cached_heads: int = CACHED_HEADS) -> None:
        self.pool = pool
        self._heads = Heads(cached_heads)
        self._positions = Positions(pool)
        self._writer = Writer(pool)

    @property
    def statements_sent(self) -> int:
        """How many statements this store's appends have sent, those written together as one."""
        return self._writer.statements_sent

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
            # The head of the stream's previous append here, or of a stream not yet begun: one
            # statement, which writes nothing if the stream is not at that head after all.
            head = self._heads.get(stream_id) or (NEW_STREAM if expected_version == 0 else None)
            if head is not None and head.version == expected_version:
                written = await self._write(stream_id, head, events)
                if written is not None:
                    return written
            async with self.pool.acquire() as con:
                found = await con.fetchrow(READ_HEAD, stream_id, ids)
            assert found is not None  # the query always returns its one row
            if found["stored"]:
                stored = await self._already_stored(stream_id, expected_version, events)
                if stored is not None:
                    return stored
            actual = found["version"] or 0
            if actual != expected_version:
                raise ConcurrencyError(stream_id, expected_version, actual)
            written = await self._write(stream_id, _folded(stream_id, found), events)
            if written is not None:
                return written
            # Another writer moved the head between the read and the write.
            stored = await self._already_stored(stream_id, expected_version, events)
            if stored is not None:
                return stored
            raise ConcurrencyError(
                stream_id, expected_version, await self.stream_version(stream_id)
            )
        except asyncpg.UniqueViolationError as error:
            # An id stored elsewhere, or events past a head that was moved back.
            stored = await self._already_stored(stream_id, expected_version, events)
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

    async def _write(
        self, stream_id: str, head: Head, events: Sequence[NewEvent]
    ) -> AppendResult | None:
        """Append after `head`; None, with nothing written, if the stream is not at `head`."""
        # Folded before the write: a fold that fails writes nothing.
        projection = project(stream_id, head.state, [new.event for new in events], head.row)
        positions = await self._positions.take(len(events))
        write = ready_to_write(stream_id, head, projection, positions, events)
        try:
            went_ahead = await self._writer.write(write)
        except BaseException:
            self._heads.forget(stream_id, head)
            raise
        if not went_ahead:
            self._heads.forget(stream_id, head)
            return None
        self._heads.put(stream_id, write.after)
        return AppendResult(
            stream_id=stream_id,
            version=write.after.version,
            last_position=positions[-1],
            written=len(events),
        )

    async def _already_stored(
        self, stream_id: str, expected_version: int, events: Sequence[NewEvent]
    ) -> AppendResult | None:
        """What a retry finds: the same events, stored where it meant to put them; None when
        none of them is stored; an `IdempotencyConflictError` when any is stored elsewhere, or
        is not the event retried (a writer that made other events the second time)."""
        ids = [new.event_id for new in events]
        rows = await self.pool.fetch(
            "SELECT event_id, stream_id, version, position, type, effective_on, data"
            " FROM events WHERE event_id = ANY($1)",
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
            retried = events[offset - 1].event
            if (row["type"], row["effective_on"], row["data"]) != (
                retried.type,
                retried.effective_on,
                event_data(retried),
            ):
                raise IdempotencyConflictError(
                    f"event {event_id} at {stream_id}@{row['version']} is stored as "
                    f"{row['type']} of {row['effective_on']} and retried as {retried.type} of "
                    f"{retried.effective_on}, or with other data; an append must be retried "
                    "with the same events"
                )
        return AppendResult(
            stream_id=stream_id,
            version=expected_version + len(ids),
            last_position=max(row["position"] for row in rows),
            written=0,
        )

    async def stream_version(self, stream_id: str) -> int:
        version = await self.pool.fetchval(
            "SELECT version FROM streams WHERE stream_id = $1", stream_id
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
        self, after: LogCursor = LOG_START, batch_size: int = 1000
    ) -> AsyncIterator[RecordedEvent]:
        """Every event after `after`, in the log's order (`eventstore.log`), in batches.

        It stops at the oldest transaction still running: events behind it are read by the
        next call, from the cursor of the last event this one gave (`RecordedEvent.cursor`),
        and none is ever given twice or missed.
        """
        while True:
            rows = await self.pool.fetch(
                f"""{SELECT_EVENTS}
                    WHERE ({LOG_ORDER}) > ($1, $2) AND {SETTLED}
                    ORDER BY {LOG_ORDER} LIMIT $3""",
                after.transaction_id,
                after.position,
                batch_size,
            )
            for row in rows:
                yield _recorded(row)
            if len(rows) < batch_size:
                return
            after = LogCursor(rows[-1]["transaction_id"], rows[-1]["position"])

    async def stream_ids(self) -> list[str]:
        rows = await self.pool.fetch("SELECT stream_id FROM streams ORDER BY stream_id")
        return [row["stream_id"] for row in rows]


def _folded(stream_id: str, found: asyncpg.Record) -> Head:
    """The head `READ_HEAD` found, its state folded from the stream's events."""
    events = [stored_event(text) for text in found["events"]]
    if len(events) != (found["version"] or 0):
        raise StoreError(
            f"stream {stream_id!r} holds {len(events)} events but its head is at version "
            f"{found['version']}: the log was changed; `intervention verify` shows where"
        )
    return Head(
        version=len(events),
        hash=GENESIS if found["hash"] is None else bytes(found["hash"]),
        state=apply_all(events) if events else None,
    )
