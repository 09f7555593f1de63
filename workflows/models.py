"""Inputs, results and query views of the intervention workflow."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from activities.models import NotifyInput
from domain.commands import OpenIntervention
from domain.history import PastStep
from domain.state import InterventionState


class TimelineEntry(BaseModel):
    version: int
    type: str
    effective_on: date
    recorded_at: datetime
    summary: str


class InterventionInput(BaseModel):
    """Either `open` (a new intervention) or `state` (carried over by continue-as-new)."""

    open: OpenIntervention | None = None
    state: InterventionState | None = None
    timeline: list[TimelineEntry] = Field(default_factory=list)
    # Days added to the server's clock: simulations replay past interventions on a test server
    # whose clock starts today. Zero in production.
    clock_offset_days: int = 0
    # Seconds on top of the days: the dev server's clock cannot be moved, so the fault tests
    # set a workflow's clock to just before an alarm to see its timer fire. Zero in production.
    clock_offset_seconds: int = Field(default=0, ge=0, lt=24 * 60 * 60)
    # Continue as new once the history holds this many events, or when the server suggests it.
    history_limit: int | None = Field(default=None, ge=100)
    # Notifications not yet delivered when the previous run continued as new.
    outbox: list[NotifyInput] = Field(default_factory=list)
    # An intervention already under way: its past facts, in date order, recorded with `open`.
    past: list[PastStep] = Field(default_factory=list)


class ClockReading(BaseModel):
    """The workflow's version and when its clock next acts: once the store holds that version
    and the alarm lies ahead, everything owed so far is recorded."""

    version: int
    next_alarm: datetime | None


class RecordResult(BaseModel):
    intervention_id: str
    milestone: str
    version: int
    events: list[str]
    summary: list[str]


class Rejection(BaseModel):
    """What a refused Update carries besides its message: the field of the command it is
    about, and the values allowed there when they are a closed set."""

    field: str | None = None
    allowed: list[str] = Field(default_factory=list)


class InterventionResult(BaseModel):
    intervention_id: str
    stage: str
    closed_on: date | None
    version: int
