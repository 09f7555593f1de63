"""`python -m workers`: run a worker against the configured Temporal server and PostgreSQL."""

from __future__ import annotations

import asyncio
import signal
import sys

import structlog

from application.connections import connect_client, store_pool
from application.digest_schedule import DIGEST_SCHEDULE_ID, ensure_digest_schedule
from application.logging import configure_logging
from application.process_exit import exit_now
from application.settings import SettingsError, load_settings
from application.worker import build_worker, make_digest, make_notifier
from eventstore.errors import StoreError


class StartupError(Exception):
    """The worker cannot start; the message says what to fix."""


async def main() -> None:
    settings = load_settings()
    configure_logging(
        settings.log_level,
        settings.log_format,
        metrics_address=settings.metrics_address,
        library_log=settings.library_log,
        verbose="--verbose" in sys.argv[1:],
    )
    log = structlog.get_logger("worker")
    try:
        client = await connect_client(settings)
    except RuntimeError as error:
        raise StartupError(
            f"cannot reach the Temporal server at {settings.temporal_address} "
            f"(INTERVENTION_TEMPORAL_ADDRESS): {error}"
        ) from None
    async with store_pool(settings) as pool:
        worker = build_worker(
            client,
            pool,
            make_notifier(settings, pool),
            settings.task_queue,
            make_digest(settings, pool),
        )
        schedule = await ensure_digest_schedule(client, settings.task_queue, settings.digest_time)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        log.info(
            "worker started",
            task_queue=settings.task_queue,
            temporal=settings.temporal_address,
            namespace=settings.temporal_namespace,
            metrics=settings.metrics_address,
            tracing=settings.otlp_endpoint,
            notifications=settings.notifier,
            digest=f"Mondays {settings.digest_time} London ({DIGEST_SCHEDULE_ID}, {schedule})",
        )
        async with worker:
            await stop.wait()
        log.info("worker stopped")


def run() -> int:
    try:
        asyncio.run(main())
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (StartupError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    exit_now(run())
