"""Rejected updates and ignored signals leave no trace, and the workflow carries on.

Every case starts from the worked example under an improvement notice issued on Thursday
20 April 2023, which is also "today" when the bad command arrives. The inspection ended on
Friday 20 January 2023.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

import domain.errors as domain_errors
from api.errors import translate
from application.interventions import rejected
from application.scenario import Step
from application.simulation import ScenarioStepError, record_step
from domain.commands import RecordMilestone
from domain.values import Actor, Role
from eventstore.store import EventStore
from tests.workflows.conftest import (
    MANAGER,
    TEAM,
    VIEWER,
    Running,
    history_event_count,
    record,
    start_intervention,
    stored_events,
    workflow_status,
)
from workflows.intervention import InterventionWorkflow

TODAY = date(2023, 4, 20)
ACCEPTED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
COMPLETED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED
TASK_FAILED = EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED
SIGNALED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED


@dataclass
class Bad:
    milestone: str
    error: str  # the domain error class the rejection names
    quoted: list[str]  # what the message must quote: the bad value and what it is about
    effective_on: date = TODAY
    actor: Actor = MANAGER
    details: dict[str, str] = field(default_factory=dict)

    def command(self) -> RecordMilestone:
        return RecordMilestone(
            milestone=self.milestone,
            effective_on=self.effective_on,
            actor=self.actor,
            details=self.details,
        )


BAD_UPDATES = [
    pytest.param(
        Bad(
            "support_review_completed",
            "WrongStageError",
            ["'support_review_completed'", "'improvement'", "support_and_supervision"],
        ),
        id="wrong-stage",
    ),
    pytest.param(
        Bad(
            "reinspection_fieldwork_completed",
            "InvalidDateError",
            ["started_on 2023-04-21", "after the fieldwork ended on 2023-04-20"],
            details={"started_on": "2023-04-21"},
        ),
        id="fieldwork-started-after-it-ended",
    ),
    pytest.param(
        Bad(
            "direction_revoked",
            "WrongStageError",
            ["'direction_revoked'", "needs a direction in force, and a notice is"],
        ),
        id="wrong-instrument",
    ),
    pytest.param(
        Bad("appointment_ended", "WrongStageError", ["'appointment_ended'", "nobody is appointed"]),
        id="nobody-to-end",
    ),
    pytest.param(
        Bad("statement_of_action", "UnknownMilestoneError", ["'statement_of_action'"]),
        id="unknown-milestone",
    ),
    pytest.param(
        Bad(
            "statement_of_action_submitted",
            "InvalidDateError",
            ["effective_on 2023-04-21", "future", "2023-04-20"],
            effective_on=date(2023, 4, 21),
        ),
        id="effective-on-in-the-future",
    ),
    pytest.param(
        Bad(
            "statement_of_action_submitted",
            "InvalidDateError",
            ["effective_on 2023-01-19", "before the inspection ended", "2023-01-20"],
            effective_on=date(2023, 1, 19),
        ),
        id="effective-on-before-the-inspection-ended",
    ),
    pytest.param(
        Bad("statement_of_action_submitted", "RoleNotAllowedError", ["'viewer'"], actor=VIEWER),
        id="viewer",
    ),
    pytest.param(
        Bad(
            "notice_lifted",
            "RoleNotAllowedError",
            ["'improvement_team'", "'notice_lifted'", "manager"],
            actor=TEAM,
        ),
        id="improvement-team-lifting-the-notice",
    ),
    pytest.param(
        Bad(
            "statement_of_action_submitted",
            "RoleNotAllowedError",
            ["'system'"],
            actor=Actor(name="Someone Else", role=Role.SYSTEM),
        ),
        id="a-person-posing-as-the-engine",
    ),
    pytest.param(
        Bad(
            "reinspection_completed",
            "MissingFieldError",
            ["'reinspection_completed'", "'judgement'", "requires_improvement"],
        ),
        id="missing-judgement",
    ),
    pytest.param(
        Bad(
            "reinspection_completed",
            "InvalidFieldError",
            ["judgement 'excellent'", "requires_improvement"],
            details={"judgement": "excellent"},
        ),
        id="invalid-judgement",
    ),
    pytest.param(
        Bad(
            "reinspection_completed",
            "InvalidFieldError",
            ["published_on 'next week'"],
            details={"judgement": "good", "published_on": "next week"},
        ),
        id="invalid-date-field",
    ),
    pytest.param(
        Bad(
            "reinspection_completed",
            "InvalidDateError",
            ["published_on 2023-04-21", "future"],
            details={"judgement": "good", "published_on": "2023-04-21"},
        ),
        id="report-published-in-the-future",
    ),
    pytest.param(
        Bad(
            "improvement_board_established",
            "InvalidFieldError",
            ["colour 'red'", "chair"],
            details={"colour": "red"},
        ),
        id="unknown-field",
    ),
    pytest.param(
        Bad(
            "improvement_board_established",
            "InvalidFieldError",
            ["number '7'", "chair"],
            details={"number": "7"},
        ),
        id="engine-field",
    ),
]


async def _under_notice(env: WorkflowEnvironment, worker: Worker, store: EventStore) -> Running:
    running = await start_intervention(env, worker, store)
    await running.advance_to(TODAY)
    await record(running, "improvement_notice_issued")
    return running


async def _assert_untouched(running: Running, before: list[Any], accepted: int) -> None:
    """Still running, no update accepted since, and the same stream in the store."""
    description = await running.handle.describe()
    assert description.status == WorkflowExecutionStatus.RUNNING
    assert await history_event_count(running.handle, ACCEPTED) == accepted
    assert await history_event_count(running.handle, COMPLETED) == accepted
    assert await history_event_count(running.handle, TASK_FAILED) == 0
    assert (await workflow_status(running)).version == len(before)
    after = await running.store.read_stream(running.intervention_id)
    assert after == before


async def _assert_next_update_accepted(running: Running, accepted: int) -> None:
    result = await record(running, "improvement_board_established", chair="Independent Chair")
    assert result.events == ["ImprovementBoardEstablished", "DeadlineMet"]
    assert await history_event_count(running.handle, ACCEPTED) == accepted + 1
    stored = await stored_events(running)
    assert [e.type for e in stored[-2:]] == ["ImprovementBoardEstablished", "DeadlineMet"]


@pytest.mark.parametrize("bad", BAD_UPDATES)
async def test_a_rejected_update_says_why_and_leaves_no_trace(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, bad: Bad
) -> None:
    running = await _under_notice(env, worker, store)
    before = await stored_events(running)
    update_id = f"rejected-{uuid.uuid4().hex}"

    with pytest.raises(WorkflowUpdateFailedError) as raised:
        await running.handle.execute_update(
            InterventionWorkflow.record, bad.command(), id=update_id
        )
    cause = raised.value.cause
    assert isinstance(cause, ApplicationError)
    assert cause.type == bad.error
    for quoted in bad.quoted:
        assert quoted in cause.message

    await _assert_untouched(running, before, accepted=1)
    # Not a word of it in the history: the validator refused it before it was accepted.
    assert update_id not in (await running.handle.fetch_history()).to_json()
    await _assert_next_update_accepted(running, accepted=1)


async def test_a_malformed_update_payload_is_rejected(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    """A client that is not ours may send anything under the update's name."""
    running = await _under_notice(env, worker, store)
    before = await stored_events(running)
    for payload in ({"milestone": "statement_of_action_submitted"}, "garbage", [1, 2, 3]):
        with pytest.raises(WorkflowUpdateFailedError):
            await running.handle.execute_update("record", payload)
        await _assert_untouched(running, before, accepted=1)
    await _assert_next_update_accepted(running, accepted=1)


