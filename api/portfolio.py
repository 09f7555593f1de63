"""The portfolio: every intervention with its next deadline, red/amber/green, filtered, a page at
a time. Read from the PostgreSQL projections on every request, so a recorded milestone shows on
the next load."""

from __future__ import annotations

from datetime import date
from typing import Any

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


def _blank_allowed(schema: dict[str, Any]) -> None:
    # The schema says what `_blank_is_any` accepts, so that a client may send what a form does.
    schema["anyOf"] = [*schema["anyOf"], {"type": "string", "const": ""}]


class PortfolioFilter(BaseModel):
    # A misspelt filter is refused, not silently ignored to show everything.
    model_config = ConfigDict(extra="forbid")

    overdue: bool = Field(default=False, description="Only those with a deadline overdue")
    unconfirmed: bool = Field(
        default=False,
        description="Only open ones with a report whose day of receipt is assumed, not given",
    )
    stage: Stage | None = Field(default=None, json_schema_extra=_blank_allowed)
    track: Track | None = Field(default=None, json_schema_extra=_blank_allowed)
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
            unconfirmed_only=self.unconfirmed,
            stage=self.stage,
            track=self.track,
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
