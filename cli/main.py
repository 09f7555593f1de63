"""`intervention`: the command line for improvement teams and managers."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from pydantic import ValidationError
from rich.markup import escape

from application.interventions import import_intervention, open_intervention, record_milestone
from application.logging import configure_logging
from application.portfolio_entries import portfolio_entry
from application.process_exit import exit_now
from application.scenario import detail_value
from application.text_files import NotTextError, read_text
from cli import render
from cli.context import (
    console,
    fail,
    open_store,
    run,
    settings,
    temporal,
)
from cli.export_commands import export_app
from cli.feed_commands import feed_app
from cli.local_commands import simulate, up
from cli.options import (
    ByOption,
    DateOption,
    Graded,
    IdArgument,
    JsonFlag,
    LedBy,
    PersonRole,
    RoleOption,
    actor_from,
    day_option,
    parse_report,
    print_json,
    validation_message,
)
from cli.plan_commands import plan_app
from cli.regime_commands import regime_app
from cli.report_command import report
from cli.store_commands import rebuild, verify
from domain.calendar import london_date
from domain.commands import Detail, OpenIntervention, RecordMilestone
from domain.errors import DomainError
from domain.explain import Explanation
from domain.regimes import REGIMES, get_regime
from domain.schedule import schedule as regime_schedule
from domain.standing import Track
from domain.state import Stage
from domain.values import CONTACTS, Contact, ContactLists, Inspection
from domain.views import StatusView
from eventstore.queries import (
    PortfolioScope,
    explanations,
    intervention_status,
    portfolio,
)

app = typer.Typer(
    name="intervention",
    help="Run statutory interventions in children's services: deadlines, reminders and "
    "escalations on durable workflows, every fact in an append-only event store.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _configure() -> None:
    # Commands print their own output on stdout; logs go to stderr and only when something is
    # wrong. `intervention up` raises the level to show the worker at work.
    configure_logging("WARNING", "console", core_logs=False)


# --- pure ------------------------------------------------------------------------------------


@app.command()
def schedule(
    published: DateOption,
    received: Annotated[
        datetime | None,
        day_option(help="Report received (default: assumed by the regime's rule)"),
    ] = None,
    issued: Annotated[
        datetime | None,
        day_option(help="Notice or direction issued, to project its deadlines"),
    ] = None,
    regime: Annotated[str, typer.Option(help=f"One of: {', '.join(REGIMES)}")] = "ilacs",
    regime_version: Annotated[
        int | None, typer.Option(help="A version of the regime (default: the current one)")
    ] = None,
    judgement: Annotated[
        str | None,
        typer.Option(
            metavar="GRADE|KIND",
            help="The report's judgement, or a report with no grade by its kind (focused_visit, "
            "jtai; area_send, send_revisit) (default: inadequate; area_send under send)",
        ),
    ] = None,
    explain_dates: Annotated[
        bool, typer.Option("--explain", help="Show how each date is worked out")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """The regime's due dates for a report: pure computation, no server needed."""
    try:
        rules = get_regime(regime, regime_version)
        result = regime_schedule(
            rules,
            published.date(),
            received.date() if received else None,
            issued.date() if issued else None,
            parse_report(judgement) if judgement else None,
            explained=explain_dates,
        )
    except DomainError as error:
        raise fail(str(error)) from None
    except ValidationError as error:
        raise fail(validation_message(error)) from None
    if as_json:
        print_json(result)
        return
    if explain_dates:
        render.show_explanations(console, result.explanations)
        return
    receipt = f"report received {result.received_on}" + (
        " (assumed: give --received)" if result.received_assumed else ""
    )
    title = f"{rules.title} ({rules.key})\npublished {result.published_on}, {receipt}"
    console.print(render.schedule_view(console, title, result.deadlines))
    if any(d.assumed for d in result.deadlines):
        console.print(
            "[dim]* counted from an assumed receipt; it moves when the real date is given.[/]"
        )
    if any(d.flagged_from for d in result.deadlines):
        console.print(
            "[dim]flagged: what others are expected to do is not escalated; it is flagged "
            "overdue that day if nothing is recorded by then.[/]"
        )
    if issued is None:
        console.print(
            "[dim]Deadlines counted from the notice or direction appear with --issued DATE.[/]"
        )


# --- writing ---------------------------------------------------------------------------------


def _load_contacts(path: Path | None) -> dict[str, list[Contact]]:
    if path is None:
        return {}
    try:
        raw = yaml.safe_load(read_text(path, "--contacts")) or {}
        if not isinstance(raw, dict):
            raise fail(
                f"--contacts {path}: it lists people by recipient role, each role with a list "
                "of people, e.g. director: [{name: Dana Director, email: dana@example.gov.uk}]"
            )
        return CONTACTS.validate_python(raw)
    except NotTextError as error:
        raise fail(str(error)) from None
    except yaml.YAMLError as error:
        raise fail(f"--contacts {path}: {error}") from None
    except ValidationError as error:
        raise fail(f"--contacts {path}: {validation_message(error, shape=ContactLists)}") from None


