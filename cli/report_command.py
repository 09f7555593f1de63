"""`intervention report`: the committee progress report, from the event log."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from activities.pdf import DocumentFormat, PdfUnavailableError, render_document
from cli.context import fail, open_store, run, settings, store_url
from cli.local_commands import refused_against
from cli.options import day_option
from cli.output_files import checked_output, write_output
from domain.calendar import london_date
from domain.errors import DomainError
from domain.events import Event
from domain.report import build_report
from eventstore.queries import stream_events
from eventstore.store import EventStore


async def _events(store: EventStore, intervention_id: str) -> list[Event]:
    return [event.to_domain() for event in await stream_events(store, intervention_id)]


def report(
    intervention_id: Annotated[str | None, typer.Argument(metavar="[ID]")] = None,
    start: Annotated[
        datetime | None,
        day_option("--from", help="Default: opened"),
    ] = None,
    end: Annotated[
        datetime | None,
        day_option("--to", help="Default: today"),
    ] = None,
    fmt: Annotated[
        DocumentFormat, typer.Option("--format", help="md, html, or pdf (A4, for the papers)")
    ] = DocumentFormat.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file, not stdout")
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(help="Simulate this scenario first and report on it (no ID needed)"),
    ] = None,
) -> None:
    """The committee progress report: every number in it comes from the event log."""
    if intervention_id is None and scenario is None:
        raise typer.BadParameter("give an intervention ID, or --scenario FILE to report on one")
    if intervention_id is not None and scenario is not None:
        raise typer.BadParameter("give an intervention ID or --scenario FILE, not both")
    if output is not None:
        checked_output(output)
    config = settings()

    async def from_store() -> tuple[list[Event], date]:
        assert intervention_id is not None
        async with open_store(config) as store:
            return await _events(store, intervention_id), london_date(datetime.now(UTC))

    async def from_scenario() -> tuple[list[Event], date]:
        from application.scenario import load_scenario
        from application.simulation import (
            CollectingNotifier,
            run_scenario,
            scratch_database,
            server_url,
            settled_status,
        )

        assert scenario is not None
        loaded = load_scenario(scenario)
        with refused_against(scenario):
            async with (
                scratch_database(server_url(store_url(config))) as url,
                run_scenario(loaded, url, CollectingNotifier()) as simulation,
            ):
                status = await settled_status(simulation, loaded.last_day)
                return await _events(simulation.store, status.intervention_id), loaded.last_day

    if start and end and end < start:
        raise typer.BadParameter(f"--to {end:%Y-%m-%d} is before --from {start:%Y-%m-%d}")
    # A real intervention is reported up to today; a simulated one up to its last day.
    events, last_day = run(from_scenario if scenario else from_store)
    try:
        built = build_report(
            events, start.date() if start else None, end.date() if end else last_day
        )
    except DomainError as error:
        raise fail(str(error)) from None
    if fmt is DocumentFormat.pdf and output is None and sys.stdout.isatty():
        raise fail("a PDF is not for the terminal: add -o report.pdf, or redirect the output")
    try:
        document = render_document(built, fmt)
    except PdfUnavailableError as error:
        raise fail(str(error)) from None
    if output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return
    write_output(output, document, f"the {fmt.value} report")
