"""The weekly digest's Temporal Schedule, made by each worker at start: every Monday at
INTERVENTION_DIGEST_TIME, London time. Idempotent: a schedule that exists is brought to the
current spec, so many workers starting at once leave one schedule, visible in the Web UI under
Schedules."""

from __future__ import annotations

from datetime import timedelta

import structlog
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleCalendarSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError, RPCStatusCode

from workflows.digest import WeeklyDigestWorkflow

log = structlog.get_logger("digest")

DIGEST_SCHEDULE_ID = "weekly-digest"
# A worker or server down over the weekend still sends Monday's digest when it is back that day.
CATCHUP = timedelta(hours=10)
MONDAY = 1  # Temporal counts the days of the week from Sunday, 0


def digest_schedule(task_queue: str, at: str) -> Schedule:
    hour, minute = (int(part) for part in at.split(":"))
    return Schedule(
        action=ScheduleActionStartWorkflow(
            WeeklyDigestWorkflow.run,
            id=DIGEST_SCHEDULE_ID,
            task_queue=task_queue,
        ),
        spec=ScheduleSpec(
            calendars=[
                ScheduleCalendarSpec(
                    day_of_week=[ScheduleRange(MONDAY)],
                    hour=[ScheduleRange(hour)],
                    minute=[ScheduleRange(minute)],
                    comment="Monday morning, London time",
                )
            ],
            time_zone_name="Europe/London",
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, catchup_window=CATCHUP),
    )


async def ensure_digest_schedule(client: Client, task_queue: str, at: str) -> str:
    """Create the schedule, or bring an existing one to this spec; returns what was done:
    "created", "updated", or "unsupported" on a server without Schedules (the time-skipping
    test server), where the worker runs on without a digest."""
    schedule = digest_schedule(task_queue, at)
    try:
        await client.create_schedule(DIGEST_SCHEDULE_ID, schedule)
        return "created"
    except RPCError as error:
        if error.status is RPCStatusCode.UNIMPLEMENTED:
            log.warning("no weekly digest: this Temporal server runs no Schedules")
            return "unsupported"
        raise
    except ScheduleAlreadyRunningError:

        def replace(_: ScheduleUpdateInput) -> ScheduleUpdate:
            return ScheduleUpdate(schedule=schedule)

        await client.get_schedule_handle(DIGEST_SCHEDULE_ID).update(replace)
        return "updated"
