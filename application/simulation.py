"""Run a scenario through the real workflow, on the time-skipping test server and the real store.

The test server's clock starts today; the workflow is given a whole-day offset so its calendar
starts on the day the judgement was published. Time then runs to each step, the step is
recorded through the same Update people use, and at the end the record is read back from the
event store.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import asyncpg
from pydantic import BaseModel
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from activities.models import Notification
from activities.notifiers import Notifier
from application.binaries import temporal_test_server
from application.interventions import opened_clock, rejected
from application.scenario import Scenario, Step
from application.worker import build_worker
from domain.calendar import LONDON, london_date
from domain.errors import DomainError
from domain.intervention import decide_open
from domain.plan import ChangePlan
from domain.views import StatusView
from eventstore.database import create_pool
from eventstore.queries import intervention_status
from eventstore.store import EventStore
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

# Steps are recorded mid-morning, after the clock's 07:00 round, as a person at work would.
STEP_TIME = time(10, 0)
END_TIME = time(23, 0)


class ScenarioStepError(Exception):
    """A step the rules refused as the scenario ran: named by its line in the file, when known,
    and its number (0 is the opening)."""

    def __init__(self, number: int, step: Step, reason: str, line: int | None = None) -> None:
        at = f"line {line} " if line else ""
        what = f"step {number} ({step.what} on {step.on})" if number else f"opening on {step.on}"
        super().__init__(f"{at}{what}: {reason}")
        self.number = number
        self.step = step
        self.reason = reason


class SimulationResult(BaseModel):
    status: StatusView
    notifications: list[Notification]


class CollectingNotifier:
    """Keeps the notifications a simulation sends, to show them with the timeline."""

    def __init__(self) -> None:
        self.sent: list[Notification] = []

    async def send(self, intervention_id: str, authority: str, note: Notification) -> None:
        self.sent.append(note)


def server_url(url: str) -> str:
    """The same server, its maintenance database: simulations create their own database."""
    head, sep, query = url.partition("?")
    return head.rsplit("/", 1)[0] + "/postgres" + sep + query


@asynccontextmanager
async def scratch_database(server_url: str) -> AsyncIterator[str]:
    """A fresh database on the server for one simulation, dropped afterwards."""
    name = f"simulation_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
        head, _, query = server_url.partition("?")
        base = head.rsplit("/", 1)[0]
        yield f"{base}/{name}" + (f"?{query}" if query else "")
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


@dataclass
class ScenarioRun:
    """A scenario that has run to its end: the environment is still up for questions."""

    env: WorkflowEnvironment
    handle: WorkflowHandle[InterventionWorkflow, object]
    store: EventStore


@asynccontextmanager
async def run_scenario(
    scenario: Scenario,
    database_url: str,
    notifier: Notifier,
    *,
    on_step: Callable[[int, Step], None] | None = None,
    history_limit: int | None = None,
) -> AsyncIterator[ScenarioRun]:
    """Run the scenario on a fresh time-skipping server, recording into `database_url`."""
    opening = scenario.opening
    published = scenario.inspection.published_on
    try:
        # The same checks the workflow makes, judged on the day of publication.
        decide_open(opening, datetime.combine(published, STEP_TIME, tzinfo=LONDON))
    except DomainError as error:
        opening_step = Step(on=published, record="open")
        raise ScenarioStepError(0, opening_step, error.message, scenario.line_of_step(0)) from None
    pool = await create_pool(database_url, min_size=1, max_size=4)
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=temporal_test_server(),
        data_converter=pydantic_data_converter,
    )
    try:
        task_queue = f"simulation-{uuid.uuid4().hex[:8]}"
        async with build_worker(env.client, pool, notifier, task_queue):
            offset = calendar_offset(await env.get_current_time(), published)
            handle = await env.client.start_workflow(
                InterventionWorkflow.run,
                InterventionInput(
                    open=opening, clock_offset_days=offset, history_limit=history_limit
                ),
                id=opening.intervention_id,
                task_queue=task_queue,
            )
            # A step on the day of publication would otherwise race the opening.
            await opened_clock(handle)
            clock = SimulatedClock(env, offset)
            for number, step in enumerate(scenario.steps, start=1):
                await clock.advance_to(scenario.recorded_on(step), STEP_TIME)
                if on_step:
                    on_step(number, step)
                await record_step(handle, number, step, scenario.line_of_step(number))
            if scenario.end_on is not None:
                await clock.advance_to(scenario.end_on, END_TIME)
            yield ScenarioRun(env, handle, EventStore(pool))
    finally:
        await env.shutdown()
        await pool.close()


async def simulate(
    scenario: Scenario,
    database_url: str,
    on_step: Callable[[int, Step], None] | None = None,
) -> SimulationResult:
    """Run the scenario and read its record back from the event store."""
    notifier = CollectingNotifier()
    async with run_scenario(scenario, database_url, notifier, on_step=on_step) as run:
        status = await settled_status(run, scenario.last_day)
    return SimulationResult(status=status, notifications=notifier.sent)


def calendar_offset(server_now: datetime, first_day: date) -> int:
    """Whole days to add to the server's clock so that, in London, it is `first_day`.

    A whole-day shift keeps the UTC time of day; near midnight, when the server's London offset
    (GMT or BST) differs from the target day's, the plain difference of dates lands a day off.
    """
    offset = (first_day - london_date(server_now)).days
    return offset + (first_day - london_date(server_now + timedelta(days=offset))).days


class SimulatedClock:
    """Moves the time-skipping server to a date on the workflow's (offset) calendar."""

    def __init__(self, env: WorkflowEnvironment, offset_days: int) -> None:
        self.env = env
        self.offset = timedelta(days=offset_days)

    async def advance_to(self, day: date, at: time) -> None:
        target = datetime.combine(day, at, tzinfo=LONDON)
        now = await self.env.get_current_time() + self.offset
        if target > now:
            await self.env.sleep(target - now)


async def record_step(
    handle: WorkflowHandle[InterventionWorkflow, object],
    number: int,
    step: Step,
    line: int | None = None,
) -> None:
    """Record step `number` through the Update people use; a refusal names the step, and
    its `line` in the file when given."""
    command = step.command
    try:
        if isinstance(command, ChangePlan):
            await handle.execute_update(InterventionWorkflow.change_plan, command)
        else:
            await handle.execute_update(InterventionWorkflow.record, command)
    except WorkflowUpdateFailedError as error:
        raise ScenarioStepError(number, step, rejected(error).reason, line) from None
    except RPCError as error:
        # The workflow is gone or not answering: say so against the step, not as a traceback.
        if error.status is RPCStatusCode.NOT_FOUND:
            reason = "the intervention is no longer running (closed, or stopped by an operator)"
        else:
            reason = f"the workflow did not take it ({error.message})"
        raise ScenarioStepError(number, step, reason, line) from None


async def settled_status(run: ScenarioRun, today: date) -> StatusView:
    """The status read back from the store, once every event the workflow made is stored."""
    expected = (await run.handle.query(InterventionWorkflow.status)).version
    return await intervention_status(
        run.store, run.handle.id, wait_for_version=expected, today=today
    )
