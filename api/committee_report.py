"""An intervention's events and its committee report, as the API and the dashboard read them."""

from __future__ import annotations

from datetime import date

from api.errors import ApiError
from domain.report import CommitteeReport, build_report
from eventstore.store import EventStore, RecordedEvent


async def recorded_events(store: EventStore, intervention_id: str) -> list[RecordedEvent]:
    """The intervention's stream; not found when it has none."""
    recorded = await store.read_stream(intervention_id)
    if not recorded:
        raise ApiError(404, "not_found", f"no intervention {intervention_id!r} in the event store")
    return recorded


async def committee_report(
    store: EventStore, intervention_id: str, start: date | None, end: date
) -> CommitteeReport:
    """The report for the period from `start` (the opening when not given) to `end`."""
    if start and end < start:
        raise ApiError(
            422, "invalid_request", f"to {end} is before from {start}; pick a later end", "to"
        )
    recorded = await recorded_events(store, intervention_id)
    return build_report([event.to_domain() for event in recorded], start, end)
