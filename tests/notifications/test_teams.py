"""Teams: an Adaptive Card posted to a channel's incoming webhook, here a real local receiver."""

from __future__ import annotations

import uuid
from datetime import date

import asyncpg

from activities.deliveries import DeliveryLedger
from activities.models import Notification
from activities.notifiers import Dispatcher, LogChannel, WebhookChannel
from activities.teams import TeamsChannel
from domain.values import Contact
from tests.receivers import Receiver


async def test_a_card_goes_to_the_contacts_teams_channel_and_json_to_the_webhook(
    pool: asyncpg.Pool,
) -> None:
    with Receiver() as teams, Receiver() as hook:
        director = Contact(name="Dana Director", teams=teams.url, webhook=hook.url)
        note = Notification(
            event_id=str(uuid.uuid4()),
            kind="reminder",
            milestone="action:A3.1",
            title="A3.1 Reduce agency social workers",
            due=date(2023, 10, 31),
            to="director",
            contacts=[director],
            message="Example Borough Council: Reminder: A3.1 due 2023-10-31",
        )
        dispatcher = Dispatcher(
            [LogChannel(), TeamsChannel(None), WebhookChannel(None)],
            DeliveryLedger(pool),
            "https://interventions.example/",
        )
        await dispatcher.send("intervention-example", "Example Borough Council", note)
        await dispatcher.send("intervention-example", "Example Borough Council", note)

    assert len(teams.received) == 1
    message = teams.received[0]
    assert message["type"] == "message"
    attachment = message["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    assert card["body"][0]["items"][0]["text"] == "Reminder: A3.1 Reduce agency social workers"
    facts = {fact["title"]: fact["value"] for fact in card["body"][2]["facts"]}
    assert facts["Due"] == "Tuesday 31 October 2023"
    assert facts["Rule"] == "Due on Tuesday 31 October 2023: the review date the plan sets."
    assert (
        card["actions"][0]["url"]
        == "https://interventions.example/interventions/intervention-example"
    )
    # The generic webhook still takes the plain JSON document.
    assert [doc["kind"] for doc in hook.received] == ["reminder"]
