"""What an append must know of a stream before it writes, kept in memory from one append to the
next, so that an append folds only its own events and sends one statement."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from domain.state import InterventionState
from eventstore.hashing import GENESIS


@dataclass(frozen=True)
class Head:
    """A stream at `version`: the hash its chain ends on, its state, the fold of its events
    (None before the first), and its intervention's read-model row as this process last wrote
    it (None when not known: the next append writes it)."""

    version: int
    hash: bytes
    state: InterventionState | None
    row: tuple[Any, ...] | None = None


NEW_STREAM = Head(version=0, hash=GENESIS, state=None)


class Heads:
    """The heads of the streams this process appended to most recently, `capacity` at most.

    A head is only a guess: an append from it goes ahead only if the stream's head in the
    database has the same version and hash, which the chain makes the same events.
    """

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._heads: OrderedDict[str, Head] = OrderedDict()

    def get(self, stream_id: str) -> Head | None:
        head = self._heads.get(stream_id)
        if head is not None:
            self._heads.move_to_end(stream_id)
        return head

    def put(self, stream_id: str, head: Head) -> None:
        self._heads[stream_id] = head
        self._heads.move_to_end(stream_id)
        if len(self._heads) > self._capacity:
            self._heads.popitem(last=False)

    def forget(self, stream_id: str, head: Head) -> None:
        """Drop `head` unless another append has replaced it meanwhile."""
        if self._heads.get(stream_id) is head:
            del self._heads[stream_id]
