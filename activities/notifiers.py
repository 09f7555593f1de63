"""Where reminders and escalations go: channels, and the dispatcher that sends on them.

`INTERVENTION_NOTIFIER` lists the channels (`log,email,teams,webhook`). Recipients are per
intervention (its contacts, by role), and each channel takes the addresses it understands from
them: `email` each contact's e-mail address, `teams` each contact's Teams webhook (else the
default one), `webhook` each contact's webhook (else the default one). `log` writes every
notification to the structured log.

Every hand-over to a mail server or a webhook is recorded in the delivery ledger under a key made
of the deadline, the rung, the channel and the recipient, so a retried activity skips what an
earlier attempt already delivered (activities.deliveries).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import httpx
import structlog

from activities.deliveries import DeliveryLedger, delivery_key
from activities.models import Notification
from activities.rules import rule_sentence

log = structlog.get_logger("notify")
# httpx logs every request, full URL and all, at INFO; a webhook's URL often carries its token.
logging.getLogger("httpx").setLevel(logging.WARNING)


class NotificationError(Exception):
    """A notification could not be delivered; the activity retries."""


class Notifier(Protocol):
    async def send(self, intervention_id: str, authority: str, note: Notification) -> None: ...


@dataclass(frozen=True)
class Outgoing:
    """One notification as every channel renders it."""

    intervention_id: str
    authority: str
    note: Notification
    # The date rule in one sentence, and the intervention's page in the dashboard.
    rule: str
    link: str


class Channel(Protocol):
    name: str
    # Deliveries to outside parties go through the ledger; writing a log line twice harms no
    # one and needs no database.
    ledgered: bool

    def addresses(self, note: Notification) -> list[str]:
        """Where this channel sends the note: none when no contact gives it an address."""
        ...

    async def deliver(self, outgoing: Outgoing, address: str, key: str) -> None: ...


class LogChannel:
    """Every notification as one structured log line."""

    name = "log"
    ledgered = False

    def addresses(self, note: Notification) -> list[str]:
        return ["log"]

    async def deliver(self, outgoing: Outgoing, address: str, key: str) -> None:
        note = outgoing.note
        log.info(
            "notification",
            intervention_id=outgoing.intervention_id,
            authority=outgoing.authority,
            kind=note.kind,
            to=note.to,
            contacts=[c.email or c.name for c in note.contacts],
            milestone=note.milestone,
            number=note.number,
            escalation_level=note.level,
            due=note.due.isoformat() if note.due else None,
            rule=outgoing.rule,
            event_id=note.event_id,
            message=note.message,
        )


def webhook_payload(outgoing: Outgoing) -> dict[str, object]:
    return {
        "intervention_id": outgoing.intervention_id,
        "authority": outgoing.authority,
        **outgoing.note.model_dump(mode="json"),
        "rule": outgoing.rule,
        "link": outgoing.link,
    }


async def post_json(url: str, payload: dict[str, object], kind: str, seconds: float) -> None:
    """POST to a webhook; a refusal or a failure raises NotificationError naming its origin."""
    async with httpx.AsyncClient(timeout=seconds) as client:
        try:
            response = await client.post(url, json=payload)
            response.raise_for_status()
        except httpx.HTTPStatusError as error:
            status = f"{error.response.status_code} {error.response.reason_phrase}"
            # Not chained: httpx's own message quotes the whole URL, token and all.
            raise NotificationError(
                f"webhook {origin(url)} refused {kind}: it answered {status}"
            ) from None
        except httpx.HTTPError as error:
            reason = str(error).replace(url, origin(url)) or type(error).__name__
            raise NotificationError(f"webhook {origin(url)} refused {kind}: {reason}") from None


class PostChannel:
    """POSTs one JSON document per notification to each contact's own address (the contact's
    field named like the channel), else to the default URL."""

    name = "webhook"
    ledgered = True

    def __init__(self, default_url: str | None, timeout_seconds: float = 10.0) -> None:
        self.default_url = default_url
        self.timeout = timeout_seconds

    def addresses(self, note: Notification) -> list[str]:
        own = [getattr(c, self.name) for c in note.contacts if getattr(c, self.name)]
        return own or ([self.default_url] if self.default_url else [])

    def payload(self, outgoing: Outgoing) -> dict[str, object]:
        return webhook_payload(outgoing)

    async def deliver(self, outgoing: Outgoing, address: str, key: str) -> None:
        await post_json(address, self.payload(outgoing), outgoing.note.kind, self.timeout)
        log.info(
            "notification posted",
            intervention_id=outgoing.intervention_id,
            channel=self.name,
            url=origin(address),
            kind=outgoing.note.kind,
        )


class WebhookChannel(PostChannel):
    """The generic webhook: the notification as plain JSON, with the id of the event that
    caused it."""


def origin(url: str) -> str:
    """A webhook's scheme, host and port, for messages and logs: its path and query often
    carry the token that lets anyone post to it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"


def outgoing(
    intervention_id: str,
    authority: str,
    note: Notification,
    regime: tuple[str | None, int | None],
    dashboard: str,
) -> Outgoing:
    return Outgoing(
        intervention_id=intervention_id,
        authority=authority,
        note=note,
        rule=rule_sentence(regime[0], note, regime[1]),
        link=f"{dashboard.rstrip('/')}/interventions/{intervention_id}",
    )


class LogNotifier:
    """Only the log: needs no database (benchmarks, and stores without the ledger)."""

    def __init__(self, dashboard_url: str = "") -> None:
        self.dashboard_url = dashboard_url

    async def send(self, intervention_id: str, authority: str, note: Notification) -> None:
        message = outgoing(intervention_id, authority, note, (None, None), self.dashboard_url)
        await LogChannel().deliver(message, "log", "")


class Dispatcher:
    """Sends each notification on every channel that has an address for it, once per
    (deadline, rung, channel, recipient)."""

    def __init__(self, channels: list[Channel], ledger: DeliveryLedger, dashboard_url: str) -> None:
        self.channels = channels
        self.ledger = ledger
        self.dashboard_url = dashboard_url

    async def send(self, intervention_id: str, authority: str, note: Notification) -> None:
        regime = await self.ledger.regime_of(intervention_id)
        message = outgoing(intervention_id, authority, note, regime, self.dashboard_url)
        failures: list[str] = []
        addressed = False
        for channel in self.channels:
            for address in channel.addresses(note):
                if not channel.ledgered:
                    await channel.deliver(message, address, "")
                    continue
                addressed = True
                key = delivery_key(intervention_id, note, channel.name, address)
                try:
                    async with self.ledger.claim(
                        key, intervention_id, channel.name, note.event_id
                    ) as new:
                        if new:
                            await channel.deliver(message, address, key)
                except NotificationError as error:
                    # The others still go now; this one goes when the activity retries.
                    failures.append(str(error))
        if not addressed and all(c.ledgered for c in self.channels):
            log.warning(
                "notification has no address",
                intervention_id=intervention_id,
                to=note.to,
                kind=note.kind,
                channels=[c.name for c in self.channels],
                message=note.message,
            )
        if failures:
            raise NotificationError("; ".join(failures))