async def _signal_and_settle(running: Running, payload: Any) -> None:
    """Send a signal, then wait until the workflow has handled it (its event is in history)."""
    signalled = await history_event_count(running.handle, SIGNALED)
    await running.handle.signal("record", payload)
    for _ in range(100):
        if await history_event_count(running.handle, SIGNALED) > signalled:
            break
        await asyncio.sleep(0.05)
    # A query is answered from a workflow that has processed every event before it.
    await workflow_status(running)


async def test_a_valid_signal_is_applied(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    running = await _under_notice(env, worker, store)
    version = (await workflow_status(running)).version
    command = RecordMilestone(
        milestone="improvement_adviser_appointed",
        effective_on=date(2023, 4, 19),
        actor=TEAM,
        details={"name": "DfE Improvement Adviser"},
    )
    await _signal_and_settle(running, command.model_dump(mode="json"))
    for _ in range(100):
        if (await workflow_status(running)).version > version:
            break
        await asyncio.sleep(0.05)
    stored = await stored_events(running)
    assert len(stored) == version + 1
    adviser = stored[-1]
    assert adviser.type == "ImprovementAdviserAppointed"
    assert adviser.effective_on == date(2023, 4, 19)
    assert adviser.data["name"] == "DfE Improvement Adviser"
    assert (adviser.actor.name, str(adviser.actor.role)) == ("An Officer", "improvement_team")


BAD_SIGNALS = [
    pytest.param(
        RecordMilestone(milestone="no_such_thing", effective_on=TODAY, actor=MANAGER).model_dump(
            mode="json"
        ),
        id="unknown-milestone",
    ),
    pytest.param(
        RecordMilestone(
            milestone="statement_of_action_submitted", effective_on=TODAY, actor=VIEWER
        ).model_dump(mode="json"),
        id="role-not-allowed",
    ),
    pytest.param(
        RecordMilestone(
            milestone="statement_of_action_submitted",
            effective_on=date(2023, 5, 1),
            actor=MANAGER,
        ).model_dump(mode="json"),
        id="future-date",
    ),
    pytest.param({"garbage": True, "milestone": 42}, id="garbage-dict"),
    pytest.param({}, id="empty-dict"),
    pytest.param("not even a mapping", id="not-a-dict"),
    pytest.param(None, id="null"),
]


@pytest.mark.parametrize("payload", BAD_SIGNALS)
async def test_an_invalid_signal_is_ignored(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, payload: Any
) -> None:
    running = await _under_notice(env, worker, store)
    before = await stored_events(running)
    await _signal_and_settle(running, payload)
    await _assert_untouched(running, before, accepted=1)
    await _assert_next_update_accepted(running, accepted=1)
    assert await history_event_count(running.handle, TASK_FAILED) == 0


async def test_a_signal_sent_with_the_start_is_applied(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    command = RecordMilestone(
        milestone="improvement_notice_issued", effective_on=date(2023, 3, 7), actor=MANAGER
    )
    running = await start_intervention(
        env,
        worker,
        store,
        start_options={
            "start_signal": "record",
            "start_signal_args": [command.model_dump(mode="json")],
        },
    )
    for _ in range(20):
        if (await workflow_status(running)).track is not None:
            break
        await asyncio.sleep(0.1)
    status = await workflow_status(running)
    assert (status.track, status.stage) == ("notice", "improvement")
    assert "ImprovementNoticeIssued" in [e.type for e in await stored_events(running)]


REWORDED = [
    pytest.param(
        "WrongStageError",
        Bad("support_review_completed", "WrongStageError", []),
        "milestone",
        id="wrong-stage",
    ),
    pytest.param(
        "MissingFieldError",
        Bad("reinspection_completed", "MissingFieldError", []),
        "details.judgement",
        id="missing-field",
    ),
    pytest.param(
        "InvalidFieldError",
        Bad("reinspection_completed", "InvalidFieldError", [], details={"judgement": "superb"}),
        "details.judgement",
        id="invalid-field",
    ),
]


@pytest.mark.parametrize(("error_name", "bad", "field"), REWORDED)
async def test_the_api_field_of_a_rejection_survives_a_reworded_message(
    env: WorkflowEnvironment,
    worker: Worker,
    store: EventStore,
    monkeypatch: pytest.MonkeyPatch,
    error_name: str,
    bad: Bad,
    field: str,
) -> None:
    """The API's `field` comes from the error itself, not from its wording: every message is
    replaced by one that names nothing, and the field still arrives, through the workflow's
    validator, Temporal and the application layer, in the API's JSON."""
    error_class = getattr(domain_errors, error_name)
    speaks = error_class.__init__

    def reworded(self: domain_errors.DomainError, *args: Any, **kwargs: Any) -> None:
        speaks(self, *args, **kwargs)
        self.message = "Reworded: nothing to parse here."
        self.args = (self.message,)

    running = await _under_notice(env, worker, store)
    # The domain runs outside the workflow sandbox (passed through), so the workflow's
    # validator raises the reworded error too.
    monkeypatch.setattr(error_class, "__init__", reworded)
    with pytest.raises(WorkflowUpdateFailedError) as raised:
        await running.handle.execute_update(InterventionWorkflow.record, bad.command())
    translated = translate(rejected(raised.value))

    assert translated is not None
    assert translated.detail.message == "Reworded: nothing to parse here."
    assert translated.detail.field == field


async def test_a_step_for_a_workflow_no_longer_running_is_named_not_raised_as_a_traceback(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    running = await start_intervention(env, worker, store)
    await running.handle.terminate("ended by an operator")
    step = Step(on=date(2023, 4, 20), record="improvement_notice_issued")

    with pytest.raises(ScenarioStepError) as caught:
        await record_step(running.handle, 3, step)

    assert str(caught.value) == (
        "step 3 (improvement_notice_issued on 2023-04-20): the intervention is no longer "
        "running (closed, or stopped by an operator)"
    )
