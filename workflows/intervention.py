"""One durable workflow per intervention, for its whole life.

The workflow holds the aggregate state and asks `domain` what each command and each tick of the
clock means. People record milestones through the `record` Update: its validator runs the same
`decide`, so a bad command is refused before it touches history. The clock sleeps on a durable
timer until the next reminder, escalation or overdue alert. Every event is appended to the event
store by an activity before the Update returns; the event ids derive from the workflow id and the
event's version, so a retried append writes nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, CancelledError, FailureError

with workflow.unsafe.imports_passed_through():
    from pydantic import ValidationError

    from activities.metrics import count_access_refused, count_rejection, organisation_kind
    from activities.models import (
        AppendEventsInput,
        AppendEventsResult,
        Notification,
        NotifyInput,
        NotifyResult,
    )
    from domain.access import NotFoundForYouError
    from domain.clock import next_alarm, tick
    from domain.commands import MigrateRegime, RecordMilestone
    from domain.errors import DomainError
    from domain.events import (
        EscalationRaised,
        EscalationWithdrawn,
        Event,
        MilestoneOverdue,
        ReminderSent,
    )
    from domain.history import replay
    from domain.identity import event_id_for
    from domain.intervention import apply, decide, decide_open
    from domain.migration import decide_migration
    from domain.plan import ChangePlan
    from domain.planning import decide_plan
    from domain.state import InterventionState
    from domain.timeline import describe
    from domain.views import DeadlineView, StatusView, deadline_views, status_view
    from workflows.models import (
        ClockReading,
        InterventionInput,
        InterventionResult,
        RecordResult,
        Rejection,
        TimelineEntry,
    )
    from workflows.search_attributes import is_indexed, search_attribute_updates

# Appends must survive a database outage of any length: retry forever, backing off to a minute.
# A concurrency or idempotency conflict means a second writer or a bug, which no retry mends.
APPEND_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
    maximum_attempts=0,
    non_retryable_error_types=["ConcurrencyError", "IdempotencyConflictError"],
)
# An append runs first as a local activity: in the worker, inside the workflow task, with no
# round trip through the server. Its retries are the worker's and keep the workflow task open,
# so they stop after five attempts, about ten seconds; a database still out then hands the
# append to an activity, whose retries the server keeps up for as long as the outage lasts, at
# no cost in history.
LOCAL_APPEND_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=4),
    maximum_attempts=5,
    non_retryable_error_types=APPEND_RETRY.non_retryable_error_types,
)


async def append(request: AppendEventsInput) -> None:
    """Append to the event store, as a local activity unless the workflow ran its appends as
    activities before this patch (its history says which)."""
    if workflow.patched("append-as-local-activity"):
        try:
            await workflow.execute_local_activity(
                "append_events",
                request,
                result_type=AppendEventsResult,
                start_to_close_timeout=timedelta(seconds=5),
                retry_policy=LOCAL_APPEND_RETRY,
            )
            return
        except FailureError as error:
            if isinstance(error, CancelledError):
                raise
            # Out of attempts. Or refused: a conflict, which the activity meets again and
            # fails on as it did before this patch.
    await workflow.execute_activity(
        "append_events",
        request,
        result_type=AppendEventsResult,
        start_to_close_timeout=timedelta(seconds=30),
        retry_policy=APPEND_RETRY,
    )


# A reminder that cannot be delivered after an hour of trying (`NOTIFY_FOR`) is logged, not
# allowed to block the intervention: the event that caused it is already in the record.
NOTIFY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=10),
)
NOTIFY_FOR = timedelta(hours=1)


def _rejection(error: DomainError) -> ApplicationError:
    """The domain's refusal as a failure no retry mends, counted by reason; the field it is
    about travels in its details, so callers never read it off the message."""
    count_rejection(workflow.metric_meter(), type(error).__name__)
    if isinstance(error, NotFoundForYouError):
        _log_refused_access(error)
    return ApplicationError(
        error.message,
        Rejection(field=error.field, allowed=error.allowed),
        type=type(error).__name__,
        non_retryable=True,
    )


def _log_refused_access(error: NotFoundForYouError) -> None:
    """A command for another authority's intervention, as a security event (the line names
    the intervention: it is this workflow's id), and counted."""
    actor = error.actor
    kind = organisation_kind(actor)
    count_access_refused(workflow.metric_meter(), kind, "workflow")
    fields: dict[str, object] = {
        "person": actor.name,
        "organisation": actor.organisation,
        "surface": "workflow",
    }
    workflow.logger.warning("access_refused", extra=fields)


