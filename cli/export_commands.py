"""`intervention export …`: the portfolio, an intervention's deadlines and its plan as Excel
workbooks, and deadlines as an iCalendar file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from application.feeds import feed_calendar, intervention_feed, portfolio_feed
from application.portfolio_entries import portfolio_entry
from application.workbooks import deadlines_workbook, plan_workbook, portfolio_workbook
from cli.context import open_store, run, settings
from cli.options import IdArgument
from cli.output_files import checked_output, write_output
from domain.calendar import london_date
from domain.intervention import apply_all
from domain.state import InterventionState
from eventstore.queries import intervention_status, portfolio, stream_events
from eventstore.store import EventStore

export_app = typer.Typer(
    name="export",
    help="Workbooks for Excel (.xlsx) and calendars (.ics), read from the record.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


def _output(default: str) -> object:
    return typer.Option("--output", "-o", help=f"Where to write it (default: {default})")


@export_app.command("portfolio")
def export_portfolio(
    output: Annotated[Path, _output("portfolio.xlsx")] = Path("portfolio.xlsx"),
) -> None:
    """Every intervention, its next deadline and RAG."""
    path = checked_output(output, ".xlsx")
    config = settings()

    async def go() -> bytes:
        today = london_date(datetime.now(UTC))
        async with open_store(config) as store:
            rows = await portfolio(store.pool, today)
        return portfolio_workbook([portfolio_entry(row, today) for row in rows])

    write_output(path, run(go), "the portfolio")


@export_app.command("deadlines")
def export_deadlines(
    intervention_id: IdArgument,
    output: Annotated[Path | None, _output("ID-deadlines.xlsx")] = None,
) -> None:
    """The intervention's deadlines: due dates, status, when met."""
    path = checked_output(output or Path(f"{intervention_id}-deadlines.xlsx"), ".xlsx")
    config = settings()

    async def go() -> bytes:
        async with open_store(config) as store:
            status = await intervention_status(store, intervention_id)
        return deadlines_workbook(status.deadlines)

    write_output(path, run(go), "the deadlines")


@export_app.command("plan")
def export_plan(
    intervention_id: IdArgument,
    output: Annotated[Path | None, _output("ID-plan.xlsx")] = None,
) -> None:
    """The improvement plan, in the columns `intervention plan import` reads."""
    path = checked_output(output or Path(f"{intervention_id}-plan.xlsx"), ".xlsx")
    config = settings()

    async def go() -> bytes:
        async with open_store(config) as store:
            return plan_workbook(await _state(store, intervention_id))

    write_output(path, run(go), "the plan")


async def _state(store: EventStore, intervention_id: str) -> InterventionState:
    recorded = await stream_events(store, intervention_id)
    return apply_all(event.to_domain() for event in recorded)


@export_app.command("calendar")
def export_calendar(
    intervention_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="One intervention; default: all")
    ] = None,
    output: Annotated[Path | None, _output("ID.ics, or deadlines.ics for all")] = None,
) -> None:
    """Deadlines and their reminders as an iCalendar file, to import into a calendar."""
    default = Path(f"{intervention_id}.ics" if intervention_id else "deadlines.ics")
    path = checked_output(output or default, ".ics")
    config = settings()
    feed = intervention_feed(intervention_id) if intervention_id else portfolio_feed()

    async def go() -> bytes:
        async with open_store(config) as store:
            if intervention_id:
                await stream_events(store, intervention_id)
            return await feed_calendar(store.pool, feed, config.public_dashboard_url)

    write_output(path, run(go), "the calendar")
