"""Escalations reach a real HTTP receiver on this machine, through the webhook notifier."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import asyncpg
import pytest
from temporalio.testing import WorkflowEnvironment

from activities.models import Notification
from activities.notifiers import NotificationError, WebhookNotifier
from application.worker import build_worker
from domain.values import Contact
from eventstore.store import EventStore
from tests.workflows.conftest import start_intervention


class Receiver:
    """A local webhook receiver that fails the first `failures` requests with a 503."""

    def __init__(self, failures: int = 0) -> None:
        self.received: list[dict[str, Any]] = []
        self.failures = failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(503)
                else:
                    receiver.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/interventions"

    def __enter__(self) -> Receiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


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
        env.client, pool, WebhookNotifier(default_url=None), f"hooks-{uuid.uuid4().hex[:8]}"
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
    # The event id lets the receiver drop a duplicate sent by a retried activity.
    stored = await pool.fetchval(
        "SELECT count(*) FROM events WHERE event_id = $1::uuid AND type = 'EscalationRaised'",
        document["event_id"],
    )
    assert stored == 1


async def test_a_refusing_receiver_raises_so_the_activity_retries() -> None:
    with Receiver(failures=1) as refusing:
        notifier = WebhookNotifier(default_url=refusing.url)
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

    assert [doc["kind"] for doc in refusing.received] == ["reminder"]
