"""The use cases: open an intervention, record a milestone, change the improvement plan.

The command line, the HTTP API and the simulator all come through here, so each failure is
translated once, from Temporal's and the store's own errors into an `OperationError` that says
what happened in one sentence.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowQueryFailedError,
    WorkflowUpdateFailedError,
)
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from application.scenario import Scenario
from domain.access import NotFoundForYouError, check_may_open, unknown_intervention
from domain.commands import MigrateRegime, OpenIntervention, RecordMilestone
from domain.history import PastStepError, replay
from domain.intervention import decide_open
from domain.plan import ChangePlan
from domain.values import Actor
from domain.views import StatusView
from eventstore.queries import intervention_status
from eventstore.store import EventStore
from workflows.intervention import Command, InterventionWorkflow
from workflows.models import (
    ClockReading,
    InterventionInput,
    InterventionResult,
    RecordResult,
    Rejection,
)
from workflows.search_attributes import opening_search_attributes

# How long an opening waits for the workflow to record what it owes at once: 30 s at most.
SETTLE_ATTEMPTS = 300
SETTLE_PAUSE = 0.1
InterventionHandle = WorkflowHandle[InterventionWorkflow, InterventionResult]


class OperationError(Exception):
    """An operation that could not be done; the message says why, in one sentence."""


class InterventionExistsError(OperationError):
    pass


class NoRunningInterventionError(OperationError):
    pass


class CommandRefusedError(NoRunningInterventionError):
    """A command for an intervention of an authority the person's organisation does not cover:
    told in the words a missing intervention gets, and carrying who asked, for the record of
    refused access."""

    def __init__(self, intervention_id: str, person: Actor) -> None:
        super().__init__(unknown_intervention(intervention_id))
        self.intervention_id = intervention_id
        self.person = person


class TemporalRefusedError(OperationError):
    pass


class MilestoneRejectedError(OperationError):
    """The workflow refused the command: `reason` is the domain's own message, `kind` the
    domain error's type, and `field` and `allowed` what the domain said the error is about."""

    def __init__(self, reason: str, kind: str | None, rejection: Rejection | None = None) -> None:
        super().__init__(f"rejected: {reason}")
        self.reason = reason
        self.kind = kind
        self.field = rejection.field if rejection else None
        self.allowed = rejection.allowed if rejection else []


async def open_intervention(
    client: Client, store: EventStore, command: OpenIntervention, task_queue: str
) -> StatusView:
    """Start the intervention's workflow and return its status once the opening is stored."""
    command = command.under_current_rules()
    # The workflow makes the same decision; deciding here first means a bad command is refused
    # before any workflow exists.
    decide_open(command, datetime.now(UTC))
    return await _start(client, store, InterventionInput(open=command), task_queue)


async def _start(
    client: Client,
    store: EventStore,
    start: InterventionInput,
    task_queue: str,
    *,
    indexed: bool = True,
) -> StatusView:
    """Start the intervention's workflow; its status once it has recorded what it owes now."""
    assert start.open is not None
    intervention_id = start.open.intervention_id
    if await store.stream_version(intervention_id):
        raise InterventionExistsError(
            f"an intervention {intervention_id!r} already exists; "
            f"see `intervention status {intervention_id}`"
        )
    try:
        await client.start_workflow(
            InterventionWorkflow.run,
            start,
            id=intervention_id,
            task_queue=task_queue,
            # An intervention id names one stream for ever: never run it twice.
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            # The Web UI's columns; the server refuses them until they are registered.
            search_attributes=opening_search_attributes() if indexed else None,
        )
    except WorkflowAlreadyStartedError:
        raise InterventionExistsError(
            f"an intervention {intervention_id!r} is already running"
        ) from None
    except RPCError as error:
        if "search attribute" not in error.message:
            raise
        raise TemporalRefusedError(
            f"the Temporal server refused to start {intervention_id!r}: {error.message}; "
            "register the search attributes first (deploy/temporal/create-namespace.sh, "
            "see docs/deploy.md)"
        ) from None
    return await settled_status(client, store, intervention_id)


def _handle(client: Client, intervention_id: str) -> InterventionHandle:
    # Typed by hand: mypy's inference through `get_workflow_handle_for` depends on the order it
    # checks modules in, and fails on a clean cache.
    return client.get_workflow_handle(intervention_id, result_type=InterventionResult)


