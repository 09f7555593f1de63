"""The weekly digest: one e-mail to each director listing what falls due in the next 20 working
days and what is overdue, across every open intervention that names them as its director.

Read from the read models (the deadlines and interventions tables). Each address gets one
message a week: the delivery ledger keys it by the week and the address, so a retried activity
sends no second copy.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage

import structlog
from temporalio import activity

from activities.deliveries import DeliveryLedger
from activities.email import SmtpServer, message_id
from activities.models import DigestInput, DigestResult
from activities.notifiers import NotificationError
from activities.reports import TEMPLATES
from activities.rules import rule_phrase
from domain.calendar import add_working_days
from eventstore.deadline_queries import DeadlineRow, DeadlineScope, contact_addresses, deadline_rows

log = structlog.get_logger("digest")

HORIZON_WORKING_DAYS = 20
RECIPIENT = "director"
LEDGER_STREAM = "weekly-digest"


@dataclass(frozen=True)
class DigestLine:
    row: DeadlineRow
    rule: str


@dataclass(frozen=True)
class InterventionDigest:
    intervention_id: str
    authority: str
    link: str
    overdue: list[DigestLine]
    due_soon: list[DigestLine]


@dataclass(frozen=True)
class Digest:
    to: str
    as_of: date
    horizon: date
    interventions: list[InterventionDigest]

    @property
    def due_count(self) -> int:
        return sum(len(i.due_soon) for i in self.interventions)

    @property
    def overdue_count(self) -> int:
        return sum(len(i.overdue) for i in self.interventions)


def digest_for(to: str, rows: list[DeadlineRow], as_of: date, dashboard: str) -> Digest:
    horizon = add_working_days(as_of, HORIZON_WORKING_DAYS)
    by_intervention: dict[str, InterventionDigest] = {}
    for row in rows:
        entry = by_intervention.setdefault(
            row.intervention_id,
            InterventionDigest(
                row.intervention_id,
                row.authority,
                f"{dashboard.rstrip('/')}/interventions/{row.intervention_id}",
                [],
                [],
            ),
        )
        line = DigestLine(row, rule_phrase(row.regime, row.milestone, row.regime_version))
        if row.status == "missed" or row.due < as_of:
            entry.overdue.append(line)
        elif row.due <= horizon:
            entry.due_soon.append(line)
    interventions = sorted(
        (i for i in by_intervention.values() if i.overdue or i.due_soon),
        key=lambda i: (not i.overdue, i.authority),
    )
    return Digest(to=to, as_of=as_of, horizon=horizon, interventions=interventions)


def digest_subject(digest: Digest) -> str:
    return (
        f"Deadlines, week of {digest.as_of:%-d %B %Y}: {digest.due_count} due in the next "
        f"{HORIZON_WORKING_DAYS} working days, {digest.overdue_count} overdue"
    )


def compose_digest(digest: Digest, sender: str, key: str) -> EmailMessage:
    context = {"d": digest, "horizon_days": HORIZON_WORKING_DAYS}
    message = EmailMessage()
    message["Subject"] = digest_subject(digest)
    message["From"] = sender
    message["To"] = digest.to
    message["Message-ID"] = message_id(key, sender)
    message.set_content(TEMPLATES.get_template("digest.txt.j2").render(context))
    message.add_alternative(
        TEMPLATES.get_template("digest.html.j2").render(context), subtype="html"
    )
    return message


def digest_key(as_of: date, address: str) -> str:
    # One a week: the week's Monday, whatever day a retry or a manual run falls on.
    monday = as_of - timedelta(days=as_of.weekday())
    return hashlib.sha256(f"digest\x1f{monday.isoformat()}\x1f{address}".encode()).hexdigest()


class DigestActivities:
    """Holds the pool, and the mail server when e-mail is on (else each digest is logged)."""

    def __init__(
        self,
        ledger: DeliveryLedger,
        smtp: SmtpServer | None,
        sender: str,
        dashboard_url: str,
    ) -> None:
        self.ledger = ledger
        self.smtp = smtp
        self.sender = sender
        self.dashboard_url = dashboard_url

    async def digests(self, as_of: date) -> list[Digest]:
        pool = self.ledger.pool
        horizon = add_working_days(as_of, HORIZON_WORKING_DAYS)
        result = []
        for address, interventions in (await contact_addresses(pool, RECIPIENT)).items():
            scope = DeadlineScope(
                intervention_ids=tuple(interventions), open_only=True, due_by=horizon
            )
            rows = await deadline_rows(pool, scope)
            result.append(digest_for(address, rows, as_of, self.dashboard_url))
        return result

    @activity.defn(name="send_weekly_digest")
    async def send_weekly_digest(self, input: DigestInput) -> DigestResult:
        digests = await self.digests(input.as_of)
        sent = 0
        failures = []
        for digest in digests:
            if not digest.interventions:
                continue
            if self.smtp is None:
                log.info(
                    "weekly digest",
                    to=digest.to,
                    due=digest.due_count,
                    overdue=digest.overdue_count,
                    interventions=[i.intervention_id for i in digest.interventions],
                )
                continue
            key = digest_key(input.as_of, digest.to)
            event_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"digest:{key}"))
            try:
                async with self.ledger.claim(key, LEDGER_STREAM, "email", event_id) as new:
                    if new:
                        message = compose_digest(digest, self.sender, key)
                        await asyncio.to_thread(self.smtp.send, message)
                        sent += 1
            except NotificationError as error:
                failures.append(str(error))
        if failures:
            raise NotificationError("; ".join(failures))
        return DigestResult(recipients=len(digests), sent=sent)
