"""Observability tests run the real workflow on the real time-skipping server, with a real store.

Each test brings its own server: the one whose runtime serves Prometheus metrics, or whose
client traces, differs from test to test.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from application.binaries import temporal_test_server
from domain.calendar import london_date
from domain.commands import OpenIntervention
from domain.values import Actor, Inspection, Role
from workflows.search_attributes import KEYS

TEAM = Actor(name="An Officer", role=Role.IMPROVEMENT_TEAM)


@asynccontextmanager
async def time_skipping(**options: Any) -> AsyncIterator[WorkflowEnvironment]:
    """A fresh time-skipping server; `options` go to `start_time_skipping` (runtime, ...)."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=temporal_test_server(),
        data_converter=pydantic_data_converter,
        **options,
    )
    try:
        yield env
    finally:
        await env.shutdown()


async def register_search_attributes(client: Client) -> None:
    """What `deploy/temporal/create-namespace.sh` does on a real cluster."""
    await client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(
            namespace=client.namespace,
            search_attributes={key.name: key.indexed_value_type.value for key in KEYS},
        )
    )


def opening_today(server_now: datetime) -> OpenIntervention:
    """An intervention for a unique authority, its judgement published on the server's today:
    the test server's clock starts at the real time, and the workflow reads that clock."""
    today = london_date(server_now)
    return OpenIntervention(
        authority=f"Observed Council {uuid.uuid4().hex[:8]}",
        inspection=Inspection(
            started_on=today - timedelta(days=30),
            ended_on=today - timedelta(days=20),
            published_on=today,
        ),
        actor=TEAM,
    )
