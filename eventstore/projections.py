"""Read models of interventions, deadlines and escalations.

Inline: an append folds only its new events into the state kept on the intervention's row
(`project`) and writes the rows they change in the same statement as the events themselves.
`rebuild` recreates every table from the log alone, and must give the same rows.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from pydantic import BaseModel

from domain.apply import apply
from domain.events import (
    EVENT_ADAPTER,
    DeadlineMet,
    DeadlineMissed,
    DeadlineScheduled,
    DeadlineWithdrawn,
    EscalationRaised,
    EscalationWithdrawn,
    Event,
    MilestoneOverdue,
    ReminderSent,
)
from domain.state import Deadline, DeadlineStatus, Escalation, InterventionState, deadline_key

DEADLINE_EVENTS = (
    DeadlineScheduled,
    DeadlineMet,
    DeadlineMissed,
    DeadlineWithdrawn,
    MilestoneOverdue,
    ReminderSent,
    EscalationRaised,
)
ESCALATION_EVENTS = (EscalationRaised, EscalationWithdrawn)

INTERVENTION_COLUMNS = (
    "stream_id",
    "authority",
    "regime",
    "track",
    "stage",
    "status",
    "cycle",
    "published_on",
    "opened_on",
    "closed_on",
    "highest_escalation",
    "version",
    "last_position",
    "state",
    "next_milestone",
    "next_number",
    "next_due",
    "missed_deadlines",
)
DEADLINE_COLUMNS = (
    "stream_id",
    "key",
    "milestone",
    "number",
    "cycle",
    "kind",
    "owner",
    "title",
    "due",
    "alert_on",
    "status",
    "met_on",
)
ESCALATION_COLUMNS = (
    "stream_id",
    "key",
    "milestone",
    "number",
    "cycle",
    "level",
    "recipient",
    "raised_on",
    "withdrawn_on",
)


def highest_open_escalation(state: InterventionState) -> int:
    """The highest level still standing against a deadline that is still open."""
    open_keys = {d.key for d in state.open_deadlines}
    return max(
        (
            e.level
            for e in state.escalations
            if e.withdrawn_on is None and e.deadline_key in open_keys
        ),
        default=0,
    )


def intervention_row(
    stream_id: str,
    state: InterventionState,
    last_position: int,
    state_json: dict[str, Any] | None = None,
) -> tuple[Any, ...]:
    upcoming = state.next_deadline
    return (
        stream_id,
        state.authority,
        state.regime,
        state.track.value if state.track else None,
        state.stage.value,
        "closed" if state.is_closed else "open",
        state.cycle,
        state.inspection.published_on,
        state.opened_on,
        state.closed_on,
        highest_open_escalation(state),
        state.version,
        last_position,
        state.model_dump(mode="json") if state_json is None else state_json,
        upcoming.milestone if upcoming else None,
        upcoming.number if upcoming else None,
        upcoming.due if upcoming else None,
        sum(d.status is DeadlineStatus.MISSED for d in state.deadlines),
    )


def deadline_row(stream_id: str, d: Deadline) -> tuple[Any, ...]:
    return (
        stream_id,
        d.key,
        d.milestone,
        d.number,
        d.cycle,
        d.kind.value,
        d.owner,
        d.title,
        d.due,
        d.alert_on,
        d.status.value,
        d.met_on,
    )


def escalation_row(stream_id: str, e: Escalation) -> tuple[Any, ...]:
    return (
        stream_id,
        e.deadline_key,
        e.milestone,
        e.number,
        e.cycle,
        e.level,
        e.to,
        e.raised_on,
        e.withdrawn_on,
    )


def _upsert(table: str, columns: Sequence[str], key: Sequence[str], source: str) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) {source} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


def unnest(types: Sequence[str], first_parameter: int) -> str:
    """`unnest($n::type[], …)`: many rows, in one array parameter per column."""
    arrays = ", ".join(f"${first_parameter + n}::{t}[]" for n, t in enumerate(types))
    return f"unnest({arrays})"


def columns_of(rows: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows turned into one list per column, as `unnest` takes them."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * width


DEADLINE_TYPES = (
    "text",
    "text",
    "text",
    "integer",
    "integer",
    "text",
    "text",
    "text",
    "date",
    "date",
    "text",
    "date",
)
ESCALATION_TYPES = ("text", "text", "text", "integer", "integer", "integer", "text", "date", "date")


def projection_writes(first_parameter: int, last_position: str) -> tuple[str, ...]:
    """The upserts an append makes, as statements for one WITH, their parameters numbered from
    `first_parameter`: the intervention row's values but its last position (the SQL
    `last_position` gives it), then the deadline and escalation rows as one array per column
    (empty when the append touches none)."""
    first_deadline = first_parameter + len(INTERVENTION_COLUMNS) - 1
    first_escalation = first_deadline + len(DEADLINE_COLUMNS)
    numbers = iter(range(first_parameter, first_deadline))
    values = ", ".join(
        last_position if column == "last_position" else f"${next(numbers)}"
        for column in INTERVENTION_COLUMNS
    )
    return (
        _upsert("interventions", INTERVENTION_COLUMNS, ["stream_id"], f"VALUES ({values})"),
        _upsert(
            "deadlines",
            DEADLINE_COLUMNS,
            ["stream_id", "key"],
            f"SELECT * FROM {unnest(DEADLINE_TYPES, first_deadline)}",
        ),
        _upsert(
            "escalations",
            ESCALATION_COLUMNS,
            ["stream_id", "key", "level", "recipient"],
            f"SELECT * FROM {unnest(ESCALATION_TYPES, first_escalation)}",
        ),
    )


@dataclass(frozen=True)
class Projection:
    """What an append changes in the read models, worked out before the append takes the
    global position counter, so the counter is held only while writing."""

    stream_id: str
    state: InterventionState
    state_json: dict[str, Any]
    deadlines: list[tuple[Any, ...]]
    escalations: list[tuple[Any, ...]]

    def parameters(self) -> list[Any]:
        """The values for `projection_writes`, in its order."""
        row = intervention_row(self.stream_id, self.state, 0, self.state_json)
        return [
            *(
                value
                for column, value in zip(INTERVENTION_COLUMNS, row, strict=True)
                if column != "last_position"
            ),
            *columns_of(self.deadlines, len(DEADLINE_COLUMNS)),
            *columns_of(self.escalations, len(ESCALATION_COLUMNS)),
        ]


def project(stream_id: str, state: InterventionState | None, events: Sequence[Event]) -> Projection:
    """Fold the new events into the state kept on the intervention's row (None for a new
    stream) and pick out the deadline and escalation rows they touch."""
    for event in events:
        state = apply(state, event)
    assert state is not None  # events is never empty
    touched = {
        deadline_key(e.milestone, e.number, e.cycle)
        for e in events
        if isinstance(e, DEADLINE_EVENTS)
    }
    escalated = {
        deadline_key(e.milestone, e.number, e.cycle)
        for e in events
        if isinstance(e, ESCALATION_EVENTS)
    }
    return Projection(
        stream_id=stream_id,
        state=state,
        state_json=state.model_dump(mode="json"),
        deadlines=[deadline_row(stream_id, d) for d in state.deadlines if d.key in touched],
        escalations=[
            escalation_row(stream_id, e) for e in state.escalations if e.deadline_key in escalated
        ],
    )


class RebuildResult(BaseModel):
    events: int
    streams: int
    seconds: float


async def rebuild(
    pool: asyncpg.Pool,
    batch_size: int = 1000,
    on_progress: Callable[[int, int], None] | None = None,
) -> RebuildResult:
    """Recreate every projection from the log, in one transaction: readers see old or new.
    `on_progress(done, total)` is told after each batch, for a progress bar."""
    started = time.perf_counter()
    states: dict[str, InterventionState] = {}
    positions: dict[str, int] = {}
    count = 0
    async with pool.acquire() as con, con.transaction():
        await con.execute("TRUNCATE escalations, deadlines, interventions")
        total = await con.fetchval("SELECT count(*) FROM events") if on_progress else 0
        # PostgreSQL assembles each event's JSON (on the other core) and pydantic parses it
        # straight from the bytes: cheaper than decoding the jsonb into dicts and merging.
        cursor = await con.cursor(
            """SELECT position, stream_id,
                      (data || jsonb_build_object(
                          'type', type, 'effective_on', effective_on,
                          'recorded_at', recorded_at,
                          'actor', jsonb_build_object('name', actor_name, 'role', actor_role))
                      )::text AS event
               FROM events ORDER BY position"""
        )
        # The next batch is asked for before this one is folded, so PostgreSQL reads while
        # Python folds.
        fetching = asyncio.ensure_future(cursor.fetch(batch_size))
        while rows := await fetching:
            fetching = asyncio.ensure_future(cursor.fetch(batch_size))
            await asyncio.sleep(0)  # let the request go out before folding
            for row in rows:
                stream_id = row["stream_id"]
                states[stream_id] = apply(
                    states.get(stream_id), EVENT_ADAPTER.validate_json(row["event"])
                )
                positions[stream_id] = row["position"]
            count += len(rows)
            if on_progress is not None:
                on_progress(count, total)
        await con.copy_records_to_table(
            "interventions",
            records=[intervention_row(sid, s, positions[sid]) for sid, s in states.items()],
            columns=INTERVENTION_COLUMNS,
        )
        await con.copy_records_to_table(
            "deadlines",
            records=[deadline_row(sid, d) for sid, s in states.items() for d in s.deadlines],
            columns=DEADLINE_COLUMNS,
        )
        await con.copy_records_to_table(
            "escalations",
            records=[escalation_row(sid, e) for sid, s in states.items() for e in s.escalations],
            columns=ESCALATION_COLUMNS,
        )
    return RebuildResult(events=count, streams=len(states), seconds=time.perf_counter() - started)
