"""`intervention simulate` and `intervention up`: scenarios run on the time-skipping server, and
the local stack started."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from application.interventions import open_intervention
from application.logging import configure_logging
from cli import render
from cli.context import CommandError, console, fail, open_store, progress_bar, run, settings
from cli.options import JsonFlag, print_json
from domain.calendar import add_working_days, london_date
from domain.commands import OpenIntervention
from domain.values import Actor, Inspection, Role
from eventstore.queries import portfolio


@contextmanager
def refused_against(path: Path) -> Iterator[None]:
    """A scenario's step the rules refuse, said in one line against its file."""
    from application.simulation import ScenarioStepError

    try:
        yield
    except ScenarioStepError as error:
        raise CommandError(f"{path} {error}") from None


def simulate(
    scenarios: Annotated[
        list[Path],
        typer.Argument(help="Scenario YAML files, e.g. examples/notice-track.yaml", min=1),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Run scenarios through the real workflow and print their timelines.

    Each runs on the time-skipping server and a scratch database of its own. Every file is
    checked before any runs."""
    from application.scenario import load_scenario
    from application.simulation import scratch_database, server_url
    from application.simulation import simulate as run_simulation
    from eventstore.database import database_url

    config = settings()

    async def go() -> list[Any]:
        loaded = [(path, load_scenario(path)) for path in scenarios]
        server = server_url(config.database_url or database_url(config.data_dir))
        results = []
        with progress_bar() as bar:
            files = bar.add_task("Scenarios", total=len(loaded)) if len(loaded) > 1 else None
            for path, scenario in loaded:
                steps = bar.add_task(path.name, total=len(scenario.steps))

                def on_step(
                    number: int, step: Any, task: Any = steps, name: str = path.name
                ) -> None:
                    bar.update(
                        task, completed=number, description=f"{name}: {step.on} {step.record}"
                    )

                async with scratch_database(server) as url:
                    with refused_against(path):
                        simulated = await run_simulation(scenario, url, on_step)
                        results.append((scenario.last_day, simulated))
                bar.remove_task(steps)
                if files is not None:
                    bar.advance(files)
        return results

    results = run(go)
    if as_json:
        # One scenario prints its status, as it always has; several print a list of them.
        print_json(
            results[0][1].status
            if len(results) == 1
            else [r.status.model_dump(mode="json") for _, r in results]
        )
        return
    for path, (as_of, result) in zip(scenarios, results, strict=True):
        if len(results) > 1:
            console.rule(str(path))
        render.show_simulation(console, result.status, result.notifications, as_of)


def up(
    example: Annotated[
        bool, typer.Option("--example/--no-example", help="Open an example intervention")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Show the libraries' own log lines here, not only in the file"
        ),
    ] = False,
) -> None:
    """Start the local stack: Temporal, PostgreSQL, a worker, the dashboard and the API.

    The Temporal dev server and embedded PostgreSQL keep their data under the data directory.

    Ctrl-C stops it all."""

    from application.digest_schedule import DIGEST_SCHEDULE_ID
    from cli.context import default_person
    from workers.stack import StackConfigError, StackError, local_stack, run_local_stack

    config = settings()
    configure_logging(
        config.log_level,
        "console",
        metrics_address=config.metrics_address,
        library_log=config.library_log,
        verbose=verbose,
    )
    host = config.temporal_address.rpartition(":")[0] or "localhost"
    try:
        local = local_stack(config, default_person())
    except StackConfigError as error:
        raise fail(str(error), code=2) from None

    async def ready(client: Any) -> None:
        console.print(
            f"[bold green]Ready.[/] Temporal at {config.temporal_address}, "
            f"Web UI: [link]http://{host}:{config.web_ui_port}[/link]\n"
            f"Dashboard and API: [link]{local.dashboard}[/link], "
            f"your token (kept in {config.data_dir}):\n[bold]{local.token}[/]\n"
            f"Data in {config.data_dir}. In another terminal: [bold]intervention list[/]. "
            "Ctrl-C stops everything.",
            # Not broken at the terminal's width: the token is copied whole from its line.
            soft_wrap=True,
        )
        console.print(
            f"Notifications: {config.notifier} (INTERVENTION_NOTIFIER). Weekly digest: Mondays "
            f"{config.digest_time} London, schedule [bold]{DIGEST_SCHEDULE_ID}[/] in the Web UI.\n"
            f"Libraries' own logs: {config.library_log}"
            + ("" if verbose else " (--verbose shows them here).")
        )
        if config.metrics_address:
            console.print(f"Worker metrics: http://{config.metrics_address}/metrics")
        if example:
            await _open_example(client, config)

    try:
        run(lambda: run_local_stack(config, local, ready))
    except StackError as error:
        raise fail(str(error)) from None
    console.print("Stopped.")


async def _open_example(client: Any, config: Any) -> None:
    today = london_date(datetime.now(UTC))
    # A judgement published four weeks ago, so the deadlines are live and one is near.
    published = add_working_days(today, -20)
    command = OpenIntervention(
        authority="Example Borough Council",
        inspection=Inspection(
            started_on=published - timedelta(days=45),
            ended_on=published - timedelta(days=35),
            published_on=published,
            received_on=add_working_days(published, -3),
        ),
        actor=Actor(name="Example Improvement Team", role=Role.IMPROVEMENT_TEAM),
    )
    async with open_store(config) as store:
        existing = await portfolio(store.pool, today)
        if any(row.authority == command.authority and row.status == "open" for row in existing):
            console.print("The example intervention is already open.")
            return
        view = await open_intervention(client, store, command, config.task_queue)
    console.print(f"Opened the example intervention [bold]{view.intervention_id}[/]")
