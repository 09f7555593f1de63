"""The SDK's tracing interceptor on our client follows an intervention from the start through
the workflow to its activities, in one trace (spans kept by the SDK's in-memory exporter)."""

from __future__ import annotations

import uuid

import asyncpg
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio.contrib.opentelemetry import TracingInterceptor

from application.simulation import CollectingNotifier
from application.worker import build_worker
from domain.commands import RecordMilestone
from domain.values import Actor, Role
from eventstore.queries import intervention_status
from eventstore.store import EventStore
from tests.observability.conftest import opening_today, time_skipping
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

MANAGER = Actor(name="A Manager", role=Role.MANAGER)


def parent_chain(span: ReadableSpan, spans: list[ReadableSpan]) -> list[str]:
    """The names from the span up to its trace's root."""
    by_id = {s.context.span_id: s for s in spans if s.context}
    names = [span.name]
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        names.append(span.name)
    return names


async def test_an_intervention_is_traced_through_its_activities(pool: asyncpg.Pool) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    interceptor = TracingInterceptor(provider.get_tracer("test"))
    store = EventStore(pool)
    async with time_skipping(interceptors=[interceptor]) as env:
        task_queue = f"traced-{uuid.uuid4().hex[:8]}"
        # The worker takes the interceptor from the client, as in production.
        async with build_worker(env.client, pool, CollectingNotifier(), task_queue):
            command = opening_today(await env.get_current_time())
            handle = await env.client.start_workflow(
                InterventionWorkflow.run,
                InterventionInput(open=command),
                id=command.intervention_id,
                task_queue=task_queue,
            )
            result = await handle.execute_update(
                InterventionWorkflow.record,
                RecordMilestone(
                    milestone="improvement_notice_issued",
                    effective_on=command.inspection.published_on,
                    actor=MANAGER,
                ),
            )
            await intervention_status(store, handle.id, wait_for_version=result.version)

    spans = list(exporter.get_finished_spans())
    names = {span.name for span in spans}
    assert {
        "StartWorkflow:InterventionWorkflow",
        "RunWorkflow:InterventionWorkflow",
        "StartActivity:append_events",
        "RunActivity:append_events",
        "StartWorkflowUpdate:record",
        "ValidateUpdate:record",
        "HandleUpdate:record",
    } <= names
    # The worker's spans hang off the start's: the workflow's own (zero-length, so that replay
    # never repeats them) and each activity under the workflow's call to it. The update's
    # client call is a trace of its own.
    for span in spans:
        if span.name != "StartWorkflowUpdate:record":
            assert parent_chain(span, spans)[-1] == "StartWorkflow:InterventionWorkflow"
    appends = [span for span in spans if span.name == "RunActivity:append_events"]
    assert len(appends) == 2  # the opening's, and the notice's
    for append in appends:
        assert parent_chain(append, spans)[1] == "StartActivity:append_events"
