"""The workflow keeps its search attributes current, so operators can list interventions by stage,
track, next deadline and escalation level in the Web UI; a server without them still runs it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

import asyncpg
import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from application.interventions import TemporalRefusedError, open_intervention
from application.simulation import CollectingNotifier
from application.worker import build_worker, sandbox_runner
from domain.commands import RecordMilestone
from domain.intervention import apply_all, decide_open
from domain.values import Actor, Role
from eventstore.queries import intervention_status
from eventstore.store import EventStore
from tests.observability.conftest import opening_today, register_search_attributes, time_skipping
from workflows.intervention import InterventionWorkflow
from workflows.search_attributes import (
    ESCALATION_LEVEL,
    KEYS,
    NEXT_DEADLINE,
    STAGE,
    TRACK,
    opening_search_attributes,
    search_attribute_updates,
)

MANAGER = Actor(name="A Manager", role=Role.MANAGER)


async def indexed(handle: WorkflowHandle[Any, Any]) -> dict[str, Any]:
    attributes = (await handle.describe()).typed_search_attributes
    return {key.name: attributes.get(key) for key in KEYS}


async def test_the_workflow_keeps_its_search_attributes_current(pool: asyncpg.Pool) -> None:
    store = EventStore(pool)
    async with time_skipping() as env:
        await register_search_attributes(env.client)
        task_queue = f"indexed-{uuid.uuid4().hex[:8]}"
        async with build_worker(env.client, pool, CollectingNotifier(), task_queue):
            command = opening_today(await env.get_current_time())
            # The starter the command line and the API share: it sets the opening values.
            await open_intervention(env.client, store, command, task_queue)
            handle = env.client.get_workflow_handle_for(
                InterventionWorkflow.run, command.intervention_id
            )
            today = command.inspection.published_on
            await handle.execute_update(
                InterventionWorkflow.record,
                RecordMilestone(
                    milestone="improvement_notice_issued", effective_on=today, actor=MANAGER
                ),
            )
            # Past the statement of action's deadline (70 working days): missed, escalated.
            await env.sleep(timedelta(days=120))
            status = await handle.query(InterventionWorkflow.status)
            await intervention_status(store, handle.id, wait_for_version=status.version)
            assert status.next_deadline is not None
            assert status.highest_escalation >= 1
            assert await indexed(handle) == {
                STAGE.name: status.stage,
                TRACK.name: "notice",
                NEXT_DEADLINE.name: datetime.combine(status.next_deadline.due, time(), UTC),
                ESCALATION_LEVEL.name: status.highest_escalation,
            }
            history = await handle.fetch_history()

    upserts = [
        event
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
    ]
    assert upserts, "the workflow never upserted its search attributes"
    # The patched path replays deterministically, as the saved histories do.
    replayer = Replayer(
        workflows=[InterventionWorkflow],
        data_converter=pydantic_data_converter,
        workflow_runner=sandbox_runner(),
    )
    assert (await replayer.replay_workflow(history)).replay_failure is None


async def test_a_start_the_server_refuses_says_how_to_register(pool: asyncpg.Pool) -> None:
    async with time_skipping() as env:
        command = opening_today(await env.get_current_time())
        with pytest.raises(TemporalRefusedError, match=r"create-namespace\.sh"):
            await open_intervention(env.client, EventStore(pool), command, "no-worker-needed")


def test_updates_name_only_what_changed() -> None:
    now = datetime(2026, 10, 6, 9, tzinfo=UTC)
    command = opening_today(now)
    state = apply_all(decide_open(command, now))
    first = search_attribute_updates(state, opening_search_attributes())
    # Stage and level are what the starter set; the track is still unknown, so only the
    # first deadline is new.
    assert [update.key.name for update in first] == [NEXT_DEADLINE.name]
    assert first[0].value.date() == min(d.due for d in state.open_deadlines)
    after = TypedSearchAttributes(
        [*opening_search_attributes(), SearchAttributePair(NEXT_DEADLINE, first[0].value)]
    )
    assert search_attribute_updates(state, after) == []
