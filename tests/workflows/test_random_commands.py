"""Random command sequences against the real workflow on the time-skipping server.

Whatever arrives through the `record` Update, and whenever: the workflow never fails, every
rejection is a clear Update failure naming the domain's reason (the same reason the pure domain
gives for the same state and day), the next valid command is accepted, and the event store ends
up holding exactly the workflow's events. Fewer examples than the domain's property tests: each
one is a workflow with years of timers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.commands import RecordMilestone
from domain.errors import DomainError
from domain.events import Event
from domain.intervention import apply_all
from domain.state import InterventionState
from eventstore.store import EventStore
from eventstore.verify import verify
from tests.properties.strategies import commands, valid_commands
from tests.properties.test_aggregate import attempt
from tests.workflows.conftest import (
    Running,
    assert_gap_free,
    history_event_count,
    start_intervention,
    stored_events,
)
from workflows.intervention import InterventionWorkflow

TASK_FAILED = EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED


async def shadow(running: Running) -> tuple[InterventionState, datetime]:
    """The state folded from the store once it holds all the workflow's events, and the
    workflow's clock."""
    state = apply_all(e.to_domain() for e in await stored_events(running))
    now = await running.clock.env.get_current_time() + running.clock.offset
    return state, now


async def outcome(running: Running, command: RecordMilestone) -> list[str] | ApplicationError:
    """The event types the Update recorded, or the failure it was refused with."""
    try:
        result = await running.handle.execute_update(InterventionWorkflow.record, command)
    except WorkflowUpdateFailedError as failure:
        if isinstance(failure.cause, ApplicationError):
            return failure.cause
        raise
    return result.events


async def send(
    running: Running, command: RecordMilestone, predicted: list[Event] | DomainError
) -> None:
    """Send the Update; the workflow must decide as the domain predicted."""
    got = await outcome(running, command)
    if isinstance(predicted, DomainError):
        assert isinstance(got, ApplicationError), (command, got)
        assert (got.type, got.message) == (type(predicted).__name__, predicted.message)
        assert got.non_retryable
    else:
        assert got == [event.type for event in predicted], command


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_random_commands_never_fail_the_workflow(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, data: st.DataObject
) -> None:
    running = await start_intervention(env, worker, store)
    for _ in range(data.draw(st.integers(2, 7), label="steps")):
        action = data.draw(st.sampled_from(["wait", "anything", "anything", "valid"]))
        if action == "wait":
            state, now = await shadow(running)
            days = data.draw(st.integers(1, 150), label="days")
            await running.advance_to((now + timedelta(days=days)).date())
            continue
        state, now = await shadow(running)
        if state.is_closed:
            break
        strategy = commands(state, now) if action == "anything" else valid_commands(state, now)
        command = data.draw(strategy, label="command")
        if command is None:
            continue
        predicted = attempt(state, command, now)
        await send(running, command, predicted)
        if isinstance(predicted, DomainError):
            event(f"rejected: {type(predicted).__name__}")
            # Refused, and the workflow takes the next command that is right.
            state, now = await shadow(running)
            valid = data.draw(valid_commands(state, now), label="next valid command")
            if valid is not None:
                await send(running, valid, attempt(state, valid, now))

    event(f"reached: {(await shadow(running))[0].stage.value}")
    description = await running.handle.describe()
    assert description.status in (
        WorkflowExecutionStatus.RUNNING,
        WorkflowExecutionStatus.COMPLETED,
    )
    assert await history_event_count(running.handle, TASK_FAILED) == 0
    stored = await stored_events(running)
    assert_gap_free(stored)
    assert (await verify(store.pool, running.intervention_id)).ok
