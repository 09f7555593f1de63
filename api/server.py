"""Serving the app with uvicorn inside the local stack (`intervention up`), which owns the
event loop and the signals, on the stack's own Temporal client and PostgreSQL pool."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager

import asyncpg
import uvicorn
from fastapi import FastAPI
from temporalio.client import Client

from api.app import create_app
from api.auth import TokenBook
from api.backend import Backend
from application.settings import Settings, env_name
from eventstore.store import EventStore

STARTUP_SECONDS = 30


class ServeError(Exception):
    """The API cannot be served; the message says what to change."""


class _EmbeddedServer(uvicorn.Server):
    # The process around the server decides when to stop (on SIGINT or SIGTERM) and tells the
    # server through `should_exit`; uvicorn taking the signals too would stop half the process.
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ServeError(
            f"cannot listen on {host}:{port} for the dashboard and API ({error.strerror}); "
            f"is another `intervention up` running? Set {env_name('api_port')} to a free port"
        ) from None
    return sock


@contextlib.asynccontextmanager
async def serving(app: FastAPI, host: str, port: int) -> AsyncIterator[None]:
    """Serve `app` on host:port until the block ends; enters once it is listening."""
    sock = bind_socket(host, port)
    # Access lines hold paths and statuses only: tokens travel in headers and cookies, which
    # uvicorn does not log.
    server = _EmbeddedServer(uvicorn.Config(app, log_config=None, lifespan="on"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(STARTUP_SECONDS * 20):
            if server.started or task.done():
                break
            await asyncio.sleep(0.05)
        if not server.started:
            task.cancel()
            raise ServeError(f"the API did not start on {host}:{port} within {STARTUP_SECONDS} s")
        yield
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()


def url(host: str, port: int) -> str:
    """Where a person on this machine opens the dashboard."""
    shown = "localhost" if host in ("0.0.0.0", "::") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def api_service(
    settings: Settings, tokens: TokenBook
) -> Callable[[Client, asyncpg.Pool], AbstractAsyncContextManager[None]]:
    """The API as a service of the local stack, on the stack's own client and pool."""

    def serve(client: Client, pool: asyncpg.Pool) -> AbstractAsyncContextManager[None]:
        backend = Backend(client=client, store=EventStore(pool), task_queue=settings.task_queue)
        app = create_app(settings, tokens=tokens, backend=backend)
        return serving(app, settings.api_host, settings.api_port)

    return serve
