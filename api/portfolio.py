"""The portfolio: every intervention with its next deadline, red/amber/green, filtered, a page at
a time. Read from the PostgreSQL projections on every request, so a recorded milestone shows on
the next load."""

from __future__ import annotations

from datetime import date
from typing import Literal

import asyncpg
from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.regimes import get_regime
from domain.state import Stage, Track
from domain.values import Actor
from domain.views import working_days_left
from eventstore.queries import (
    PortfolioRow,
    PortfolioScope,
    PortfolioTotals,
    portfolio,
    portfolio_totals,
)

# A page holds every intervention a council, a region or England has at once; the largest
# portfolios are read a page at a time.
PAGE_SIZE = 200
MAX_PAGE_SIZE = 1000

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
    limit: int = Field(default=PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows on a page")
    offset: int = Field(default=0, ge=0, le=10_000_000, description="Rows skipped before it")

    @field_validator("stage", "track", "authority", mode="before")
    @classmethod
    def _blank_is_any(cls, value: object) -> object:
        # An HTML form sends an empty string for "any".
        return None if value == "" else value

    def scope(self, person: Actor) -> PortfolioScope:
        """The filters, within the authorities the person's organisation covers."""
        return PortfolioScope(
            overdue_only=self.overdue,
            stage=self.stage.value if self.stage else None,
            track=self.track.value if self.track else None,
            authority=self.authority,
            authorities=person.authorities,
        )


class PortfolioEntry(PortfolioRow):
    next_title: str | None
    working_days_left: int | None
    rag: Rag | None = Field(description="None once the intervention is closed")


class Portfolio(BaseModel):
    today: date
    totals: PortfolioTotals = Field(description="Of every page, not this one alone")
    limit: int
    offset: int
    interventions: list[PortfolioEntry]


def deadline_title(row: PortfolioRow) -> str | None:
    """The rule's own title ("DfE decision: …"); the projection keeps only the rule's name.
    A condition of a notice or direction goes by its name."""
    if row.next_milestone is None:
        return None
    rule = get_regime(row.regime).rule(row.next_milestone)
    return rule.title if rule is not None else row.next_milestone.replace("_", " ")


def amber_within(row: PortfolioRow) -> int:
    """Amber from the day the reminder goes out: the regime's reminder rung."""
    reminder = get_regime(row.regime).reminder
    return -reminder.working_days_from_due if reminder else 0


def rag(row: PortfolioRow, left: int | None) -> Rag | None:
    if row.status != "open":
        return None
    if row.overdue or (left is not None and left < 0):
        return "red"
    if left is not None and left <= amber_within(row):
        return "amber"
    return "green"


async def load_portfolio(
    pool: asyncpg.Pool, today: date, filters: PortfolioFilter, person: Actor
) -> Portfolio:
    """The page of the portfolio the filters ask for, of the interventions the person may see;
    its totals count those alone."""
    scope = filters.scope(person)
    rows = await portfolio(pool, today, scope, limit=filters.limit, offset=filters.offset)
    entries = []
    for row in rows:
        left = working_days_left(row.next_due, today) if row.next_due else None
        entries.append(
            PortfolioEntry(
                **row.model_dump(),
                next_title=deadline_title(row),
                working_days_left=left,
                rag=rag(row, left),
            )
        )
    return Portfolio(
        today=today,
        totals=await portfolio_totals(pool, today, scope),
        limit=filters.limit,
        offset=filters.offset,
        interventions=entries,
    )
