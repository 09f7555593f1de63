"""What the tests of real councils' histories read from a simulation's result."""

from __future__ import annotations

from datetime import date

from application.scenario import Scenario, Step, parse_scenario
from application.simulation import SimulationResult, simulate
from domain.views import DeadlineView


async def simulated(text: str, database_url: str, version: int | None = None) -> SimulationResult:
    """The scenario under the current rules, or under `version` as an intervention of its own
    (its name says which) beside it in the same store."""
    if version is not None:
        text = f"regime_version: {version}\n" + text.replace(
            "authority: ", f"authority: Version {version}, ", 1
        )
    return await simulate(parse_scenario(text), database_url)


def each_day_reversed(text: str) -> Scenario:
    """The scenario with the records of each day in the opposite order, as an intervention of
    its own (its name says so) beside the one recorded as written."""
    scenario = parse_scenario(text)
    days: dict[date, list[Step]] = {}
    for step in scenario.steps:
        days.setdefault(step.on, []).append(step)
    steps = [step for day in days.values() for step in reversed(day)]
    authority = f"{scenario.authority}, each day reversed"
    return scenario.model_copy(update={"steps": steps, "authority": authority})


def outcome(result: SimulationResult) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What an improvement team acts on: each deadline still standing (milestone, number, due,
    status, day met), and each alert raised (type, milestone, number, day)."""
    standing = sorted(
        (d.milestone, d.number or 0, d.due, d.status, d.met_on or date.min)
        for d in result.status.deadlines
        if d.status != "withdrawn"
    )
    alerts = sorted(
        (e.type, e.data["milestone"], e.data["number"] or 0, e.effective_on)
        for e in result.status.events
        if e.type in ("MilestoneOverdue", "DeadlineMissed", "EscalationRaised")
    )
    return standing, alerts


def flags(result: SimulationResult, milestone: str) -> list[tuple[int | None, date]]:
    """Each overdue alert for `milestone`: (occurrence, day raised)."""
    return [
        (e.data["number"], e.effective_on)
        for e in result.status.events
        if e.type in ("MilestoneOverdue", "DeadlineMissed") and e.data["milestone"] == milestone
    ]


def deadline(result: SimulationResult, milestone: str, number: int | None = None) -> DeadlineView:
    """The occurrence `number` of `milestone`: the one not withdrawn, if there is one."""
    [found] = [
        d
        for d in result.status.deadlines
        if d.milestone == milestone and d.number == number and d.status != "withdrawn"
    ] or [d for d in result.status.deadlines if d.milestone == milestone and d.number == number]
    return found
