"""Bringing in an intervention already under way, as `intervention import` does it on the dev
server: Worcestershire's three and a half years (examples/worcestershire-2017.yaml) with its
improvement board's monthly meetings, sixty facts in all, checked, decided and recorded, with
every past deadline judged against them.
"""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import date
from pathlib import Path

import asyncpg
from temporalio.client import Client

from activities.notifiers import LogNotifier
from application.interventions import import_intervention
from application.scenario import Scenario, Step, load_scenario
from application.worker import build_worker
from bench.report import Row, Target
from eventstore.store import EventStore

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "worcestershire-2017.yaml"
FACTS = 60
TARGET = Target("a three-year history of 60 facts imports in seconds", max_figure=10.0)


def sixty_facts(authority: str) -> Scenario:
    """The example's facts, and the board's monthly meetings from its first month, up to 60."""
    example = load_scenario(EXAMPLE)
    board = next(s.on for s in example.steps if s.record == "improvement_board_established")
    meetings = [
        Step(on=_month_after(board, months), record="board_meeting_held")
        for months in range(1, FACTS - len(example.steps) + 1)
    ]
    steps = sorted([*example.steps, *meetings], key=lambda step: step.on)
    return example.model_copy(update={"authority": authority, "steps": steps})


def _month_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


async def import_seconds(client: Client, pool: asyncpg.Pool, runs: int) -> Row:
    """The median of `runs` imports, each of a new council's sixty facts."""
    run = uuid.uuid4().hex[:6]
    task_queue = f"bench-import-{run}"
    store = EventStore(pool)
    seconds: list[float] = []
    events = 0
    async with build_worker(client, pool, LogNotifier(), task_queue):
        for number in range(runs):
            scenario = sixty_facts(f"Imported Council {run} {number}")
            started = time.perf_counter()
            status = await import_intervention(client, store, scenario, task_queue)
            seconds.append(time.perf_counter() - started)
            events = status.version
    figure = statistics.median(seconds)
    return Row.measured(
        "import a 3-year history (60 facts)",
        figure,
        "s",
        TARGET,
        detail=(
            f"median of {runs} imports, {FACTS} facts from {EXAMPLE.name} and monthly board "
            f"meetings, {events} events each; slowest {max(seconds):.2f} s"
        ),
    )
