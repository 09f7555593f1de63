"""The log folded by other processes beside this one: each reads the snapshot of the log the
rebuild's transaction exported, takes pieces of it in turn with this process, and sends back
the rows it made, to be written in that transaction."""

from __future__ import annotations

import asyncio
import multiprocessing
import re
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection as PipeEnd
from multiprocessing.context import SpawnProcess
from multiprocessing.sharedctypes import Synchronized
from typing import Any

import asyncpg

from eventstore.database import Connection
from eventstore.errors import StoreError
from eventstore.fold import Piece, Rows, Taken, fold_pieces, no_cycle_collection, pieces_of

# Pieces of the log for each process: a process started late, or slowed by the others, takes
# fewer of them, so that all finish together.
PIECES_EACH = 8
# How often the progress of the other processes is told while this one waits for them.
PROGRESS_EVERY = 0.25
# What `pg_export_snapshot` returns: it is written into the statement that imports it.
SNAPSHOT_ID = re.compile(r"[0-9A-F]+(-[0-9A-F]+)+")


async def fold_shared(
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
        with no_cycle_collection():
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
