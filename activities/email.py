"""E-mail by SMTP: one message per recipient, in plain text and HTML.

STARTTLS (the default, port 587), implicit TLS (465) or none (25, a relay on the same host), with
authentication when a user name is set. smtplib blocks, so each message is sent in a thread. The
Message-ID derives from the delivery key, so a message sent twice (see activities.deliveries) is
recognisably the same message.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, parseaddr

import structlog

from activities.models import Notification
from activities.notifiers import NotificationError, Outgoing
from activities.reports import TEMPLATES

log = structlog.get_logger("notify")

KIND_WORDS = {
    "reminder": "Reminder",
    "escalation": "Escalation",
    "escalation_withdrawn": "Escalation withdrawn",
    "overdue": "Overdue",
}


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str = "starttls"  # starttls | tls | none
    username: str | None = None
    password: str | None = None
    timeout_seconds: float = 20.0
    # The system's CAs unless given (a test's own CA, or a relay's private one).
    tls_context: ssl.SSLContext | None = None

    def send(self, message: EmailMessage) -> None:
        """Hand one message over; raises NotificationError naming the server and the reason."""
        context = self.tls_context or ssl.create_default_context()
        where = f"mail server {self.host}:{self.port}"
        try:
            timeout = self.timeout_seconds
            smtp = (
                smtplib.SMTP_SSL(self.host, self.port, timeout=timeout, context=context)
                if self.security == "tls"
                else smtplib.SMTP(self.host, self.port, timeout=timeout)
            )
            with smtp:
                if self.security == "starttls":
                    smtp.starttls(context=context)
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPResponseException as error:
            reason = error.smtp_error
            if isinstance(reason, bytes):
                reason = reason.decode(errors="replace")
            raise NotificationError(
                f"{where} refused the message to {message['To']}: {error.smtp_code} {reason}"
            ) from error
        except smtplib.SMTPRecipientsRefused as error:
            raise NotificationError(
                f"{where} refused the recipient {message['To']}: {error.recipients}"
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            raise NotificationError(
                f"{where} could not take the message to {message['To']}: "
                f"{error or type(error).__name__}"
            ) from error


def heading(note: Notification) -> str:
    """ "Escalation (level 2)", "Reminder": what the message is, in a word or two."""
    level = f" (level {note.level})" if note.level else ""
    return f"{KIND_WORDS.get(note.kind, note.kind)}{level}"


def subject(outgoing: Outgoing) -> str:
    note = outgoing.note
    due = f", due {note.due:%-d %B %Y}" if note.due else ""
    return f"{outgoing.authority}: {heading(note)}: {note.title}{due}"


def message_id(key: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<{key[:40]}@{domain}>"


def compose(outgoing: Outgoing, sender: str, to: str, key: str) -> EmailMessage:
    note = outgoing.note
    name = next((c.name for c in note.contacts if c.email == to), "")
    context = {"o": outgoing, "note": note, "heading": heading(note)}
    message = EmailMessage()
    message["Subject"] = subject(outgoing)
    message["From"] = sender
    message["To"] = formataddr((name, to))
    message["Message-ID"] = message_id(key, sender)
    message.set_content(TEMPLATES.get_template("notification.txt.j2").render(context))
    message.add_alternative(
        TEMPLATES.get_template("notification.html.j2").render(context), subtype="html"
    )
    return message


class EmailChannel:
    """One message to each e-mail address of the recipient's contacts."""

    name = "email"
    ledgered = True

    def __init__(self, server: SmtpServer, sender: str) -> None:
        self.server = server
        self.sender = sender

    def addresses(self, note: Notification) -> list[str]:
        return list(dict.fromkeys(c.email for c in note.contacts if c.email))

    async def deliver(self, outgoing: Outgoing, address: str, key: str) -> None:
        message = compose(outgoing, self.sender, address, key)
        await asyncio.to_thread(self.server.send, message)
        log.info(
            "notification e-mailed",
            intervention_id=outgoing.intervention_id,
            to=address,
            kind=outgoing.note.kind,
            message_id=message["Message-ID"],
        )
