"""Connecting to a Temporal cluster over TLS and mTLS by settings alone.

The cluster is the real time-skipping server behind a TLS front on loopback that, like a
production frontend or load balancer, presents a certificate for its own name and may demand
one from the client; the certificates come from a throwaway CA (trustme).
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import trustme

from application.connections import connect_client
from application.settings import Settings, SettingsError, load_settings
from tests.observability.conftest import time_skipping

SERVER_NAME = "temporal.cluster.test"


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        writer.close()


@asynccontextmanager
async def tls_cluster(ca: trustme.CA, *, client_certs: bool) -> AsyncIterator[str]:
    """host:port of a TLS endpoint relaying to a fresh time-skipping server's plaintext gRPC."""
    async with (
        time_skipping() as env,
        tls_front(env.client.service_client.config.target_host, ca, client_certs) as front,
    ):
        yield front


@asynccontextmanager
async def tls_front(backend: str, ca: trustme.CA, client_certs: bool) -> AsyncIterator[str]:
    """Present a certificate for SERVER_NAME, demand the client's if asked, relay the bytes."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(SERVER_NAME).configure_cert(context)
    if client_certs:
        ca.configure_trust(context)
        context.verify_mode = ssl.CERT_REQUIRED
    context.set_alpn_protocols(["h2"])  # gRPC clients insist on HTTP/2
    host, _, port = backend.rpartition(":")

    async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
        await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))

    server = await asyncio.start_server(relay, "127.0.0.1", 0, ssl=context)
    try:
        yield f"127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), timeout=1)


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def pems(ca: trustme.CA, tmp_path: Path) -> dict[str, Path]:
    client = ca.issue_cert("worker.engine.test")
    files = {"ca": tmp_path / "ca.pem", "cert": tmp_path / "w.pem", "key": tmp_path / "w.key"}
    ca.cert_pem.write_to_path(str(files["ca"]))
    client.cert_chain_pems[0].write_to_path(str(files["cert"]))
    client.private_key_pem.write_to_path(str(files["key"]))
    return files


def trusting(front: str, pems: dict[str, Path], **more: Path) -> Settings:
    """Settings that trust the throwaway CA and expect the front's name."""
    return Settings(
        temporal_address=front,
        temporal_tls_ca_file=pems["ca"],
        temporal_tls_server_name=SERVER_NAME,
        **more,
    )


async def test_mtls_with_the_clusters_ca_and_a_client_certificate(
    ca: trustme.CA, pems: dict[str, Path]
) -> None:
    async with tls_cluster(ca, client_certs=True) as front:
        mtls = trusting(
            front, pems, temporal_tls_cert_file=pems["cert"], temporal_tls_key_file=pems["key"]
        )
        # A round trip through the front: the handshake held, both ways.
        assert await (await connect_client(mtls)).service_client.check_health()
        with pytest.raises(RuntimeError):
            await connect_client(trusting(front, pems))  # no client certificate


async def test_tls_refuses_a_server_its_ca_did_not_sign(
    ca: trustme.CA, pems: dict[str, Path]
) -> None:
    async with tls_cluster(ca, client_certs=False) as front:
        assert await (await connect_client(trusting(front, pems))).service_client.check_health()
        # The system's CAs never signed the throwaway CA's certificate.
        with pytest.raises(RuntimeError):
            await connect_client(Settings(temporal_address=front, temporal_tls=True))


def test_a_key_without_its_certificate_is_refused_naming_both(
    pems: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVENTION_TEMPORAL_TLS_KEY_FILE", str(pems["key"]))
    with pytest.raises(SettingsError, match="TLS_CERT_FILE and INTERVENTION_TEMPORAL_TLS_KEY"):
        load_settings()
