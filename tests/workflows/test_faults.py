"""Bad input and broken dependencies must not wedge an intervention's workflow.

Design rule: inside workflow code only `ApplicationError` is raised on purpose; anything else
fails the workflow task, which Temporal retries forever, and the intervention is stuck. And a
notification that cannot be delivered is logged, never allowed to block the intervention.

Found by reading, not tested here because the time-skipping server starts at the wall clock:
`application.simulation.simulate` computes the workflow's whole-day offset from London dates but
the offset moves UTC instants. Between 00:00 and 01:00 London time in summer (BST), for a
scenario published in winter (GMT), the workflow wakes on the day *before* publication and
`decide_open` fails the workflow with "inspection published_on ... is in the future" (checked
by moving a test server to 23:30 UTC on 15 June and starting the worked example that way).
Between 23:00 and 00:00 in winter, for a scenario published in summer, it opens a day late.
`start_intervention` in conftest.py corrects for this.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date

import pytest
from pydantic import ValidationError
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.models import Notification
from activities.notifiers import NotificationError
from domain.values import Inspection
from eventstore.store import EventStore
from tests.workflows.conftest import (
    LADDER_CONTACTS,
    Running,
    record,
    start_intervention,
    stored_events,
    stored_status,
)

TASK_COMPLETED = EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
TASK_FAILED = EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED


class RefusingNotifier:
    """A webhook that is down: every delivery fails, so the notify activity keeps retrying."""

    def __init__(self) -> None:
        self.attempts = 0

    async def send(self, intervention_id: str, authority: str, note: Notification) -> None:
        self.attempts += 1
        raise NotificationError(f"webhook down: {note.kind} to {note.to} not delivered")


@pytest.fixture
def refusing() -> RefusingNotifier:
    return RefusingNotifier()


@pytest.fixture
def notifier(request: pytest.FixtureRequest) -> object:
    """The notifier the `worker` fixture builds with: refusing when the test asks for it."""
    if "refusing" in request.fixturenames:
        return request.getfixturevalue("refusing")
    from application.simulation import CollectingNotifier

    return CollectingNotifier()


async def _first_task_outcome(running: Running) -> list[int]:
    """The history's event types once the first workflow task has completed or failed."""
    for _ in range(100):
        types = [event.event_type for event in (await running.handle.fetch_history()).events]
        if TASK_COMPLETED in types or TASK_FAILED in types:
            return types
        await asyncio.sleep(0.1)
    raise AssertionError("the first workflow task neither completed nor failed in 10 s")


async def test_an_ordinary_opening_completes_its_first_workflow_task(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    """The control for the test below: the same check passes for the worked example."""
    running = await start_intervention(env, worker, store)
    types = await _first_task_outcome(running)
    assert TASK_FAILED not in types
    assert (await stored_events(running))[0].type == "InterventionOpened"


def test_an_inspection_outside_the_calendar_is_refused_before_any_workflow_starts() -> None:
    # Inside the workflow sandbox only the preloaded bank holiday years can be read, so the
    # dates are checked where they come in, naming the field and the years that are covered.
    with pytest.raises(ValidationError) as refused:
        Inspection(
            started_on=date(1999, 1, 4), ended_on=date(1999, 1, 15), published_on=date(1999, 3, 2)
        )

    assert "started_on 1999-01-04 is outside the years the bank holiday calendar covers" in str(
        refused.value
    )
    assert "2000 to 2080" in str(refused.value)


async def test_undeliverable_notifications_do_not_stop_the_ladder(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, refusing: RefusingNotifier
) -> None:
    running = await start_intervention(env, worker, store, contacts=LADDER_CONTACTS)
    # Past level 2 (Thursday 29 June 2023); the test server skips the retries' backoff.
    await running.advance_to(date(2023, 6, 30))
    status = await stored_status(running)
    assert [(e.level, e.to) for e in status.escalations] == [
        (1, "director"),
        (2, "chief_executive"),
        (2, "lead_member"),
    ]
    assert (await running.handle.describe()).status == WorkflowExecutionStatus.RUNNING
    # Each notify activity tried more than once before giving up.
    assert refusing.attempts > 4


async def test_recording_returns_promptly_when_notifications_cannot_be_delivered(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, refusing: RefusingNotifier
) -> None:
    running = await start_intervention(env, worker, store, contacts=LADDER_CONTACTS)
    await running.advance_to(date(2023, 6, 20))  # level 1 raised on Friday 16 June
    recording = asyncio.create_task(
        record(running, "statement_of_action_submitted", effective_on=date(2023, 6, 14))
    )
    done, _ = await asyncio.wait({recording}, timeout=8)
    if not done:
        recording.cancel()
        with contextlib.suppress(BaseException):
            await recording
    # The milestone and the withdrawal are stored either way ...
    status = await stored_status(running)
    [soa] = [d for d in status.deadlines if d.milestone == "statement_of_action"]
    assert soa.status == "met"
    assert [e.withdrawn_on for e in status.escalations] == [date(2023, 6, 20)]
    # ... but the person recording it is still waiting for an answer.
    assert done, "the Update did not return within 8 s of real time"
    assert recording.result().events[-1] == "EscalationWithdrawn"
