"""The log's one order, and the shape its events are read in to be folded.

Positions come from a sequence: unique, but neither gap-free nor in commit order, because
appends of different streams commit concurrently. Each event also carries the id of the
transaction that wrote it (`xid8`, which only grows), and the log's order is (transaction id,
position). A reader reads only events whose transaction id is below the oldest transaction
still running (`pg_snapshot_xmin`): every transaction below that line has finished, so no
event can ever appear there again, and nothing read can have a late commit behind it.

That order keeps each stream's own: the append of version n + 1 goes ahead only if its
statement's snapshot shows the stream's head at version n (`eventstore.writer`), so the
transaction that wrote version n committed before that statement began, and took its id before
it committed; the append takes its own id after its statement began, and ids are handed out in
increasing order. Within one transaction, the positions of an append's events increase with
their versions.
"""

from __future__ import annotations

from typing import NamedTuple

from domain.events import EVENT_ADAPTER, Event

LOG_ORDER = "transaction_id, position"
# Below this line every transaction has finished: what it wrote is there to read, for good.
SETTLED = "transaction_id < pg_snapshot_xmin(pg_current_snapshot())"

# An event as the domain parses it, assembled by PostgreSQL: pydantic parses it straight from
# the bytes, which is cheaper than decoding the jsonb into dicts and merging them in Python.
EVENT_JSON = """(data || jsonb_build_object(
    'type', type, 'effective_on', effective_on, 'recorded_at', recorded_at,
    'actor', jsonb_build_object('name', actor_name, 'role', actor_role)))::text"""


class LogCursor(NamedTuple):
    """Where a reader of the log has got to: the last event it read, in the log's order."""

    transaction_id: int
    position: int


# Before every event: the events written before transaction ids were kept are transaction 0's.
LOG_START = LogCursor(0, 0)


def stored_event(text: str) -> Event:
    """The domain event `EVENT_JSON` made."""
    return EVENT_ADAPTER.validate_json(text)
