"""What every command needs: settings, the store, the Temporal client, and clean failures."""

from __future__ import annotations

import asyncio
import getpass
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from temporalio.client import Client
from temporalio.service import RPCError

from application.connections import application_pool, connect_client
from application.interventions import OperationError
from application.scenario import ScenarioError
from application.settings import Settings, SettingsError, load_settings
from domain.errors import DomainError
from eventstore.database import StoreUrls, database_url
from eventstore.errors import StoreError
from eventstore.store import EventStore

T = TypeVar("T")

console = Console()
errors = Console(stderr=True)


def progress_bar() -> Progress:
    """Progress of long work, on stderr so that stdout keeps only the command's output; it
    disappears when done, leaving the command's own summary."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )


class CommandError(Exception):
    """A failure to report to the person in one line, with a non-zero exit."""


def fail(message: str, code: int = 1) -> typer.Exit:
    # The message quotes what the person gave and what libraries said, brackets and all: only
    # the prefix is markup.
    errors.print(
        f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True
    )
    return typer.Exit(code)


def run(coroutine_fn: Callable[[], Awaitable[T]]) -> T:
    """Run a command's coroutine; turn expected failures into a message and an exit code."""
    try:
        return asyncio.run(_as_coroutine(coroutine_fn))
    except (CommandError, OperationError, DomainError, StoreError, ScenarioError) as error:
        raise fail(str(error)) from None
    except SettingsError as error:
        raise fail(str(error), code=2) from None


async def _as_coroutine(fn: Callable[[], Awaitable[T]]) -> T:
    return await fn()


def settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        raise fail(str(error), code=2) from None


def store_url(config: Settings) -> str:
    return config.database_url or database_url(config.data_dir)


@asynccontextmanager
async def open_store(config: Settings, urls: StoreUrls | None = None) -> AsyncIterator[EventStore]:
    pool = await application_pool(config, urls, min_size=1, max_size=4)
    try:
        yield EventStore(pool)
    finally:
        await pool.close()


async def temporal(config: Settings) -> Client:
    try:
        return await connect_client(config)
    except (RPCError, RuntimeError, OSError) as error:
        raise CommandError(
            f"cannot reach the Temporal server at {config.temporal_address} ({error}); "
            "is `intervention up` running? (INTERVENTION_TEMPORAL_ADDRESS selects another)"
        ) from None


def default_person() -> str:
    return os.environ.get("INTERVENTION_USER") or getpass.getuser()
