"""The read side at portfolio scale: load a log of real domain events, rebuild the projections
from it, then time the portfolio and overdue queries people run.

The log is written with COPY rather than appended one stream at a time, which would take most
of the run; but every row is what an append would have stored: a domain event decided by the
rules (`bench.streams`), its deterministic id, its position, and its hash chained by the store's
own rules (`pending_events`). A sample of chains is verified before anything is
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
from bench.cpu import CpuUse, profiled
from bench.report import REPORT_ONLY, Row, Target
from bench.streams import Portfolio, shapes
from domain.identity import event_id_for
from domain.intervention import apply
from domain.state import InterventionState
from domain.values import SYSTEM_ACTOR
from eventstore.heads import NEW_STREAM
from eventstore.log import EVENT_JSON, LOG_ORDER, stored_event
from eventstore.queries import PortfolioScope, portfolio, portfolio_sql
from eventstore.rebuild import rebuild
from eventstore.store import NewEvent
from eventstore.verify import verify
from eventstore.writer import EVENT_COLUMNS, pending_events

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
    "rebuild is CPU-bound: every event is parsed into its pydantic model and folded by the "
    "domain's `apply`, in one process per core, each taking pieces of the log in turn, while "
    "PostgreSQL reads the log and builds each event's JSON on the same cores. What rebuild "
    "itself adds is starting the other processes, the rows they send back, and the rows' COPY."
)
# Events of the log folded again under a profile, to say where rebuild's time goes.
PROFILED_FOLD = 50_000


async def fold_profile(pool: asyncpg.Pool) -> str:
    """Parse and fold the first events of the log as rebuild does, under a CPU profile."""
    rows = await pool.fetch(
        f"SELECT stream_id, {EVENT_JSON} AS event FROM events ORDER BY {LOG_ORDER} LIMIT $1",
        PROFILED_FOLD,
    )
    use = CpuUse(units=len(rows))
    started = time.process_time()

    async def fold() -> None:
        states: dict[str, InterventionState] = {}
        for row in rows:
            states[row["stream_id"]] = apply(
                states.get(row["stream_id"]), stored_event(row["event"])
            )

    await profiled(use, fold)
    per_event = 1e6 * (time.process_time() - started) / len(rows)
    return (
        f"Parsing and folding {len(rows):,} events of the log under a profile took "
        f"{per_event:,.0f} µs of CPU each (the profile's own share included), by package: "
        f"{use.top_packages()}."
    )


async def load_log(pool: asyncpg.Pool, size: Portfolio) -> tuple[int, date, list[str]]:
    """Write the log; returns how many events, the portfolio's `today`, and some stream ids."""
    decided = shapes()
    # The middle of the shapes' last days: some interventions are overdue that day, not all.
    today = sorted(stream[-1].effective_on for stream in decided)[len(decided) // 2]
    position = 0
    pending: list[tuple[Any, ...]] = []
    stream_ids: list[str] = []
    heads: list[tuple[str, int, bytes]] = []
    async with pool.acquire() as con:
        for stream_id, events in size.plan(decided):
            new = [
                NewEvent(event_id=event_id_for(stream_id, version), event=event)
                for version, event in enumerate(events, start=1)
            ]
            written = pending_events(
                stream_id, NEW_STREAM, range(position + 1, position + len(new) + 1), new
            )
            position += len(written)
            pending += [(*event.columns.values(), event.hash) for event in written]
            stream_ids.append(stream_id)
            heads.append((stream_id, len(events), written[-1].hash))
            if len(pending) >= COPY_ROWS:
                await con.copy_records_to_table("events", records=pending, columns=EVENT_COLUMNS)
                pending = []
        if pending:
            await con.copy_records_to_table("events", records=pending, columns=EVENT_COLUMNS)
        await con.copy_records_to_table("streams", records=heads)
        await con.execute("SELECT setval('event_positions', $1)", position)
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


async def read_side(pool: asyncpg.Pool, url: str, size: Portfolio) -> list[Row]:
    started = time.perf_counter()
    events, today, sample = await load_log(pool, size)
    loaded = time.perf_counter() - started
    for stream_id in sample:
        checked = await verify(pool, stream_id)
        if not checked.ok:
            raise AssertionError(f"the generated chain of {stream_id} is broken: {checked}")

    # What autovacuum does after a bulk load, done now rather than some minutes later: fresh
    # statistics, and pages marked all-visible (their rows' commits noted once, as a log written
    # over years has long had), so that neither the rebuild nor the portfolio's index-only scans
    # pay for the load's first read.
    await pool.execute("VACUUM ANALYZE events")
    rebuilt = await rebuild(pool, url=url)
    await pool.execute("VACUUM ANALYZE")
    scale = f"{rebuilt.streams:,} interventions, {events:,} events"
    rebuild_row = Row.measured(
        "projection rebuild",
        rebuilt.events / rebuilt.seconds,
        "events/s",
        Target("≥ 20,000 events/s", min_figure=20_000),
        detail=(
            f"{scale} in {rebuilt.seconds:.1f} s; the log was written by COPY in "
            f"{loaded:.1f} s, {len(sample)} sampled chains verified, and the log vacuumed "
            "before the rebuild, as autovacuum would have"
        ),
        limit=REBUILD_LIMIT,
    )
    if rebuild_row.met is False:
        profile = await fold_profile(pool)
        rebuild_row = rebuild_row.model_copy(update={"limit": f"{REBUILD_LIMIT} {profile}"})
    rows = [rebuild_row]
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
