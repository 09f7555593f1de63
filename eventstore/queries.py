"""Questions people ask of the record: one intervention's status, and the portfolio.

Asked for a person, each answers only within what their organisation covers
(`domain.access`): another authority's intervention is not found, in the same words as one that
does not exist, and the portfolio holds only theirs. Asked for no one, it answers for the
operator's own tools, which see everything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import asyncpg
from pydantic import BaseModel, Field

from domain.access import covers
from domain.events import Event
from domain.explain import Explanation, explain, explain_all, find
from domain.intervention import apply_all
from domain.standing import Track
from domain.state import InterventionState, Stage, deadline_key
from domain.timeline import describe
from domain.values import Actor, slugify
from domain.views import EventView, StatusView, status_view
from eventstore.errors import StoreError
from eventstore.store import EventStore, RecordedEvent


class NotFoundError(StoreError):
    pass


def not_found(intervention_id: str) -> NotFoundError:
    return NotFoundError(
        f"no intervention {intervention_id!r} in the event store; "
        "`intervention list` shows the ids there are"
    )


class NotYoursError(NotFoundError):
    """Another authority's intervention: said as a missing one is, with who asked, for the
    record of refused access."""

    def __init__(self, intervention_id: str, person: Actor) -> None:
        super().__init__(str(not_found(intervention_id)))
        self.intervention_id = intervention_id
        self.person = person


def _visible(
    intervention_id: str, recorded: list[RecordedEvent], person: Actor | None
) -> list[RecordedEvent]:
    """The stream, if there is one and the person may see it."""
    if not recorded:
        raise not_found(intervention_id)
    # The opening names the authority, and it never changes.
    if person is not None and not covers(person, str(recorded[0].data["authority"])):
        raise NotYoursError(intervention_id, person)
    return recorded


async def stream_events(
    store: EventStore, intervention_id: str, person: Actor | None = None
) -> list[RecordedEvent]:
    """The intervention's stream; NotFoundError when it has none, or the person may not
    see it."""
    return _visible(intervention_id, await store.read_stream(intervention_id), person)


class Folded(NamedTuple):
    """A stream read: its events as the domain holds them, the state they fold to, and each
    event in words, described on that record (a SEND partnership's answer named as its regime
    names it, an alert on an assumed receipt marked so)."""

    events: list[Event]
    state: InterventionState
    views: list[EventView]


def _fold(recorded: Sequence[RecordedEvent]) -> tuple[list[Event], InterventionState]:
    events = [event.to_domain() for event in recorded]
    return events, apply_all(events)


def folded(recorded: Sequence[RecordedEvent]) -> Folded:
    events, state = _fold(recorded)
    return Folded(
        events,
        state,
        [
            EventView(
                position=stored.position,
                version=stored.version,
                type=stored.type,
                effective_on=stored.effective_on,
                recorded_at=stored.recorded_at,
                actor={"name": stored.actor.name, "role": str(stored.actor.role)},
                summary=describe(event, state),
                data=stored.data,
            )
            for stored, event in zip(recorded, events, strict=True)
        ],
    )


async def intervention_status(
    store: EventStore,
    intervention_id: str,
    *,
    wait_for_version: int | None = None,
    today: date | None = None,
    person: Actor | None = None,
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
    _visible(intervention_id, recorded, person)
    stream = folded(recorded)
    return status_view(stream.state, stream.views, today)


async def explained_status(
    store: EventStore, intervention_id: str, today: date, person: Actor | None = None
) -> tuple[StatusView, dict[str, Explanation]]:
    """The status, and each deadline's explanation by its key (`cycle:milestone:number`), from
    one read of the stream."""
    stream = folded(await stream_events(store, intervention_id, person))
    status = status_view(stream.state, stream.views, today)
    return status, {
        deadline_key(e.milestone, e.number, e.cycle): e
        for e in explain_all(stream.state, stream.events)
    }


async def explanations(
    store: EventStore,
    intervention_id: str,
    deadline: str | None = None,
    person: Actor | None = None,
) -> list[Explanation]:
    """How each deadline's date came about, or the one named (`monitoring_visit:3`)."""
    events, state = _fold(await stream_events(store, intervention_id, person))
    if deadline is None:
        return explain_all(state, events)
    found = find(state, deadline)
    if found is None:
        names = sorted({d.milestone for d in state.deadlines})
        raise NotFoundError(
            f"no deadline {deadline!r} in {intervention_id!r}; name one as milestone, "
            "milestone:number or milestone:number@cycle (progress_review:2), or as the status "
            f"shows it (progress review 2); its deadlines: {', '.join(names)}"
        )
    return [explain(state, events, found)]


