"""The worker's wiring: the workflow, the activities and the notifier, in the workflow sandbox."""

from __future__ import annotations

import asyncpg
from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.notifiers import LogNotifier, Notifier, WebhookNotifier
from activities.records import InterventionActivities
from application.settings import Settings
from eventstore.store import EventStore
from workflows.intervention import InterventionWorkflow

# Pure modules the workflow imports: loading them once outside the sandbox is faster and safe,
# because they hold no state that could leak between workflow runs.
PASSTHROUGH = (
    "domain",
    "activities.models",
    "workflows.models",
    "pydantic",
    "holidays",
    # holidays looks up its translations through gettext, which asks locale for the language.
    "gettext",
    "locale",
    # The tracing interceptor's workflow side keeps its spans in OpenTelemetry's context.
    "opentelemetry",
)


def sandbox_runner() -> SandboxedWorkflowRunner:
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
    )


def make_notifier(settings: Settings) -> Notifier:
    if settings.notifier == "webhook":
        return WebhookNotifier(settings.webhook_url)
    return LogNotifier()


def build_worker(client: Client, pool: asyncpg.Pool, notifier: Notifier, task_queue: str) -> Worker:
    activities = InterventionActivities(EventStore(pool), notifier)
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[InterventionWorkflow],
        activities=[activities.append_events, activities.notify],
        workflow_runner=sandbox_runner(),
    )
