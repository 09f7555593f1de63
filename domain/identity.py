"""Stable identities: an intervention's id, and the id of each event it records."""

from __future__ import annotations

import hashlib
from datetime import date
from uuid import UUID

from domain.values import slugify

# Event ids are UUIDv5 names in this namespace: the same writer and sequence give the same id,
# which is what makes a retried append write nothing twice.
EVENT_ID_NAMESPACE = UUID("6f1c2b1e-4d0a-5b8e-9a57-1f3c8e2d7a40")
_NAMESPACE_BYTES = EVENT_ID_NAMESPACE.bytes


def intervention_id(authority: str, published_on: date) -> str:
    return f"intervention-{slugify(authority)}-{published_on.isoformat()}"


def event_id_for(writer_id: str, sequence: int) -> UUID:
    """The id of the `sequence`-th event written by `writer_id` (the workflow id).

    `uuid.uuid5` worked out here with the namespace's bytes taken once: every event written
    needs one, and `uuid5` converts the namespace to bytes on each call."""
    name = f"{writer_id}/{sequence}".encode()
    digest = hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).digest()
    return UUID(bytes=digest[:16], version=5)
