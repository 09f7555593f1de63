"""The activities: append events to the store, and send notifications."""

from __future__ import annotations

import structlog
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.metrics import count_appended
from activities.models import AppendEventsInput, AppendEventsResult, NotifyInput, NotifyResult
from activities.notifiers import Notifier
from domain.identity import event_id_for
from eventstore.errors import ConcurrencyError, IdempotencyConflictError
from eventstore.store import EventStore, NewEvent

log = structlog.get_logger("activities")


class InterventionActivities:
    """Activities as methods on one object holding the store (and its pool) and the notifier."""

    def __init__(self, store: EventStore, notifier: Notifier) -> None:
        self.store = store
        self.notifier = notifier

    @activity.defn(name="append_events")
    async def append_events(self, input: AppendEventsInput) -> AppendEventsResult:
        new = [
            NewEvent(event_id_for(input.writer_id, input.expected_version + n), e)
            for n, e in enumerate(input.events, start=1)
        ]
        try:
            result = await self.store.append(input.stream_id, input.expected_version, new)
        except (ConcurrencyError, IdempotencyConflictError) as error:
            raise ApplicationError(
                str(error), type=type(error).__name__, non_retryable=True
            ) from error
        # A retried append finds its events stored and writes none: counting `written` only
        # keeps the counters at one per event.
        if result.written:
            count_appended(activity.metric_meter(), input.events)
        log.info(
            "events appended",
            intervention_id=input.stream_id,
            workflow_id=input.writer_id,
            version=result.version,
            written=result.written,
            types=[e.type for e in input.events],
        )
        return AppendEventsResult(
            version=result.version, written=result.written, last_position=result.last_position
        )

    @activity.defn(name="notify")
    async def notify(self, input: NotifyInput) -> NotifyResult:
        for note in input.notifications:
            await self.notifier.send(input.intervention_id, input.authority, note)
        return NotifyResult(delivered=len(input.notifications))

    @property
    def all(self) -> list[object]:
        return [self.append_events, self.notify]
