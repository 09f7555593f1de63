"""Local receivers for the outside parties notifications go to: a webhook (HTTP) and a mail
server (SMTP), both on this machine."""

from __future__ import annotations

import asyncio
import json
import ssl
import tempfile
import threading
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from activities.email import SmtpServer
from tests.ports import free_port


class Receiver:
    """A local webhook receiver that fails the first `failures` requests with a 503, keeping
    what it refused apart from what it took."""

    def __init__(self, failures: int = 0) -> None:
        self.received: list[dict[str, Any]] = []
        self.refused: list[dict[str, Any]] = []
        self.failures = failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    receiver.refused.append(json.loads(body))
                    self.send_response(503)
                else:
                    receiver.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/interventions"

    def __enter__(self) -> Receiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class MailServer:
    """A real SMTP server (aiosmtpd) on a free local port, with STARTTLS and a login, that keeps
    what it accepts. It can refuse the next message to an address (451), or be down: `stop()`
    closes the port and `start()` opens it again on the same one."""

    USER: ClassVar[str] = "engine"
    PASSWORD: ClassVar[str] = "smtp-secret"

    def __init__(self) -> None:
        self.ca = trustme.CA()
        self.ca_file = tempfile.NamedTemporaryFile(suffix=".pem")  # noqa: SIM115 (lives as long)
        self.ca.cert_pem.write_to_path(self.ca_file.name)
        certificate = self.ca.issue_cert("127.0.0.1", "localhost")
        self.server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(self.server_tls)
        self.client_tls = ssl.create_default_context()
        self.ca.configure_trust(self.client_tls)
        self.port = free_port()
        self.received: list[EmailMessage] = []
        self.refuse_once: set[str] = set()
        # Recipients whose first RCPT hangs until `release` is set: a delivery caught in flight.
        self.hold_once: set[str] = set()
        self.holding = threading.Event()
        self.release = threading.Event()
        self.controller: Controller | None = None

    async def handle_RCPT(
        self, server: object, session: object, envelope: Envelope, address: str, options: object
    ) -> str:
        if address in self.hold_once:
            self.hold_once.discard(address)
            self.holding.set()
            await asyncio.to_thread(self.release.wait)
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        refused = self.refuse_once.intersection(envelope.rcpt_tos)
        if refused:
            self.refuse_once -= refused
            return "451 4.3.0 mailbox busy, try again later"
        assert isinstance(envelope.content, bytes)
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        assert isinstance(message, EmailMessage)
        self.received.append(message)
        return "250 OK"

    def _login(
        self, server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            self.USER.encode(),
            self.PASSWORD.encode(),
        )
        return AuthResult(success=ok)

    def start(self) -> None:
        self.controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            tls_context=self.server_tls,
            require_starttls=True,
            authenticator=self._login,
            auth_require_tls=True,
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self) -> MailServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def smtp(self) -> SmtpServer:
        """How the engine reaches it: STARTTLS with the test CA, and the login."""
        return SmtpServer(
            host="127.0.0.1",
            port=self.port,
            security="starttls",
            username=self.USER,
            password=self.PASSWORD,
            timeout_seconds=5,
            tls_context=self.client_tls,
        )

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if address in str(m["To"])]
