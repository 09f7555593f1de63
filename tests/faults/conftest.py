"""One PostgreSQL server and one Temporal dev server for the fault suite, each of its own, so
that a test may stop, kill or restart them without touching the rest of the tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.faults.stack import FaultStack, fault_stack


@pytest.fixture(scope="session")
async def stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FaultStack]:
    async with fault_stack(tmp_path_factory.mktemp("faults")) as running:
        yield running


@pytest.fixture(autouse=True)
def _stop_workers(stack: FaultStack) -> Iterator[None]:
    """A test's workers stop when it ends; those of a module's fixtures live on."""
    started_before = len(stack.workers)
    yield
    stack.stop_workers(keep=started_before)
