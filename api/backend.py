"""What the API works with: the Temporal client, the event store and the task queue, made by
whoever serves it (`intervention up` or `python -m api`) and shared by every request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Request
from temporalio.client import Client

from application.connections import connect_client, store_pool
from application.settings import Settings
from domain.calendar import london_date
from eventstore.store import EventStore


@dataclass(frozen=True)
class Backend:
    client: Client
    store: EventStore
    task_queue: str


@asynccontextmanager
async def connected_backend(settings: Settings) -> AsyncIterator[Backend]:
    client = await connect_client(settings)
    async with store_pool(settings) as pool:
        yield Backend(client=client, store=EventStore(pool), task_queue=settings.task_queue)


async def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


def today() -> date:
    """Today in England, where every deadline is counted."""
    return london_date(datetime.now(UTC))


Services = Annotated[Backend, Depends(backend)]
