"""The read side at portfolio scale: load a log of real domain events, rebuild the projections
from it, then time the portfolio and overdue queries people run.

The log is written with COPY rather than appended one stream at a time, which would take most
of the run; but every row is what an append would have stored: a domain event decided by the
rules (`bench.streams`), its deterministic id, its position, and its hash chained by the store's
own rules (`pending_rows`, `chain_hash`). A sample of chains is verified before anything is
timed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial
from typing import Any

import asyncpg

from api.portfolio import PAGE_SIZE, PortfolioFilter, load_portfolio
from bench.report import REPORT_ONLY, Row, Target
from bench.streams import Portfolio, shapes
from domain.identity import event_id_for
from domain.values import SYSTEM_ACTOR
from eventstore.hashing import GENESIS, chain_hash
from eventstore.projections import rebuild
from eventstore.queries import PortfolioScope, portfolio, portfolio_sql
from eventstore.store import EVENT_COLUMNS, NewEvent, pending_rows
from eventstore.verify import verify

COPY_ROWS = 50_000
QUERY_RUNS = 40
SAMPLED_CHAINS = 20

PORTFOLIO_LIMIT = (
    "a page is read from the index in the portfolio's order, filtered on what the intervention's "
    "row keeps (its next deadline and how many are missed), and the overdue deadlines are counted "
    "for the page's rows only; the totals are counted from the same index. What is left is two "
    "round trips, the rows made into models, and the working days left of each."
)
REBUILD_LIMIT = (
    "rebuild is CPU-bound in one Python process: every event is validated into its pydantic "
    "model and folded by the domain's `apply` (a model copy of the state per event), while "
    "PostgreSQL, on the other core, reads the log and builds each event's JSON. What remains "
    "is the domain's own cost per event, shared with the inline projection and the workflow; "
    "more would need cheaper domain models, or the streams folded by several processes."
)


async def load_log(pool: asyncpg.Pool, size: Portfolio) -> tuple[int, date, list[str]]:
    """Write the log; returns how many events, the portfolio's `today`, and some stream ids."""
    decided = shapes()
    # The middle of the shapes' last days: some interventions are overdue that day, not all.
    today = sorted(stream[-1].effective_on for stream in decided)[len(decided) // 2]
    position = 0
    pending: list[tuple[Any, ...]] = []
    stream_ids: list[str] = []
    async with pool.acquire() as con:
        for stream_id, events in size.plan(decided):
            new = [
                NewEvent(event_id=event_id_for(stream_id, version), event=event)
                for version, event in enumerate(events, start=1)
            ]
            previous = GENESIS
            for *fields, before, after in pending_rows(stream_id, 0, new):
                position += 1
                # The chain `WRITE` computes in the database, here computed for COPY.
                previous = chain_hash(previous, before + str(position).encode() + after)
                pending.append((position, *fields, previous))
            stream_ids.append(stream_id)
            if len(pending) >= COPY_ROWS:
                await con.copy_records_to_table("events", records=pending, columns=EVENT_COLUMNS)
                pending = []
        if pending:
            await con.copy_records_to_table("events", records=pending, columns=EVENT_COLUMNS)
        await con.execute("UPDATE event_position SET last = $1", position)
        await con.execute("ANALYZE events")
    step = max(len(stream_ids) // SAMPLED_CHAINS, 1)
    return position, today, stream_ids[::step]


async def p95_ms(query: Callable[[], Awaitable[object]], runs: int) -> float:
    await query()  # the first run warms the plan and the buffers
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await query()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[math.ceil(0.95 * len(times)) - 1]


async def read_side(pool: asyncpg.Pool, size: Portfolio) -> list[Row]:
    started = time.perf_counter()
    events, today, sample = await load_log(pool, size)
    loaded = time.perf_counter() - started
    for stream_id in sample:
        checked = await verify(pool, stream_id)
        if not checked.ok:
            raise AssertionError(f"the generated chain of {stream_id} is broken: {checked}")

    rebuilt = await rebuild(pool)
    # What autovacuum does after a bulk load, done now rather than some minutes later: fresh
    # statistics, and pages marked all-visible so index-only scans need not visit the heap.
    await pool.execute("VACUUM ANALYZE")
    scale = f"{rebuilt.streams:,} interventions, {events:,} events"
    rows = [
        Row.measured(
            "projection rebuild",
            rebuilt.events / rebuilt.seconds,
            "events/s",
            Target("≥ 20,000 events/s", min_figure=20_000),
            detail=(
                f"{scale} in {rebuilt.seconds:.1f} s; the log was written by COPY in "
                f"{loaded:.1f} s and {len(sample)} sampled chains verified"
            ),
            limit=REBUILD_LIMIT,
        )
    ]
    for case, scope in (
        ("read side: portfolio p95", PortfolioScope()),
        ("read side: overdue p95", PortfolioScope(overdue_only=True)),
    ):
        filters = PortfolioFilter(overdue=scope.overdue_only)
        shown = await load_portfolio(pool, today, filters, SYSTEM_ACTOR)
        figure = await p95_ms(
            partial(load_portfolio, pool, today, filters, SYSTEM_ACTOR), QUERY_RUNS
        )
        query, _ = portfolio_sql(scope, paged=True)
        raw = await p95_ms(partial(pool.fetch, query, today, PAGE_SIZE, 0), QUERY_RUNS)
        rows.append(
            Row.measured(
                case,
                figure,
                "ms",
                Target("p95 < 50 ms", max_figure=50),
                baseline=raw,
                baseline_label="its page's SQL fetched raw",
                detail=f"the first page of the API's and the dashboard's portfolio "
                f"(api.portfolio.load_portfolio) over {scale}: {len(shown.interventions)} of "
                f"{shown.totals.interventions:,} rows on {today}, with the totals, {QUERY_RUNS} "
                "runs; the baseline is the page's SQL alone, fetched by asyncpg",
                limit=PORTFOLIO_LIMIT,
            )
        )
    everything = partial(portfolio, pool, today)
    rows.append(
        Row.measured(
            "read side: whole portfolio p95",
            await p95_ms(everything, QUERY_RUNS),
            "ms",
            REPORT_ONLY,
            detail=f"all {len(await everything()):,} rows at once, as `intervention list` reads "
            f"them, {QUERY_RUNS} runs",
        )
    )
    return rows
