"""The portfolio: every intervention with its next deadline, red/amber/green, filtered. Read from
the PostgreSQL projections on every request, so a recorded milestone shows on the next load."""

from __future__ import annotations

from datetime import date
from typing import Literal

import asyncpg
from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.regime import REGIMES
from domain.state import Stage, Track
from domain.views import working_days_left
from eventstore.queries import PortfolioRow, portfolio

# Amber from the day the reminder goes out: the ladder's first rung is 10 working days before.
AMBER_WITHIN_WORKING_DAYS = 10

Rag = Literal["red", "amber", "green"]


class PortfolioFilter(BaseModel):
    # A misspelt filter is refused, not silently ignored to show everything.
    model_config = ConfigDict(extra="forbid")

    overdue: bool = Field(default=False, description="Only those with a deadline overdue")
    stage: Stage | None = None
    track: Track | None = None
    authority: str | None = Field(
        default=None, max_length=200, description="Part of the authority's name, any case"
    )

    @field_validator("stage", "track", "authority", mode="before")
    @classmethod
    def _blank_is_any(cls, value: object) -> object:
        # An HTML form sends an empty string for "any".
        return None if value == "" else value


class PortfolioEntry(PortfolioRow):
    next_title: str | None
    working_days_left: int | None
    rag: Rag | None = Field(description="None once the intervention is closed")


class Portfolio(BaseModel):
    today: date
    interventions: list[PortfolioEntry]


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


def _wanted(row: PortfolioRow, filters: PortfolioFilter) -> bool:
    return (
        (filters.stage is None or row.stage == filters.stage.value)
        and (filters.track is None or row.track == filters.track.value)
        and (filters.authority is None or filters.authority.casefold() in row.authority.casefold())
    )


async def load_portfolio(pool: asyncpg.Pool, today: date, filters: PortfolioFilter) -> Portfolio:
    rows = await portfolio(pool, today, overdue_only=filters.overdue)
    entries = []
    for row in rows:
        if not _wanted(row, filters):
            continue
        left = working_days_left(row.next_due, today) if row.next_due else None
        entries.append(
            PortfolioEntry(
                **row.model_dump(),
                next_title=deadline_title(row.next_milestone) if row.next_milestone else None,
                working_days_left=left,
                rag=rag(row, left),
            )
        )
    return Portfolio(today=today, interventions=entries)
