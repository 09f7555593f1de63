"""Folding the log into the read models' rows, a piece at a time: a stream's state depends on its
own events alone, folded in the order of its versions (the log's order within a stream), so
the log may be cut into pieces along stream ids and the pieces folded in any order, by any
process, each taking the next piece whenever it is ready for more."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.sharedctypes import Synchronized
from typing import Any, NamedTuple

from pydantic import ValidationError

from domain.apply import apply
from domain.state import InterventionState
from eventstore.database import Connection
from eventstore.errors import StoreError
from eventstore.log import EVENT_JSON, stored_event
from eventstore.projections import deadline_row, escalation_row, intervention_row


class Piece(NamedTuple):
    """The streams whose ids run from `first` up to `next` (either open: None), each folded
    by one process."""

    first: str | None
    next: str | None


WHOLE_LOG = (Piece(None, None),)


class Rows(NamedTuple):
    """The read-model rows of the streams one process folded, as rebuild writes them."""

    interventions: list[tuple[Any, ...]]
    deadlines: list[tuple[Any, ...]]
    escalations: list[tuple[Any, ...]]

    @staticmethod
    def of(states: dict[str, InterventionState]) -> Rows:
        return Rows(
            [intervention_row(sid, s) for sid, s in states.items()],
            [deadline_row(sid, d) for sid, s in states.items() for d in s.deadlines],
            [escalation_row(sid, e) for sid, s in states.items() for e in s.escalations],
        )


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The fold keeps every stream's state while it makes millions of short-lived objects, none
    in a cycle: the collector's passes over the growing heap would take a tenth of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Taken:
    """Which pieces of the log have been taken, shared by the processes folding them: each
    takes the next when it is ready for more."""

    def __init__(self, shared: Synchronized[int] | None = None) -> None:
        self._shared = shared
        self._here = 0  # when no other process takes any

    def next(self) -> int:
        if self._shared is None:
            self._here += 1
            return self._here - 1
        with self._shared.get_lock():
            self._shared.value += 1
            return self._shared.value - 1


async def fold_pieces(
    con: Connection,
    pieces: Sequence[Piece],
    taken: Taken,
    batch_size: int,
    folded: Callable[[int], None],
) -> tuple[Rows, int]:
    """Fold the pieces this process takes from the log as `con`'s transaction sees it, until
    none is left: their rows, and how many events were folded. `folded(n)` is told after each
    batch."""
    states: dict[str, InterventionState] = {}
    count = 0
    while (number := taken.next()) < len(pieces):
        piece = pieces[number]
        cursor = await con.cursor(
            f"""SELECT stream_id, version, {EVENT_JSON} AS event FROM events
                WHERE ($1::text IS NULL OR stream_id >= $1)
                  AND ($2::text IS NULL OR stream_id < $2)
                ORDER BY stream_id, version""",
            piece.first,
            piece.next,
        )
        # The next batch is asked for before this one is folded, so PostgreSQL reads while
        # Python folds.
        fetching = asyncio.ensure_future(cursor.fetch(batch_size))
        while rows := await fetching:
            fetching = asyncio.ensure_future(cursor.fetch(batch_size))
            await asyncio.sleep(0)  # let the request go out before folding
            for row in rows:
                stream_id = row["stream_id"]
                try:
                    states[stream_id] = apply(states.get(stream_id), stored_event(row["event"]))
                except (ValidationError, ValueError) as error:
                    raise StoreError(
                        f"event {row['version']} of stream {stream_id!r} cannot be folded: "
                        f"{error}; `intervention verify` shows whether the log was changed"
                    ) from error
            count += len(rows)
            folded(len(rows))
    return Rows.of(states), count


async def pieces_of(con: Connection, many: int) -> list[Piece]:
    """The log cut into about `many` pieces of as many events each, along stream ids."""
    heads = await con.fetch("SELECT stream_id, version FROM streams ORDER BY stream_id")
    size = sum(head["version"] for head in heads) / many
    cuts: list[str] = []
    events = 0
    for head in heads:
        if events >= size * (len(cuts) + 1):
            cuts.append(head["stream_id"])
        events += head["version"]
    # Open at both ends: an event of any stream is in one piece.
    bounds: list[str | None] = [None, *cuts, None]
    return [Piece(first, next_) for first, next_ in itertools.pairwise(bounds)]
