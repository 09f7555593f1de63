"""Appends written together: those a process has ready at the same moment go to PostgreSQL as
one statement, with one round trip, one plan run and one commit, much as PostgreSQL shares one
WAL flush among the commits that arrive together.

Each append still goes ahead on its own: the statement moves each stream's head from the
version and hash its append expects, and writes the events and read-model rows of the streams
whose head moved; the others write nothing, and their appends learn so. One statement holds
at most one append of a stream. If the statement fails, each of its appends is tried again
alone, so that a failure reaches the append that caused it. The price: an append that waits
on a lock (a read-model row locked by hand, say) holds up those written with it until the lock
is let go.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

import asyncpg

from domain.events import event_data
from eventstore.hashing import CONTENT_COLUMNS, canonical_text, chain_hash
from eventstore.heads import Head
from eventstore.projections import PROJECTED_TABLES, Projection, projection_writes, rows_json

if TYPE_CHECKING:
    from eventstore.store import NewEvent

EVENT_COLUMNS = ("position", *CONTENT_COLUMNS[1:], "hash")
# How long a statement holds back the next: statements take milliseconds, but one waiting on a
# lock may take as long as the lock is held.
PATIENCE = 0.1


class PendingEvent(NamedTuple):
    """An event about to be appended: its columns but its hash, its canonical content, and
    its hash, chained to the event's before."""

    columns: dict[str, Any]
    content: str
    hash: bytes


@dataclass(frozen=True, eq=False)
class Write:
    """An append ready to write: the head it expects, the head it leaves, its events, and its
    read-model rows."""

    stream_id: str
    expected: Head
    after: Head
    pending: list[PendingEvent]
    projection: Projection


@cache
def write_statement(tables: frozenset[str]) -> str:
    """The appends of one statement. A head moves from the version and hash its append
    expects (a stream begins at version 0, on the genesis hash, with no head yet); the events
    and rows of the streams whose head moved are written. It returns those streams. A unique
    violation fails all of it. Read-model tables no append changes are left out (`tables`).

    $1: each append's stream, the version and hash it expects, and the version and hash it
    leaves, as JSON; $2: the events, one line each, their canonical content and hash, a tab
    between; then each table's rows (`rows_json`). The columns of each event are read from its
    content, so they are what its hash covers: canonical JSON holds no raw tab or line break
    (they are escaped)."""
    parameters = {
        table: number
        for number, table in enumerate(
            (table for table, _, _ in PROJECTED_TABLES if table in tables), start=3
        )
    }
    projected = projection_writes(parameters, moved="moved")
    return f"""
    WITH heads AS MATERIALIZED (
        SELECT stream_id, expected, decode(expected_hash, 'hex') AS expected_hash, version,
               decode(hash, 'hex') AS hash
        FROM jsonb_to_recordset($1::text::jsonb) AS h(
            stream_id text, expected integer, expected_hash text, version integer, hash text)),
    moved_on AS (
        UPDATE streams s SET version = h.version, hash = h.hash FROM heads h
        WHERE s.stream_id = h.stream_id AND h.expected > 0
          AND s.version = h.expected AND s.hash = h.expected_hash
        RETURNING s.stream_id),
    begun AS (
        INSERT INTO streams (stream_id, version, hash)
        SELECT stream_id, version, hash FROM heads
        WHERE expected = 0 AND expected_hash = decode(repeat('00', 32), 'hex')
        ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id),
    moved AS MATERIALIZED (SELECT stream_id FROM moved_on UNION ALL SELECT stream_id FROM begun),
    appended AS (
        INSERT INTO events ({", ".join(EVENT_COLUMNS)})
        SELECT e.position, e.stream_id, e.version, e.event_id, e.type, e.effective_on,
               e.recorded_at, e.actor ->> 'name', e.actor ->> 'role', e.data,
               decode(split_part(line, E'\\t', 2), 'hex')
        FROM string_to_table($2, E'\\n') AS line,
             jsonb_to_record(split_part(line, E'\\t', 1)::jsonb)
                 AS e(position bigint, stream_id text, version integer, event_id uuid,
                      type text, effective_on date, recorded_at timestamptz, actor jsonb,
                      data jsonb)
        WHERE e.stream_id IN (SELECT stream_id FROM moved)),
    {", ".join(f"projected_{n} AS ({sql})" for n, sql in enumerate(projected))}
    SELECT stream_id FROM moved"""