@app.command()
def start(
    authority: Annotated[str, typer.Option(help="The council, e.g. 'Example Borough Council'")],
    published: DateOption,
    received: Annotated[datetime | None, day_option()] = None,
    inspection_start: Annotated[datetime | None, day_option()] = None,
    inspection_end: Annotated[datetime | None, day_option()] = None,
    judgement: Annotated[
        LedBy,
        typer.Option(
            help="What led to it: the inspection's overall grade, a visit's letter, or an area "
            "SEND inspection's report"
        ),
    ] = LedBy.inadequate,
    kind: Annotated[
        Graded,
        typer.Option(
            help="What gave the grade: an inspection; Ofsted's annual assessment (to 2012) or a "
            "joint area review (2005 to 2009), which owe no statement of action"
        ),
    ] = Graded.inspection,
    priority_action: Annotated[
        list[str] | None,
        typer.Option(help="An area for priority action the letter or report names; repeatable"),
    ] = None,
    contacts: Annotated[
        Path | None,
        typer.Option(help="YAML: recipient role -> list of {name, email, webhook, teams}"),
    ] = None,
    regime: Annotated[
        str,
        typer.Option(help=f"The rules it runs under, one of: {', '.join(REGIMES)}; send for SEND"),
    ] = "ilacs",
    by: ByOption = None,
    role: RoleOption = PersonRole.improvement_team,
    as_json: JsonFlag = False,
) -> None:
    """Open an intervention on what led to it.

    An inspection of any grade, or a focused visit or JTAI whose letter names priority actions;
    Ofsted's annual assessment before 2012 or a joint area review (--kind); under --regime send, an
    area SEND inspection (--judgement area_send) and its priority actions.
    """
    config = settings()
    try:
        command = OpenIntervention(
            authority=authority,
            inspection=Inspection(
                started_on=inspection_start.date() if inspection_start else None,
                ended_on=inspection_end.date() if inspection_end else None,
                published_on=published.date(),
                received_on=received.date() if received else None,
                judgement=judgement.value,
                kind=kind.value,
                priority_actions=priority_action or [],
            ),
            contacts=_load_contacts(contacts),
            regime=regime,
            actor=actor_from(by, role),
        )
    except ValidationError as error:
        raise fail(
            validation_message(
                error,
                {
                    "authority": "--authority",
                    "inspection": "inspection dates",
                    "inspection.published_on": "--published",
                },
            )
        ) from None

    async def go() -> Any:
        client = await temporal(config)
        async with open_store(config) as store:
            return await open_intervention(client, store, command, config.task_queue)

    status = run(go)
    if as_json:
        print_json(status)
        return
    console.print(f"[green]Opened[/] {status.intervention_id}")
    render.show_status(console, status, london_date(datetime.now(UTC)))


def _details(pairs: list[str]) -> dict[str, Detail]:
    """`--set key=value` pairs; a value in brackets or braces is a YAML list or mapping, as
    a notice's conditions: `--set 'conditions=[{name: x, title: ..., every_months: 3}]'`
    (or `every_weeks: 6`)."""
    details: dict[str, Detail] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise fail(f"--set {pair!r}: write it as key=value, e.g. --set judgement=good")
        if key in details:
            # The last one would silently win: say which was meant instead.
            raise fail(f"--set {key} is given twice; give each field once (a list: {key}=[a, b])")
        if value[:1] in ("[", "{"):
            try:
                details[key] = detail_value(yaml.safe_load(value))
            except yaml.YAMLError as error:
                raise fail(f"--set {key}: not a YAML list or mapping: {error}") from None
        else:
            details[key] = value
    return details


