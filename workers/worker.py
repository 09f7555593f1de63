"""Build the worker: the workflow, the activities, the pydantic data converter, the sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import TLSConfig
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.notifiers import LogNotifier, Notifier, WebhookNotifier
from activities.records import InterventionActivities
from eventstore.database import connect_store, store_urls
from eventstore.store import EventStore
from workers.settings import Settings, SettingsError, env_name
from workers.telemetry import tracing_interceptors
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


async def connect_client(settings: Settings) -> Client:
    api_key = settings.temporal_api_key
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        tls=temporal_tls(settings),
        api_key=api_key.get_secret_value() if api_key else None,
        interceptors=tracing_interceptors(settings),
    )


def temporal_tls(settings: Settings) -> TLSConfig | bool | None:
    """TLS as the settings ask; None leaves it to the SDK, which turns it on for an API key."""
    if not (
        settings.temporal_tls_ca_file
        or settings.temporal_tls_cert_file
        or settings.temporal_tls_server_name
    ):
        return True if settings.temporal_tls else None
    return TLSConfig(
        server_root_ca_cert=_read_pem(settings, "temporal_tls_ca_file"),
        domain=settings.temporal_tls_server_name,
        client_cert=_read_pem(settings, "temporal_tls_cert_file"),
        client_private_key=_read_pem(settings, "temporal_tls_key_file"),
    )


def _read_pem(settings: Settings, field: str) -> bytes | None:
    path: Path | None = getattr(settings, field)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        raise SettingsError(f"{env_name(field)}={str(path)!r}: cannot read it: {error}") from None


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


async def application_pool(settings: Settings, **pool_options: Any) -> asyncpg.Pool:
    """The store's pool, logged in as the application: on embedded PostgreSQL, or on
    DATABASE_URL with the schema's owner when one is set (see eventstore.roles)."""
    owner = settings.database_owner_url
    urls = store_urls(
        settings.data_dir, settings.database_url, owner.get_secret_value() if owner else None
    )
    return await connect_store(urls, **pool_options)


@asynccontextmanager
async def store_pool(settings: Settings) -> AsyncIterator[asyncpg.Pool]:
    pool = await application_pool(settings)
    try:
        yield pool
    finally:
        await pool.close()