async def settled_status(client: Client, store: EventStore, intervention_id: str) -> StatusView:
    """The status once the workflow has recorded everything it owes now: an intervention opened
    on a report of weeks ago may owe a reminder at once, and its status should show it."""
    handle = _handle(client, intervention_id)
    for _ in range(SETTLE_ATTEMPTS):
        reading = await _clock(handle)
        if reading is not None and (
            reading.next_alarm is None or reading.next_alarm > datetime.now(UTC)
        ):
            return await intervention_status(
                store, intervention_id, wait_for_version=reading.version
            )
        await asyncio.sleep(SETTLE_PAUSE)
    return await intervention_status(store, intervention_id, wait_for_version=1)


async def opened_clock(handle: WorkflowHandle[Any, Any]) -> ClockReading | None:
    """The workflow's clock once it has stored its opening, which a recorded milestone must
    wait for (it is refused before); None if that takes longer than an opening may (30 s)."""
    for _ in range(SETTLE_ATTEMPTS):
        reading = await _clock(handle)
        if reading is not None:
            return reading
        await asyncio.sleep(SETTLE_PAUSE)
    return None


async def _clock(handle: WorkflowHandle[Any, Any]) -> ClockReading | None:
    """The workflow's clock; None while it is still deciding its opening."""
    try:
        return await handle.query(InterventionWorkflow.clock)
    except WorkflowQueryFailedError:
        return None


class ImportStepError(OperationError):
    """A step of an imported past the rules refuse: nothing was started or written."""


async def import_intervention(
    client: Client,
    store: EventStore,
    scenario: Scenario,
    task_queue: str,
    *,
    indexed: bool = True,
    person: Actor | None = None,
) -> StatusView:
    """Open an intervention already under way with its past: every step is checked first, the
    whole past decided as the workflow will decide it, so a refused step starts nothing.
    `indexed=False` starts it without the Web UI's search attributes, on a server that keeps
    none (the time-skipping test server). A `person` (who brings it in through the API or the
    dashboard) may bring in only their own authorities' interventions."""
    opening = scenario.opening
    if person is not None:
        check_may_open(person, opening.authority)
    past = scenario.past
    try:
        replay(opening, past, datetime.now(UTC))
    except PastStepError as error:
        line = scenario.line_of_step(error.number)
        at = f"line {line}, " if line else ""
        raise ImportStepError(
            f"the import stops at {at}{error.message}; nothing was imported"
        ) from None
    start = InterventionInput(open=opening, past=past)
    return await _start(client, store, start, task_queue, indexed=indexed)


async def record_milestone(
    client: Client, intervention_id: str, command: RecordMilestone
) -> RecordResult:
    return await _update(client, intervention_id, command)


async def change_plan(client: Client, intervention_id: str, command: ChangePlan) -> RecordResult:
    return await _update(client, intervention_id, command)


async def migrate_regime(
    client: Client, intervention_id: str, command: MigrateRegime
) -> RecordResult:
    return await _update(client, intervention_id, command)


async def _update(client: Client, intervention_id: str, command: Command) -> RecordResult:
    handle = _handle(client, intervention_id)
    try:
        if isinstance(command, ChangePlan):
            return await handle.execute_update(InterventionWorkflow.change_plan, command)
        if isinstance(command, MigrateRegime):
            return await handle.execute_update(InterventionWorkflow.migrate_regime, command)
        return await handle.execute_update(InterventionWorkflow.record, command)
    except WorkflowUpdateFailedError as error:
        refusal = rejected(error)
        if refusal.kind == NotFoundForYouError.__name__:
            raise CommandRefusedError(intervention_id, command.actor) from None
        raise refusal from None
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            raise NoRunningInterventionError(unknown_intervention(intervention_id)) from None
        raise TemporalRefusedError(
            f"the Temporal server refused the update: {error.message}"
        ) from None


def rejected(error: WorkflowUpdateFailedError) -> MilestoneRejectedError:
    """A refused Update as the domain said it: its message, its type, its field."""
    cause = error.cause
    if not isinstance(cause, ApplicationError):
        return MilestoneRejectedError(str(cause or error), None)
    rejection = Rejection.model_validate(cause.details[0]) if cause.details else None
    return MilestoneRejectedError(cause.message, cause.type, rejection)
