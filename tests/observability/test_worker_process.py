"""The worker as operators run it, `python -m workers`, configured by environment variables:
after a short run its Prometheus endpoint serves the SDK's metrics and our counters, with the
values the event store holds; it sends its spans to an OTLP collector, in the trace the client
started; and every line it logs from Python is JSON naming the workflow and the trace."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.testing import WorkflowEnvironment

from activities.metrics import (
    DEADLINES_MISSED,
    ESCALATIONS_RAISED,
    EVENTS_APPENDED,
    REJECTIONS,
    REMINDERS_SENT,
)
from application.interventions import settled_status
from domain.commands import RecordMilestone
from domain.values import Actor, Role
from eventstore.database import create_pool
from eventstore.queries import intervention_status
from eventstore.store import EventStore, RecordedEvent
from tests.conftest import with_database
from tests.observability.conftest import opening_today, time_skipping
from tests.ports import free_port
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

MANAGER = Actor(name="A Manager", role=Role.MANAGER)
VIEWER = Actor(name="A Viewer", role=Role.VIEWER)
STARTUP_SECONDS = 30


@dataclass
class ExportedSpan:
    name: str
    trace_id: str
    span_id: str
    service: str


@dataclass
class WorkerRun:
    intervention_id: str
    metrics: dict[str, list[tuple[dict[str, str], float]]]  # family: (labels, value) per series
    events: list[RecordedEvent]
    log: list[str]
    trace_id: str  # of the client's span that started the workflow
    exported: list[ExportedSpan]


@contextmanager
def otlp_collector() -> Iterator[tuple[str, list[ExportedSpan]]]:
    """A stand-in collector on loopback: it takes OTLP/HTTP trace exports, as a real one does."""
    received: list[ExportedSpan] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = ExportTraceServiceRequest.FromString(
                self.rfile.read(int(self.headers["Content-Length"]))
            )
            for resource_spans in request.resource_spans:
                attributes = {
                    a.key: a.value.string_value for a in resource_spans.resource.attributes
                }
                received.extend(
                    ExportedSpan(
                        span.name,
                        span.trace_id.hex(),
                        span.span_id.hex(),
                        attributes["service.name"],
                    )
                    for scope in resource_spans.scope_spans
                    for span in scope.spans
                )
            body = ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:  # quiet: the test reads what it received
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def scrape(address: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    text = httpx.get(f"http://{address}/metrics", timeout=5).text
    return {
        family.name: [(sample.labels, sample.value) for sample in family.samples]
        for family in text_string_to_metric_families(text)
    }


def start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "workers"], env={**os.environ, **env}, stderr=log
        )


def wait_until_serving(process: subprocess.Popen[bytes], address: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n{log_path.read_text()}")
        if "worker started" in log_path.read_text():
            httpx.get(f"http://{address}/metrics", timeout=5).raise_for_status()
            return
        time.sleep(0.1)
    pytest.fail(f"the worker did not start within {STARTUP_SECONDS} s:\n{log_path.read_text()}")


async def rejected(handle: WorkflowHandle[Any, Any], command: RecordMilestone) -> None:
    with pytest.raises(WorkflowUpdateFailedError):
        await handle.execute_update(InterventionWorkflow.record, command)


async def short_run(env: WorkflowEnvironment, store: EventStore, task_queue: str) -> str:
    """Open an intervention, record, be refused three times, and let a deadline pass."""
    command = opening_today(await env.get_current_time())
    today = command.inspection.published_on
    handle = await env.client.start_workflow(
        InterventionWorkflow.run,
        InterventionInput(open=command),
        id=command.intervention_id,
        task_queue=task_queue,
    )
    # As `intervention start` does: the worker, another process, may still be storing the
    # opening when the first Update arrives, and the workflow refuses it until it has.
    await settled_status(env.client, store, command.intervention_id)
    await handle.execute_update(
        InterventionWorkflow.record,
        RecordMilestone(milestone="improvement_notice_issued", effective_on=today, actor=MANAGER),
    )
    await rejected(
        handle, RecordMilestone(milestone="notice_lifted", effective_on=today, actor=VIEWER)
    )
    in_five_days = today + timedelta(days=5)
    await rejected(
        handle,
        RecordMilestone(
            milestone="improvement_board_established", effective_on=in_five_days, actor=MANAGER
        ),
    )
    # A signal the rules refuse is dropped with a warning from the workflow's logger.
    await handle.signal(
        "record", RecordMilestone(milestone="no_such_milestone", effective_on=today, actor=MANAGER)
    )
    # Past the statement of action's deadline: reminded, missed, escalated.
    await env.sleep(timedelta(days=120))
    version = (await handle.query(InterventionWorkflow.status)).version
    await intervention_status(store, handle.id, wait_for_version=version)
    return command.intervention_id


@pytest.fixture(scope="module")
async def worker_run(
    postgres_server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[WorkerRun]:
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(postgres_server_url)
    await admin.execute(f"CREATE DATABASE {name}")
    database_url = with_database(postgres_server_url, name)
    pool = await create_pool(database_url, min_size=1, max_size=2)
    store = EventStore(pool)
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    metrics_address = f"127.0.0.1:{free_port()}"
    task_queue = f"process-{uuid.uuid4().hex[:8]}"
    client_spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(client_spans))
    tracing = TracingInterceptor(provider.get_tracer("test"))
    try:
        with otlp_collector() as (collector, exported):
            async with time_skipping(interceptors=[tracing]) as env:
                settings = {
                    # Its libraries' log file too: never the home of whoever runs the tests.
                    "INTERVENTION_DATA_DIR": str(log_path.parent),
                    "DATABASE_URL": database_url,
                    "INTERVENTION_TEMPORAL_ADDRESS": env.client.service_client.config.target_host,
                    "INTERVENTION_TASK_QUEUE": task_queue,
                    "INTERVENTION_METRICS_ADDRESS": metrics_address,
                    "INTERVENTION_OTLP_ENDPOINT": collector,
                    "INTERVENTION_LOG_FORMAT": "json",
                    "INTERVENTION_LOG_LEVEL": "INFO",
                }
                worker = start_worker(settings, log_path)
                try:
                    wait_until_serving(worker, metrics_address, log_path)
                    intervention_id = await short_run(env, store, task_queue)
                    metrics = scrape(metrics_address)
                finally:
                    # A stopping worker sends the spans it still holds.
                    worker.send_signal(signal.SIGTERM)
                    worker.wait(timeout=30)
        [started] = [
            s for s in client_spans.get_finished_spans() if s.name.startswith("StartWorkflow:")
        ]
        assert started.context is not None
        yield WorkerRun(
            intervention_id=intervention_id,
            metrics=metrics,
            events=await store.read_stream(intervention_id),
            log=log_path.read_text().splitlines(),
            trace_id=format(started.context.trace_id, "032x"),
            exported=exported,
        )
    finally:
        await pool.close()
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


def totals(run: WorkerRun, family: str, *labels: str) -> Counter[tuple[str, ...]]:
    """Our counter's values, summed by the given labels (the SDK adds its own labels)."""
    counted: Counter[tuple[str, ...]] = Counter()
    for series, value in run.metrics.get(family, []):
        counted[tuple(series[label] for label in labels)] += int(value)
    return counted


