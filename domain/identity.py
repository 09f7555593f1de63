"""Stable identities: an intervention's id, and the id of each event it records."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from domain.values import slugify

# Event ids are UUIDv5 names in this namespace: the same writer and sequence give the same id,
# which is what makes a retried append write nothing twice.
EVENT_ID_NAMESPACE = UUID("6f1c2b1e-4d0a-5b8e-9a57-1f3c8e2d7a40")


def intervention_id(authority: str, published_on: date) -> str:
    return f"intervention-{slugify(authority)}-{published_on.isoformat()}"


def event_id_for(writer_id: str, sequence: int) -> UUID:
    """The id of the `sequence`-th event written by `writer_id` (the workflow id)."""
    return uuid5(EVENT_ID_NAMESPACE, f"{writer_id}/{sequence}")
