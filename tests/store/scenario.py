"""Realistic event streams for the store tests, built through the domain rather than by hand.

An `Intervention` keeps the aggregate state and the events decided so far, and knows how many
of them are already in the store, so a test can decide a milestone, append it, and compare
what the store holds with what the domain produced.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import asyncpg

from domain.clock import tick
from domain.commands import Detail, OpenIntervention, RecordMilestone
from domain.events import Event
from domain.intervention import apply_all, decide, decide_open
from domain.regimes import current_version
from domain.state import InterventionState
from domain.values import Actor, Inspection, Role
from eventstore import AppendResult, EventStore, NewEvent, RecordedEvent, event_id_for
from eventstore.log import LOG_START, LogCursor

MANAGER = Actor(name="Alex Manager", role=Role.MANAGER)
OFFICER = Actor(name="Sam Officer", role=Role.IMPROVEMENT_TEAM)

INSPECTION = Inspection(
    started_on=date(2023, 1, 9),
    ended_on=date(2023, 1, 20),
    published_on=date(2023, 3, 7),
    received_on=date(2023, 3, 2),
)


def at(year: int, month: int, day: int, hour: int = 10, microsecond: int = 0) -> datetime:
    """A UTC instant: the `now` a decision is taken at."""
    return datetime(year, month, day, hour, 0, 0, microsecond, tzinfo=UTC)


def unique_authority(label: str = "Borough") -> str:
    return f"Test {label} {uuid.uuid4().hex[:10]} Council"


def wrap(
    stream_id: str, events: Sequence[Event], after_version: int, writer: str | None = None
) -> list[NewEvent]:
    """Give each event the deterministic id of its place: writer (the stream) and version."""
    writer_id = writer or stream_id
    return [
        NewEvent(event_id=event_id_for(writer_id, after_version + offset), event=event)
        for offset, event in enumerate(events, start=1)
    ]


@dataclass
class Intervention:
    stream_id: str
    state: InterventionState
    events: list[Event]
    appended: int = 0  # how many of `events` the store holds
    batches: list[list[Event]] = field(default_factory=list)

    @classmethod
    def open(
        cls,
        authority: str | None = None,
        now: datetime | None = None,
        inspection: Inspection = INSPECTION,
        regime_version: int | None = None,
    ) -> Intervention:
        command = OpenIntervention(
            authority=authority or unique_authority(),
            inspection=inspection,
            regime_version=regime_version,
            actor=MANAGER,
        )
        events = decide_open(command, now or at(2023, 3, 8, 9))
        return cls(
            stream_id=command.intervention_id,
            state=apply_all(events),
            events=list(events),
            batches=[list(events)],
        )

    def _add(self, events: list[Event]) -> list[Event]:
        if events:
            self.state = apply_all(events, self.state)
            self.events.extend(events)
            self.batches.append(events)
        return events

    def record(
        self,
        milestone: str,
        on: date,
        now: datetime,
        actor: Actor = MANAGER,
        **details: Detail,
    ) -> list[Event]:
        command = RecordMilestone(
            milestone=milestone, effective_on=on, actor=actor, details=details
        )
        return self._add(decide(self.state, command, now))

    def tick(self, now: datetime) -> list[Event]:
        return self._add(tick(self.state, now))

    @property
    def version(self) -> int:
        return len(self.events)

    def pending(self) -> list[NewEvent]:
        """The decided events the store does not hold yet, with their ids."""
        return wrap(self.stream_id, self.events[self.appended :], self.appended)

    async def flush(self, store: EventStore) -> AppendResult:
        """Append everything decided since the last flush, as one batch."""
        result = await store.append(self.stream_id, self.appended, self.pending())
        self.appended = len(self.events)
        return result

    async def append_batches(self, store: EventStore) -> list[AppendResult]:
        """Append every decided batch (one per decision) in order, as a workflow would."""
        results = []
        version = 0
        for batch in self.batches:
            if version + len(batch) <= self.appended:
                version += len(batch)
                continue
            results.append(
                await store.append(self.stream_id, version, wrap(self.stream_id, batch, version))
            )
            version += len(batch)
        self.appended = version
        return results


def escalated_on_time(authority: str | None = None) -> Intervention:
    """An improvement notice whose Statement of Action is recorded late, though it was on time.

    Opened 8 March 2023 (report received 2 March, published 7 March); the notice is issued on
    20 April; the reminder goes out on 1 June; the Statement of Action, due 15 June, is not
    recorded by 1 July, so the clock marks it missed and raises level 1 (director, 16 June) and
    level 2 (chief executive and lead member, 29 June). On 3 July it is recorded as submitted on
    12 June: on time, so the deadline is met and the three escalations are withdrawn.
    """
    intervention = Intervention.open(authority)
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    intervention.tick(at(2023, 6, 2))
    intervention.tick(at(2023, 7, 1))
    intervention.record("statement_of_action_submitted", date(2023, 6, 12), at(2023, 7, 3))
    return intervention


def direction_new_cycle(authority: str | None = None) -> Intervention:
    """A statutory direction with a commissioner, overdue alerts, and an inadequate
    re-inspection that starts a second cycle whose Statement of Action is then missed."""
    intervention = Intervention.open(authority)
    intervention.record("direction_issued", date(2023, 4, 3), at(2023, 4, 3))
    intervention.record(
        "commissioner_appointed", date(2023, 4, 17), at(2023, 4, 17), name="C Ommissioner"
    )
    intervention.record(
        "statement_of_action_submitted", date(2023, 6, 20), at(2023, 6, 20), actor=OFFICER
    )
    intervention.tick(at(2023, 8, 1))
    intervention.record(
        "commissioner_report_submitted", date(2023, 8, 1), at(2023, 8, 1), recommendation="retain"
    )
    intervention.record("services_retained", date(2023, 8, 10), at(2023, 8, 10))
    intervention.record("monitoring_visit_completed", date(2023, 9, 1), at(2023, 9, 1))
    intervention.record("progress_review_completed", date(2023, 10, 10), at(2023, 10, 10))
    intervention.record(
        "reinspection_completed", date(2024, 11, 1), at(2024, 11, 1), judgement="inadequate"
    )
    intervention.tick(at(2025, 4, 1))
    return intervention


def notice_to_closure(authority: str | None = None) -> Intervention:
    """An improvement notice lifted after a good enough re-inspection, then closed."""
    intervention = Intervention.open(authority)
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    intervention.record(
        "improvement_board_established", date(2023, 5, 20), at(2023, 5, 22), chair="B Chair"
    )
    intervention.record("statement_of_action_submitted", date(2023, 6, 1), at(2023, 6, 1))
    intervention.record("progress_review_completed", date(2023, 10, 10), at(2023, 10, 10))
    intervention.record(
        "reinspection_completed",
        date(2024, 11, 1),
        at(2024, 11, 1),
        judgement="requires_improvement",
    )
    intervention.record("notice_lifted", date(2024, 11, 20), at(2024, 11, 20))
    intervention.record("support_review_completed", date(2025, 5, 20), at(2025, 5, 20))
    intervention.record("support_review_completed", date(2025, 11, 20), at(2025, 11, 20))
    intervention.record("intervention_closed", date(2025, 11, 25), at(2025, 11, 25))
    return intervention


def receipt_confirmed(authority: str | None = None) -> Intervention:
    """Opened under the current rules on the report published on Tuesday 7 March 2023 with no
    day of receipt, so its deadlines count from the assumed Thursday 2 March; on 10 March the
    council confirms it received the report on Wednesday 1 March, and the deadlines counted
    from it move a working day earlier (the Statement of Action from 15 to 14 June)."""
    unknown_receipt = INSPECTION.model_copy(update={"received_on": None})
    intervention = Intervention.open(
        authority, inspection=unknown_receipt, regime_version=current_version("ilacs")
    )
    intervention.record(
        "receipt_confirmed", date(2023, 3, 10), at(2023, 3, 10), received_on="2023-03-01"
    )
    return intervention


async def read_log(
    store: EventStore, count: int, after: LogCursor = LOG_START, batch_size: int = 1000
) -> list[RecordedEvent]:
    """The next `count` events of the log from `after`, read as a consumer does, going on from
    its cursor: `read_all` stops short while a transaction older than them is still running
    anywhere on the server (autovacuum's, another test's), so it asks again until it has them.
    """
    read: list[RecordedEvent] = []
    loop = asyncio.get_running_loop()
    give_up = loop.time() + 15
    while True:
        read += [event async for event in store.read_all(after=after, batch_size=batch_size)]
        if len(read) >= count or loop.time() > give_up:
            return read
        after = read[-1].cursor if read else after
        await asyncio.sleep(0.01)


async def count_events(pool: asyncpg.Pool, stream_id: str | None = None) -> int:
    if stream_id is None:
        return int(await pool.fetchval("SELECT count(*) FROM events"))
    return int(await pool.fetchval("SELECT count(*) FROM events WHERE stream_id = $1", stream_id))


PROJECTION_QUERIES = {
    "interventions": "SELECT * FROM interventions ORDER BY stream_id",
    "deadlines": "SELECT * FROM deadlines ORDER BY stream_id, key",
    "escalations": "SELECT * FROM escalations ORDER BY stream_id, key, level, recipient",
}


async def projection_rows(pool: asyncpg.Pool) -> dict[str, list[dict[str, Any]]]:
    """Every row of the three read models, as plain dicts, in a fixed order."""
    return {
        table: [dict(row) for row in await pool.fetch(query)]
        for table, query in PROJECTION_QUERIES.items()
    }


async def wait_for_lock_waiters(
    db: asyncpg.Pool | asyncpg.Connection, count: int, within: float = 15.0
) -> None:
    """Wait until `count` sessions of this database are blocked on a lock."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + within
    while True:
        waiting = await db.fetchval(
            """SELECT count(*) FROM pg_stat_activity
               WHERE datname = current_database() AND wait_event_type = 'Lock'"""
        )
        if waiting >= count:
            return
        if loop.time() > give_up:
            raise AssertionError(f"only {waiting} of {count} sessions blocked after {within}s")
        await asyncio.sleep(0.01)


@asynccontextmanager
async def stream_head_held(database_url: str, stream_id: str) -> AsyncIterator[None]:
    """Hold the stream's head until the block ends: its row lock, or for a new stream an
    uncommitted head of its own.

    Appends to the stream started inside the block get past their checks and then queue on the
    head, so they race for real when it is released; the holder writes nothing.
    """
    con = await asyncpg.connect(database_url)
    try:
        transaction = con.transaction()
        await transaction.start()
        await con.execute(
            """INSERT INTO streams (stream_id, version, hash) VALUES ($1, 1, '')
               ON CONFLICT (stream_id) DO UPDATE SET version = streams.version""",
            stream_id,
        )
        try:
            yield
        finally:
            await transaction.rollback()
    finally:
        await con.close()