def stored(run: WorkerRun, event_type: str, *fields: str) -> Counter[tuple[str, ...]]:
    return Counter(
        tuple(str(event.data[field]) for field in fields)
        for event in run.events
        if event.type == event_type
    )


def test_events_appended_are_counted_by_type(worker_run: WorkerRun) -> None:
    assert totals(worker_run, EVENTS_APPENDED, "event_type") == Counter(
        (event.type,) for event in worker_run.events
    )


def test_the_clocks_events_are_counted_as_stored(worker_run: WorkerRun) -> None:
    missed = stored(worker_run, "DeadlineMissed")
    escalations = stored(worker_run, "EscalationRaised", "level", "to")
    reminders = stored(worker_run, "ReminderSent", "to")
    assert missed, "the run should have missed a deadline"
    assert escalations
    assert reminders
    assert totals(worker_run, DEADLINES_MISSED) == missed
    assert totals(worker_run, ESCALATIONS_RAISED, "level", "to") == escalations
    assert totals(worker_run, REMINDERS_SENT, "to") == reminders


def test_rejections_are_counted_by_reason(worker_run: WorkerRun) -> None:
    assert totals(worker_run, REJECTIONS, "reason") == Counter(
        {("RoleNotAllowedError",): 1, ("InvalidDateError",): 1, ("UnknownMilestoneError",): 1}
    )


def test_the_sdk_metrics_share_the_endpoint(worker_run: WorkerRun) -> None:
    assert {
        "temporal_workflow_task_execution_latency",
        "temporal_activity_execution_latency",
    } <= set(worker_run.metrics)


def test_python_log_lines_are_json_naming_the_workflow(worker_run: WorkerRun) -> None:
    # The Temporal core (Rust) writes its own warnings in its own format; every other line is
    # JSON from structlog.
    lines = [json.loads(line) for line in worker_run.log if line.startswith("{")]
    started = next(line for line in lines if line["event"] == "worker started")
    assert started["metrics"]
    appended = [line for line in lines if line["event"] == "events appended"]
    ignored = [line for line in lines if "ignored invalid record signal" in line["event"]]
    assert appended
    assert ignored
    for line in [*appended, *ignored]:
        assert line["intervention_id"] == worker_run.intervention_id
        assert line["workflow_id"] == worker_run.intervention_id
        assert line["run_id"]
    assert ignored[0]["level"] == "warning"


def test_the_worker_sends_its_spans_to_the_collector_in_the_clients_trace(
    worker_run: WorkerRun,
) -> None:
    names = {span.name for span in worker_run.exported}
    assert {"RunWorkflow:InterventionWorkflow", "RunActivity:append_events"} <= names
    # Queries and signals are traces of their own client calls; the workflow's run and its
    # activities belong to the start's.
    run = [s for s in worker_run.exported if s.name.startswith(("Run", "StartActivity"))]
    assert {span.trace_id for span in run} == {worker_run.trace_id}
    assert {span.service for span in worker_run.exported} == {"intervention-engine"}


def test_an_activitys_log_lines_name_its_span(worker_run: WorkerRun) -> None:
    appends = {
        span.span_id for span in worker_run.exported if span.name == "RunActivity:append_events"
    }
    lines = [json.loads(line) for line in worker_run.log if line.startswith("{")]
    appended = [line for line in lines if line["event"] == "events appended"]
    assert {line["trace_id"] for line in appended} == {worker_run.trace_id}
    assert {line["span_id"] for line in appended} <= appends
