"""The append activity on real PostgreSQL: a retry after a crash writes nothing twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import asyncpg
import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.models import AppendEventsInput
from activities.notifiers import LogNotifier
from activities.records import InterventionActivities
from domain.commands import OpenIntervention
from domain.identity import event_id_for
from domain.intervention import decide_open
from domain.values import Actor, Inspection, Role
from eventstore.store import EventStore

NOW = datetime(2023, 3, 7, 10, tzinfo=UTC)


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
