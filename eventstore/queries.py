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


# Overdue deadlines are found first, through the partial indexes (a pending one by its date, a
# missed one whatever its date), and counted; then each intervention's next open deadline is one
# index-only probe. Filtering on `overdue` therefore skips the probes of the rest.
PORTFOLIO = """
    WITH late AS (
        SELECT stream_id, count(*) AS overdue FROM (
            SELECT stream_id FROM deadlines WHERE status IN ('pending', 'missed') AND due < $1
            UNION ALL
            SELECT stream_id FROM deadlines WHERE status = 'missed' AND due >= $1) o
        GROUP BY stream_id)
    SELECT i.stream_id, i.authority, i.track, i.stage, i.status, i.cycle, i.published_on,
           i.highest_escalation, n.milestone AS next_milestone, n.number AS next_number,
           n.due AS next_due, coalesce(l.overdue, 0) AS overdue
    FROM interventions i
    LEFT JOIN late l ON l.stream_id = i.stream_id
    LEFT JOIN LATERAL (
        SELECT milestone, number, due FROM deadlines d
        WHERE d.stream_id = i.stream_id AND d.status IN ('pending', 'missed')
        ORDER BY d.due, d.key LIMIT 1) n ON true
"""


def portfolio_sql(overdue_only: bool) -> str:
    """The portfolio's query, taking today's date as its one parameter."""
    query = f"SELECT * FROM ({PORTFOLIO}) p"
    if overdue_only:
        query += " WHERE p.overdue > 0"
    return query + " ORDER BY p.status DESC, p.next_due NULLS LAST, p.authority"


async def portfolio(
    pool: asyncpg.Pool, today: date, *, overdue_only: bool = False
) -> list[PortfolioRow]:
    """Every intervention with its next deadline; overdue means missed or past due and open."""
    rows = await pool.fetch(portfolio_sql(overdue_only), today)
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