class PortfolioRow(BaseModel):
    intervention_id: str
    authority: str
    regime: str
    regime_version: int
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
    # A report's day of receipt is assumed: deadlines counted from it may still move.
    receipt_unconfirmed: bool


# An intervention is overdue when a deadline is missed, or open and past due: its row knows both
# (the first open deadline is the earliest, and how many are missed).
OVERDUE = "(i.next_due < $1 OR i.missed_deadlines > 0)"
# Counted only for the rows returned: one index probe each.
OVERDUE_COUNT = """
    (SELECT count(*) FROM deadlines d
     WHERE d.stream_id = i.stream_id AND d.status IN ('pending', 'missed')
       AND (d.due < $1 OR d.status = 'missed'))"""
# The portfolio's order is the index `interventions_portfolio_order`: a page is read from it
# without sorting the rest.
PORTFOLIO_ORDER = "i.status DESC, i.next_due NULLS LAST, i.authority, i.stream_id"


@dataclass(frozen=True)
class PortfolioScope:
    """Which interventions: every one, or those matching all the filters given."""

    overdue_only: bool = False
    # Only open interventions with a report whose day of receipt is assumed.
    unconfirmed_only: bool = False
    stage: Stage | None = None
    track: Track | None = None
    # Part of the authority's name, in any case.
    authority: str | None = None
    # The authorities a person's organisation covers; None for every authority.
    authorities: tuple[str, ...] | None = None

    def where(self) -> tuple[str, list[object]]:
        """The WHERE clause and its values, numbered from $2 ($1 is today's date)."""
        conditions: list[str] = []
        values: list[object] = []

        def given(condition: str, value: object) -> None:
            values.append(value)
            conditions.append(condition.format(f"${len(values) + 1}"))

        if self.overdue_only:
            conditions.append(OVERDUE)
        if self.unconfirmed_only:
            conditions.append("(i.status = 'open' AND i.receipt_unconfirmed)")
        if self.stage is not None:
            given("i.stage = {}", self.stage)
        if self.track is not None:
            given("i.track = {}", self.track)
        if self.authority is not None:
            given("strpos(lower(i.authority), lower({})) > 0", self.authority)
        if self.authorities is not None:
            # As `domain.access` compares them; the function and its index are migration 007's.
            slugs = sorted({slugify(authority) for authority in self.authorities})
            given("authority_slug(i.authority) = ANY({}::text[])", slugs)
        return (f"WHERE {' AND '.join(conditions)}" if conditions else ""), values


def portfolio_sql(scope: PortfolioScope, paged: bool) -> tuple[str, list[object]]:
    """The portfolio's query, taking today's date as $1, then the scope's values, then (when
    paged) the limit and the offset."""
    where, values = scope.where()
    query = f"""
        SELECT i.stream_id, i.authority, i.regime, i.regime_version, i.track, i.stage, i.status,
               i.cycle, i.published_on, i.highest_escalation, i.next_milestone, i.next_number,
               i.next_due, i.receipt_unconfirmed, {OVERDUE_COUNT} AS overdue
        FROM interventions i {where} ORDER BY {PORTFOLIO_ORDER}"""
    if paged:
        query += f" LIMIT ${len(values) + 2} OFFSET ${len(values) + 3}"
    return query, values


async def portfolio(
    pool: asyncpg.Pool,
    today: date,
    scope: PortfolioScope = PortfolioScope(),
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[PortfolioRow]:
    """The interventions in scope, the next deadline first, each with its count of overdue
    deadlines as of `today`; all of them, or the page of `limit` rows from `offset`."""
    query, values = portfolio_sql(scope, paged=limit is not None)
    paging = [limit, offset] if limit is not None else []
    rows = await pool.fetch(query, today, *values, *paging)
    return [
        PortfolioRow(
            intervention_id=row["stream_id"],
            authority=row["authority"],
            regime=row["regime"],
            regime_version=row["regime_version"],
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
            receipt_unconfirmed=row["receipt_unconfirmed"],
        )
        for row in rows
    ]


class PortfolioTotals(BaseModel):
    interventions: int
    overdue: int = Field(description="Open interventions with a deadline missed or past due")


async def portfolio_totals(
    pool: asyncpg.Pool, today: date, scope: PortfolioScope = PortfolioScope()
) -> PortfolioTotals:
    """How many interventions the scope holds, and how many of those open ones are overdue."""
    where, values = scope.where()
    row = await pool.fetchrow(
        f"""SELECT count(*) AS interventions,
                   count(*) FILTER (WHERE i.status = 'open' AND {OVERDUE}) AS overdue
            FROM interventions i {where}""",
        today,
        *values,
    )
    assert row is not None  # an aggregate always returns its row
    return PortfolioTotals(interventions=row["interventions"], overdue=row["overdue"])
