"""Rebuild: every read model made again from the log alone, in one transaction, so that readers
see the old rows or the new, never a mix; it must give the rows the inline projection wrote.

Folding is Python's work, one core's worth in one process, while PostgreSQL reads the log on
another. A large log is shared out among processes: a stream's state depends on its own events
alone, folded in the order of its versions (the log's order within a stream), so the log is cut
into pieces along stream ids, and each process takes the next piece whenever it is ready for
more. They read the snapshot of the log this transaction sees (exported to them), and send
back the rows they made; every row is written here, in this transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection as PipeEnd
from multiprocessing.context import SpawnProcess
from multiprocessing.sharedctypes import Synchronized
from typing import Any, NamedTuple

import asyncpg
from pydantic import BaseModel, ValidationError

from domain.apply import apply
from domain.state import InterventionState
from eventstore.database import Connection
from eventstore.errors import StoreError
from eventstore.log import EVENT_JSON, stored_event
from eventstore.projections import (
    DEADLINE_COLUMNS,
    ESCALATION_COLUMNS,
    INTERVENTION_COLUMNS,
    deadline_row,
    escalation_row,
    intervention_row,
)

# Below this many events a log is folded in this process alone: starting another and importing
# the domain into it takes about a second of a core, more than sharing a small log saves.
SHARED_FROM = 100_000
# More processes than cores only take turns; PostgreSQL needs some of them too.
MOST_PROCESSES = 8
# Pieces of the log for each process: a process started late, or slowed by the others, takes
# fewer of them, so that all finish together.
PIECES_EACH = 8
# How often the progress of the other processes is told while this one waits for them.
PROGRESS_EVERY = 0.25
READ_MODELS = "escalations, deadlines, interventions"
# What `pg_export_snapshot` returns: it is written into the statement that imports it.
SNAPSHOT_ID = re.compile(r"[0-9A-F]+(-[0-9A-F]+)+")


class RebuildResult(BaseModel):
    events: int
    streams: int
    seconds: float


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
def _no_cycle_collection() -> Iterator[None]:
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


def processes_for(events: int, processes: int | None) -> int:
    """How many processes fold a log of `events`: `processes` when given; otherwise one per
    core this process may use, for a log large enough to be worth sharing."""
    if processes is not None:
        return max(processes, 1)
    if events < SHARED_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, MOST_PROCESSES)


async def rebuild(
    pool: asyncpg.Pool,
    batch_size: int = 1000,
    on_progress: Callable[[int, int], None] | None = None,
    *,
    url: str | None = None,
    processes: int | None = None,
) -> RebuildResult:
    """Recreate every projection from the log, in one transaction: readers see old or new.
    `on_progress(done, total)` is told after each batch, for a progress bar. With `url` (where
    `pool` connects), a large log is folded by several processes (`processes`, by default one
    per core); without it, by this one."""
    started = time.perf_counter()
    report = on_progress or (lambda done, total: None)
    async with pool.acquire() as con, con.transaction(isolation="repeatable_read"):
        # Every append that changes a row writes these tables too: once they are locked, none
        # is under way or can start before this commits. The lock comes first, as it takes no
        # snapshot: the transaction's, which every process folds, is taken after it, with the
        # appends that were under way committed.
        await con.execute(f"LOCK TABLE {READ_MODELS} IN ACCESS EXCLUSIVE MODE")
        await con.execute(f"TRUNCATE {READ_MODELS}")
        total = await con.fetchval("SELECT count(*) FROM events")
        processes = 1 if url is None else processes_for(total, processes)
        with _no_cycle_collection():
            if processes == 1:
                done = 0

                def folded(count: int) -> None:
                    nonlocal done
                    done += count
                    report(done, total)

                rows, count = await fold_pieces(con, WHOLE_LOG, Taken(), batch_size, folded)
                shared = [rows]
            else:
                assert url is not None
                shared, count = await _fold_shared(
                    con, url, processes, batch_size, lambda done: report(done, total)
                )
        for table, columns, part in (
            ("interventions", INTERVENTION_COLUMNS, 0),
            ("deadlines", DEADLINE_COLUMNS, 1),
            ("escalations", ESCALATION_COLUMNS, 2),
        ):
            await con.copy_records_to_table(
                table, records=[row for rows in shared for row in rows[part]], columns=columns
            )
    return RebuildResult(
        events=count,
        streams=sum(len(rows.interventions) for rows in shared),
        seconds=time.perf_counter() - started,
    )


async def _fold_shared(
    con: Connection,
    url: str,
    processes: int,
    batch_size: int,
    report: Callable[[int], None],
) -> tuple[list[Rows], int]:
    """The log's pieces folded here and by `processes - 1` others, each taking the next piece
    when it is ready: every process's rows, and how many events they folded."""
    pieces = await pieces_of(con, processes * PIECES_EACH)
    snapshot = await con.fetchval("SELECT pg_export_snapshot()")
    context = multiprocessing.get_context("spawn")
    taken = context.Value("q", 0)
    elsewhere = context.Value("q", 0)  # events folded by the other processes
    started: list[tuple[SpawnProcess, PipeEnd]] = []
    try:
        for number in range(1, processes):
            received, sent = context.Pipe(duplex=False)
            process = context.Process(
                target=fold_elsewhere,
                args=(Elsewhere(url, snapshot, pieces, batch_size), taken, elsewhere, sent),
                name=f"rebuild {number} of {processes}",
                daemon=True,
            )
            process.start()
            sent.close()
            started.append((process, received))
        # Each answer is awaited from now on: a process blocks until its rows are taken.
        answers = [asyncio.ensure_future(asyncio.to_thread(_answer, r)) for _, r in started]
        here = 0

        def folded(count: int) -> None:
            nonlocal here
            here += count
            report(here + elsewhere.value)

        mine, count = await fold_pieces(con, pieces, Taken(taken), batch_size, folded)
        while not all(answer.done() for answer in answers):
            await asyncio.wait(answers, timeout=PROGRESS_EVERY)
            report(here + elsewhere.value)
        theirs = [answer.result() for answer in answers]
    finally:
        for process, received in started:
            if process.is_alive():
                process.terminate()
            process.join()
            received.close()
    return [mine, *(rows for rows, _ in theirs)], count + sum(n for _, n in theirs)


