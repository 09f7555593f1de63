"""The portfolio: every intervention with its next deadline, red/amber/green, filtered, a page at
a time. Read from the PostgreSQL projections on every request, so a recorded milestone shows on
the next load."""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel, ConfigDict, Field, field_validator

from application.portfolio_entries import PortfolioEntry, portfolio_entry
from domain.state import Stage, Track
from domain.values import Actor
from eventstore.queries import (
    PortfolioScope,
    PortfolioTotals,
    portfolio,
    portfolio_totals,
)

# A page holds every intervention a council, a region or England has at once; the largest
# portfolios are read a page at a time.
PAGE_SIZE = 200
MAX_PAGE_SIZE = 1000


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


class Portfolio(BaseModel):
    today: date
    totals: PortfolioTotals = Field(description="Of every page, not this one alone")
    limit: int
    offset: int
    interventions: list[PortfolioEntry]


async def load_portfolio(
    pool: asyncpg.Pool, today: date, filters: PortfolioFilter, person: Actor
) -> Portfolio:
    """The page of the portfolio the filters ask for, of the interventions the person may see;
    its totals count those alone."""
    scope = filters.scope(person)
    rows = await portfolio(pool, today, scope, limit=filters.limit, offset=filters.offset)
    entries = []
    for row in rows:
        entries.append(portfolio_entry(row, today))
    return Portfolio(
        today=today,
        totals=await portfolio_totals(pool, today, scope),
        limit=filters.limit,
        offset=filters.offset,
        interventions=entries,
    )
