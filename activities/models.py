"""Inputs and results of the activities: plain pydantic, importable inside the workflow sandbox."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.events import Event
from domain.values import Contact


class AppendEventsInput(BaseModel):
    stream_id: str
    # Event ids derive from the writer (the workflow id) and each event's version, so a retried
    # activity sends the same ids and the store writes nothing twice.
    writer_id: str
    expected_version: int
    events: list[Event]


class AppendEventsResult(BaseModel):
    version: int
    written: int
    last_position: int


class Notification(BaseModel):
    event_id: str
    kind: str  # reminder | escalation | escalation_withdrawn | overdue
    milestone: str
    number: int | None = None
    title: str
    due: date | None = None
    level: int | None = None
    to: str
    contacts: list[Contact] = Field(default_factory=list)
    message: str


class NotifyInput(BaseModel):
    intervention_id: str
    authority: str
    notifications: list[Notification]


class NotifyResult(BaseModel):
    delivered: int
    failed: int = 0


class DigestInput(BaseModel):
    # The London day the digest is for: its Monday, when the schedule starts it.
    as_of: date


class DigestResult(BaseModel):
    recipients: int
    sent: int
