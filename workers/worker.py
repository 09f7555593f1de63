"""Build the worker: the workflow, the activities, the pydantic data converter, the sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.notifiers import LogNotifier, Notifier, WebhookNotifier
from activities.records import InterventionActivities
from eventstore.database import create_pool, database_url
from eventstore.store import EventStore
from workers.settings import Settings
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
)


def sandbox_runner() -> SandboxedWorkflowRunner:
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
    )


async def connect_client(settings: Settings) -> Client:
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
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


@asynccontextmanager
async def store_pool(settings: Settings) -> AsyncIterator[asyncpg.Pool]:
    url = settings.database_url or database_url(settings.data_dir)
    pool = await create_pool(url)
    try:
        yield pool
    finally:
        await pool.close()
