"""Escalations reach a real HTTP receiver on this machine, through the webhook channel."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import asyncpg
import pytest
from temporalio.testing import WorkflowEnvironment

from activities.deliveries import DeliveryLedger
from activities.models import Notification
from activities.notifiers import Dispatcher, NotificationError, WebhookChannel
from application.worker import build_worker
from domain.values import Contact
from eventstore.store import EventStore
from tests.receivers import Receiver
from tests.workflows.conftest import start_intervention

DASHBOARD = "https://interventions.example"


def webhook_dispatcher(pool: asyncpg.Pool, default_url: str | None) -> Dispatcher:
    return Dispatcher([WebhookChannel(default_url)], DeliveryLedger(pool), DASHBOARD)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver(failures=1) as running:
        yield running


async def test_escalations_are_posted_to_the_contacts_webhook(
    env: WorkflowEnvironment, pool: asyncpg.Pool, receiver: Receiver
) -> None:
    store = EventStore(pool)
    director = Contact(name="Director of Children's Services", webhook=receiver.url)
    async with build_worker(
        env.client, pool, webhook_dispatcher(pool, None), f"hooks-{uuid.uuid4().hex[:8]}"
    ) as worker:
        running = await start_intervention(env, worker, store, contacts={"director": [director]})
        await running.advance_to(date(2023, 6, 16))
        await running.handle.query("status")

    level_one = [doc for doc in receiver.received if doc["kind"] == "escalation"]
    assert len(level_one) == 1, receiver.received
    document = level_one[0]
    assert document["intervention_id"] == running.intervention_id
    assert (document["milestone"], document["level"], document["to"]) == (
        "statement_of_action",
        1,
        "director",
    )
    assert document["due"] == "2023-06-15"
    assert document["contacts"][0]["name"] == "Director of Children's Services"
    assert document["rule"] == (
        "Due on Thursday 15 June 2023: 70 working days after report received."
    )
    assert document["link"] == f"{DASHBOARD}/interventions/{running.intervention_id}"
    # The event id lets the receiver drop a duplicate sent by a retried activity.
    stored = await pool.fetchval(
        "SELECT count(*) FROM events WHERE event_id = $1::uuid AND type = 'EscalationRaised'",
        document["event_id"],
    )
    assert stored == 1


async def test_a_refusing_receiver_raises_so_the_activity_retries_and_posts_once(
    pool: asyncpg.Pool,
) -> None:
    with Receiver(failures=1) as refusing:
        notifier = webhook_dispatcher(pool, refusing.url)
        note = Notification(
            event_id=str(uuid.uuid4()),
            kind="reminder",
            milestone="statement_of_action",
            title="Statement of Action",
            to="council",
            message="Example: Reminder",
        )
        with pytest.raises(NotificationError, match="503"):
            await notifier.send("intervention-x", "Example", note)
        await notifier.send("intervention-x", "Example", note)
        # A third attempt (a retry after a lost answer) finds it delivered.
        await notifier.send("intervention-x", "Example", note)

    assert [doc["kind"] for doc in refusing.received] == ["reminder"]


async def test_a_notification_undeliverable_for_an_hour_is_given_up_and_the_next_is_sent(
    env: WorkflowEnvironment, pool: asyncpg.Pool
) -> None:
    """A receiver refusing everything for longer than the notify activity's hour: the first
    batch (the overdue alert to the improvement team) is tried for that hour, 5 seconds
    doubling to 10 minutes apart, twelve attempts, and then given up and logged, so that one
    undeliverable message does not hold the outbox; the reminder and the escalation behind it
    are delivered once the receiver takes messages again, each once."""
    store = EventStore(pool)
    with Receiver(failures=14) as down:
        async with build_worker(
            env.client, pool, webhook_dispatcher(pool, down.url), f"hooks-{uuid.uuid4().hex[:8]}"
        ) as worker:
            running = await start_intervention(env, worker, store)
            await running.advance_to(date(2023, 6, 16))
            await running.handle.query("status")

    first = down.refused[0]["event_id"]
    assert [doc["kind"] for doc in down.refused if doc["event_id"] == first] == ["overdue"] * 12
    assert first not in [doc["event_id"] for doc in down.received]
    assert [(doc["kind"], doc["milestone"]) for doc in down.received] == [
        ("reminder", "statement_of_action"),
        ("escalation", "statement_of_action"),
    ]
