"""Value objects shared by commands and events: people, roles, grades, inspections, text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from domain.calendar import INSPECTION_YEARS


def _printable(value: str) -> str:
    # Names end up in committee papers, logs and e-mails: refuse control characters outright
    # rather than strip them, so nothing a person typed is silently changed.
    bad = next((ch for ch in value if unicodedata.category(ch) in ("Cc", "Cf", "Cs")), None)
    if bad is not None and bad not in "\n\t":
        raise ValueError(f"contains the control character U+{ord(bad):04X}; use printable text")
    if not value.strip():
        raise ValueError("is blank; give some text")
    return value.strip()


Text = Annotated[str, Field(max_length=2000), AfterValidator(_printable)]
Name = Annotated[str, Field(max_length=200), AfterValidator(_printable)]


class Role(StrEnum):
    VIEWER = "viewer"
    IMPROVEMENT_TEAM = "improvement_team"
    MANAGER = "manager"
    ADMIN = "admin"
    SYSTEM = "system"  # the engine itself: deadlines, reminders, escalations


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: Name
    role: Role


SYSTEM_ACTOR = Actor(name="intervention engine", role=Role.SYSTEM)


class Contact(BaseModel):
    """A person a reminder or escalation is sent to."""

    model_config = ConfigDict(frozen=True)

    name: Name
    email: Annotated[str, Field(max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = (
        None
    )
    webhook: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = None
    # A Teams channel's incoming webhook (Workflows): the Adaptive Card goes there.
    teams: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = None


class Grade(StrEnum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


class Inspection(BaseModel):
    """The ILACS inspection that opened the intervention (or started a new cycle)."""

    model_config = ConfigDict(frozen=True)

    started_on: date | None = None
    ended_on: date | None = None
    published_on: date
    # Receipt defaults to publication when not given (domain rules, statement of action).
    received_on: date | None = None
    judgement: Grade = Grade.INADEQUATE

    @model_validator(mode="after")
    def _dates_in_order(self) -> Inspection:
        for name in ("started_on", "ended_on", "published_on", "received_on"):
            value = getattr(self, name)
            if value is not None and value.year not in INSPECTION_YEARS:
                first, last = INSPECTION_YEARS[0], INSPECTION_YEARS[-1]
                raise ValueError(
                    f"{name} {value} is outside the years the bank holiday calendar covers "
                    f"for an inspection: {first} to {last}"
                )
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValueError(
                f"ended_on {self.ended_on} is before started_on {self.started_on}; "
                "an inspection ends on or after the day it starts"
            )
        if self.ended_on and self.published_on < self.ended_on:
            raise ValueError(
                f"published_on {self.published_on} is before ended_on {self.ended_on}; "
                "a judgement is published after the inspection ends"
            )
        if self.received_on and self.ended_on and self.received_on < self.ended_on:
            raise ValueError(
                f"received_on {self.received_on} is before ended_on {self.ended_on}; "
                "the report is received after the inspection ends"
            )
        return self

    @property
    def report_received_on(self) -> date:
        return self.received_on or self.published_on

    @property
    def finished_on(self) -> date:
        """The earliest date a recorded fact may take effect."""
        return self.ended_on or self.started_on or min(self.report_received_on, self.published_on)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
