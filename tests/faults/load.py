"""Load for the fault tests: many interventions opened and recorded at once, and the exact
record each one must end with, worked out by the pure domain from the same commands."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import asyncpg
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle

from domain.calendar import add_working_days, london_date
from domain.clock import tick
from domain.commands import OpenIntervention, RecordMilestone
from domain.identity import event_id_for
from domain.intervention import apply_all, decide, decide_open
from domain.state import InterventionState
from domain.values import Actor, Inspection, Role
from eventstore.verify import verify
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

TEAM = Actor(name="An Officer", role=Role.IMPROVEMENT_TEAM)


def recent_opening(authority: str, today: datetime) -> OpenIntervention:
    """A judgement published three weeks ago: every deadline and every rung of the ladder is
    weeks ahead, so each workflow sleeps on a timer and the clock adds nothing meanwhile."""
    published = add_working_days(london_date(today), -15)
    return OpenIntervention(
        authority=authority,
        inspection=Inspection(ended_on=published - timedelta(days=30), published_on=published),
        actor=TEAM,
    )


def milestones(today: datetime) -> list[RecordMilestone]:
    """What the improvement team records for each intervention, one Update after another."""
    on = london_date(today)
    return [
        RecordMilestone(milestone="improvement_notice_issued", effective_on=on, actor=TEAM),
        RecordMilestone(
            milestone="improvement_board_established",
            effective_on=on,
            actor=TEAM,
            details={"chair": "Independent Chair"},
        ),
    ]


def expected_record(
    opening: OpenIntervention, records: list[RecordMilestone], now: datetime
) -> tuple[list[str], InterventionState]:
    """The event types the stream must hold, in order, and the state they fold to."""
    events = decide_open(opening, now)
    state = apply_all(events)
    for command in records:
        new = decide(state, command, now)
        state = apply_all(new, state)
        events.extend(new)
    # The expectation is exact only while the clock owes nothing: nothing is due for weeks.
    assert tick(state, now) == []
    return [event.type for event in events], state


@dataclass
class Load:
    """Interventions on one task queue, each with the milestones to record and the record
    it must end with."""

    client: Client
    task_queue: str
    openings: list[OpenIntervention]
    records: list[RecordMilestone]
    now: datetime
    handles: list[WorkflowHandle[InterventionWorkflow, object]] = field(default_factory=list)
    completed_updates: int = 0
    recording: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    def of(
        cls, client: Client, task_queue: str, authorities: list[str], *, record: bool = True
    ) -> Load:
        now = datetime.now(UTC)
        return cls(
            client,
            task_queue,
            [recent_opening(name, now) for name in authorities],
            milestones(now) if record else [],
            now,
        )

    @property
    def total_updates(self) -> int:
        return len(self.openings) * len(self.records)

    async def start(self) -> None:
        self.handles = list(
            await asyncio.gather(
                *(
                    self.client.start_workflow(
                        InterventionWorkflow.run,
                        InterventionInput(open=opening),
                        id=opening.intervention_id,
                        task_queue=self.task_queue,
                    )
                    for opening in self.openings
                )
            )
        )

    async def opened(self, pool: asyncpg.Pool) -> None:
        """Wait until every intervention has stored its opening: until then its workflow
        refuses Updates (the intervention is still being opened)."""
        ids = [opening.intervention_id for opening in self.openings]
        for _ in range(600):
            query = "SELECT count(*) FROM interventions WHERE stream_id = ANY($1)"
            if await pool.fetchval(query, ids) == len(ids):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"not all {len(ids)} interventions opened within 60 s")

    def record_all(self) -> list[asyncio.Task[None]]:
        """One task per intervention sending its Updates in turn, all interventions at once."""
        self.recording = [asyncio.create_task(self._record(handle)) for handle in self.handles]
        return self.recording

    def cancel(self) -> None:
        """Stop sending Updates: a test that failed leaves none waiting behind it."""
        for task in self.recording:
            task.cancel()

    async def until_recorded(self, count: int) -> None:
        """Wait until `count` Updates have completed; a failed one fails the test at once."""
        while self.completed_updates < count:
            assert_none_failed(self.recording)
            await asyncio.sleep(0.02)

    async def _record(self, handle: WorkflowHandle[InterventionWorkflow, object]) -> None:
        for number, command in enumerate(self.records):
            # A fixed Update id: were the client to send it again, the server would answer
            # with the first outcome instead of running it twice.
            await handle.execute_update(
                InterventionWorkflow.record, command, id=f"{handle.id}/update-{number}"
            )
            self.completed_updates += 1

    def expected(self) -> dict[str, tuple[list[str], InterventionState]]:
        return {
            opening.intervention_id: expected_record(opening, self.records, self.now)
            for opening in self.openings
        }


async def until_asleep(handles: list[WorkflowHandle[InterventionWorkflow, object]]) -> None:
    """Wait until every workflow sleeps on a timer: its last append done, its clock armed."""
    for _ in range(300):
        if (await history_counts(handles)).timers_pending == len(handles):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"not all {len(handles)} workflows asleep on a timer after 30 s")


def assert_none_failed(recording: list[asyncio.Task[None]]) -> None:
    failed = [task for task in recording if task.done() and task.exception()]
    if failed:
        raise AssertionError("an Update failed") from failed[0].exception()


class HistoryCounts(NamedTuple):
    tasks_timed_out: int  # workflow tasks a dead worker held, handed to another
    activities_retried: int  # activity attempts that failed or timed out, then ran again
    timers_pending: int  # workflows asleep on a timer


async def history_counts(
    handles: list[WorkflowHandle[InterventionWorkflow, object]],
) -> HistoryCounts:
    """What the workflows' histories say happened to them."""
    tasks = activities = timers = 0
    for handle in handles:
        history = await handle.fetch_history()
        started: set[int] = set()
        for event in history.events:
            if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
                tasks += 1
            elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
                activities += event.activity_task_started_event_attributes.attempt - 1
            elif event.event_type == EventType.EVENT_TYPE_TIMER_STARTED:
                started.add(event.event_id)
            elif event.event_type == EventType.EVENT_TYPE_TIMER_FIRED:
                started.discard(event.timer_fired_event_attributes.started_event_id)
            elif event.event_type == EventType.EVENT_TYPE_TIMER_CANCELED:
                started.discard(event.timer_canceled_event_attributes.started_event_id)
        timers += bool(started)
    return HistoryCounts(tasks, activities, timers)


