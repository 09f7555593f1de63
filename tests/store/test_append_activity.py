"""The append activity on real PostgreSQL: a retry after a crash writes nothing twice; the
workflow runs it in the worker, as a local activity."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import asyncpg
import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment
from temporalio.worker import Replayer

from activities.models import AppendEventsInput
from activities.notifiers import LogNotifier
from activities.records import InterventionActivities
from application.binaries import temporal_test_server
from application.worker import build_worker, sandbox_runner
from domain.calendar import london_date
from domain.commands import OpenIntervention, RecordMilestone
from domain.identity import event_id_for
from domain.intervention import decide_open
from domain.values import Actor, Inspection, Role
from eventstore.queries import intervention_status
from eventstore.store import EventStore
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

NOW = datetime(2023, 3, 7, 10, tzinfo=UTC)
MANAGER = Actor(name="A Manager", role=Role.MANAGER)


def opening(authority: str = "Activity Test Council") -> AppendEventsInput:
    command = OpenIntervention(
        authority=authority,
        inspection=Inspection(published_on=date(2023, 3, 7), received_on=date(2023, 3, 2)),
        actor=Actor(name="An Officer", role=Role.IMPROVEMENT_TEAM),
    )
    return AppendEventsInput(
        stream_id=command.intervention_id,
        writer_id=command.intervention_id,
        expected_version=0,
        events=decide_open(command, NOW),
    )


async def test_a_retried_append_writes_nothing_and_succeeds(pool: asyncpg.Pool) -> None:
    activities = InterventionActivities(EventStore(pool), LogNotifier())
    environment = ActivityEnvironment()
    request = opening()

    first = await environment.run(activities.append_events, request)
    retried = await environment.run(activities.append_events, request)

    assert (first.written, first.version) == (len(request.events), len(request.events))
    assert (retried.written, retried.version) == (0, len(request.events))
    assert retried.last_position == first.last_position
    assert await pool.fetchval("SELECT count(*) FROM events") == len(request.events)


async def test_event_ids_derive_from_the_writer_and_the_version(pool: asyncpg.Pool) -> None:
    activities = InterventionActivities(EventStore(pool), LogNotifier())
    request = opening()

    await ActivityEnvironment().run(activities.append_events, request)

    rows = await pool.fetch("SELECT version, event_id FROM events ORDER BY version")
    assert [row["event_id"] for row in rows] == [
        event_id_for(request.writer_id, row["version"]) for row in rows
    ]


async def test_a_second_writer_at_the_same_version_is_not_retried(pool: asyncpg.Pool) -> None:
    activities = InterventionActivities(EventStore(pool), LogNotifier())
    environment = ActivityEnvironment()
    request = opening()
    await environment.run(activities.append_events, request)
    intruder = request.model_copy(update={"writer_id": "someone-else"})

    with pytest.raises(ApplicationError) as error:
        await environment.run(activities.append_events, intruder)

    assert error.value.type == "ConcurrencyError"
    assert error.value.non_retryable
    assert "not the expected 0" in error.value.message


async def test_the_workflow_appends_in_the_worker_and_its_history_replays(
    pool: asyncpg.Pool,
) -> None:
    """Each append is a local activity: a marker in the workflow's history and no activity
    task through the server. The history replays on the same code."""
    today = london_date(datetime.now(UTC))
    command = OpenIntervention(
        authority=f"Local Append Council {uuid.uuid4().hex[:8]}",
        inspection=Inspection(
            started_on=today - timedelta(days=40),
            ended_on=today - timedelta(days=30),
            published_on=today - timedelta(days=5),
        ),
        actor=MANAGER,
    )
    async with await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=temporal_test_server(), data_converter=pydantic_data_converter
    ) as env:
        task_queue = f"local-append-{uuid.uuid4().hex[:8]}"
        async with build_worker(env.client, pool, LogNotifier(), task_queue):
            handle = await env.client.start_workflow(
                InterventionWorkflow.run,
                InterventionInput(open=command),
                id=command.intervention_id,
                task_queue=task_queue,
            )
            # As `intervention start` does: the workflow takes Updates once it is open.
            await intervention_status(EventStore(pool), handle.id, wait_for_version=1)
            recorded = await handle.execute_update(
                InterventionWorkflow.record,
                RecordMilestone(
                    milestone="improvement_notice_issued", effective_on=today, actor=MANAGER
                ),
            )
            history = await handle.fetch_history()

    stored = await EventStore(pool).read_stream(command.intervention_id)
    assert len(stored) == recorded.version
    markers = [
        event.marker_recorded_event_attributes.marker_name
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    ]
    # The opening's append and the notice's, each a local activity's marker.
    assert markers.count("core_local_activity") == 2
    assert not [
        event
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        and event.activity_task_scheduled_event_attributes.activity_type.name == "append_events"
    ]
    replayer = Replayer(
        workflows=[InterventionWorkflow],
        data_converter=pydantic_data_converter,
        workflow_runner=sandbox_runner(),
    )
    assert (await replayer.replay_workflow(history)).replay_failure is None
