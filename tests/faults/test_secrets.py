"""No connection password and no webhook token ever reaches a log or an error message.

A worker runs with passwords in DATABASE_URL and INTERVENTION_DATABASE_OWNER_URL and tokens in
its webhooks, one of which answers and one of which is down, so that it logs deliveries and
failures; the command line and the worker fail to reach a database whose URL carries a
password. Every word they write is searched for the secrets.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import asyncpg
import pytest

from domain.commands import OpenIntervention
from domain.values import Contact, Inspection
from eventstore.database import create_pool
from tests.faults.load import TEAM
from tests.faults.stack import FaultStack
from tests.ports import free_port
from tests.store.test_roles import as_login
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

DB_PASSWORD = "db-pass-7Hq2xZ"
OWNER_PASSWORD = "owner-pass-Kd81Lw"
PATH_TOKEN = "T0K3N-in-the-path-91fa"
QUERY_TOKEN = "t0k3n-in-the-query-3c7e"
SECRETS = (DB_PASSWORD, OWNER_PASSWORD, PATH_TOKEN, QUERY_TOKEN)
INTERVENTION = str(Path(sys.executable).parent / "intervention")


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.received.append(self.rfile.read(length))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    """A webhook receiver on this machine that accepts everything."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/{PATH_TOKEN}?token={QUERY_TOKEN}"
    finally:
        server.shutdown()


def assert_no_secret(where: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} in {where}:\n{text}"


async def test_a_working_worker_logs_no_password_and_no_token(
    stack: FaultStack, webhook: str
) -> None:
    database = await stack.postgres.create_database("secrets")
    login = f"app_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(stack.postgres.admin_url)
    try:
        # The embedded server trusts its socket, so any password gets in: it is only there to
        # be leaked, or not.
        await admin.execute(f"CREATE ROLE {login} LOGIN PASSWORD '{DB_PASSWORD}'")
    finally:
        await admin.close()
    app_url = as_login(stack.postgres.url(database), login, DB_PASSWORD)
    owner_url = as_login(stack.postgres.url(database), "postgres", OWNER_PASSWORD)
    down = f"http://127.0.0.1:{free_port()}/hooks/{PATH_TOKEN}?token={QUERY_TOKEN}"
    task_queue = f"secrets-{uuid.uuid4().hex[:8]}"
    env = stack.worker_env(
        app_url,
        task_queue,
        INTERVENTION_DATABASE_OWNER_URL=owner_url,
        INTERVENTION_NOTIFIER="webhook",
        INTERVENTION_WEBHOOK_URL=webhook,
        INTERVENTION_LOG_LEVEL="DEBUG",
    )
    worker = await stack.worker("secrets", env).started()
    # Opened today for a judgement of 2023: the whole ladder is owed at once. The first
    # council's notifications go to the receiver; the second council's director's is down.
    for name, contacts in (
        ("Delivered", {}),
        ("Undelivered", {"director": [Contact(name="Director", webhook=down)]}),
    ):
        opening = OpenIntervention(
            authority=f"{name} Council {task_queue[-8:]}",
            inspection=Inspection(ended_on=date(2023, 1, 20), published_on=date(2023, 3, 7)),
            contacts=contacts,
            actor=TEAM,
        )
        await stack.client.start_workflow(
            InterventionWorkflow.run,
            InterventionInput(open=opening),
            id=opening.intervention_id,
            task_queue=task_queue,
        )
    for _ in range(300):
        if worker.said("notification posted") and worker.said("Completing activity as failed"):
            break
        await asyncio.sleep(0.1)
    worker.stop()

    assert Receiver.received, "the receiver got nothing"
    assert worker.said("notification posted")
    assert worker.said("Completing activity as failed")
    assert_no_secret("the worker's log", worker.log_path.read_text())
    pool = await create_pool(stack.postgres.url(database))
    try:
        # The contact's webhook is part of the record, which is where it belongs.
        with_token = "SELECT count(*) FROM events WHERE data::text LIKE $1"
        assert await pool.fetchval(with_token, f"%{PATH_TOKEN}%") == 1
    finally:
        await pool.close()


UNREACHABLE = f"postgresql://someone:{DB_PASSWORD}@127.0.0.1:{free_port()}/intervention"
# (DATABASE_URL, INTERVENTION_DATABASE_OWNER_URL): out of reach, or not even a URL.
OUT_OF_REACH = {
    "unreachable": (UNREACHABLE, None),
    "no-socket": (f"postgres://someone:{DB_PASSWORD}@/x?host=/nowhere", None),
    "bad-port": (f"postgresql://someone:{DB_PASSWORD}@127.0.0.1:notaport/x", None),
    "bad-host": (f"postgresql://someone:{DB_PASSWORD}@[::1/x", None),
    "wrong-scheme": (f"mysql://someone:{DB_PASSWORD}@127.0.0.1/x", None),
    "owner-unreachable": (UNREACHABLE, UNREACHABLE.replace(DB_PASSWORD, OWNER_PASSWORD)),
}
PROGRAMS = {"cli": [INTERVENTION, "list"], "worker": [sys.executable, "-m", "workers"]}
# Both programs connect through the same code; the worker is tried on fewer URLs to save time.
CASES = [("cli", case) for case in OUT_OF_REACH] + [
    ("worker", case) for case in ("unreachable", "bad-port", "owner-unreachable")
]


async def test_a_database_out_of_reach_is_reported_without_its_password(
    stack: FaultStack, tmp_path: Path
) -> None:
    async def run(program: str, case: str) -> tuple[str, subprocess.CompletedProcess[str]]:
        database_url, owner_url = OUT_OF_REACH[case]
        env = {
            "PATH": str(Path(sys.executable).parent),
            "HOME": str(tmp_path),
            "DATABASE_URL": database_url,
            "INTERVENTION_DATA_DIR": str(tmp_path),
            # A server that answers, so the worker gets as far as the database.
            "INTERVENTION_TEMPORAL_ADDRESS": stack.temporal.address,
        }
        if owner_url:
            env["INTERVENTION_DATABASE_OWNER_URL"] = owner_url
        done = await asyncio.to_thread(
            subprocess.run, PROGRAMS[program], env=env, capture_output=True, text=True, timeout=90
        )
        return f"{program} with {case}", done

    # All at once: each is a process that starts, fails to connect, and says why.
    runs = await asyncio.gather(*(run(program, case) for program, case in CASES))

    for name, done in runs:
        # One line that says what is wrong, not a traceback, and exit status 1.
        assert done.returncode == 1, (name, done.stderr)
        assert done.stderr.startswith("error: could not connect to PostgreSQL at "), name
        assert "Traceback" not in done.stderr, name
        assert_no_secret(f"stderr of {name}", done.stderr)
        assert_no_secret(f"stdout of {name}", done.stdout)
