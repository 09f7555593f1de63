"""An intervention's committee report, as the API and the dashboard read it."""

from __future__ import annotations

from datetime import date

from api.errors import ApiError
from domain.report import CommitteeReport, build_report
from domain.values import Actor
from eventstore.queries import stream_events
from eventstore.store import EventStore


async def committee_report(
    store: EventStore, intervention_id: str, start: date | None, end: date, person: Actor
) -> CommitteeReport:
    """The report for the period from `start` (the opening when not given) to `end`, if the
    person may see the intervention."""
    if start and end < start:
        raise ApiError(
            422, "invalid_request", f"to {end} is before from {start}; pick a later end", "to"
        )
    recorded = await stream_events(store, intervention_id, person)
    return build_report([event.to_domain() for event in recorded], start, end)
