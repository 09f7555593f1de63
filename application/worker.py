"""The worker's wiring: the workflow, the activities and the notifier, in the workflow sandbox."""

from __future__ import annotations

import asyncpg
from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.deliveries import DeliveryLedger
from activities.email import EmailChannel, SmtpServer
from activities.notifiers import Channel, Dispatcher, LogChannel, Notifier, WebhookChannel
from activities.records import InterventionActivities
from activities.teams import TeamsChannel
from application.settings import Settings, SettingsError
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


def make_notifier(settings: Settings, pool: asyncpg.Pool) -> Notifier:
    """The channels INTERVENTION_NOTIFIER names, sending once per delivery (the ledger in
    `pool`)."""
    channels: list[Channel] = []
    for name in settings.channels:
        if name == "log":
            channels.append(LogChannel())
        elif name == "email":
            channels.append(EmailChannel(smtp_server(settings), settings.mail_from))
        elif name == "teams":
            channels.append(TeamsChannel(settings.teams_webhook_url))
        else:
            channels.append(WebhookChannel(settings.webhook_url))
    return Dispatcher(channels, DeliveryLedger(pool), settings.public_dashboard_url)


def smtp_server(settings: Settings) -> SmtpServer:
    if not settings.smtp_host:
        raise SettingsError(
            f"INTERVENTION_NOTIFIER={settings.notifier!r} sends e-mail: set INTERVENTION_SMTP_HOST "
            "to the mail server"
        )
    password = settings.smtp_password
    return SmtpServer(
        host=settings.smtp_host,
        port=settings.smtp_port_or_default,
        security=settings.smtp_security,
        username=settings.smtp_username,
        password=password.get_secret_value() if password else None,
    )


def build_worker(client: Client, pool: asyncpg.Pool, notifier: Notifier, task_queue: str) -> Worker:
    activities = InterventionActivities(EventStore(pool), notifier)
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[InterventionWorkflow],
        activities=[activities.append_events, activities.notify],
        workflow_runner=sandbox_runner(),
    )
