"""Continue-as-new carries the whole intervention over: state, timeline, timers, event ids.

With `history_limit=100` (the smallest allowed) a run is replaced after about ten recorded
milestones. The worked example: Statement of Action due Thursday 15 June 2023, level 1 on
Friday 16 June, level 2 on Thursday 29 June, level 3 on Thursday 13 July 2023 (written out by
hand from the bank-holiday calendar; see test_escalation.py).
"""

from __future__ import annotations

from datetime import date

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from application.simulation import CollectingNotifier
from domain.identity import event_id_for
from domain.views import StatusView
from eventstore.store import EventStore
from eventstore.verify import verify
from tests.workflows.conftest import (
    LADDER_CONTACTS,
    Running,
    assert_gap_free,
    record,
    start_intervention,
    stored_events,
    stored_status,
    workflow_status,
)
from workflows.intervention import InterventionWorkflow

CONTINUED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
LEVEL_2_ON = date(2023, 6, 29)
LEVEL_3_ON = date(2023, 7, 13)


async def _runs(env: WorkflowEnvironment, running: Running, first_run_id: str) -> list[str]:
    """The chain of run ids from the first, following each continue-as-new to the next."""
    runs = [first_run_id]
    while True:
        handle = env.client.get_workflow_handle(running.intervention_id, run_id=runs[-1])
        history = await handle.fetch_history()
        last = history.events[-1]
        if last.event_type != CONTINUED:
            return runs
        attributes = last.workflow_execution_continued_as_new_event_attributes
        runs.append(attributes.new_execution_run_id)


def _comparable(status: StatusView) -> tuple[object, ...]:
    return (
        status.version,
        status.stage,
        status.track,
        status.cycle,
        [d.model_dump() for d in status.deadlines],
        [e.model_dump() for e in status.escalations],
    )


async def test_continue_as_new_keeps_state_timeline_timers_and_event_ids(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    running = await start_intervention(
        env, worker, store, contacts=LADDER_CONTACTS, history_limit=100
    )
    first_run_id = (await running.handle.describe()).run_id
    assert first_run_id is not None

    await running.advance_to(date(2023, 4, 20))
    await record(running, "improvement_notice_issued")
    await running.advance_to(LEVEL_2_ON)
    before = await workflow_status(running)
    assert [(e.level, e.to) for e in before.escalations] == [
        (1, "director"),
        (2, "chief_executive"),
        (2, "lead_member"),
    ]

    # Record one thing after another, on the same day, until the run is replaced.
    recorded = 0
    snapshot = before
    while (await running.handle.describe()).run_id == first_run_id:
        assert recorded < 30, "no continue-as-new after 30 recorded milestones"
        await record(running, "monitoring_visit_completed")
        recorded += 1
        snapshot = await workflow_status(running)
    assert recorded >= 2  # the first run really did hold a number of updates

    first_run = env.client.get_workflow_handle(running.intervention_id, run_id=first_run_id)
    first_history = await first_run.fetch_history()
    assert first_history.events[-1].event_type == CONTINUED
    assert (await first_run.describe()).status == WorkflowExecutionStatus.CONTINUED_AS_NEW
    assert (await running.handle.describe()).status == WorkflowExecutionStatus.RUNNING

    # The new run knows everything the old one did, and so does the store.
    after = await workflow_status(running)
    assert _comparable(after) == _comparable(snapshot)
    assert _comparable(after) == _comparable(await stored_status(running))
    assert [v.model_dump() for v in await running.handle.query(InterventionWorkflow.deadlines)] == [
        d.model_dump() for d in after.deadlines
    ]
    timeline = await running.handle.query(InterventionWorkflow.timeline)
    stored = await stored_events(running)
    assert [(t.version, t.type, t.effective_on, t.recorded_at) for t in timeline] == [
        (e.version, e.type, e.effective_on, e.recorded_at) for e in stored
    ]
    assert timeline[0].type == "InterventionOpened"
    assert timeline[0].effective_on == date(2023, 3, 7)

    # The timers come back with it: level 3 is not due on Wednesday 12 July ...
    await running.advance_to(date(2023, 7, 12))
    assert [e.level for e in (await stored_status(running)).escalations] == [1, 2, 2]
    # ... and fires once on Thursday 13 July, to the improvement adviser under a notice.
    await running.advance_to(LEVEL_3_ON)
    status = await stored_status(running)
    assert [(e.level, e.to, e.raised_on) for e in status.escalations][3:] == [
        (3, "improvement_adviser", LEVEL_3_ON)
    ]
    assert [(n.level, n.to) for n in notifier.sent if n.kind == "escalation"] == [
        (1, "director"),
        (2, "chief_executive"),
        (2, "lead_member"),
        (3, "improvement_adviser"),
    ]

    # Two years more of quarterly visits and half-yearly reviews: more runs replaced.
    quarters = [(2023, 10), (2024, 1), (2024, 4), (2024, 7), (2024, 10), (2025, 1), (2025, 4)]
    for year, month in quarters:
        await running.advance_to(date(year, month, 10))
        await record(running, "monitoring_visit_completed")
        if month in (4, 10):
            await record(running, "progress_review_completed")
    runs = await _runs(env, running, first_run_id)
    assert len(runs) >= 3
    assert runs[-1] == (await running.handle.describe()).run_id

    # One stream, versions 1..n without a gap or a repeat, ids derived from the workflow id and
    # the version whichever run wrote them, and every hash chain intact.
    stored = await stored_events(running)
    assert_gap_free(stored)
    assert [e.event_id for e in stored] == [
        event_id_for(running.intervention_id, e.version) for e in stored
    ]
    assert (await workflow_status(running)).version == len(stored)
    timeline = await running.handle.query(InterventionWorkflow.timeline)
    assert [t.version for t in timeline] == list(range(1, len(stored) + 1))
    assert [t.type for t in timeline] == [e.type for e in stored]
    checked = await verify(store.pool, running.intervention_id)
    assert checked.ok, checked.broken
    assert checked.events == len(stored)
    # Each escalation went out once, however many runs the workflow took.
    assert len([n for n in notifier.sent if n.kind == "escalation"]) == 4
    assert len({n.event_id for n in notifier.sent}) == len(notifier.sent)
