"""A portfolio row as people read it: the next deadline's title, the working days left, and
red/amber/green; for the dashboard, the API and the workbook."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from domain.regimes import get_regime
from domain.views import working_days_left
from eventstore.queries import PortfolioRow

Rag = Literal["red", "amber", "green"]


class PortfolioEntry(PortfolioRow):
    next_title: str | None
    working_days_left: int | None
    rag: Rag | None = Field(description="None once the intervention is closed")


def deadline_title(row: PortfolioRow) -> str | None:
    """The rule's own title ("DfE decision: …"); the projection keeps only the rule's name.
    A condition of a notice or direction goes by its name."""
    if row.next_milestone is None:
        return None
    rule = get_regime(row.regime, row.regime_version).rule(row.next_milestone)
    return rule.title if rule is not None else row.next_milestone.replace("_", " ")


def amber_within(row: PortfolioRow) -> int:
    """Amber from the day the reminder goes out: the regime's reminder rung."""
    reminder = get_regime(row.regime, row.regime_version).reminder
    return -reminder.working_days_from_due if reminder else 0


def rag(row: PortfolioRow, left: int | None) -> Rag | None:
    if row.status != "open":
        return None
    if row.overdue or (left is not None and left < 0):
        return "red"
    if left is not None and left <= amber_within(row):
        return "amber"
    return "green"


def portfolio_entry(row: PortfolioRow, today: date) -> PortfolioEntry:
    left = working_days_left(row.next_due, today) if row.next_due else None
    return PortfolioEntry(
        **row.model_dump(),
        next_title=deadline_title(row),
        working_days_left=left,
        rag=rag(row, left),
    )
