"""Questions people ask of the record: one intervention's status, and the portfolio."""

from __future__ import annotations

import asyncio
from datetime import date

import asyncpg
from pydantic import BaseModel

from domain.intervention import apply_all
from domain.timeline import describe
from domain.views import EventView, StatusView, status_view
from eventstore.errors import StoreError
from eventstore.store import EventStore, RecordedEvent


class NotFoundError(StoreError):
    pass


def event_view(recorded: RecordedEvent) -> EventView:
    return EventView(
        position=recorded.position,
        version=recorded.version,
        type=recorded.type,
        effective_on=recorded.effective_on,
        recorded_at=recorded.recorded_at,
        actor={"name": recorded.actor.name, "role": str(recorded.actor.role)},
        summary=describe(recorded.to_domain()),
        data=recorded.data,
    )


async def intervention_status(
    store: EventStore,
    intervention_id: str,
    *,
    wait_for_version: int | None = None,
    today: date | None = None,
) -> StatusView:
    """Status and events, folded from the stream itself; plan progress as of `today`.

    `wait_for_version` waits (up to 30 s) until the stream holds that many events: the workflow
    may still be appending the last of them.
    """
    for _ in range(300):
        recorded = await store.read_stream(intervention_id)
        if wait_for_version is None or len(recorded) >= wait_for_version:
            break
        await asyncio.sleep(0.1)
    if not recorded:
        raise NotFoundError(
            f"no intervention {intervention_id!r} in the event store; "
            "`intervention list` shows the ids there are"
        )
    state = apply_all(event.to_domain() for event in recorded)
    return status_view(state, [event_view(event) for event in recorded], today)


class PortfolioRow(BaseModel):
    intervention_id: str
    authority: str
    track: str | None
    stage: str
    status: str
    cycle: int
    published_on: date
    next_milestone: str | None
    next_number: int | None
    next_due: date | None
    overdue: int
    highest_escalation: int


PORTFOLIO = """
    SELECT i.stream_id, i.authority, i.track, i.stage, i.status, i.cycle, i.published_on,
           i.highest_escalation, n.milestone AS next_milestone, n.number AS next_number,
           n.due AS next_due,
           (SELECT count(*) FROM deadlines o
             WHERE o.stream_id = i.stream_id
               AND (o.status = 'missed' OR (o.status = 'pending' AND o.due < $1))) AS overdue
    FROM interventions i
    LEFT JOIN LATERAL (
        SELECT milestone, number, due FROM deadlines d
        WHERE d.stream_id = i.stream_id AND d.status IN ('pending', 'missed')
        ORDER BY d.due, d.key LIMIT 1) n ON true
"""


async def portfolio(
    pool: asyncpg.Pool, today: date, *, overdue_only: bool = False
) -> list[PortfolioRow]:
    """Every intervention with its next deadline; overdue means missed or past due and open."""
    query = f"SELECT * FROM ({PORTFOLIO}) p"
    if overdue_only:
        query += " WHERE p.overdue > 0"
    rows = await pool.fetch(
        query + " ORDER BY p.status DESC, p.next_due NULLS LAST, p.authority", today
    )
    return [
        PortfolioRow(
            intervention_id=row["stream_id"],
            authority=row["authority"],
            track=row["track"],
            stage=row["stage"],
            status=row["status"],
            cycle=row["cycle"],
            published_on=row["published_on"],
            next_milestone=row["next_milestone"],
            next_number=row["next_number"],
            next_due=row["next_due"],
            overdue=row["overdue"],
            highest_escalation=row["highest_escalation"],
        )
        for row in rows
    ]
