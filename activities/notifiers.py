"""Where reminders and escalations go: a structured log by default, or a webhook.

Recipients are per intervention (its contacts, by role). The webhook notifier POSTs one JSON
document per notification; each carries the id of the event that caused it, so a receiver can
drop the duplicate a retried activity may send.
"""

from __future__ import annotations

import logging
from typing import Protocol
from urllib.parse import urlsplit

import httpx
import structlog

from activities.models import Notification

log = structlog.get_logger("notify")
# httpx logs every request, full URL and all, at INFO; a webhook's URL often carries its token.
logging.getLogger("httpx").setLevel(logging.WARNING)


class NotificationError(Exception):
    """A notification could not be delivered; the activity retries."""


class Notifier(Protocol):
    async def send(self, intervention_id: str, authority: str, note: Notification) -> None: ...


class LogNotifier:
    async def send(self, intervention_id: str, authority: str, note: Notification) -> None:
        log.info(
            "notification",
            intervention_id=intervention_id,
            authority=authority,
            kind=note.kind,
            to=note.to,
            contacts=[c.email or c.name for c in note.contacts],
            milestone=note.milestone,
            number=note.number,
            escalation_level=note.level,
            due=note.due.isoformat() if note.due else None,
            event_id=note.event_id,
            message=note.message,
        )


def webhook_payload(intervention_id: str, authority: str, note: Notification) -> dict[str, object]:
    return {
        "intervention_id": intervention_id,
        "authority": authority,
        **note.model_dump(mode="json"),
    }


class WebhookNotifier:
    """POSTs JSON to the contact's own webhook, else to the default URL."""

    def __init__(self, default_url: str | None, timeout_seconds: float = 10.0) -> None:
        self.default_url = default_url
        self.timeout = timeout_seconds
        self.fallback = LogNotifier()

    async def send(self, intervention_id: str, authority: str, note: Notification) -> None:
        urls = [c.webhook for c in note.contacts if c.webhook] or (
            [self.default_url] if self.default_url else []
        )
        if not urls:
            await self.fallback.send(intervention_id, authority, note)
            return
        payload = webhook_payload(intervention_id, authority, note)
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            for url in urls:
                try:
                    response = await client.post(url, json=payload)
                    response.raise_for_status()
                except httpx.HTTPStatusError as error:
                    status = f"{error.response.status_code} {error.response.reason_phrase}"
                    # Not chained: httpx's own message quotes the whole URL, token and all.
                    raise NotificationError(
                        f"webhook {origin(url)} refused {note.kind}: it answered {status}"
                    ) from None
                except httpx.HTTPError as error:
                    reason = str(error).replace(url, origin(url)) or type(error).__name__
                    raise NotificationError(
                        f"webhook {origin(url)} refused {note.kind}: {reason}"
                    ) from None
                log.info(
                    "notification posted",
                    intervention_id=intervention_id,
                    url=origin(url),
                    kind=note.kind,
                )


def origin(url: str) -> str:
    """A webhook's scheme, host and port, for messages and logs: its path and query often
    carry the token that lets anyone post to it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"
