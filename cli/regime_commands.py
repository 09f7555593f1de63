"""`intervention regime show|diff|migrate`: the rules as data, what changed between versions,
and moving a running intervention to another version."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.table import Table

from application.interventions import migrate_regime
from cli import render
from cli.context import console, fail, run, settings, temporal
from cli.options import (
    ByOption,
    IdArgument,
    JsonFlag,
    PersonRole,
    RoleOption,
    actor_from,
    print_json,
    validation_message,
)
from domain.commands import MigrateRegime
from domain.errors import DomainError
from domain.regime import Regime
from domain.regime_diff import differences, in_its_own_words
from domain.regimes import REGIMES, get_regime

regime_app = typer.Typer(
    name="regime",
    help="The rules as versioned data: show a version, compare two, migrate an intervention.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

NameArgument = Annotated[str, typer.Argument(help=f"One of: {', '.join(REGIMES)}")]


def _regime(name: str, version: int | None) -> Regime:
    try:
        return get_regime(name, version)
    except DomainError as error:
        raise fail(str(error)) from None


@regime_app.command()
def show(
    name: NameArgument = "ilacs",
    version: Annotated[int | None, typer.Option(help="Default: the current version")] = None,
    as_json: JsonFlag = False,
) -> None:
    """A regime's rules, each with its source, its ladder, pauses and receipt rule."""
    regime = _regime(name, version)
    if as_json:
        print_json(regime.model_dump(mode="json", by_alias=True))
        return
    versions = ", ".join(str(v) for v in sorted(REGIMES[regime.name]))
    console.print(f"[bold]{regime.title}[/] ({regime.key}; versions {versions})")
    if regime.changes:
        # Its own change only: the text goes on with every earlier version's, which `diff`
        # gives between any two.
        console.print(in_its_own_words(regime), highlight=False)
        first = min(REGIMES[regime.name])
        if regime.version > first + 1:
            console.print(
                f"What each earlier version changed: intervention regime diff {regime.name} "
                f"{first} {regime.version}",
                highlight=False,
            )
    table = Table(title="Deadlines", title_justify="left")
    for column in ("Rule", "Kind", "Owner", "Due", "Met by", "Source"):
        table.add_column(column)
    for rule in regime.milestones:
        met_by = [*rule.met_by, *(f"{m} (once decided)" for m in rule.met_once_decided_by)]
        table.add_row(
            rule.name, rule.kind.value, rule.owner.value, rule.describe(), ", ".join(met_by),
            rule.source,
        )  # fmt: skip
    console.print(table)
    ladder = ", ".join(
        f"{rung.name.replace('_', ' ')} {rung.working_days_from_due:+d} working days to "
        + ", ".join(to.value for to in rung.to)
        for rung in regime.ladder
    )
    console.print(f"Escalation: {ladder}")
    console.print(f"A report is judged: {', '.join(regime.judged_as)}")
    for pause in regime.pauses:
        console.print(f"Pause: {pause.title}, {pause.from_} to {pause.until} ({pause.source})")
    if regime.receipt:
        before = regime.receipt.working_days_before_publication
        console.print(
            f"Receipt not given: assumed {before} working days before publication "
            f"({regime.receipt.source})"
        )


@regime_app.command()
def diff(
    name: NameArgument,
    old: Annotated[int, typer.Argument(metavar="FROM", help="The earlier version")],
    new: Annotated[int, typer.Argument(metavar="TO", help="The later version")],
    as_json: JsonFlag = False,
) -> None:
    """What changed between two versions, rule by rule, and each later version's own account
    of what it changed and why, with its sources."""
    lines = differences(_regime(name, old), _regime(name, new))
    versions = range(min(old, new) + 1, max(old, new) + 1)
    words = [{"version": v, "changes": in_its_own_words(_regime(name, v))} for v in versions]
    if as_json:
        print_json({"differences": lines, "versions": words})
        return
    for line in lines or ["no differences"]:
        console.print(f"  {line}", highlight=False)
    for version in reversed(words):
        console.print()
        console.print(version["changes"], highlight=False)


@regime_app.command()
def migrate(
    intervention_id: IdArgument,
    to: Annotated[int, typer.Option("--to", help="The version to move to")],
    by: ByOption = None,
    role: RoleOption = PersonRole.manager,
    as_json: JsonFlag = False,
) -> None:
    """Move a running intervention to another version of its regime.

    Its open deadlines are counted again under the new rules, by events that name what moved.
    """
    config = settings()
    try:
        command = MigrateRegime(to_version=to, actor=actor_from(by, role))
    except ValidationError as error:
        raise fail(validation_message(error)) from None

    async def go() -> Any:
        return await migrate_regime(await temporal(config), intervention_id, command)

    result = run(go)
    if as_json:
        print_json(result)
        return
    console.print(f"[green]Migrated[/] {intervention_id} (version {result.version})")
    render.show_summary(console, result.summary)