@app.command("import")
def import_(
    scenario: Annotated[
        Path,
        typer.Argument(metavar="FILE.yaml", help="The intervention and its past, as a scenario"),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Bring in an intervention already under way, with its past.

    Its past facts are recorded in date order and
    its past deadlines judged against them, with the escalations they would have had kept as
    history; nothing is sent for the past, and the clock runs from today. A step the rules
    refuse stops the import, which then leaves nothing behind."""
    from application.scenario import load_scenario

    config = settings()

    async def go() -> Any:
        loaded = load_scenario(scenario)
        client = await temporal(config)
        async with open_store(config) as store:
            with console.status(f"Importing {len(loaded.steps)} facts of {loaded.authority}…"):
                return await import_intervention(client, store, loaded, config.task_queue)

    status = run(go)
    if as_json:
        print_json(status)
        return
    console.print(
        f"[green]Imported[/] {status.intervention_id}: {len(status.events)} events from its "
        "past, nothing sent for it; the clock runs from today."
    )
    render.show_status(console, status, london_date(datetime.now(UTC)))


@app.command()
def record(
    intervention_id: IdArgument,
    milestone: Annotated[str, typer.Argument(help="e.g. statement_of_action_submitted")],
    on: Annotated[
        datetime,
        day_option("--on", help="When it took effect"),
    ],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Milestone field as key=value; repeatable")
    ] = None,
    by: ByOption = None,
    role: RoleOption = PersonRole.improvement_team,
    as_json: JsonFlag = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="Close without asking (intervention_closed)")
    ] = False,
) -> None:
    """Record a milestone; exits non-zero with the reason when it is rejected."""
    config = settings()
    # The one record with no way back: asked at a terminal, never in a script.
    asked = milestone == "intervention_closed" and not yes and sys.stdin.isatty()
    if asked and not typer.confirm(
        f"Closing {intervention_id} withdraws its open deadlines, and nothing can be "
        "recorded on it after. Close it?",
        default=False,
    ):
        raise fail("nothing recorded: the intervention stays open")
    try:
        command = RecordMilestone(
            milestone=milestone,
            effective_on=on.date(),
            actor=actor_from(by, role),
            details=_details(set_ or []),
        )
    except ValidationError as error:
        raise fail(validation_message(error)) from None

    async def go() -> Any:
        return await record_milestone(await temporal(config), intervention_id, command)

    result = run(go)
    if as_json:
        print_json(result)
        return
    console.print(
        f"[green]Recorded[/] {escape(milestone)} for {escape(intervention_id)} "
        f"(version {result.version})"
    )
    render.show_summary(console, result.summary)


# --- reading ---------------------------------------------------------------------------------


def _stored_status(intervention_id: str) -> StatusView:
    config = settings()

    async def go() -> StatusView:
        async with open_store(config) as store:
            return await intervention_status(
                store, intervention_id, today=london_date(datetime.now(UTC))
            )

    return run(go)


@app.command()
def status(intervention_id: IdArgument, as_json: JsonFlag = False) -> None:
    """An intervention's stage, deadlines and escalations, from the event store."""
    view = _stored_status(intervention_id)
    if as_json:
        print_json(view)
        return
    render.show_status(console, view, london_date(datetime.now(UTC)))


@app.command("list")
def list_(
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only those with a deadline overdue")
    ] = False,
    unconfirmed: Annotated[
        bool,
        typer.Option(
            "--unconfirmed",
            help="Only open ones with a report whose day of receipt is assumed, not given",
        ),
    ] = False,
    stage: Annotated[Stage | None, typer.Option(help="Only those at this stage")] = None,
    track: Annotated[Track | None, typer.Option(help="Only those on this track")] = None,
    authority: Annotated[
        str | None, typer.Option(help="Only those whose authority's name holds this, any case")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Every intervention, its next deadline and what is overdue; the filters are the
    dashboard's and the API's."""
    config = settings()
    today = london_date(datetime.now(UTC))
    scope = PortfolioScope(
        overdue_only=overdue,
        unconfirmed_only=unconfirmed,
        stage=stage,
        track=track,
        authority=authority or None,
    )

    async def go() -> Any:
        async with open_store(config) as store:
            return await portfolio(store.pool, today, scope)

    rows = run(go)
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    if not rows:
        which = [
            *([f"at stage {stage.value}"] if stage else []),
            *([f"on the {track.value} track"] if track else []),
            *([f"of an authority named like {authority!r}"] if authority else []),
            *(["with anything overdue"] if overdue else []),
            *(["with a day of receipt to confirm"] if unconfirmed else []),
        ]
        console.print(
            "No interventions" + (f" {', '.join(which)}." if which else " yet."), highlight=False
        )
        return
    entries = [portfolio_entry(row, today) for row in rows]
    console.print(render.portfolio_view(console, entries, today))


@app.command()
def events(intervention_id: IdArgument, as_json: JsonFlag = False) -> None:
    """Every event recorded for an intervention, in order."""
    view = _stored_status(intervention_id)
    if as_json:
        print_json([event.model_dump(mode="json") for event in view.events])
        return
    console.print(render.events_view(console, view.events))


@app.command()
def explain(
    intervention_id: IdArgument,
    deadline: Annotated[
        str | None,
        typer.Argument(
            metavar="[DEADLINE]",
            help="e.g. statement_of_action, monitoring_visit:3, statement_of_action:2@2 "
            '(occurrence 2 of cycle 2), or as the status shows it, "monitoring visit 3"; '
            "every deadline when left out",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Why each date of an intervention is what it is.

    The fact it counts from, the rule and its source, the arithmetic, the reminder and
    escalation dates, and what would meet it. For a report's dates with no intervention open
    (and no server), `intervention schedule --published DAY --explain`."""
    config = settings()

    async def go() -> list[Explanation]:
        async with open_store(config) as store:
            return await explanations(store, intervention_id, deadline)

    found = run(go)
    if as_json:
        print_json([item.model_dump(mode="json") for item in found])
        return
    render.show_explanations(console, found)


app.command()(verify)
app.command()(rebuild)
app.command()(simulate)
app.command()(up)
app.command()(report)
app.add_typer(plan_app)
app.add_typer(export_app)
app.add_typer(feed_app)
app.add_typer(regime_app)


def main() -> None:
    """Entry point of the `intervention` command."""
    code: int = 0
    try:
        app()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (1 if exit_.code else 0)
    exit_now(code)


if __name__ == "__main__":
    main()
