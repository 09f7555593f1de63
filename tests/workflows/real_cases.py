"""What the tests of real councils' histories read from a simulation's result."""

from __future__ import annotations

from datetime import date

from application.simulation import SimulationResult


def flags(result: SimulationResult, milestone: str) -> list[tuple[int | None, date]]:
    """Each overdue alert for `milestone`: (occurrence, day raised)."""
    return [
        (e.data["number"], e.effective_on)
        for e in result.status.events
        if e.type in ("MilestoneOverdue", "DeadlineMissed") and e.data["milestone"] == milestone
    ]
