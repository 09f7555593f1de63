"""What every event carries: the day it took effect, when it was recorded, and who recorded it.

Milestone events are recorded by people; the clock's own events (deadlines, reminders,
escalations) and the lifecycle's consequences are recorded by the engine as the `system` actor.
New fields only ever arrive with defaults, so every stored event stays readable.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from domain.values import Actor, Text


class EventBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    effective_on: date
    recorded_at: datetime
    actor: Actor


class MilestoneEvent(EventBase):
    """A milestone recorded by a person; `note` is free text for the committee papers."""

    note: Text | None = None
