"""Logging: structlog JSON lines on stderr by default, readable lines for a person at a terminal.

stdout is kept for a command's own output (tables, `--json`), so logs never corrupt it.
"""

from __future__ import annotations

import logging
import sys

import structlog
from temporalio.runtime import LoggingConfig, Runtime, TelemetryConfig, TelemetryFilter


def configure_logging(level: str = "INFO", fmt: str = "json", *, core_logs: bool = True) -> None:
    """Set up logging; `core_logs=False` silences the Temporal core (Rust) entirely, for
    short-lived commands whose stdout must hold only their own output."""
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
    # The SDK's own chatter stays at warnings whatever the level asked for.
    sdk_level = max(logging.getLevelName(level), logging.WARNING)
    logging.getLogger("temporalio").setLevel(sdk_level)
    # The core writes its own lines; forwarding them into Python logging would call into the
    # interpreter from Rust threads, which can crash a process while it exits.
    core = (
        LoggingConfig(filter=TelemetryFilter(core_level="WARN", other_level="ERROR"))
        if core_logs
        else None
    )
    Runtime.set_default(
        Runtime(telemetry=TelemetryConfig(logging=core)), error_if_already_set=False
    )
