"""Realistic event streams, decided by the domain exactly as the workflow would decide them.

A scenario file is played against the pure domain: the clock ticks at every alarm before each
step, as the workflow's timer would, and each step is decided like the `record` Update. That
gives the same events the engine writes in production, without a server. Deciding is slow next
to writing, so large data sets reuse a few decided streams under other authorities' names: only
`InterventionOpened` names its intervention, so a stream is another intervention's by swapping
that one event.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from application.scenario import Scenario, load_scenario
from application.simulation import STEP_TIME
from domain.calendar import LONDON
from domain.clock import next_alarm, tick
from domain.commands import RecordMilestone
from domain.events import Event, InterventionOpened
from domain.identity import intervention_id
from domain.intervention import apply_all, decide, decide_open
from domain.plan import ChangePlan
from domain.planning import decide_plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# The example scenarios that hold no plan file: their streams are the shapes the data sets use.
SHAPES = ("notice-track.yaml", "direction-track.yaml", "new-cycle.yaml")


def notice_track() -> Scenario:
    return load_scenario(EXAMPLES / "notice-track.yaml")


def decided_events(scenario: Scenario, stop_after: int | None = None) -> list[Event]:
    """The scenario's stream, through step `stop_after` (all steps when None)."""
    now = datetime.combine(scenario.inspection.published_on, STEP_TIME, tzinfo=LONDON)
    events = decide_open(scenario.opening, now)
    state = apply_all(events)
    steps = scenario.steps if stop_after is None else scenario.steps[:stop_after]
    for step in steps:
        until = datetime.combine(scenario.recorded_on(step), STEP_TIME, tzinfo=LONDON)
        while (alarm := next_alarm(state, now)) is not None and alarm <= until:
            # The workflow wakes at least a second after it last looked: so does this clock.
            now = max(alarm, now + timedelta(seconds=1))
            due = tick(state, now)
            events += due
            state = apply_all(due, state)
        now = until
        on = step.effective_on or step.on
        decided = (
            decide(
                state,
                RecordMilestone(
                    milestone=step.record, effective_on=on, actor=step.by, details=step.details
                ),
                now,
            )
            if step.record
            else decide_plan(
                state, ChangePlan(changes=step.plan, effective_on=on, actor=step.by), now
            )
        )
        events += decided
        state = apply_all(decided, state)
    return events


def shapes() -> list[list[Event]]:
    """Every prefix of every example stream that ends on a step: interventions at each stage."""
    found = []
    for name in SHAPES:
        scenario = load_scenario(EXAMPLES / name)
        for stop_after in range(len(scenario.steps) + 1):
            found.append(decided_events(scenario, stop_after))
    return found


def renamed(events: list[Event], authority: str) -> tuple[str, list[Event]]:
    """The same stream as another authority's intervention: its id and its events."""
    opened = events[0]
    assert isinstance(opened, InterventionOpened)
    stream_id = intervention_id(authority, opened.inspection.published_on)
    first = opened.model_copy(update={"authority": authority, "intervention_id": stream_id})
    return stream_id, [first, *events[1:]]


@dataclass(frozen=True)
class Portfolio:
    """Which shape each of `streams` interventions takes, adding up to `events` events."""

    streams: int
    events: int

    def plan(self, shapes: list[list[Event]]) -> Iterator[tuple[str, list[Event]]]:
        """Streams whose lengths add up to `events` as nearly as the shapes allow.

        Each stream takes a shape whose length is near the average still needed (within eight
        events of the nearest), turning through those, so every stage of every track shows.
        """
        remaining = self.events
        for number in range(self.streams):
            wanted = remaining / (self.streams - number)
            best = min(abs(len(shape) - wanted) for shape in shapes)
            fits = [s for s in shapes if abs(len(s) - wanted) <= best + 8]
            shape = fits[number % len(fits)]
            remaining -= len(shape)
            yield renamed(shape, f"Bench Council {number:06d}")
