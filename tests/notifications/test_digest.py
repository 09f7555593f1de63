"""The weekly digest: the workflow on the time-skipping server, run on a Monday morning in London
(the hour after midnight in summer, still Sunday in UTC), sends each director one e-mail through
a real SMTP server; the schedule that starts it is made idempotently on the dev server, which,
unlike the time-skipping server, runs Schedules."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import asyncpg
import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from activities.deliveries import DeliveryLedger
from activities.digest import DigestActivities
from activities.models import DigestResult
from application.digest_schedule import DIGEST_SCHEDULE_ID, ensure_digest_schedule
from application.settings import Settings
from application.simulation import CollectingNotifier
from application.worker import build_worker
from domain.calendar import LONDON, add_working_days
from domain.commands import OpenIntervention
from domain.intervention import decide_open
from domain.values import Actor, Contact, Inspection, Role
from eventstore.store import EventStore
from tests.ports import free_port
from tests.receivers import MailServer
from tests.store.scenario import wrap
from tests.temporal import time_skipping
from workers.stack import dev_server, wait_for_temporal
from workflows.digest import WeeklyDigestWorkflow

SENDER = "Intervention engine <interventions@engine.example>"
TEAM = Actor(name="An Officer", role=Role.IMPROVEMENT_TEAM)


@pytest.fixture(scope="module")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    async with time_skipping() as environment:
        yield environment


def first_summer_monday_after(moment: datetime) -> date:
    """The first Monday in British Summer Time after `moment`."""
    day = moment.astimezone(LONDON).date() + timedelta(days=1)
    while not (day.weekday() == 0 and datetime.combine(day, time(12), LONDON).dst()):
        day += timedelta(days=1)
    return day


async def open_for_digest(
    store: EventStore, monday: date, directors: list[Contact], label: str
) -> str:
    """An intervention whose Statement of Action falls due 10 working days after `monday` and
    whose DfE decision (8 weeks after publication) is long past."""
    received = add_working_days(monday, -60)
    published = add_working_days(received, 2)
    command = OpenIntervention(
        authority=f"{label} {uuid.uuid4().hex[:6]} Council",
        inspection=Inspection(
            started_on=received - timedelta(days=40),
            ended_on=received - timedelta(days=30),
            published_on=published,
            received_on=received,
        ),
        contacts={"director": directors},
        actor=TEAM,
    )
    events = decide_open(command, datetime.combine(published, time(10), UTC))
    await store.append(command.intervention_id, 0, wrap(command.intervention_id, events, 0))
    return command.intervention_id


async def test_each_director_gets_one_digest_on_a_london_monday(
    env: WorkflowEnvironment, pool: asyncpg.Pool, mail: MailServer
) -> None:
    mail.received.clear()
    now = await env.get_current_time()
    monday = first_summer_monday_after(now)
    # 00:30 on Monday in London is 23:30 on Sunday in UTC: the digest is Monday's.
    await env.sleep(datetime.combine(monday, time(0, 30), LONDON) - now)
    store = EventStore(pool)
    dana = Contact(name="Dana Director", email="dana@council.example")
    first = await open_for_digest(store, monday, [dana], "North")
    second = await open_for_digest(
        store, monday, [dana, Contact(name="Sam", email="sam@x.example")], "South"
    )
    digest = DigestActivities(
        DeliveryLedger(pool), mail.smtp(), SENDER, "https://interventions.example"
    )
    task_queue = f"digest-{uuid.uuid4().hex[:8]}"
    async with build_worker(env.client, pool, CollectingNotifier(), task_queue, digest):
        results = [
            await env.client.execute_workflow(
                WeeklyDigestWorkflow.run,
                id=f"digest-{uuid.uuid4().hex[:8]}",
                task_queue=task_queue,
                result_type=DigestResult,
            )
            for _ in range(2)  # the second run of the week finds both sent
        ]

    assert [(r.recipients, r.sent) for r in results] == [(2, 2), (2, 0)]
    assert sorted(str(m["To"]) for m in mail.received) == [
        "dana@council.example",
        "sam@x.example",
    ]
    to_dana = mail.to("dana@council.example")[0]
    assert to_dana["Subject"] == (
        f"Deadlines, week of {monday:%-d %B %Y}: 2 due in the next 20 working days, 2 overdue"
    )
    body = to_dana.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    soa_due = add_working_days(add_working_days(monday, -60), 70)
    for intervention in (first, second):
        assert f"({intervention})" in text
    assert f"Statement of Action: {soa_due:%a %-d %b %Y} (70 working days after report" in text
    assert "Overdue:" in text
    assert "https://interventions.example/interventions/" in text


async def test_the_schedule_is_made_once_and_fires_on_monday_mornings_in_london(
    tmp_path: Path,
) -> None:
    settings = Settings(
        data_dir=tmp_path, temporal_address=f"127.0.0.1:{free_port()}", web_ui_port=free_port()
    )
    async with dev_server(settings) as process:
        client: Client = await wait_for_temporal(settings, process)
        done = [await ensure_digest_schedule(client, "digests", "07:30") for _ in range(2)]
        # A changed time is applied to the schedule there is, not to a second one.
        done.append(await ensure_digest_schedule(client, "digests", "08:15"))

        schedules = [s.id async for s in await client.list_schedules()]
        described = await client.get_schedule_handle(DIGEST_SCHEDULE_ID).describe()

    assert done == ["created", "updated", "updated"]
    assert schedules.count(DIGEST_SCHEDULE_ID) <= 1  # the list is eventually consistent
    fires = [t.astimezone(LONDON) for t in described.info.next_action_times]
    assert fires
    for fire in fires:
        assert (fire.weekday(), fire.hour, fire.minute) == (0, 8, 15), fire
    # Across the clocks changing, the hour stays 08:15 in London: the UTC hour moves.
    assert described.schedule.spec.time_zone_name == "Europe/London"
