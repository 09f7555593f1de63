"""The PostgreSQL event store: append-only log, hash chains, inline projections."""

from domain.identity import event_id_for
from eventstore.database import create_pool, database_url
from eventstore.errors import ConcurrencyError, IdempotencyConflictError, StoreError
from eventstore.store import AppendResult, EventStore, NewEvent, RecordedEvent

__all__ = [
    "AppendResult",
    "ConcurrencyError",
    "EventStore",
    "IdempotencyConflictError",
    "NewEvent",
    "RecordedEvent",
    "StoreError",
    "create_pool",
    "database_url",
    "event_id_for",
]
