"""`intervention plan …`: the improvement plan, imported from a spreadsheet and kept up to date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape

from application.interventions import change_plan
from application.plan_import import import_plan_file, read_plan_file
from application.text_files import NotTextError
from cli import render
from cli.context import CommandError, console, fail, open_store, run, settings, temporal
from cli.options import (
    ByOption,
    IdArgument,
    JsonFlag,
    PersonRole,
    RoleOption,
    actor_from,
    day_option,
    print_json,
    validation_message,
)
from domain.calendar import london_date
from domain.plan import PLAN_CHANGE, ChangePlan, PlanChange, Rag
from domain.plan_csv import PlanFileError
from domain.plan_progress import PlanProgress
from eventstore.queries import intervention_status
from workflows.models import RecordResult

plan_app = typer.Typer(
    name="plan",
    help="The improvement plan: import it, rate and complete actions, see progress.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

RefArgument = Annotated[str, typer.Argument(metavar="REF", help="The action, e.g. A1.2")]
OnOption = Annotated[
    datetime | None,
    day_option("--on", help="When it took effect (today)"),
]


def _command(
    changes: list[PlanChange],
    on: datetime | None,
    by: str | None,
    role: PersonRole,
    source: str | None = None,
) -> ChangePlan:
    try:
        return ChangePlan(
            changes=changes,
            effective_on=on.date() if on else london_date(datetime.now(UTC)),
            actor=actor_from(by, role),
            source=source,
        )
    except ValidationError as error:
        raise fail(validation_message(error)) from None


def _submit(
    intervention_id: str,
    changes: list[PlanChange],
    on: datetime | None,
    by: str | None,
    role: PersonRole,
) -> None:
    config = settings()
    command = _command(changes, on, by, role)

    async def go() -> RecordResult:
        return await change_plan(await temporal(config), intervention_id, command)

    render.show_summary(console, run(go).summary)


@plan_app.command("import")
def import_plan(
    intervention_id: IdArgument,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="CSV or Excel (.xlsx), one row per action")
    ],
    on: OnOption = None,
    by: ByOption = None,
    role: RoleOption = PersonRole.improvement_team,
) -> None:
    """Import a plan from CSV or an Excel workbook, such as one `intervention export plan` wrote.

    A row new to the plan adds its action (and its priority); a row of an action already in the
    plan changes its owner, review_on or rag where they differ, and changes nothing where they
    do not. A file with any row that cannot be applied changes nothing."""
    try:
        changes, place = read_plan_file(
            file.read_bytes(), file.suffix.lower() == ".xlsx", f"plan {file}"
        )
    except OSError as error:
        raise fail(f"cannot read plan {file}: {error.strerror}") from None
    except NotTextError as error:
        raise fail(str(error)) from None
    except PlanFileError as error:
        raise fail(f"{file} {error}") from None
    config = settings()
    command = _command(changes, on, by, role, source=file.name)

    async def go() -> RecordResult:
        client = await temporal(config)
        async with open_store(config) as store:
            try:
                return await import_plan_file(client, store, intervention_id, command, place)
            except PlanFileError as error:
                raise CommandError(f"{file} {error}") from None

    result = run(go)
    render.show_summary(console, result.summary)
    console.print(
        f"[green]Imported[/] {escape(file.name)} into {escape(intervention_id)} "
        f"(version {result.version})"
    )


@plan_app.command("update")
def update_action(
    intervention_id: IdArgument,
    ref: RefArgument,
    rag: Annotated[Rag | None, typer.Option(help="New RAG rating")] = None,
    review_on: Annotated[
        datetime | None,
        day_option(help="New review date"),
    ] = None,
    owner: Annotated[str | None, typer.Option(help="New owner")] = None,
    note: Annotated[str | None, typer.Option(help="Why, for the record")] = None,
    on: OnOption = None,
    by: ByOption = None,
    role: RoleOption = PersonRole.improvement_team,
) -> None:
    """Rate an action, move its review date or change its owner."""
    change = {
        "type": "update_action",
        "ref": ref,
        "rag": rag,
        "review_on": review_on.date() if review_on else None,
        "owner": owner,
        "note": note,
    }
    _submit(intervention_id, [_change(change)], on, by, role)


@plan_app.command("complete")
def complete_action(
    intervention_id: IdArgument,
    ref: RefArgument,
    note: Annotated[str | None, typer.Option(help="What was done")] = None,
    on: OnOption = None,
    by: ByOption = None,
    role: RoleOption = PersonRole.improvement_team,
) -> None:
    """Record an action as completed; on time if `--on` is by its review date."""
    change = {"type": "complete_action", "ref": ref, "note": note}
    _submit(intervention_id, [_change(change)], on, by, role)


def _change(data: Mapping[str, object]) -> PlanChange:
    try:
        return PLAN_CHANGE.validate_python(data)
    except ValidationError as error:
        raise fail(validation_message(error)) from None


@plan_app.command("show")
def show(intervention_id: IdArgument, as_json: JsonFlag = False) -> None:
    """Plan progress by theme and phase, and actions past their review date."""
    config = settings()
    today = london_date(datetime.now(UTC))

    async def go() -> PlanProgress | None:
        async with open_store(config) as store:
            return (await intervention_status(store, intervention_id, today=today)).plan

    plan = run(go)
    if plan is None:
        raise fail(
            f"{intervention_id} has no improvement plan yet; "
            "`intervention plan import ID FILE.csv` adds one"
        )
    if as_json:
        print_json(plan)
        return
    console.print(render.plan_tables(plan))
