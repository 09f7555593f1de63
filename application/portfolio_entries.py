"""A portfolio row as people read it: the next deadline's title, the working days left, and
red/amber/green; for the dashboard, the API and the workbook."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from domain.regime import REGIMES
from domain.views import working_days_left
from eventstore.queries import PortfolioRow

# Amber from the day the reminder goes out: the ladder's first rung is 10 working days before.
AMBER_WITHIN_WORKING_DAYS = 10
Rag = Literal["red", "amber", "green"]


class PortfolioEntry(PortfolioRow):
    next_title: str | None
    working_days_left: int | None
    rag: Rag | None = Field(description="None once the intervention is closed")


def deadline_title(milestone: str) -> str:
    """The rule's own title ("DfE decision: …"); the projection keeps only the rule's name."""
    for regime in REGIMES.values():
        rule = regime.rule(milestone)
        if rule is not None:
            return rule.title
    return milestone.replace("_", " ")


def rag(row: PortfolioRow, left: int | None) -> Rag | None:
    if row.status != "open":
        return None
    if row.overdue or (left is not None and left < 0):
        return "red"
    if left is not None and left <= AMBER_WITHIN_WORKING_DAYS:
        return "amber"
    return "green"


def portfolio_entry(row: PortfolioRow, today: date) -> PortfolioEntry:
    left = working_days_left(row.next_due, today) if row.next_due else None
    return PortfolioEntry(
        **row.model_dump(),
        next_title=deadline_title(row.next_milestone) if row.next_milestone else None,
        working_days_left=left,
        rag=rag(row, left),
    )
