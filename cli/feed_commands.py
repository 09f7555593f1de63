"""`intervention feed …`: each person's secret calendar feed URL, issued and revoked."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from application.feeds import FeedError, feed_people, feed_url, issue_feed_secret, revoke_feed
from cli.context import CommandError, console, open_store, run, settings

feed_app = typer.Typer(
    name="feed",
    help="Calendar feeds: a secret URL per person for Outlook or Google Calendar to subscribe to.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

PersonArgument = Annotated[
    str, typer.Argument(metavar="PERSON", help="The person's name, as their API token names it")
]


@feed_app.command("issue")
def issue(person: PersonArgument) -> None:
    """A new secret feed URL for PERSON; the one they had before stops working."""
    config = settings()

    async def go() -> str:
        async with open_store(config) as store:
            return await issue_feed_secret(store.pool, person)

    secret = run(go)
    url = feed_url(config.public_dashboard_url, secret)
    console.print(f"Calendar feed for {escape(person)} (keep it like a password):")
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
