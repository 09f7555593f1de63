"""The workflow's reminders and escalations reach a real SMTP server by e-mail, once each,
though the server refuses a message on the first try."""

from __future__ import annotations

import uuid
from datetime import date

import asyncpg
from temporalio.testing import WorkflowEnvironment

from activities.deliveries import DeliveryLedger
from activities.email import EmailChannel
from activities.notifiers import Dispatcher
from application.worker import build_worker
from domain.values import Contact
from eventstore.store import EventStore
from tests.receivers import MailServer
from tests.workflows.conftest import start_intervention


async def test_reminder_and_escalation_arrive_once_each_by_email(
    env: WorkflowEnvironment, pool: asyncpg.Pool
) -> None:
    with MailServer() as mail:
        contacts = {
            "council": [Contact(name="Council Officer", email="officer@council.example")],
            "director": [
                Contact(name="Dana Director", email="dana@council.example"),
                Contact(name="Deputy Director", email="deputy@council.example"),
            ],
        }
        mail.refuse_once.add("deputy@council.example")
        dispatcher = Dispatcher(
            [EmailChannel(mail.smtp(), "Engine <engine@engine.example>")],
            DeliveryLedger(pool),
            "https://interventions.example",
        )
        async with build_worker(
            env.client, pool, dispatcher, f"mail-{uuid.uuid4().hex[:8]}"
        ) as worker:
            running = await start_intervention(env, worker, EventStore(pool), contacts=contacts)
            await running.advance_to(date(2023, 6, 16))
            # Long enough for the refused message's retry, on the skipped clock.
            await running.advance_to(date(2023, 6, 19))
            await running.handle.query("status")

        subjects = sorted((str(m["To"]), str(m["Subject"])) for m in mail.received)
        assert [to for to, _ in subjects] == [
            "Council Officer <officer@council.example>",
            "Dana Director <dana@council.example>",
            "Deputy Director <deputy@council.example>",
        ]
        assert "Reminder: Statement of Action, due 15 June 2023" in subjects[0][1]
        assert "Escalation (level 1): Statement of Action" in subjects[1][1]
        assert subjects[1][1] == subjects[2][1]
        assert await pool.fetchval("SELECT count(*) FROM notification_deliveries") == 3