def _answer(received: PipeEnd) -> tuple[Rows, int]:
    try:
        kind, answer = received.recv()
    except EOFError:
        raise StoreError(
            "rebuild: a process folding pieces of the log ended without sending its rows"
        ) from None
    if kind == "failed":
        raise StoreError(answer)
    return answer  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Elsewhere:
    """What another process needs to fold pieces of the log: where the log is, the snapshot
    of it to read, and its pieces."""

    url: str
    snapshot: str
    pieces: list[Piece]
    batch_size: int


def fold_elsewhere(
    work: Elsewhere, taken: Synchronized[int], elsewhere: Synchronized[int], sent: PipeEnd
) -> None:
    """Another process's part: fold pieces of the log from the exported snapshot until none
    is left, and send back their rows, or why it could not."""
    try:
        with _no_cycle_collection():
            rows = asyncio.run(_fold_snapshot(work, taken, elsewhere))
        answer: tuple[str, Any] = ("rows", rows)
    except StoreError as error:
        answer = ("failed", str(error))
    except Exception as error:
        answer = ("failed", f"{type(error).__name__}: {error}")
    sent.send(answer)
    sent.close()


async def _fold_snapshot(
    work: Elsewhere, taken: Synchronized[int], elsewhere: Synchronized[int]
) -> tuple[Rows, int]:
    if not SNAPSHOT_ID.fullmatch(work.snapshot):
        raise StoreError(f"not a snapshot id: {work.snapshot!r}")

    def folded(count: int) -> None:
        with elsewhere.get_lock():
            elsewhere.value += count

    con = await asyncpg.connect(work.url)
    try:
        async with con.transaction(isolation="repeatable_read", readonly=True):
            # The snapshot of the transaction that exported it: the same log, to the event.
            await con.execute(f"SET TRANSACTION SNAPSHOT '{work.snapshot}'")
            return await fold_pieces(con, work.pieces, Taken(taken), work.batch_size, folded)
    finally:
        await con.close()
