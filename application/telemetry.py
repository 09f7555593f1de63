"""What a process tells operators beyond its logs: Prometheus metrics and OpenTelemetry traces.

Metrics come from the Temporal core runtime: its Prometheus endpoint serves the SDK's own
metrics (task latencies, polls, failures) and ours, recorded through the SDK's metric meter
(`activities.metrics`). Traces come from the SDK's `TracingInterceptor`, which follows each
workflow through its activities; spans go by OTLP over HTTP to a collector. The tracing
packages are an optional extra (`intervention-engine[otel]`), imported only when tracing is on.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

from temporalio.runtime import (
    LoggingConfig,
    PrometheusConfig,
    Runtime,
    TelemetryConfig,
    TelemetryFilter,
)

from application.settings import Settings, SettingsError

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from temporalio.client import Interceptor

SERVICE_NAME = "intervention-engine"


def core_runtime(*, core_logs: bool = True, metrics_address: str | None = None) -> Runtime:
    """The Temporal core runtime: its log filter, and a Prometheus endpoint when asked for."""
    # The core writes its own lines; forwarding them into Python logging would call into the
    # interpreter from Rust threads, which can crash a process while it exits.
    logging = (
        LoggingConfig(filter=TelemetryFilter(core_level="WARN", other_level="ERROR"))
        if core_logs
        else None
    )
    metrics = PrometheusConfig(bind_address=metrics_address) if metrics_address else None
    try:
        return Runtime(telemetry=TelemetryConfig(logging=logging, metrics=metrics))
    except ValueError as error:  # the core's word for an address it cannot bind
        raise SettingsError(f"INTERVENTION_METRICS_ADDRESS={metrics_address!r}: {error}") from None


def tracing_interceptors(settings: Settings) -> list[Interceptor]:
    """A `TracingInterceptor` exporting to the collector when INTERVENTION_OTLP_ENDPOINT is set.

    On the client it also traces the workers built from that client: starts, updates, queries,
    workflow runs and activities, all in one trace.
    """
    if settings.otlp_endpoint is None:
        return []
    try:
        from temporalio.contrib.opentelemetry import TracingInterceptor
    except ImportError:
        raise SettingsError(
            f"INTERVENTION_OTLP_ENDPOINT={settings.otlp_endpoint!r}: tracing needs the otel "
            "extra: pip install 'intervention-engine[otel]'"
        ) from None
    provider = otlp_tracer_provider(settings.otlp_endpoint)
    return [TracingInterceptor(provider.get_tracer(SERVICE_NAME))]


@cache
def otlp_tracer_provider(endpoint: str) -> TracerProvider:
    """One provider per process and endpoint: a client may be connected many times."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME as SERVICE_NAME_KEY
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    # The standard variable names the process (worker, api) in the collector's view.
    name = os.environ.get("OTEL_SERVICE_NAME", SERVICE_NAME)
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME_KEY: name}))
    exporter = OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces")
    # Batched off the event loop; the provider flushes what is left when the process exits.
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider
