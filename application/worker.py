"""The worker's wiring: the workflow, the activities and the notifier, in the workflow sandbox."""

from __future__ import annotations

import asyncpg
from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.deliveries import DeliveryLedger
from activities.digest import DigestActivities
from activities.email import EmailChannel, SmtpServer
from activities.notifiers import Channel, Dispatcher, LogChannel, Notifier, WebhookChannel
from activities.records import InterventionActivities
from activities.teams import TeamsChannel
from application.settings import Settings, SettingsError
from eventstore.store import EventStore
from workflows.digest import WeeklyDigestWorkflow
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


def make_digest(settings: Settings, pool: asyncpg.Pool) -> DigestActivities:
    """The weekly digest by e-mail when the notifier has e-mail, else logged."""
    smtp = smtp_server(settings) if "email" in settings.channels else None
    return DigestActivities(
        DeliveryLedger(pool), smtp, settings.mail_from, settings.public_dashboard_url
    )


def build_worker(
    client: Client,
    pool: asyncpg.Pool,
    notifier: Notifier,
    task_queue: str,
    digest: DigestActivities | None = None,
) -> Worker:
    activities = InterventionActivities(EventStore(pool), notifier)
    digest = digest or DigestActivities(DeliveryLedger(pool), None, "", "")
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[InterventionWorkflow, WeeklyDigestWorkflow],
        activities=[activities.append_events, activities.notify, digest.send_weekly_digest],
        workflow_runner=sandbox_runner(),
    )
