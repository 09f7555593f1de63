"""Appends: the event store against a raw INSERT and against the `eventsourcing` library.

Eight streams are written at once, as eight workflows would. Every contender writes the same
events, in the same order, with the same payloads, into its own table on the same server;
rounds alternate between contenders so a change in the machine's load falls on all of them.
What each contender's caller would already hold (its rows, its events with their ids) is made
before the clock starts. The CPU each used, here and in PostgreSQL, is measured with its rate,
and one more round of the engine is profiled, so that a target missed says where time went.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlsplit

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from temporalio.testing import ActivityEnvironment

from activities.models import AppendEventsInput
from activities.notifiers import LogNotifier
from activities.records import InterventionActivities
from application.scenario import load_scenario
from application.simulation import scratch_database
from bench.cpu import THIS_PROCESS, CpuMeter, CpuUse, measured, profiled
from bench.report import REPORT_ONLY, Row, Target
from bench.servers import POSTGRES, Servers, fresh_store
from bench.streams import EXAMPLES, SHAPES, decided_events, renamed
from domain.events import Event, event_data
from domain.identity import event_id_for
from eventstore.database import create_pool
from eventstore.heads import NEW_STREAM, Head
from eventstore.projections import project
from eventstore.store import EventStore, NewEvent
from eventstore.writer import ready_to_write

STREAMS_AT_ONCE = 8
# Five rounds: the machine's speed drifts, and the median of five is steadier than of three.
ROUNDS = 5
ENGINE = "the engine"

# What an append does that its baselines do not; the measured CPU and the profile follow it.
ENGINE_WORK = (
    "An append folds its events into the intervention's state and works out the read-model "
    "rows they change (domain, eventstore), writes each event's canonical content and chains "
    "its hash, and its statement moves the stream's head, inserts the events under the log's "
    "keys and indexes, and upserts the intervention's row when what it shows changed."
)
APPEND_WORK = (
    "a raw INSERT sends a row its caller already holds and commits it, the eight writers' "
    f"commits overlapping. {ENGINE_WORK}"
)
PEER_WORK = (
    "the peer's recorder locks its table for each insert, so its commits go one at a time, "
    f"where the engine's appends ready at once share one; but it writes one row and no more. "
    f"{ENGINE_WORK}"
)

BATCH_TARGET = Target("ratio ≥ 0.5", min_ratio=0.5)

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
# The events table's columns, keys and indexes, its positions from a sequence of its own: the
# raw INSERT that pays for the log's index work and nothing else.
KEYED_TABLE = (
    "CREATE TABLE keyed_events (LIKE events INCLUDING ALL)",
    "CREATE SEQUENCE keyed_positions OWNED BY keyed_events.position",
    "ALTER TABLE keyed_events ALTER COLUMN position SET DEFAULT nextval('keyed_positions')",
)
INSERT_KEYED = """
    INSERT INTO keyed_events (stream_id, version, event_id, type, effective_on, recorded_at,
                              actor_name, actor_role, data, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"""


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


@dataclass(frozen=True)
class Contender:
    """One way of writing a workload. `prepare` makes, untimed, what its caller would already
    hold; `rate` writes the workload from that and returns events per second."""

    prepare: Callable[[Workload], Any]
    rate: Callable[[Workload, Any], Awaitable[float]]


def per_call(make: Callable[[Call], Any]) -> Callable[[Workload], dict[int, Any]]:
    """A `prepare` that makes something for every call of the workload."""
    return lambda work: {id(call): make(call) for calls in work for call in calls}


def calling(write: Callable[[Call, Any], Awaitable[object]]) -> Callable[..., Awaitable[float]]:
    """A `rate` that makes one write per call, from what `per_call` made for it."""

    def rate(work: Workload, ready: dict[int, Any]) -> Awaitable[float]:
        return events_per_second(lambda call: write(call, ready[id(call)]), work)

    return rate


def work_alone(work: Workload) -> float:
    """CPU per event, in µs, of what the engine's appends do before any statement is built: fold
    each append's events into its stream's state and work out its read-model rows (`project`),
    then write the events' canonical content and chain their hashes (`ready_to_write`). No
    database, no driver, no event loop: the least this process spends on an event."""
    new_events = [[call.new_events() for call in calls] for calls in work]
    heads: dict[str, Head] = {}
    positions = itertools.count(1)
    started = time.process_time()
    for calls, news in zip(work, new_events, strict=True):
        for call, new in zip(calls, news, strict=True):
            head = heads.get(call.stream_id, NEW_STREAM)
            projection = project(call.stream_id, head.state, call.events, head.row)
            write = ready_to_write(
                call.stream_id, head, projection, [next(positions) for _ in new], new
            )
            heads[call.stream_id] = write.after
    events = sum(len(call.events) for calls in work for call in calls)
    return 1e6 * (time.process_time() - started) / events


@dataclass
class Measured:
    rates: list[float]
    cpu: CpuUse
    statements: int = 0  # sent to PostgreSQL in the rounds measured (the engine's only)
    alone: float = 0.0  # µs of CPU per event, the engine's work with no database (`work_alone`)

    @property
    def median(self) -> float:
        return statistics.median(self.rates)


async def compete(
    meter: CpuMeter,
    contenders: dict[str, Contender],
    label: str,
    events_per_writer: int,
    events_per_call: int,
    statements_sent: Callable[[], int],
) -> dict[str, Measured]:
    """Every contender, round after round on the same workload; round 0 warms every path and
    is not counted. Then one more round of the engine, profiled. `statements_sent` counts the
    engine's statements so far."""
    results = {name: Measured([], CpuUse()) for name in contenders}
    for round_ in range(ROUNDS + 1):
        size = events_per_writer if round_ else max(events_per_writer // 10, events_per_call)
        work = workload(f"{label} {round_}", size, events_per_call)
        events = sum(len(call.events) for calls in work for call in calls)
        for name, contender in contenders.items():
            ready = contender.prepare(work)
            if not round_:
                await contender.rate(work, ready)
                continue
            result = results[name]
            sent = statements_sent()
            result.rates.append(
                await measured(meter, result.cpu, events, partial(contender.rate, work, ready))
            )
            if name == ENGINE:
                result.statements += statements_sent() - sent
    work = workload(f"{label} profiled", events_per_writer, events_per_call)
    results[ENGINE].alone = statistics.median(work_alone(work) for _ in range(ROUNDS))
    engine = contenders[ENGINE]
    ready = engine.prepare(work)
    await profiled(results[ENGINE].cpu, partial(engine.rate, work, ready))
    return results


def cpu_detail(results: dict[str, Measured]) -> str:
    return "; ".join(f"{name}: {result.cpu.per_unit()}" for name, result in results.items())


def explained(
    work: str, results: dict[str, Measured], baseline: str, events_per_call: int, target: Target
) -> str:
    """Why a target was missed: what the engine does more, where the CPU went per event, the
    bound that puts on one Python thread, the least the engine's own work costs there against
    what the target asks, the statements PostgreSQL ran and its CPU on each, and the engine's
    own profile in this process."""
    engine, other = results[ENGINE].cpu, results[baseline].cpu
    bound = engine.units / engine.seconds[THIS_PROCESS]
    statements = results[ENGINE].statements
    return (
        f"{work} CPU per event, {cpu_detail(results)}. {_least(results, baseline, target)}"
        f"This process's work (the appends' "
        f"Python, the driver, the event loop) runs on one thread: at its CPU per event the "
        f"engine can write at most {bound:,.0f} events/s on one core, the {baseline} "
        f"{other.units / other.seconds[THIS_PROCESS]:,.0f}. It wrote "
        f"{results[ENGINE].median:,.0f}: the appends of one process go to PostgreSQL two "
        "statements at a time (those ready at once share one), and each append's caller waits "
        "for its statement's commit before it makes its next one ready. "
        f"Those appends went as {statements:,} statements, {engine.units / statements:.1f} "
        f"events each; PostgreSQL spent {1e6 * engine.seconds[POSTGRES] / statements:,.0f} µs "
        "of CPU on each (it moves the heads, inserts the events and upserts the read-model "
        f"rows of every append in it, then commits), the {baseline} "
        f"{1e6 * events_per_call * other.seconds[POSTGRES] / other.units:,.0f} µs on each of "
        f"its statements of {events_per_call} event{'s' if events_per_call > 1 else ''}. "
        f"The engine's CPU in this process by package, one round profiled: "
        f"{engine.top_packages()}."
    )


def _least(results: dict[str, Measured], baseline: str, target: Target) -> str:
    """The engine's own work alone against the rate the target asks, on one core; nothing for
    a row that is only reported, which asks no rate."""
    if target.min_ratio is None:
        return ""
    alone = results[ENGINE].alone
    other = results[baseline].cpu
    asked = target.min_ratio * results[baseline].median
    return (
        "The engine's own work alone (folding each append's events, working out its rows, "
        "writing the events' canonical content and chaining their hashes, with no database, "
        f"no driver and no event loop) took {alone:.0f} µs per event: on one core, at most "
        f"{1e6 / alone:,.0f} events/s before a statement is built. The target asks "
        f"{asked:,.0f} events/s, which leaves {max(1e6 / asked - alone, 0):.0f} µs per event "
        f"for the statement, the driver and the event loop; the {baseline} spent "
        f"{1e6 * other.seconds[THIS_PROCESS] / other.units:.0f} µs per event on those alone. "
    )


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

    def prepare(self, work: Workload) -> list[list[list[StoredEvent]]]:
        return [[self.stored(call) for call in calls] for calls in work]

    async def rate(self, work: Workload, prepared: list[list[list[StoredEvent]]]) -> float:
        def writer(batches: list[list[StoredEvent]]) -> None:
            for batch in batches:
                self.recorder.insert_events(batch)

        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        await asyncio.gather(*(loop.run_in_executor(self.threads, writer, b) for b in prepared))
        return sum(len(b) for batches in prepared for b in batches) / (
            time.perf_counter() - started
        )


def keyed_row(call: Call) -> tuple[Any, ...]:
    """The call's one row, with a hash of the size the log keeps."""
    row = call.rows()[0]
    return (*row, hashlib.sha256(json.dumps(row[8]).encode()).digest())


async def single_event_appends(servers: Servers, events_per_writer: int) -> list[Row]:
    """One event per append, eight streams at once: the store, a raw INSERT into a plain table
    and into one keyed and indexed as the log is, and the peer recorder."""
    async with (
        fresh_store(servers, max_size=STREAMS_AT_ONCE) as pool,
        scratch_database(servers.postgres_url) as baseline_url,
    ):
        store = EventStore(pool)
        for statement in KEYED_TABLE:
            await pool.execute(statement)
        # The store's own pool setup, jsonb codec included: the same payload encoding.
        plain = await create_pool(baseline_url, max_size=STREAMS_AT_ONCE)
        await plain.execute(PLAIN_TABLE)
        recorder = PeerRecorder(baseline_url)
        try:
            results = await compete(
                servers.meter.of(POSTGRES),
                {
                    ENGINE: Contender(
                        per_call(Call.new_events),
                        calling(lambda c, new: store.append(c.stream_id, c.expected_version, new)),
                    ),
                    "raw INSERT": Contender(
                        per_call(lambda call: call.rows()[0]),
                        calling(lambda _, row: plain.execute(INSERT_ONE, *row)),
                    ),
                    "keyed INSERT": Contender(
                        per_call(keyed_row),
                        calling(lambda _, row: pool.execute(INSERT_KEYED, *row)),
                    ),
                    "eventsourcing": Contender(recorder.prepare, recorder.rate),
                },
                "Single",
                events_per_writer,
                1,
                lambda: store.statements_sent,
            )
        finally:
            recorder.close()
            await plain.close()
    detail = (
        f"{STREAMS_AT_ONCE} streams at once, {events_per_writer} single-event appends each, "
        f"median of {ROUNDS} rounds; CPU per event, {cpu_detail(results)}"
    )
    engine = results[ENGINE].median
    return [
        Row.measured(
            case,
            engine,
            "events/s",
            target,
            baseline=results[baseline].median,
            baseline_label=label,
            detail=detail,
            limit=explained(work, results, baseline, 1, target),
        )
        for case, target, baseline, label, work in (
            (
                "single-event append vs raw INSERT",
                Target("ratio ≥ 0.5", min_ratio=0.5),
                "raw INSERT",
                "asyncpg INSERT, plain table",
                APPEND_WORK,
            ),
            (
                "single-event append vs raw INSERT, the log's keys",
                REPORT_ONLY,
                "keyed INSERT",
                "asyncpg INSERT, the events table's keys and indexes",
                APPEND_WORK,
            ),
            (
                "single-event append vs eventsourcing",
                Target("≥ 3× faster", min_ratio=3.0),
                "eventsourcing",
                "eventsourcing PostgresApplicationRecorder",
                PEER_WORK,
            ),
        )
    ]


async def batch_appends(servers: Servers, events_per_writer: int) -> Row:
    """Ten events per append, through the activity the workflow calls, against a raw batch."""
    async with (
        fresh_store(servers, max_size=STREAMS_AT_ONCE) as pool,
        scratch_database(servers.postgres_url) as baseline_url,
    ):
        store = EventStore(pool)
        activities = InterventionActivities(store, LogNotifier())
        environment = ActivityEnvironment()
        plain = await create_pool(baseline_url, max_size=STREAMS_AT_ONCE)
        await plain.execute(PLAIN_TABLE)
        try:
            results = await compete(
                servers.meter.of(POSTGRES),
                {
                    ENGINE: Contender(
                        per_call(
                            lambda call: AppendEventsInput(
                                stream_id=call.stream_id,
                                writer_id=call.stream_id,
                                expected_version=call.expected_version,
                                events=call.events,
                            )
                        ),
                        calling(
                            lambda _, request: environment.run(activities.append_events, request)
                        ),
                    ),
                    "raw INSERT": Contender(
                        per_call(lambda call: [list(c) for c in zip(*call.rows(), strict=True)]),
                        calling(lambda _, columns: plain.execute(INSERT_BATCH, *columns)),
                    ),
                },
                "Batch",
                events_per_writer,
                10,
                lambda: store.statements_sent,
            )
        finally:
            await plain.close()
    return Row.measured(
        "batch append, 10 events per call",
        results[ENGINE].median,
        "events/s",
        BATCH_TARGET,
        baseline=results["raw INSERT"].median,
        baseline_label="asyncpg INSERT … unnest, plain table",
        detail=(
            f"the append_events activity, {STREAMS_AT_ONCE} streams at once, "
            f"{events_per_writer} events each, median of {ROUNDS} rounds; CPU per event, "
            f"{cpu_detail(results)}"
        ),
        limit=explained(APPEND_WORK, results, "raw INSERT", 10, BATCH_TARGET),
    )
