"""The improvement plan's events: priorities added, actions added, updated and completed."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from domain.events.base import EventBase
from domain.plan import ActionCompletionFields, ActionFields, ActionUpdateFields, Finding, Ref
from domain.values import Text


class PriorityAdded(EventBase):
    type: Literal["PriorityAdded"] = "PriorityAdded"
    ref: Ref
    title: Text
    addresses: list[Finding] = Field(default_factory=list)


class ActionAdded(EventBase, ActionFields):
    type: Literal["ActionAdded"] = "ActionAdded"


class ActionUpdated(EventBase, ActionUpdateFields):
    type: Literal["ActionUpdated"] = "ActionUpdated"


class ActionCompleted(EventBase, ActionCompletionFields):
    type: Literal["ActionCompleted"] = "ActionCompleted"