# What people ask of an intervention, each through an Update with its validator.
Command = RecordMilestone | ChangePlan | MigrateRegime


# What the Web UI shows beside the clock's timer.
ALARM_SUMMARY = "next reminder or escalation"


@workflow.defn(name="InterventionWorkflow")
class InterventionWorkflow:
    @workflow.init
    def __init__(self, input: InterventionInput) -> None:
        self._state: InterventionState | None = input.state
        self._timeline: list[TimelineEntry] = list(input.timeline)
        self._offset = timedelta(days=input.clock_offset_days, seconds=input.clock_offset_seconds)
        self._history_limit = input.history_limit
        # Notifications wait here for the delivery task, so neither an Update nor the clock
        # ever waits on a slow or failing receiver.
        self._outbox: list[NotifyInput] = list(input.outbox)
        self._lock = asyncio.Lock()
        self._changed = False
        # The timer set for the next reminder, escalation or overdue alert, and the moment it
        # is set for: kept while that moment stays the next, whatever is recorded meanwhile.
        self._alarm: asyncio.Task[None] | None = None
        self._alarm_at: datetime | None = None
        # Started with our search attributes means they are registered: keep them current.
        self._indexed = is_indexed(workflow.info().typed_search_attributes)

    # --- the clock ---------------------------------------------------------------------------

    @workflow.run
    async def run(self, input: InterventionInput) -> InterventionResult:
        if self._state is None:
            if input.open is None:
                raise ApplicationError(
                    "InterventionInput needs `open` or `state`", non_retryable=True
                )
            try:
                # An intervention brought in with its past records it all at once, as history.
                if input.past:
                    opening = replay(input.open, input.past, self._now())
                else:
                    opening = decide_open(input.open, self._now())
            except DomainError as error:
                raise _rejection(error) from None
            async with self._lock:
                await self._commit(opening, past=bool(input.past))
        delivery = asyncio.create_task(self._deliver_notifications())
        while not self._current.is_closed:
            async with self._lock:
                due = tick(self._current, self._now())
                if due:
                    await self._commit(due)
            if self._time_for_a_new_run():
                await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(
                    InterventionInput(
                        state=self._current,
                        timeline=self._timeline,
                        clock_offset_days=self._offset.days,
                        clock_offset_seconds=self._offset.seconds,
                        history_limit=self._history_limit,
                        outbox=self._outbox,
                    )
                )
            await self._sleep_until_something_changes()
        self._disarm()
        await workflow.wait_condition(lambda: workflow.all_handlers_finished() and not self._outbox)
        delivery.cancel()
        state = self._current
        return InterventionResult(
            intervention_id=state.intervention_id,
            stage=state.stage.value,
            closed_on=state.closed_on,
            version=state.version,
        )

    async def _sleep_until_something_changes(self) -> None:
        self._changed = False
        alarm = next_alarm(self._current, self._now())
        renewal = self._renewal_due()
        if renewal is not None:
            # Awake to hand over to a new run, even with nothing to do before then.
            handover = renewal + self._offset
            alarm = handover if alarm is None else min(alarm, handover)
        if not workflow.patched("alarm-kept-until-it-moves"):
            # Histories from before the patch cancelled and started a timer on every change.
            timeout = None if alarm is None else self._until(alarm)
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(
                    lambda: self._changed,
                    timeout=timeout,
                    timeout_summary=ALARM_SUMMARY,
                )
            return
        # Most records leave the next alarm where it was: its timer stays, and the history
        # gains no cancelled timer and no new one.
        if alarm != self._alarm_at:
            self._disarm()
            if alarm is not None:
                self._alarm_at = alarm
                self._alarm = asyncio.create_task(
                    workflow.sleep(self._until(alarm), summary=ALARM_SUMMARY)
                )
        changed = asyncio.create_task(workflow.wait_condition(lambda: self._changed))
        await workflow.wait(
            [changed] if self._alarm is None else [changed, self._alarm],
            return_when=asyncio.FIRST_COMPLETED,
        )
        changed.cancel()
        if self._alarm is not None and self._alarm.done():
            self._disarm()

    def _until(self, alarm: datetime) -> timedelta:
        return max(alarm - self._now(), timedelta(seconds=1))

    def _disarm(self) -> None:
        if self._alarm is not None:
            self._alarm.cancel()
        self._alarm, self._alarm_at = None, None

    def _time_for_a_new_run(self) -> bool:
        info = workflow.info()
        if self._history_limit is not None:
            return info.get_current_history_length() >= self._history_limit
        renewal = self._renewal_due()
        return info.is_continue_as_new_suggested() or (
            renewal is not None and workflow.now() >= renewal
        )

    def _renewal_due(self) -> datetime | None:
        """When a run whose length the server limits hands over to a new one: half way to the
        limit (the time-skipping server ends a run after ten years; interventions outlast
        that). None where runs are unlimited, as on a Temporal server by default."""
        info = workflow.info()
        if info.run_timeout is None:
            return None
        return info.workflow_start_time + info.run_timeout / 2

    def _now(self) -> datetime:
        return workflow.now() + self._offset

    @property
    def _current(self) -> InterventionState:
        if self._state is None:
            raise ApplicationError("the intervention is still being opened; try again shortly")
        return self._state

    # --- recording milestones ----------------------------------------------------------------

    @workflow.update
    async def record(self, command: RecordMilestone) -> RecordResult:
        return await self._accept(command, command.milestone)

    @record.validator
    def validate_record(self, command: RecordMilestone) -> None:
        self._decide(command)

    @workflow.update
    async def change_plan(self, command: ChangePlan) -> RecordResult:
        """Add, update or complete plan priorities and actions: the whole batch, or nothing."""
        return await self._accept(command, "change_plan")

    @change_plan.validator
    def validate_change_plan(self, command: ChangePlan) -> None:
        self._decide(command)

    @workflow.update
    async def migrate_regime(self, command: MigrateRegime) -> RecordResult:
        """Move to another version of the regime; open deadlines are counted again."""
        return await self._accept(command, "migrate_regime")

    @migrate_regime.validator
    def validate_migrate_regime(self, command: MigrateRegime) -> None:
        self._decide(command)

    async def _accept(self, command: Command, what: str) -> RecordResult:
        async with self._lock:
            events = self._decide(command)
            await self._commit(events)
        return RecordResult(
            intervention_id=self._current.intervention_id,
            milestone=what,
            version=self._current.version,
            events=[event.type for event in events],
            summary=[describe(event, self._current) for event in events],
        )

    @workflow.signal(name="record")
    async def record_signal(self, payload: dict[str, Any]) -> None:
        """Fire-and-forget recording; a bad signal is logged and dropped, never fatal."""
        # A signal sent with the start arrives before the opening is decided.
        await workflow.wait_condition(lambda: self._state is not None)
        try:
            command = RecordMilestone.model_validate(payload)
            async with self._lock:
                await self._commit(self._decide(command))
        except (ValidationError, ApplicationError) as error:
            workflow.logger.warning("ignored invalid record signal: %s", error)

    def _decide(self, command: Command) -> list[Event]:
        try:
            if isinstance(command, ChangePlan):
                return decide_plan(self._current, command, self._now())
            if isinstance(command, MigrateRegime):
                return decide_migration(self._current, command, self._now())
            return decide(self._current, command, self._now())
        except DomainError as error:
            raise _rejection(error) from None

    # --- queries -----------------------------------------------------------------------------

    @workflow.query
    def status(self) -> StatusView:
        return status_view(self._current)

    @workflow.query
    def deadlines(self) -> list[DeadlineView]:
        return deadline_views(self._current)

    @workflow.query
    def timeline(self) -> list[TimelineEntry]:
        return self._timeline

    @workflow.query
    def clock(self) -> ClockReading:
        return ClockReading(
            version=self._current.version, next_alarm=next_alarm(self._current, self._now())
        )

    # --- the record --------------------------------------------------------------------------

    async def _commit(self, events: list[Event], *, past: bool = False) -> None:
        """Apply events to the state, then append them; callers hold the lock. Reminders and
        escalations of an imported `past` are history: nothing is sent for them."""
        expected = self._state.version if self._state else 0
        state = self._state
        for event in events:
            state = apply(state, event)
            self._timeline.append(
                TimelineEntry(
                    version=state.version,
                    type=event.type,
                    effective_on=event.effective_on,
                    recorded_at=event.recorded_at,
                    summary=describe(event, state),
                )
            )
        # Applied before the append so validators of concurrent Updates judge the new state.
        self._state = state
        self._changed = True
        self._update_search_attributes()
        notifications = [] if past else self._notifications(events)
        if notifications:
            self._outbox.append(
                NotifyInput(
                    intervention_id=self._current.intervention_id,
                    authority=self._current.authority,
                    notifications=notifications,
                )
            )
        await append(
            AppendEventsInput(
                stream_id=self._current.intervention_id,
                writer_id=workflow.info().workflow_id,
                expected_version=expected,
                events=events,
            )
        )

    def _update_search_attributes(self) -> None:
        """Upsert the Web UI's columns that changed. Behind a patch: histories recorded before
        this command existed replay without it."""
        if self._indexed and workflow.patched("search-attributes"):
            workflow.upsert_search_attributes(
                search_attribute_updates(self._current, workflow.info().typed_search_attributes)
            )

    async def _deliver_notifications(self) -> None:
        """Send the outbox in order; a batch leaves it only once sent or given up on."""
        while True:
            await workflow.wait_condition(lambda: bool(self._outbox))
            batch = self._outbox[0]
            try:
                await workflow.execute_activity(
                    "notify",
                    batch,
                    result_type=NotifyResult,
                    start_to_close_timeout=timedelta(seconds=30),
                    schedule_to_close_timeout=NOTIFY_FOR,
                    retry_policy=NOTIFY_RETRY,
                )
            except ActivityError as error:
                workflow.logger.warning("notifications not delivered: %s", error)
            self._outbox.pop(0)

    def _notifications(self, events: list[Event]) -> list[Notification]:
        state = self._current
        first_version = state.version - len(events) + 1
        notes = []
        for version, event in enumerate(events, start=first_version):
            if not isinstance(
                event, ReminderSent | EscalationRaised | EscalationWithdrawn | MilestoneOverdue
            ):
                continue
            deadline = state.deadline_of(event.milestone, event.number, event.cycle)
            notes.append(
                Notification(
                    event_id=str(event_id_for(workflow.info().workflow_id, version)),
                    kind={
                        "ReminderSent": "reminder",
                        "EscalationRaised": "escalation",
                        "EscalationWithdrawn": "escalation_withdrawn",
                        "MilestoneOverdue": "overdue",
                    }[event.type],
                    milestone=event.milestone,
                    number=event.number,
                    title=deadline.label if deadline else event.milestone,
                    due=deadline.due if deadline else None,
                    level=getattr(event, "level", None),
                    to=event.to,
                    contacts=state.contacts.get(event.to, []),
                    message=f"{state.authority}: {describe(event, state)}",
                )
            )
        return notes
