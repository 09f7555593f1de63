"""Saved histories replay on today's workflow code without non-determinism.

The files under `histories/` come from `python -m tests.workflows.record_histories`. A change
that alters the commands a running workflow issues fails here: put it behind
`workflow.patched`, do not re-record to make the test pass.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import (
    Interceptor,
    Replayer,
    StartActivityInput,
    UnsandboxedWorkflowRunner,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
    WorkflowOutboundInterceptor,
)
from temporalio.workflow import ActivityHandle, NondeterminismError

from activities.models import AppendEventsInput
from application.worker import sandbox_runner
from domain.events import Event
from tests.workflows.record_histories import HISTORIES, workflow_id_of
from workflows.intervention import InterventionWorkflow

FILES = sorted(HISTORIES.glob("*.json"))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _replayer() -> Replayer:
    return Replayer(
        workflows=[InterventionWorkflow],
        data_converter=pydantic_data_converter,
        workflow_runner=sandbox_runner(),
    )


def test_the_recorded_histories_are_there() -> None:
    names = {path.stem for path in FILES}
    assert {"notice-track", "direction-track"} <= names
    # The continue-as-new recording holds more than one run: the first ends by continuing.
    assert len([name for name in names if name.startswith("notice-track-continued-run-")]) >= 2
    assert workflow_id_of(_read(HISTORIES / "notice-track.json")) == (
        "intervention-example-borough-council-2023-03-07"
    )
    assert workflow_id_of(_read(HISTORIES / "direction-track.json")) == (
        "intervention-example-county-council-2023-01-17"
    )


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
async def test_a_recorded_history_replays(path: Path) -> None:
    text = _read(path)
    history = WorkflowHistory.from_json(workflow_id_of(text), text)
    # Raises on any non-determinism (raise_on_replay_failure is the default).
    result = await _replayer().replay_workflow(history)
    assert result.replay_failure is None


async def test_a_changed_command_sequence_is_caught() -> None:
    """The replay is not vacuous: a history whose first activity differs fails it."""
    data = json.loads(_read(HISTORIES / "notice-track.json"))
    for event in data["events"]:
        attributes = event.get("activityTaskScheduledEventAttributes")
        if attributes is not None:
            assert attributes["activityType"]["name"] == "append_events"
            attributes["activityType"]["name"] = "notify"
            break
    text = json.dumps(data)
    history = WorkflowHistory.from_json(workflow_id_of(text), text)
    with pytest.raises(NondeterminismError):
        await _replayer().replay_workflow(history)


# --- the same events, not only the same commands ------------------------------------------------


class _AppendsSeen:
    """The events each `append_events` the replayed workflow asks for."""

    batches: ClassVar[list[AppendEventsInput]] = []


class _Outbound(WorkflowOutboundInterceptor):
    def start_activity(self, input: StartActivityInput) -> ActivityHandle[Any]:
        if input.activity == "append_events":
            _AppendsSeen.batches.append(AppendEventsInput.model_validate(input.args[0]))
        return super().start_activity(input)


class _Inbound(WorkflowInboundInterceptor):
    def init(self, outbound: WorkflowOutboundInterceptor) -> None:
        super().init(_Outbound(outbound))


class _SeeAppends(Interceptor):
    def workflow_interceptor_class(
        self, input: WorkflowInterceptorClassInput
    ) -> type[WorkflowInboundInterceptor]:
        return _Inbound


def _recorded_appends(text: str) -> list[AppendEventsInput]:
    """The appends the workflow asked for when the history was recorded, from its events."""
    appends = []
    for event in json.loads(text)["events"]:
        attributes = event.get("activityTaskScheduledEventAttributes")
        if attributes and attributes["activityType"]["name"] == "append_events":
            data = base64.b64decode(attributes["input"]["payloads"][0]["data"])
            appends.append(AppendEventsInput.model_validate_json(data))
    return appends


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
async def test_a_recorded_history_decides_the_same_events_again(path: Path) -> None:
    """A running intervention replayed after an upgrade must rebuild the state its stored
    events describe: the code decides again, and what it decides must be what was stored, or
    its next events would be appended to a record that no longer matches its state."""
    text = _read(path)
    _AppendsSeen.batches.clear()
    replayer = Replayer(
        workflows=[InterventionWorkflow],
        data_converter=pydantic_data_converter,
        # Unsandboxed, so the interceptor's list is this module's own.
        workflow_runner=UnsandboxedWorkflowRunner(),
        interceptors=[_SeeAppends()],
    )
    history = WorkflowHistory.from_json(workflow_id_of(text), text)
    await replayer.replay_workflow(history)
    recorded = _recorded_appends(text)
    assert len(_AppendsSeen.batches) == len(recorded)
    for seen, stored in zip(_AppendsSeen.batches, recorded, strict=True):
        assert seen.expected_version == stored.expected_version
        assert [_as_stored(e) for e in seen.events] == [_as_stored(e) for e in stored.events]


# Fields added to events since these histories were recorded, saying how a date came about; an
# event recorded without them reads them as unknown, and the state they rebuild is the same.
PROVENANCE = {"counted_from", "basis"}


def _as_stored(event: Event) -> dict[str, Any]:
    return event.model_dump(exclude=PROVENANCE)