async def assert_exact_record(
    pool: asyncpg.Pool, expected: dict[str, tuple[list[str], InterventionState]]
) -> int:
    """Every stream holds exactly the expected events, in order, once each, with the ids their
    writer derives; the read models agree; every chain verifies. Returns the event count."""
    rows = await pool.fetch(
        "SELECT stream_id, version, event_id, type FROM events ORDER BY stream_id, version"
    )
    streams: dict[str, list[asyncpg.Record]] = defaultdict(list)
    for row in rows:
        streams[row["stream_id"]].append(row)
    assert sorted(streams) == sorted(expected)
    for stream_id, (types, _) in expected.items():
        stored = streams[stream_id]
        assert [row["type"] for row in stored] == types, stream_id
        assert [row["version"] for row in stored] == list(range(1, len(types) + 1))
        assert [row["event_id"] for row in stored] == [
            event_id_for(stream_id, row["version"]) for row in stored
        ]
    assert len({row["event_id"] for row in rows}) == len(rows)
    projected = {
        row["stream_id"]: (row["version"], row["stage"], row["track"])
        for row in await pool.fetch(
            """SELECT stream_id, version, stage, track
               FROM interventions JOIN streams USING (stream_id)"""
        )
    }
    assert projected == {
        stream_id: (len(types), state.stage.value, state.track.value if state.track else None)
        for stream_id, (types, state) in expected.items()
    }
    result = await verify(pool)
    assert result.ok, result
    assert result.events == len(rows)
    return len(rows)
