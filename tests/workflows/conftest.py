"""Workflow tests run the real workflow on the time-skipping test server with a real store."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import asyncpg
import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.notifiers import Notifier
from application.simulation import CollectingNotifier, SimulatedClock, calendar_offset
from application.worker import build_worker
from domain.calendar import LONDON, london_date
from domain.commands import Detail, OpenIntervention, RecordMilestone
from domain.values import Actor, Contact, Inspection, Role
from domain.views import StatusView
from eventstore.queries import intervention_status
from eventstore.store import EventStore, RecordedEvent
from tests.temporal import time_skipping
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput, RecordResult

MANAGER = Actor(name="A Manager", role=Role.MANAGER)
TEAM = Actor(name="An Officer", role=Role.IMPROVEMENT_TEAM)


@pytest.fixture
async def env() -> AsyncIterator[WorkflowEnvironment]:
    async with time_skipping() as environment:
        yield environment


@pytest.fixture
def notifier() -> CollectingNotifier:
    return CollectingNotifier()


@pytest.fixture
async def worker(
    env: WorkflowEnvironment, pool: asyncpg.Pool, notifier: Notifier
) -> AsyncIterator[Worker]:
    task_queue = f"test-{uuid.uuid4().hex[:8]}"
    async with build_worker(env.client, pool, notifier, task_queue) as running:
        yield running


@dataclass
class Running:
    """An intervention running on the time-skipping server, with its simulated calendar."""

    handle: WorkflowHandle[InterventionWorkflow, object]
    clock: SimulatedClock
    store: EventStore
    intervention_id: str

    async def advance_to(self, day: date, at: time = time(10, 0)) -> None:
        await self.clock.advance_to(day, at)

    async def today(self) -> date:
        now = await self.clock.env.get_current_time() + self.clock.offset
        return london_date(now)


WORKED_EXAMPLE = Inspection(
    started_on=date(2023, 1, 9),
    ended_on=date(2023, 1, 20),
    published_on=date(2023, 3, 7),
    received_on=date(2023, 3, 2),
)


async def start_intervention(
    env: WorkflowEnvironment,
    worker: Worker,
    store: EventStore,
    inspection: Inspection = WORKED_EXAMPLE,
    *,
    contacts: dict[str, list[Contact]] | None = None,
    history_limit: int | None = None,
    start_options: dict[str, Any] | None = None,
    regime_version: int | None = None,
) -> Running:
    """Open an intervention for a unique authority; its calendar starts on publication day.

    `start_options` go to `start_workflow` as they are (e.g. `start_signal`). Without a
    `regime_version` it runs under the regime's first version, as the tests written for it
    expect; pass the version to test another.
    """
    command = OpenIntervention(
        authority=f"Test Council {uuid.uuid4().hex[:8]}",
        inspection=inspection,
        contacts=contacts or {},
        actor=TEAM,
        regime_version=regime_version,
    )
    server_now = await env.get_current_time()
    start = datetime.combine(inspection.published_on, time(9, 0), tzinfo=LONDON)
    offset = calendar_offset(server_now, start.date())
    handle = await env.client.start_workflow(
        InterventionWorkflow.run,
        InterventionInput(open=command, clock_offset_days=offset, history_limit=history_limit),
        id=command.intervention_id,
        task_queue=worker.task_queue,
        **(start_options or {}),
    )
    return Running(handle, SimulatedClock(env, offset), store, command.intervention_id)


# --- helpers shared by the workflow tests ----------------------------------------------------

VIEWER = Actor(name="A Viewer", role=Role.VIEWER)

# Everyone the default ladder can reach, with an address each, so a test can tell which
# contacts a notification went to.
LADDER_CONTACTS: dict[str, list[Contact]] = {
    "council": [Contact(name="Council Officer", email="officer@council.example")],
    "director": [Contact(name="Director of Children's Services", email="dcs@council.example")],
    "chief_executive": [Contact(name="Chief Executive", email="ceo@council.example")],
    "lead_member": [Contact(name="Lead Member", email="lead.member@council.example")],
    "improvement_adviser": [Contact(name="Improvement Adviser", email="adviser@dfe.example")],
    "commissioner": [Contact(name="Commissioner", email="commissioner@dfe.example")],
    "improvement_team": [Contact(name="Improvement Team", email="team@council.example")],
}


async def record(
    running: Running,
    milestone: str,
    *,
    effective_on: date | None = None,
    actor: Actor = MANAGER,
    **details: Detail,
) -> RecordResult:
    """Record a milestone through the Update, effective today unless told otherwise."""
    command = RecordMilestone(
        milestone=milestone,
        effective_on=effective_on or await running.today(),
        actor=actor,
        details=details,
    )
    return await running.handle.execute_update(InterventionWorkflow.record, command)


async def workflow_status(running: Running) -> StatusView:
    return await running.handle.query(InterventionWorkflow.status)


async def stored_status(running: Running) -> StatusView:
    """The status folded from the event store, once it holds every event the workflow made."""
    version = (await workflow_status(running)).version
    return await intervention_status(
        running.store, running.intervention_id, wait_for_version=version
    )


async def stored_events(running: Running) -> list[RecordedEvent]:
    """The stream as stored, once it holds every event the workflow made."""
    version = (await workflow_status(running)).version
    await intervention_status(running.store, running.intervention_id, wait_for_version=version)
    return await running.store.read_stream(running.intervention_id)


def assert_gap_free(events: list[RecordedEvent]) -> None:
    """Versions run 1, 2, 3, ... without a gap or a repeat, and every event id is distinct."""
    assert [e.version for e in events] == list(range(1, len(events) + 1))
    assert len({e.event_id for e in events}) == len(events)
    positions = [e.position for e in events]
    assert positions == sorted(set(positions))


async def history_event_count(
    handle: WorkflowHandle[InterventionWorkflow, object], event_type: int
) -> int:
    history = await handle.fetch_history()
    return sum(1 for event in history.events if event.event_type == event_type)
