"""E-mail through a real SMTP server on this machine (aiosmtpd, STARTTLS and a login): one
message per recipient in text and HTML, and exactly one, whether the server refuses a message
or is down for a while, and whichever worker retries."""

from __future__ import annotations

import uuid
from datetime import date

import asyncpg
import pytest

from activities.deliveries import DeliveryLedger, delivery_key
from activities.email import EmailChannel, message_id
from activities.models import Notification
from activities.notifiers import Dispatcher, NotificationError
from domain.values import Contact
from tests.receivers import MailServer

SENDER = "Intervention engine <interventions@engine.example>"
DASHBOARD = "https://interventions.example"
DIRECTORS = [
    Contact(name="Dana Director", email="dana@council.example"),
    Contact(name="Deputy Director", email="deputy@council.example"),
]


@pytest.fixture
def clean(mail: MailServer) -> MailServer:
    mail.received.clear()
    mail.refuse_once.clear()
    if mail.controller is None:
        mail.start()
    return mail


def escalation() -> Notification:
    return Notification(
        event_id=str(uuid.uuid4()),
        kind="escalation",
        milestone="statement_of_action",
        title="Statement of Action",
        due=date(2023, 6, 15),
        level=1,
        to="director",
        contacts=DIRECTORS,
        message="Example Borough Council: Escalation level 1 to director",
    )


def worker(pool: asyncpg.Pool, mail: MailServer) -> Dispatcher:
    """What one worker process sends with: a fresh one stands for a worker after a crash."""
    return Dispatcher([EmailChannel(mail.smtp(), SENDER)], DeliveryLedger(pool), DASHBOARD)


async def test_each_recipient_gets_one_message_in_text_and_html(
    pool: asyncpg.Pool, clean: MailServer
) -> None:
    note = escalation()

    await worker(pool, clean).send("intervention-example", "Example Borough Council", note)

    assert sorted(str(m["To"]) for m in clean.received) == [
        "Dana Director <dana@council.example>",
        "Deputy Director <deputy@council.example>",
    ]
    message = clean.to("dana@council.example")[0]
    assert message["Subject"] == (
        "Example Borough Council: Escalation (level 1): Statement of Action, due 15 June 2023"
    )
    assert message["From"] == SENDER
    key = delivery_key("intervention-example", note, "email", "dana@council.example")
    assert message["Message-ID"] == message_id(key, SENDER)
    assert message["Message-ID"].endswith("@engine.example>")
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    assert html is not None
    for body in (text.get_content(), html.get_content()):
        assert "Example Borough Council (intervention-example)" in body
        assert "Thursday 15 June 2023" in body
        assert "70 working days after report received" in body
        assert f"{DASHBOARD}/interventions/intervention-example" in body
    assert f'<a href="{DASHBOARD}/interventions/intervention-example">' in html.get_content()


async def test_a_refused_message_goes_on_retry_and_the_accepted_one_not_again(
    pool: asyncpg.Pool, clean: MailServer
) -> None:
    note = escalation()
    clean.refuse_once.add("deputy@council.example")

    with pytest.raises(NotificationError, match=r"deputy@council.example.*451"):
        await worker(pool, clean).send("intervention-refused", "Example", note)
    assert [str(m["To"]) for m in clean.received] == ["Dana Director <dana@council.example>"]

    # The activity's retry may run on another worker, after this one crashed.
    await worker(pool, clean).send("intervention-refused", "Example", note)
    await worker(pool, clean).send("intervention-refused", "Example", note)

    assert sorted(str(m["To"]) for m in clean.received) == [
        "Dana Director <dana@council.example>",
        "Deputy Director <deputy@council.example>",
    ]
    assert len({m["Message-ID"] for m in clean.received}) == 2


async def test_a_server_down_for_a_while_loses_nothing_and_sends_nothing_twice(
    pool: asyncpg.Pool, clean: MailServer
) -> None:
    note = escalation()
    clean.stop()

    for _ in range(2):
        with pytest.raises(NotificationError, match=rf"127.0.0.1:{clean.port} could not take"):
            await worker(pool, clean).send("intervention-down", "Example", note)
    assert await pool.fetchval("SELECT count(*) FROM notification_deliveries") == 0

    clean.start()
    await worker(pool, clean).send("intervention-down", "Example", note)
    await worker(pool, clean).send("intervention-down", "Example", note)

    assert sorted(str(m["To"]) for m in clean.received) == [
        "Dana Director <dana@council.example>",
        "Deputy Director <deputy@council.example>",
    ]
    assert await pool.fetchval("SELECT count(*) FROM notification_deliveries") == 2
