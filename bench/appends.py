"""Appends: the event store against a raw INSERT and against the `eventsourcing` library.

Eight streams are written at once, as eight workflows would. Every contender writes the same
events, in the same order, with the same payloads, into its own database on the same server;
rounds alternate between contenders so a change in the machine's load falls on all of them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import asyncpg
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from temporalio.testing import ActivityEnvironment

from activities.models import AppendEventsInput
from activities.notifiers import LogNotifier
from activities.records import InterventionActivities
from application.scenario import load_scenario
from application.simulation import scratch_database
from bench.report import Row, Target
from bench.servers import Servers, fresh_store
from bench.streams import EXAMPLES, SHAPES, decided_events, renamed
from domain.events import Event, event_data
from domain.identity import event_id_for
from eventstore.database import create_pool
from eventstore.store import EventStore, NewEvent

STREAMS_AT_ONCE = 8
ROUNDS = 3

RAW_LIMIT = (
    "a raw INSERT is one round trip, committed on its own, and concurrent ones share a WAL "
    "flush (group commit). An append is two round trips (one read for every check, then one "
    "statement for the events and their projection rows), and in between the domain folds the "
    "event into the intervention's state and serialises it: several kilobytes of jsonb "
    "rewritten on every append, because projections are inline. Its write also holds the "
    "global position counter until commit, so appends commit one at a time: that is what keeps "
    "positions gap-free for readers of the log. Closing the gap would take projections out of "
    "the append (asynchronous projections) or positions assigned after commit, both against "
    "the design's rules."
)
PEER_LIMIT = (
    "the peer's recorder writes one row per event and nothing else, serialised by a table "
    "lock much as ours is by the position counter. Per event our append also checks "
    "idempotency, chains the hash and folds the event into the inline projections; that work "
    "is the difference, and it is the engine's point."
)
BATCH_LIMIT = (
    "the raw batch does no work per event in Python. Per event, the append validates the "
    "activity's input, derives the event id, serialises the event for the hash and for jsonb, "
    "and folds it into the state; ten events share a round trip and the state's rewrite, not "
    "that work. Events per second are bounded by that Python work on one core."
)

PLAIN_TABLE = """
    CREATE TABLE plain_events (
        stream_id text, version integer, event_id uuid, type text, effective_on date,
        recorded_at timestamptz, actor_name text, actor_role text, data jsonb)"""
INSERT_ONE = """
    INSERT INTO plain_events (stream_id, version, event_id, type, effective_on, recorded_at,
                              actor_name, actor_role, data)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"""
INSERT_BATCH = """
    INSERT INTO plain_events (stream_id, version, event_id, type, effective_on, recorded_at,
                              actor_name, actor_role, data)
    SELECT * FROM unnest($1::text[], $2::integer[], $3::uuid[], $4::text[], $5::date[],
                         $6::timestamptz[], $7::text[], $8::text[], $9::jsonb[])"""


@dataclass(frozen=True)
class Call:
    """One append: events for a stream at the version it expects."""

    stream_id: str
    expected_version: int
    events: list[Event]

    def new_events(self) -> list[NewEvent]:
        return [
            NewEvent(event_id=event_id_for(self.stream_id, self.expected_version + n), event=e)
            for n, e in enumerate(self.events, start=1)
        ]

    def rows(self) -> list[tuple[Any, ...]]:
        """The same payloads as plain rows, already serialised: the baseline's best case."""
        return [
            (
                self.stream_id,
                self.expected_version + n,
                event_id_for(self.stream_id, self.expected_version + n),
                e.type,
                e.effective_on,
                e.recorded_at,
                e.actor.name,
                e.actor.role.value,
                event_data(e),
            )
            for n, e in enumerate(self.events, start=1)
        ]


Workload = list[list[Call]]  # one list of calls per concurrent writer


def workload(label: str, events_per_writer: int, per_call: int) -> Workload:
    """Full example streams under new names, cut into calls of `per_call` events."""
    full = [decided_events(load_scenario(EXAMPLES / name)) for name in SHAPES]
    writers: Workload = []
    for writer in range(STREAMS_AT_ONCE):
        calls: list[Call] = []
        left = events_per_writer
        for number in itertools.count():
            stream_id, events = renamed(full[number % len(full)], f"{label} {writer} {number}")
            events = events[:left]
            calls += [
                Call(stream_id, start, events[start : start + per_call])
                for start in range(0, len(events), per_call)
            ]
            left -= len(events)
            if not left:
                break
        writers.append(calls)
    return writers


async def events_per_second(append: Callable[[Call], Awaitable[object]], work: Workload) -> float:
    async def writer(calls: list[Call]) -> None:
        for call in calls:
            await append(call)

    started = time.perf_counter()
    await asyncio.gather(*(writer(calls) for calls in work))
    elapsed = time.perf_counter() - started
    return sum(len(call.events) for calls in work for call in calls) / elapsed


