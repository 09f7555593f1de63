"""The improvement plan: priorities mapped to Ofsted's recommendations, and the actions under them.

An action's review date is a `plan` deadline on the same clock and escalation ladder as the
statutory ones. Changes arrive as one batch (a single change, or a whole plan imported from a
file): the batch is checked as a whole and recorded whole or not at all.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from domain.values import Actor, Name, Text

# Priority and action references as councils write them: P1, 2.3, A1.2, SW-04.
Ref = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,19}$")]
# Ofsted recommendations and wider areas for improvement, e.g. R3 or AFI-12.
Finding = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,19}$")]


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


ACTION_DEADLINE_PREFIX = "action:"


def action_deadline(ref: str) -> str:
    """The deadline name of an action's review date."""
    return f"{ACTION_DEADLINE_PREFIX}{ref}"


class Priority(BaseModel):
    model_config = ConfigDict(frozen=True)

    ref: Ref
    title: Text
    addresses: tuple[Finding, ...] = ()


class ActionFields(BaseModel):
    """What an action is; shared by the command that adds it and the event that records it."""

    ref: Ref
    priority: Ref
    title: Text
    owner: Name
    theme: Name
    phase: Name
    review_on: date
    rag: Rag = Rag.AMBER


class Action(ActionFields):
    model_config = ConfigDict(frozen=True)

    added_on: date
    completed_on: date | None = None
    revision: int = 1  # goes up each time the review date moves

    @property
    def progressed(self) -> bool:
        """Completed, or green: what committee papers count as progressed."""
        return self.completed_on is not None or self.rag is Rag.GREEN


class ActionUpdateFields(BaseModel):
    """What may change about an action: each field given is the new value."""

    ref: Ref
    rag: Rag | None = None
    review_on: date | None = None
    owner: Name | None = None
    note: Text | None = None


class ActionCompletionFields(BaseModel):
    ref: Ref
    note: Text | None = None


class _Change(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # The line of the file it came from, so a rejection can point at it.
    line: int | None = Field(default=None, ge=1)


class AddPriority(_Change):
    type: Literal["add_priority"] = "add_priority"
    ref: Ref
    title: Text
    addresses: list[Finding] = Field(default_factory=list, max_length=50)


class AddAction(_Change, ActionFields):
    type: Literal["add_action"] = "add_action"


class UpdateAction(_Change, ActionUpdateFields):
    type: Literal["update_action"] = "update_action"


class CompleteAction(_Change, ActionCompletionFields):
    type: Literal["complete_action"] = "complete_action"


PlanChange = Annotated[
    AddPriority | AddAction | UpdateAction | CompleteAction, Field(discriminator="type")
]
PLAN_CHANGE: TypeAdapter[PlanChange] = TypeAdapter(PlanChange)


class ChangePlan(BaseModel):
    """One batch of plan changes, recorded whole or not at all."""

    model_config = ConfigDict(frozen=True)

    changes: list[PlanChange] = Field(min_length=1, max_length=1000)
    effective_on: date
    actor: Actor
    source: Name | None = None  # e.g. the file a plan was imported from
