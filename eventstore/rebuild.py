"""Rebuild: every read model made again from the log alone, in one transaction, so that readers
see the old rows or the new, never a mix; it must give the rows the inline projection wrote.

Folding is Python's work, one core's worth in one process, while PostgreSQL reads the log on
another: a large log is folded by one process per core (`eventstore.shared_fold`), each taking
pieces of it in turn (`eventstore.fold`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import asyncpg
from pydantic import BaseModel

from eventstore.fold import WHOLE_LOG, Taken, fold_pieces, no_cycle_collection
from eventstore.projections import DEADLINE_COLUMNS, ESCALATION_COLUMNS, INTERVENTION_COLUMNS
from eventstore.shared_fold import fold_shared

# Below this many events a log is folded in this process alone: starting another and importing
# the domain into it takes about a second of a core, more than sharing a small log saves.
SHARED_FROM = 100_000
# More processes than cores only take turns; PostgreSQL needs some of them too.
MOST_PROCESSES = 8
READ_MODELS = "escalations, deadlines, interventions"


class RebuildResult(BaseModel):
    events: int
    streams: int
    seconds: float


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
        with no_cycle_collection():
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
                shared, count = await fold_shared(
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
