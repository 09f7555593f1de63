"""What the tests of real councils' histories read from a simulation's result."""

from __future__ import annotations

from datetime import date

from application.scenario import parse_scenario
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
