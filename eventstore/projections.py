"""Read models of interventions, deadlines and escalations.

Inline: `project` runs inside the append transaction, folding only the new events into the
state kept on the intervention's row. `rebuild` recreates every table from the log alone, and
must give the same rows.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import asyncpg
from pydantic import BaseModel

from domain.events import (
    DeadlineMet,
    DeadlineMissed,
    DeadlineScheduled,
    DeadlineWithdrawn,
    EscalationRaised,
    EscalationWithdrawn,
    Event,
    MilestoneOverdue,
    ReminderSent,
    parse_event,
)
from domain.intervention import apply
from domain.state import Deadline, Escalation, InterventionState, deadline_key
from eventstore.database import Connection

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
    stream_id: str, state: InterventionState, last_position: int
) -> tuple[Any, ...]:
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
        state.model_dump(mode="json"),
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


def _upsert(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    placeholders = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


UPSERT_INTERVENTION = _upsert("interventions", INTERVENTION_COLUMNS, ["stream_id"])
UPSERT_DEADLINE = _upsert("deadlines", DEADLINE_COLUMNS, ["stream_id", "key"])
UPSERT_ESCALATION = _upsert(
    "escalations", ESCALATION_COLUMNS, ["stream_id", "key", "level", "recipient"]
)


async def project(
    con: Connection, stream_id: str, events: Sequence[Event], last_position: int
) -> InterventionState:
    row = await con.fetchrow(
        "SELECT state FROM interventions WHERE stream_id = $1 FOR UPDATE", stream_id
    )
    state = InterventionState.model_validate(row["state"]) if row else None
    for event in events:
        state = apply(state, event)
    assert state is not None  # events is never empty
    await con.execute(UPSERT_INTERVENTION, *intervention_row(stream_id, state, last_position))
    touched = {
        deadline_key(e.milestone, e.number, e.cycle)
        for e in events
        if isinstance(e, DEADLINE_EVENTS)
    }
    deadlines = [deadline_row(stream_id, d) for d in state.deadlines if d.key in touched]
    if deadlines:
        await con.executemany(UPSERT_DEADLINE, deadlines)
    escalated = {
        deadline_key(e.milestone, e.number, e.cycle)
        for e in events
        if isinstance(e, ESCALATION_EVENTS)
    }
    escalations = [
        escalation_row(stream_id, e) for e in state.escalations if e.deadline_key in escalated
    ]
    if escalations:
        await con.executemany(UPSERT_ESCALATION, escalations)
    return state


class RebuildResult(BaseModel):
    events: int
    streams: int
    seconds: float


async def rebuild(pool: asyncpg.Pool, batch_size: int = 5000) -> RebuildResult:
    """Recreate every projection from the log, in one transaction: readers see old or new."""
    started = time.perf_counter()
    states: dict[str, InterventionState] = {}
    positions: dict[str, int] = {}
    count = 0
    async with pool.acquire() as con, con.transaction():
        await con.execute("TRUNCATE escalations, deadlines, interventions")
        cursor = con.cursor(
            """SELECT position, stream_id, type, effective_on, recorded_at, actor_name,
                      actor_role, data
               FROM events ORDER BY position""",
            prefetch=batch_size,
        )
        async for row in cursor:
            event = parse_event(
                {
                    **row["data"],
                    "type": row["type"],
                    "effective_on": row["effective_on"],
                    "recorded_at": row["recorded_at"],
                    "actor": {"name": row["actor_name"], "role": row["actor_role"]},
                }
            )
            stream_id = row["stream_id"]
            states[stream_id] = apply(states.get(stream_id), event)
            positions[stream_id] = row["position"]
            count += 1
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