def pending_events(
    stream_id: str, head: Head, positions: Sequence[int], events: Sequence[NewEvent]
) -> list[PendingEvent]:
    """The events appended after `head`, at `positions`, ready to send or to store."""
    pending = []
    previous = head.hash
    for version, position, new in zip(
        range(head.version + 1, head.version + len(events) + 1), positions, events, strict=True
    ):
        event = new.event
        columns: dict[str, Any] = {
            "position": position,
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
        content = canonical_text(**columns)
        previous = chain_hash(previous, content.encode())
        pending.append(PendingEvent(columns, content, previous))
    return pending


def statement_and_parameters(writes: Sequence[Write]) -> tuple[str, list[str]]:
    """The statement that writes `writes` together, and its parameters."""
    heads = [
        {
            "stream_id": write.stream_id,
            "expected": write.expected.version,
            "expected_hash": write.expected.hash.hex(),
            "version": write.after.version,
            "hash": write.after.hash.hex(),
        }
        for write in writes
    ]
    events = "\n".join(
        f"{event.content}\t{event.hash.hex()}" for write in writes for event in write.pending
    )
    rows: defaultdict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for write in writes:
        last_position = write.pending[-1].columns["position"]
        for table, table_rows in write.projection.rows(last_position).items():
            rows[table] += table_rows
    tables = [(table, columns) for table, columns, _ in PROJECTED_TABLES if rows[table]]
    return write_statement(frozenset(table for table, _ in tables)), [
        json.dumps(heads),
        events,
        *(rows_json(columns, rows[table]) for table, columns in tables),
    ]


@dataclass(eq=False)
class Waiting:
    """An append waiting for a statement, and what the statement will say of it."""

    write: Write
    done: asyncio.Future[bool]
    taken: bool = False  # into a statement


class Writer:
    """Writes appends, those ready at the same moment together.

    One statement is in flight at a time, and the appends that come meanwhile go together in
    the next: the first append that finds no statement being sent starts a sender, which sends
    statements while appends wait, and stops when none does. A statement slow to come back
    (waiting on a lock) stops holding the next back after `patience` seconds.
    """

    def __init__(self, pool: asyncpg.Pool, patience: float = PATIENCE) -> None:
        self._pool = pool
        self._patience = patience
        self._waiting: list[Waiting] = []
        self._sender: asyncio.Task[None] | None = None
        self._statements: set[asyncio.Task[None]] = set()

    async def write(self, write: Write) -> bool:
        """Whether the append went ahead: False, with nothing written, when its stream was not
        at the head it expected."""
        waiting = Waiting(write, asyncio.get_running_loop().create_future())
        self._waiting.append(waiting)
        if self._sender is None:
            self._sender = asyncio.ensure_future(self._send_while_waiting())
        try:
            return await waiting.done
        except asyncio.CancelledError:
            if not waiting.taken:
                self._waiting.remove(waiting)
            raise

    async def _send_while_waiting(self) -> None:
        try:
            while self._waiting:
                await self._send(self._take())
        finally:
            self._sender = None

    def _take(self) -> list[Waiting]:
        """The appends waiting, the first of each stream; the others wait on."""
        taken: dict[str, Waiting] = {}
        left = []
        for waiting in self._waiting:
            if waiting.write.stream_id in taken:
                left.append(waiting)
            else:
                waiting.taken = True
                taken[waiting.write.stream_id] = waiting
        self._waiting = left
        return list(taken.values())

    async def _send(self, together: list[Waiting]) -> None:
        """Send a statement, and wait for it as long as patience allows."""
        statement = asyncio.ensure_future(self._write_together(together))
        self._statements.add(statement)
        statement.add_done_callback(self._statements.discard)
        await asyncio.wait({statement}, timeout=self._patience)

    async def _write_together(self, together: list[Waiting]) -> None:
        try:
            statement, parameters = statement_and_parameters([w.write for w in together])
            async with self._pool.acquire() as con:
                moved = {row["stream_id"] for row in await con.fetch(statement, *parameters)}
        except Exception as error:
            if len(together) == 1:
                settle(together[0], error=error)
                return
            # Nothing of it was written, or all of it: alone, each append learns which, and
            # a failure reaches the append that caused it.
            for one in together:
                await self._write_together([one])
            return
        for waiting in together:
            settle(waiting, went_ahead=waiting.write.stream_id in moved)


def settle(waiting: Waiting, went_ahead: bool = False, error: Exception | None = None) -> None:
    """Tell an append what became of it, unless its caller has gone (cancelled)."""
    if waiting.done.done():
        return
    if error is None:
        waiting.done.set_result(went_ahead)
    else:
        waiting.done.set_exception(error)
