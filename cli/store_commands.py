"""`intervention verify` and `intervention rebuild`: the log's hash chains checked, and the read
models made again from it."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from application.connections import application_urls
from cli.context import console, errors, open_store, progress_bar, run, settings
from cli.options import JsonFlag, print_json
from domain.plain_words import counted
from eventstore.queries import not_found
from eventstore.rebuild import rebuild as rebuild_projections
from eventstore.verify import verify as verify_chains


def verify(
    intervention_id: Annotated[str | None, typer.Argument(metavar="[ID]")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Recompute the hash chains; names the first broken event of each stream."""
    config = settings()

    async def go() -> Any:
        async with open_store(config) as store:
            verified = await verify_chains(store.pool, intervention_id)
        if intervention_id is not None and verified.ok and not verified.streams:
            # Nothing to verify is not a verified chain: a mistyped id must not read as "OK".
            raise not_found(intervention_id)
        return verified

    result = run(go)
    if as_json:
        print_json({**result.model_dump(mode="json"), "ok": result.ok})
    elif result.ok:
        console.print(
            f"[green]OK[/]: {counted(result.events, 'event')} in "
            f"{counted(result.streams, 'stream')} verified"
        )
    else:
        for broken in result.broken:
            errors.print(
                f"[bold red]BROKEN[/] {broken.stream_id} version {broken.version}"
                + (
                    f" (position {broken.position}, event {broken.event_id})"
                    if broken.position
                    else ""
                )
                + f": {broken.reason}"
            )
    if not result.ok:
        raise typer.Exit(1)


def rebuild() -> None:
    """Recreate the read models (interventions, deadlines, escalations) from the log."""
    config = settings()

    async def go() -> Any:
        # Its URL too: a large log is folded by several processes, each with a connection.
        urls = application_urls(config)
        async with open_store(config, urls) as store:
            with progress_bar() as bar:
                task = bar.add_task("Rebuilding projections from the event log", total=None)

                def advance(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                return await rebuild_projections(store.pool, on_progress=advance, url=urls.url)

    result = run(go)
    rate = result.events / result.seconds if result.seconds else 0
    console.print(
        f"Rebuilt {counted(result.streams, 'intervention')} from "
        f"{counted(result.events, 'event')} "
        f"in {result.seconds:.2f} s ({rate:,.0f} events/s)"
    )
