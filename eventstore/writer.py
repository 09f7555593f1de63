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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from json.encoder import encode_basestring as json_string
from typing import TYPE_CHECKING, Any, NamedTuple

import asyncpg

from domain.events import event_data
from eventstore.hashing import CONTENT_COLUMNS, canonical_text, chain_hash
from eventstore.heads import Head
from eventstore.kept import KeptConnections
from eventstore.projections import PROJECTED_TABLES, Projection, projection_writes, rows_json

if TYPE_CHECKING:
    from eventstore.store import NewEvent

EVENT_COLUMNS = ("position", *CONTENT_COLUMNS[1:], "hash")
# Two statements in flight keep both sides busy: one is written while the next is made ready.
STATEMENTS_AT_ONCE = 2
# How long a statement holds its slot: statements take milliseconds, but one waiting on a lock
# may take as long as the lock is held.
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

    $1: the heads, one line each: the version and hash its append expects, the version and hash
    it leaves, and its stream (a JSON string), a tab between; $2: the events, one line each,
    their canonical content and hash, a tab between; then each table's rows (`rows_json`). The
    columns of each event are read from its content, so they are what its hash covers: JSON
    holds no raw tab or line break (they are escaped). Text, not an array for each column:
    the driver checks every element of an array it sends, which cost more of this process's
    time than building the lines. The heads' lines are split into an array before `unnest`,
    whose row estimate stays small: a set-returning function over the text would be
    estimated at a thousand rows, and its plan would scan `streams` whole."""
    parameters = {
        table: number
        for number, table in enumerate(
            (table for table, _, _ in PROJECTED_TABLES if table in tables), start=3
        )
    }
    projected = projection_writes(parameters, moved="moved")
    return f"""
    WITH heads AS MATERIALIZED (
        SELECT split_part(line, E'\\t', 5)::jsonb #>> '{{}}' AS stream_id,
               split_part(line, E'\\t', 1)::integer AS expected,
               decode(split_part(line, E'\\t', 2), 'hex') AS expected_hash,
               split_part(line, E'\\t', 3)::integer AS version,
               decode(split_part(line, E'\\t', 4), 'hex') AS hash
        FROM unnest(string_to_array($1, E'\\n')) AS line),
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
        WHERE e.stream_id IN (SELECT stream_id FROM moved))
    {"".join(f", projected_{n} AS ({sql})" for n, sql in enumerate(projected))}
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


def ready_to_write(
    stream_id: str,
    head: Head,
    projection: Projection,
    positions: Sequence[int],
    events: Sequence[NewEvent],
) -> Write:
    """The append of `events` after `head`, at `positions`, whose fold and read-model rows are
    `projection`: its events chained from the head's hash, and the head it leaves."""
    pending = pending_events(stream_id, head, positions, events)
    after = Head(
        head.version + len(events), pending[-1].hash, projection.state, projection.intervention
    )
    return Write(stream_id, head, after, pending, projection)


