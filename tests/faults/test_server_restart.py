"""(c) Restart the Temporal dev server while deadline timers are pending. Its state is in a
database file (as `intervention up` runs it), so the timers survive: they fire after the
restart, and the reminder and escalations are recorded on the days the ladder says.

The dev server runs on real time. Each workflow is given a clock offset (whole days and
seconds) that puts its calendar a few seconds before the 07:00 London alarm of a rung of the
worked example's ladder, so the timer it sleeps on falls due soon after the restart.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta

import asyncpg

from domain.calendar import alarm_instant
from domain.clock import tick
from domain.commands import OpenIntervention
from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.values import Inspection
from eventstore.database import create_pool
from eventstore.store import EventStore
from eventstore.verify import verify
from tests.faults.load import TEAM, until_asleep
from tests.faults.stack import FaultStack
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

# The worked example: Statement of Action due Thursday 15 June 2023; reminder on 1 June,
# level 1 on Friday 16 June, level 2 on Thursday 29 June (10 working days after the due date).
WORKED = Inspection(
    started_on=date(2023, 1, 9),
    ended_on=date(2023, 1, 20),
    published_on=date(2023, 3, 7),
    received_on=date(2023, 3, 2),
)
RUNG_DAYS = {
    "reminder": date(2023, 6, 1),
    "level_1": date(2023, 6, 16),
    "level_2": date(2023, 6, 29),
}
# Long enough to start the workflows and restart the server before the first alarm.
LEAD = timedelta(seconds=20)


def summary(events: list[Event]) -> list[tuple[str, date, str | None, int | None]]:
    return [
        (e.type, e.effective_on, getattr(e, "milestone", None), getattr(e, "level", None))
        for e in events
    ]


async def stored(pool: asyncpg.Pool, stream_id: str) -> list[Event]:
    return [e.to_domain() for e in await EventStore(pool).read_stream(stream_id)]


async def test_c_timers_pending_across_a_server_restart_fire_on_the_right_days(
    stack: FaultStack,
) -> None:
    url = stack.postgres.url(await stack.postgres.create_database("restart"))
    task_queue = f"restart-{uuid.uuid4().hex[:8]}"
    pool = await create_pool(url)
    try:
        await stack.worker("restart", stack.worker_env(url, task_queue)).started()
        # Whole seconds: the offset the workflow takes is whole seconds too.
        alarm_real = datetime.now(UTC).replace(microsecond=0) + LEAD
        expected: dict[str, tuple[list[Event], list[Event], timedelta]] = {}
        for rung, day in RUNG_DAYS.items():
            alarm = alarm_instant(day)
            offset = alarm - alarm_real
            opening = OpenIntervention(
                authority=f"Restart Council {task_queue[-8:]} {rung}", inspection=WORKED, actor=TEAM
            )
            opened_at = alarm - LEAD
            before = decide_open(opening, opened_at)
            before += tick(apply_all(before), opened_at)
            fired = tick(apply_all(before), alarm)
            assert fired, f"nothing due at the {rung} alarm"
            expected[opening.intervention_id] = (before, fired, offset)
            await stack.client.start_workflow(
                InterventionWorkflow.run,
                InterventionInput(
                    open=opening,
                    clock_offset_days=offset.days,
                    clock_offset_seconds=offset.seconds,
                ),
                id=opening.intervention_id,
                task_queue=task_queue,
            )
        for stream_id, (before, _, _) in expected.items():
            await until_stored(pool, stream_id, len(before))
        handles = [stack.client.get_workflow_handle(stream_id) for stream_id in expected]
        await until_asleep(handles)

        stopping = datetime.now(UTC)
        await stack.temporal.restart()
        restarted = datetime.now(UTC)
        assert restarted < alarm_real, "the restart took longer than the lead before the alarm"
        late = timedelta(0)

        for stream_id, (before, fired, offset) in expected.items():
            await until_stored(pool, stream_id, len(before) + len(fired))
            events = await stored(pool, stream_id)
            assert summary(events) == summary(before + fired)
            for event in events[len(before) :]:
                # Recorded by the timer after the restart, not by a catch-up before it.
                assert event.recorded_at - offset >= alarm_real
                assert event.recorded_at - offset > restarted
                late = max(late, event.recorded_at - offset - alarm_real)
        result = await verify(pool)
        assert result.ok, result
    finally:
        await pool.close()
    levels = [
        (e.type, e.effective_on.isoformat()) for _, fired, _ in expected.values() for e in fired
    ]
    print(
        f"\nFAULT (c) dev server restarted ({(restarted - stopping).total_seconds():.1f} s) "
        f"with {len(expected)} deadline timers pending; they fired after it, at most "
        f"{late.total_seconds():.1f} s after their alarm: {levels}"
    )


async def until_stored(pool: asyncpg.Pool, stream_id: str, count: int) -> None:
    for _ in range(600):
        stored_count = await pool.fetchval(
            "SELECT count(*) FROM events WHERE stream_id = $1", stream_id
        )
        if stored_count >= count:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{stream_id} holds {stored_count} events, not {count}, after 60 s")
