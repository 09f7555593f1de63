"""`intervention feed …`: each person's secret calendar feed URL, issued and revoked."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import TypeAdapter, ValidationError
from rich.markup import escape

from application.feeds import FeedError, feed_people, feed_url, issue_feed_secret, revoke_feed
from cli.context import CommandError, console, fail, open_store, run, settings
from domain.plain_words import plainly
from domain.values import Name

feed_app = typer.Typer(
    name="feed",
    help="Calendar feeds: a secret URL per person for Outlook or Google Calendar to subscribe to.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

PersonArgument = Annotated[
    str, typer.Argument(metavar="PERSON", help="The person's name, as their API token names it")
]


NAME: TypeAdapter[str] = TypeAdapter(Name)


def _named(value: str, what: str) -> str:
    """`value` as a person's or an authority's name is kept: printable, not blank."""
    try:
        return NAME.validate_python(value)
    except ValidationError as error:
        raise fail(f"{what} {value!r} {plainly(error.errors()[0])}", code=2) from None


@feed_app.command("issue")
def issue(
    person: PersonArgument,
    authority: Annotated[
        list[str] | None,
        typer.Option(
            "--authority",
            metavar="NAME",
            help="An authority the person's organisation covers; repeatable",
        ),
    ] = None,
    dfe: Annotated[
        bool, typer.Option("--dfe", help="Every authority: the person is the DfE's")
    ] = False,
) -> None:
    """A new secret feed URL for PERSON; the one they had before stops working.

    The feed keeps the authorities of the person's organisation, as one the person makes
    through the API or the dashboard does: name each with `--authority`, or give `--dfe` for
    every authority."""
    if dfe == bool(authority):
        raise fail(
            "say whose deadlines the feed shows: --authority NAME for each authority the "
            "person's organisation covers, or --dfe for every authority"
            + (", not both" if dfe else ""),
            code=2,
        )
    name = _named(person, "PERSON")
    covered = None if dfe else tuple(_named(each, "--authority") for each in authority or ())
    config = settings()

    async def go() -> tuple[str, bool]:
        async with open_store(config) as store:
            replaced = name in await feed_people(store.pool)
            return await issue_feed_secret(store.pool, name, covered), replaced

    secret, replaced = run(go)
    url = feed_url(config.public_dashboard_url, secret)
    scope = "every authority" if covered is None else ", ".join(covered)
    said = f"Calendar feed for {name}, of {scope} (keep it like a password):"
    if replaced:
        said = f"The feed {name} had stops working now.\n{said}"
    console.print(said, markup=False, highlight=False)
    # Printed bare, so it can be copied whole however wide the terminal is.
    print(url)


@feed_app.command("revoke")
def revoke(person: PersonArgument) -> None:
    """Stop PERSON's feed URL."""
    config = settings()

    async def go() -> None:
        async with open_store(config) as store:
            try:
                await revoke_feed(store.pool, person)
            except FeedError as error:
                raise CommandError(str(error)) from None

    run(go)
    console.print(f"Revoked the calendar feed of {escape(person)}.")


@feed_app.command("list")
def list_feeds() -> None:
    """Who has a calendar feed."""
    config = settings()

    async def go() -> list[str]:
        async with open_store(config) as store:
            return await feed_people(store.pool)

    people = run(go)
    console.print(escape("\n".join(people)) if people else "No one has a calendar feed.")
