"""Where reminders and escalations go: a structured log by default, or a webhook.

Recipients are per intervention (its contacts, by role). The webhook notifier POSTs one JSON
document per notification; each carries the id of the event that caused it, so a receiver can
drop the duplicate a retried activity may send.
"""

from __future__ import annotations

from typing import Protocol

import httpx
import structlog

from activities.models import Notification

log = structlog.get_logger("notify")


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
            level=note.level,
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
                except httpx.HTTPError as error:
                    raise NotificationError(
                        f"webhook {url} refused {note.kind}: {error}"
                    ) from error
                log.info(
                    "notification posted", intervention_id=intervention_id, url=url, kind=note.kind
                )