def statement_and_parameters(writes: Sequence[Write]) -> tuple[str, list[Any]]:
    """The statement that writes `writes` together, and its parameters."""
    events = "\n".join(
        f"{event.content}\t{event.hash.hex()}" for write in writes for event in write.pending
    )
    rows: defaultdict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for write in writes:
        for table, table_rows in write.projection.rows().items():
            rows[table] += table_rows
    tables = [(table, columns) for table, columns, _ in PROJECTED_TABLES if rows[table]]
    heads = "\n".join(
        f"{write.expected.version}\t{write.expected.hash.hex()}\t{write.after.version}\t"
        f"{write.after.hash.hex()}\t{json_string(write.stream_id)}"
        for write in writes
    )
    return write_statement(frozenset(table for table, _ in tables)), [
        heads,
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

    Up to `at_once` statements are in flight, so that some appends are made ready here while
    others are written there. Appends made ready meanwhile wait until every one made ready in
    the same turn of the event loop has joined them; they are then shared among the free
    slots, statements in flight together committing together. A statement slow to come back
    (waiting on a lock) gives up its slot after `patience` seconds, so that it holds up only
    the appends written with it.
    """

    def __init__(
        self, pool: asyncpg.Pool, at_once: int = STATEMENTS_AT_ONCE, patience: float = PATIENCE
    ) -> None:
        self._connections = KeptConnections(pool)
        self._patience = patience
        self._at_once = at_once
        self._sent: dict[_Slot, None] = {}  # the slots held, oldest first
        self._waiting: list[Waiting] = []
        self._dispatching = False
        # One timer at most, while appends wait for a slot: not one for every statement.
        self._watch: asyncio.TimerHandle | None = None
        self._statements: set[asyncio.Task[None]] = set()
        # Statements sent, for the benchmark's account of where PostgreSQL's time goes.
        self.statements_sent = 0

    async def write(self, write: Write) -> bool:
        """Whether the append went ahead: False, with nothing written, when its stream was not
        at the head it expected."""
        waiting = Waiting(write, asyncio.get_running_loop().create_future())
        self._waiting.append(waiting)
        self._dispatch_soon()
        try:
            return await waiting.done
        except asyncio.CancelledError:
            if not waiting.taken:
                self._waiting.remove(waiting)
            raise

    def _dispatch_soon(self) -> None:
        if not self._dispatching:
            self._dispatching = True
            asyncio.get_running_loop().call_soon(self._dispatch)

    def _dispatch(self) -> None:
        self._dispatching = False
        loop = asyncio.get_running_loop()
        self._give_up_overdue(loop.time())
        while self._free and self._waiting:
            share = -(-len(self._waiting) // self._free)
            slot = _Slot(sent_at=loop.time())
            self._sent[slot] = None
            statement = asyncio.ensure_future(self._write_together(self._take(share), slot))
            self._statements.add(statement)
            statement.add_done_callback(self._statements.discard)
        if self._waiting and self._watch is None:
            oldest = next(iter(self._sent))
            self._watch = loop.call_at(oldest.sent_at + self._patience, self._watched)

    @property
    def _free(self) -> int:
        return self._at_once - len(self._sent)

    def _watched(self) -> None:
        self._watch = None
        self._dispatch()

    def _give_up_overdue(self, now: float) -> None:
        for slot in [s for s in self._sent if now - s.sent_at >= self._patience]:
            self._give_up(slot)

    def _give_up(self, slot: _Slot) -> None:
        """Free a statement's slot, once: when it comes back, or when its patience runs out."""
        if slot in self._sent:
            del self._sent[slot]
            if self._waiting:
                self._dispatch_soon()

    def _take(self, most: int) -> list[Waiting]:
        """Up to `most` appends waiting, the first of each stream; the others wait on."""
        taken: dict[str, Waiting] = {}
        left = []
        for waiting in self._waiting:
            if waiting.write.stream_id in taken or len(taken) == most:
                left.append(waiting)
            else:
                waiting.taken = True
                taken[waiting.write.stream_id] = waiting
        self._waiting = left
        return list(taken.values())

    async def _write_together(self, together: list[Waiting], slot: _Slot | None = None) -> None:
        try:
            statement, parameters = statement_and_parameters([w.write for w in together])
            self.statements_sent += 1
            async with self._connections.connection() as con:
                moved = {row["stream_id"] for row in await con.fetch(statement, *parameters)}
        except Exception as error:
            if slot is not None:
                self._give_up(slot)
            if len(together) == 1:
                settle(together[0], error=error)
                return
            # Nothing of it was written, or all of it: alone, each append learns which, and
            # a failure reaches the append that caused it.
            for one in together:
                await self._write_together([one])
            return
        # The slot first, so that the next statement is sent as soon as appends wait for it.
        if slot is not None:
            self._give_up(slot)
        for waiting in together:
            settle(waiting, went_ahead=waiting.write.stream_id in moved)


@dataclass(frozen=True, eq=False)
class _Slot:
    """A statement's place among those in flight."""

    sent_at: float


def settle(waiting: Waiting, went_ahead: bool = False, error: Exception | None = None) -> None:
    """Tell an append what became of it, unless its caller has gone (cancelled)."""
    if waiting.done.done():
        return
    if error is None:
        waiting.done.set_result(went_ahead)
    else:
        waiting.done.set_exception(error)
