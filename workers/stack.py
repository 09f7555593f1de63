"""The local stack behind `intervention up`: embedded PostgreSQL, the Temporal dev server with a
database file under the data directory, a worker, and the dashboard and API, all in one process
tree, no Docker."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from temporalio.client import Client

from activities.notifiers import Notifier
from api.auth import TokenBook, TokenConfigError, with_local_user
from api.identity_providers import ProviderConfigError, configured_providers
from api.server import ServeError, api_service, url
from application.binaries import temporal_cli
from application.connections import application_pool, connect_client
from application.digest_schedule import ensure_digest_schedule
from application.settings import Settings
from application.worker import build_worker, make_digest, make_notifier
from workflows.search_attributes import registrations

STARTUP_SECONDS = 60


class StackError(Exception):
    """The local stack cannot start or stopped; the message says what to change."""


class StackConfigError(StackError):
    """The local stack's configuration is unusable (exit code 2)."""


@dataclass(frozen=True)
class LocalStack:
    """What `intervention up` serves: the API's people, and the local user's own token."""

    tokens: TokenBook
    token: str
    dashboard: str


def local_stack(settings: Settings, person: str) -> LocalStack:
    """The configured tokens and one for `person`, an admin, kept in the data directory."""
    try:
        tokens, token = with_local_user(settings, person)
        # Read now, so that a bad one stops `up` with its reason before anything starts.
        configured_providers(settings)
    except (TokenConfigError, ProviderConfigError) as error:
        raise StackConfigError(str(error)) from None
    return LocalStack(tokens, token, url(settings.api_host, settings.api_port))


async def run_local_stack(
    settings: Settings, local: LocalStack, on_ready: Callable[[Client], object]
) -> None:
    """The whole stack with the dashboard and API, until SIGINT or SIGTERM."""
    try:
        await run_stack(
            settings,
            make_notifier,
            on_ready=on_ready,
            serve=api_service(settings, local.tokens),
        )
    except ServeError as error:
        raise StackError(str(error)) from None


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@asynccontextmanager
async def dev_server(settings: Settings) -> AsyncIterator[asyncio.subprocess.Process]:
    """`temporal server start-dev` with its state in a file, so timers survive restarts."""
    host, _, port = settings.temporal_address.rpartition(":")
    host = "127.0.0.1" if host in ("localhost", "") else host
    if _port_in_use(host, int(port)):
        raise StackError(
            f"port {port} on {host} is already in use: is another `intervention up` running? "
            "Stop it, or set INTERVENTION_TEMPORAL_ADDRESS to a free port"
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.data_dir / "temporal.log"
    with log_path.open("ab") as log:
        process = await asyncio.create_subprocess_exec(
            temporal_cli(),
            "server",
            "start-dev",
            "--db-filename",
            str(settings.data_dir / "temporal.db"),
            "--ip",
            host,
            "--port",
            port,
            "--ui-port",
            str(settings.web_ui_port),
            "--namespace",
            settings.temporal_namespace,
            "--log-level",
            "warn",
            # Registered on every start (the server keeps them): the Web UI's columns.
            *search_attribute_args(),
            stdout=log,
            stderr=log,
            start_new_session=True,  # Ctrl-C reaches us; we stop the server in order
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()


def search_attribute_args() -> list[str]:
    return [
        arg
        for name, kind in registrations().items()
        for arg in ("--search-attribute", f"{name}={kind}")
    ]


async def wait_for_temporal(settings: Settings, process: asyncio.subprocess.Process) -> Client:
    log_path = settings.data_dir / "temporal.log"
    for _ in range(STARTUP_SECONDS * 4):
        if process.returncode is not None:
            raise StackError(
                f"the Temporal dev server exited with code {process.returncode}:\n"
                f"{_log_tail(log_path)}"
            )
        with contextlib.suppress(Exception):
            return await connect_client(settings)
        await asyncio.sleep(0.25)
    raise StackError(f"the Temporal dev server did not answer within {STARTUP_SECONDS} s")


async def run_stack(
    settings: Settings,
    notifier: Callable[[Settings, asyncpg.Pool], Notifier],
    on_ready: Callable[[Client], object] | None = None,
    serve: Callable[[Client, asyncpg.Pool], AbstractAsyncContextManager[object]] | None = None,
) -> None:
    """Run until SIGINT or SIGTERM, then stop the worker, the dev server and PostgreSQL.

    `serve` runs alongside the worker on the same client and pool (the HTTP API), started
    before `on_ready` and stopped first."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    pool = await application_pool(settings)
    try:
        async with dev_server(settings) as process:
            client = await wait_for_temporal(settings, process)
            worker = build_worker(
                client,
                pool,
                notifier(settings, pool),
                settings.task_queue,
                make_digest(settings, pool),
            )
            await ensure_digest_schedule(client, settings.task_queue, settings.digest_time)
            async with (
                worker,
                serve(client, pool) if serve is not None else contextlib.nullcontext(),
            ):
                if on_ready is not None:
                    result = on_ready(client)
                    if asyncio.iscoroutine(result):
                        await result
                exited = asyncio.ensure_future(process.wait())
                stopping = asyncio.ensure_future(stop.wait())
                await asyncio.wait({exited, stopping}, return_when=asyncio.FIRST_COMPLETED)
                stopping.cancel()
                exited.cancel()
                if process.returncode is not None and not stop.is_set():
                    raise StackError(
                        f"the Temporal dev server stopped (code {process.returncode}):\n"
                        f"{_log_tail(settings.data_dir / 'temporal.log')}"
                    )
    finally:
        await pool.close()
