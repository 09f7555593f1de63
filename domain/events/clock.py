"""The clock's events: deadlines set, moved, met, missed and withdrawn, reminders sent, alerts
raised and escalations raised and withdrawn. Each names its deadline by milestone, number and
cycle."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from domain.events.base import EventBase
from domain.regime import DeadlineKind, Owner


class _DeadlineEvent(EventBase):
    milestone: str
    number: int | None = None
    cycle: int = 1


class DeadlineScheduled(_DeadlineEvent):
    type: Literal["DeadlineScheduled"] = "DeadlineScheduled"
    kind: DeadlineKind
    owner: Owner | str
    title: str
    due: date
    alert_on: date  # the first day the clock acts on it: reminder, or overdue alert
    # It counts from a date nobody gave (the receipt of a report, assumed).
    assumed: bool = False
    # What it counts from, for the explanation of its date: the day, and that day's fact.
    counted_from: date | None = None
    basis: str | None = None


class DeadlineRescheduled(_DeadlineEvent):
    """A deadline's date moved, saying why: the date it counts from became known, or the one
    before it in a series was met late. Nothing already recorded is rewritten."""

    type: Literal["DeadlineRescheduled"] = "DeadlineRescheduled"
    previous_due: date
    due: date
    alert_on: date
    assumed: bool = False
    reason: str
    counted_from: date | None = None
    basis: str | None = None
    # Flagged missed under its old date, not yet due under the new one: pending again, its
    # escalations to come again from the new date (the reminder already sent is not repeated).
    reopened: bool = False


class ReminderSent(_DeadlineEvent):
    type: Literal["ReminderSent"] = "ReminderSent"
    due: date
    rung: str
    to: str


class DeadlineMissed(_DeadlineEvent):
    type: Literal["DeadlineMissed"] = "DeadlineMissed"
    due: date


class EscalationRaised(_DeadlineEvent):
    type: Literal["EscalationRaised"] = "EscalationRaised"
    due: date
    rung: str
    level: int = Field(ge=1)
    to: str


class EscalationWithdrawn(_DeadlineEvent):
    type: Literal["EscalationWithdrawn"] = "EscalationWithdrawn"
    level: int = Field(ge=1)
    to: str
    reason: str


class DeadlineMet(_DeadlineEvent):
    type: Literal["DeadlineMet"] = "DeadlineMet"
    due: date
    met_on: date
    late: bool


class MilestoneOverdue(_DeadlineEvent):
    type: Literal["MilestoneOverdue"] = "MilestoneOverdue"
    due: date
    to: str


class DeadlineWithdrawn(_DeadlineEvent):
    type: Literal["DeadlineWithdrawn"] = "DeadlineWithdrawn"
    reason: str


DeadlineEvent = (
    DeadlineScheduled
    | DeadlineRescheduled
    | ReminderSent
    | DeadlineMissed
    | EscalationRaised
    | EscalationWithdrawn
    | DeadlineMet
    | MilestoneOverdue
    | DeadlineWithdrawn
)
DEADLINE_EVENTS = (
    DeadlineScheduled,
    DeadlineRescheduled,
    ReminderSent,
    DeadlineMissed,
    EscalationRaised,
    EscalationWithdrawn,
    DeadlineMet,
    MilestoneOverdue,
    DeadlineWithdrawn,
)
