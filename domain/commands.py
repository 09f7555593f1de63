"""Commands: what people ask the engine to do, in the imperative."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.identity import intervention_id
from domain.regimes import current_version
from domain.values import Actor, Authority, Contact, Inspection


class OpenIntervention(BaseModel):
    """Open an intervention on what led to it: an inspection of any grade, or a focused visit
    or JTAI whose letter named priority actions."""

    model_config = ConfigDict(frozen=True)

    authority: Authority
    inspection: Inspection
    regime: str = "ilacs"
    # The version of the regime the intervention runs under, pinned by whoever starts it (the
    # current one, `domain.regimes.current_version`): a workflow replayed after a new version
    # ships must still decide as it first did. None means the first version, which is what
    # interventions opened before versions existed run under.
    regime_version: int | None = Field(default=None, ge=1)
    # Who receives reminders and escalations, by recipient (director, chief_executive, ...).
    contacts: dict[str, list[Contact]] = Field(default_factory=dict)
    actor: Actor

    @property
    def intervention_id(self) -> str:
        return intervention_id(self.authority, self.inspection.published_on)

    def under_current_rules(self) -> OpenIntervention:
        """This command pinned to the regime's current version, unless it names one."""
        if self.regime_version is not None:
            return self
        return self.model_copy(update={"regime_version": current_version(self.regime)})


class MigrateRegime(BaseModel):
    """Move a running intervention to version `to_version` of its regime."""

    model_config = ConfigDict(frozen=True)

    to_version: int = Field(ge=1)
    actor: Actor


Detail = str | list[str] | list[dict[str, str]]


class RecordMilestone(BaseModel):
    """Record that a milestone happened; `details` holds the milestone's own fields as text
    (a notice's conditions as a list of fields each)."""

    model_config = ConfigDict(frozen=True)

    milestone: str = Field(max_length=100)
    effective_on: date
    actor: Actor
    # Lists may come as text separated by semicolons: "Practice; Performance".
    details: dict[str, Detail] = Field(default_factory=dict, max_length=20)

    @field_validator("details", mode="before")
    @classmethod
    def _given_as_text(cls, value: Any) -> Any:
        """JSON gives numbers and booleans as themselves, and null for a field left out: the
        fields are read from text, as the command line gives them."""
        if not isinstance(value, dict):
            return value
        return {name: _as_text(given) for name, given in value.items() if given is not None}


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    if isinstance(value, dict):
        return {name: _as_text(item) for name, item in value.items()}
    return value
