"""Errors the event store raises; driver errors are translated into these at the edge."""

from __future__ import annotations


class StoreError(Exception):
    """Something went wrong talking to the event store."""


class ConcurrencyError(StoreError):
    def __init__(self, stream_id: str, expected_version: int, actual_version: int | None) -> None:
        actual = "unknown" if actual_version is None else str(actual_version)
        super().__init__(
            f"stream {stream_id!r} is at version {actual}, not the expected {expected_version}; "
            "another writer appended first: reload and decide again"
        )
        self.stream_id = stream_id
        self.expected_version = expected_version
        self.actual_version = actual_version


class IdempotencyConflictError(StoreError):
    """An event id is already stored, but at a different place: the ids are not deterministic."""


class DatabaseUnavailableError(StoreError):
    """The database could not be reached or started."""
