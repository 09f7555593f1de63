"""Connections every process makes: the Temporal client and the event store's pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import TLSConfig

from application.settings import Settings, SettingsError, env_name
from application.telemetry import tracing_interceptors
from eventstore.database import StoreUrls, connect_store, store_urls


async def connect_client(settings: Settings) -> Client:
    api_key = settings.temporal_api_key
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        tls=temporal_tls(settings),
        api_key=api_key.get_secret_value() if api_key else None,
        interceptors=tracing_interceptors(settings),
    )


def temporal_tls(settings: Settings) -> TLSConfig | bool | None:
    """TLS as the settings ask; None leaves it to the SDK, which turns it on for an API key."""
    if not (
        settings.temporal_tls_ca_file
        or settings.temporal_tls_cert_file
        or settings.temporal_tls_server_name
    ):
        return True if settings.temporal_tls else None
    return TLSConfig(
        server_root_ca_cert=_read_pem(settings, "temporal_tls_ca_file"),
        domain=settings.temporal_tls_server_name,
        client_cert=_read_pem(settings, "temporal_tls_cert_file"),
        client_private_key=_read_pem(settings, "temporal_tls_key_file"),
    )


def _read_pem(settings: Settings, field: str) -> bytes | None:
    path: Path | None = getattr(settings, field)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        raise SettingsError(f"{env_name(field)}={str(path)!r}: cannot read it: {error}") from None


def application_urls(settings: Settings) -> StoreUrls:
    """Where the application connects: embedded PostgreSQL (started here if need be), or
    DATABASE_URL with the schema's owner when one is set (see eventstore.roles)."""
    owner = settings.database_owner_url
    return store_urls(
        settings.data_dir, settings.database_url, owner.get_secret_value() if owner else None
    )


async def application_pool(
    settings: Settings, urls: StoreUrls | None = None, **pool_options: Any
) -> asyncpg.Pool:
    """The store's pool, logged in as the application, at `urls` (by default the settings')."""
    return await connect_store(urls or application_urls(settings), **pool_options)


@asynccontextmanager
async def store_pool(settings: Settings, **pool_options: Any) -> AsyncIterator[asyncpg.Pool]:
    pool = await application_pool(settings, **pool_options)
    try:
        yield pool
    finally:
        await pool.close()
