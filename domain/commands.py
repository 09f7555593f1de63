"""Commands: what people ask the engine to do, in the imperative."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.identity import intervention_id
from domain.values import Actor, Contact, Inspection, Name, slugify


class OpenIntervention(BaseModel):
    """Open an intervention after an inspection judged inadequate."""

    model_config = ConfigDict(frozen=True)

    authority: Name
    inspection: Inspection
    regime: str = "ilacs"
    # Who receives reminders and escalations, by recipient (director, chief_executive, ...).
    contacts: dict[str, list[Contact]] = Field(default_factory=dict)
    actor: Actor

    @field_validator("authority")
    @classmethod
    def _authority_has_letters(cls, value: str) -> str:
        if not slugify(value):
            raise ValueError(f"{value!r} has no letters or digits to name the intervention by")
        return value

    @property
    def intervention_id(self) -> str:
        return intervention_id(self.authority, self.inspection.published_on)


class RecordMilestone(BaseModel):
    """Record that a milestone happened; `details` holds the milestone's own fields as text."""

    model_config = ConfigDict(frozen=True)

    milestone: str = Field(max_length=100)
    effective_on: date
    actor: Actor
    # Lists may come as text separated by semicolons: "Practice; Performance".
    details: dict[str, str | list[str]] = Field(default_factory=dict, max_length=20)
