"""The per-stream hash chain that makes tampering with the log evident."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import asyncpg

GENESIS = bytes(32)
# Sorted keys and fixed separators: the same content always gives the same text, whatever
# order jsonb hands the keys back in. One encoder for every event: `json.dumps` builds a new
# one on each call that asks for anything but the defaults.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
# How that encoder writes a string (with `ensure_ascii=False`).
_STRING = json.encoder.encode_basestring


def canonical_text(
    *,
    position: int,
    stream_id: str,
    version: int,
    event_id: UUID,
    type: str,
    effective_on: date,
    recorded_at: datetime,
    actor_name: str,
    actor_role: str,
    data: dict[str, Any],
) -> str:
    # The global position is hashed too, so moving an event in the log is as evident as
    # changing it. The envelope's keys are fixed: written here in their sorted order, only the
    # strings escaped and the data encoded, it is the same text `_CANONICAL` would make of the
    # whole, in half the time (`test_hashing` holds the two equal).
    return (
        f'{{"actor":{{"name":{_STRING(actor_name)},"role":{_STRING(actor_role)}}},'
        f'"data":{_CANONICAL.encode(data)},"effective_on":"{effective_on.isoformat()}",'
        f'"event_id":"{event_id}","position":{int(position)},'
        f'"recorded_at":"{recorded_at.astimezone(UTC).isoformat()}",'
        f'"stream_id":{_STRING(stream_id)},"type":{_STRING(type)},"version":{int(version)}}}'
    )


def canonical_bytes(**content: Any) -> bytes:
    """What an event's hash covers: its canonical content, as UTF-8."""
    return canonical_text(**content).encode()


# The stored columns that make up an event's hashed content, named as `canonical_bytes` names them.
CONTENT_COLUMNS = (
    "position",
    "stream_id",
    "version",
    "event_id",
    "type",
    "effective_on",
    "recorded_at",
    "actor_name",
    "actor_role",
    "data",
)


def stored_content(row: asyncpg.Record) -> bytes:
    """The canonical bytes of an event as stored, straight from its row."""
    return canonical_bytes(**{column: row[column] for column in CONTENT_COLUMNS})


def chain_hash(previous: bytes, content: bytes) -> bytes:
    return hashlib.sha256(previous + content).digest()