class PeerRecorder:
    """The `eventsourcing` library's PostgreSQL application recorder: per-aggregate versions
    and gap-free global notification ids, as ours has. It is synchronous, so each concurrent
    writer gets a thread and a connection of its own."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        self.datastore = PostgresDatastore(
            dbname=parts.path.lstrip("/"),
            host=query.get("host", [parts.hostname or "localhost"])[0],
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or "",
            pool_size=STREAMS_AT_ONCE,
            originator_id_type="text",
        )
        self.recorder = PostgresApplicationRecorder(self.datastore)
        self.recorder.create_table()
        self.threads = ThreadPoolExecutor(STREAMS_AT_ONCE)

    def close(self) -> None:
        self.threads.shutdown()
        self.datastore.close()

    @staticmethod
    def stored(call: Call) -> list[StoredEvent]:
        return [
            StoredEvent(
                originator_id=call.stream_id,
                originator_version=row[1],
                topic=row[3],
                state=json.dumps(row[8], separators=(",", ":")).encode(),
            )
            for row in call.rows()
        ]

    async def events_per_second(self, work: Workload) -> float:
        prepared = [[self.stored(call) for call in calls] for calls in work]

        def writer(batches: list[list[StoredEvent]]) -> None:
            for batch in batches:
                self.recorder.insert_events(batch)

        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        await asyncio.gather(*(loop.run_in_executor(self.threads, writer, b) for b in prepared))
        return sum(len(b) for batches in prepared for b in batches) / (
            time.perf_counter() - started
        )


async def raw_rate(pool: asyncpg.Pool, statement: str, work: Workload, batched: bool) -> float:
    prepared = {id(call): call.rows() for calls in work for call in calls}

    async def insert(call: Call) -> None:
        rows = prepared[id(call)]
        if batched:
            await pool.execute(statement, *(list(column) for column in zip(*rows, strict=True)))
        else:
            await pool.execute(statement, *rows[0])

    return await events_per_second(insert, work)


async def single_event_appends(servers: Servers, events_per_writer: int) -> list[Row]:
    """One event per append, eight streams at once: store, raw INSERT, the peer recorder."""
    engine: list[float] = []
    raw: list[float] = []
    peer: list[float] = []
    async with (
        fresh_store(servers, max_size=STREAMS_AT_ONCE) as pool,
        scratch_database(servers.postgres_url) as baseline_url,
    ):
        store = EventStore(pool)
        # The store's own pool setup, jsonb codec included: the same payload encoding.
        plain = await create_pool(baseline_url, max_size=STREAMS_AT_ONCE)
        await plain.execute(PLAIN_TABLE)
        recorder = PeerRecorder(baseline_url)
        try:
            for round_ in range(ROUNDS + 1):  # round 0 warms every path up and is not counted
                size = events_per_writer if round_ else max(events_per_writer // 10, 1)
                work = workload(f"Single {round_}", size, 1)
                rates = (
                    await events_per_second(
                        lambda call: store.append(
                            call.stream_id, call.expected_version, call.new_events()
                        ),
                        work,
                    ),
                    await raw_rate(plain, INSERT_ONE, work, batched=False),
                    await recorder.events_per_second(work),
                )
                if round_:
                    for kept, rate in zip((engine, raw, peer), rates, strict=True):
                        kept.append(rate)
        finally:
            recorder.close()
            await plain.close()
    detail = (
        f"{STREAMS_AT_ONCE} streams at once, {events_per_writer} single-event appends each, "
        f"median of {ROUNDS} rounds"
    )
    return [
        Row.measured(
            case,
            statistics.median(engine),
            "events/s",
            target,
            baseline=statistics.median(rates),
            baseline_label=label,
            detail=detail,
            limit=limit,
        )
        for case, target, rates, label, limit in (
            (
                "single-event append vs raw INSERT",
                Target("ratio ≥ 0.9", min_ratio=0.9),
                raw,
                "asyncpg INSERT, plain table",
                RAW_LIMIT,
            ),
            (
                "single-event append vs eventsourcing",
                Target("≥ 3× faster", min_ratio=3.0),
                peer,
                "eventsourcing PostgresApplicationRecorder",
                PEER_LIMIT,
            ),
        )
    ]


async def batch_appends(servers: Servers, events_per_writer: int) -> Row:
    """Ten events per append, through the activity the workflow calls, against a raw batch."""
    engine: list[float] = []
    raw: list[float] = []
    async with (
        fresh_store(servers, max_size=STREAMS_AT_ONCE) as pool,
        scratch_database(servers.postgres_url) as baseline_url,
    ):
        activities = InterventionActivities(EventStore(pool), LogNotifier())
        environment = ActivityEnvironment()

        async def append(call: Call) -> object:
            return await environment.run(
                activities.append_events,
                AppendEventsInput(
                    stream_id=call.stream_id,
                    writer_id=call.stream_id,
                    expected_version=call.expected_version,
                    events=call.events,
                ),
            )

        plain = await create_pool(baseline_url, max_size=STREAMS_AT_ONCE)
        await plain.execute(PLAIN_TABLE)
        try:
            for round_ in range(ROUNDS + 1):
                size = events_per_writer if round_ else max(events_per_writer // 10, 10)
                work = workload(f"Batch {round_}", size, 10)
                rates = (
                    await events_per_second(append, work),
                    await raw_rate(plain, INSERT_BATCH, work, batched=True),
                )
                if round_:
                    engine.append(rates[0])
                    raw.append(rates[1])
        finally:
            await plain.close()
    return Row.measured(
        "batch append, 10 events per call",
        statistics.median(engine),
        "events/s",
        Target("≥ 5,000 events/s and ratio ≥ 0.8", min_figure=5000, min_ratio=0.8),
        baseline=statistics.median(raw),
        baseline_label="asyncpg INSERT … unnest, plain table",
        detail=(
            f"the append_events activity, {STREAMS_AT_ONCE} streams at once, "
            f"{events_per_writer} events each, median of {ROUNDS} rounds"
        ),
        limit=BATCH_LIMIT,
    )
