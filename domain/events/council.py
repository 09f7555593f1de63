"""What the council does and records beyond Ofsted's and the DfE's steps: its statement of
action, its board, and the records improvement teams keep (meetings, audits, funding)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from domain.events.base import MilestoneEvent
from domain.values import Contact, Name, Slug, Text


class StatementOfActionSubmitted(MilestoneEvent):
    type: Literal["StatementOfActionSubmitted"] = "StatementOfActionSubmitted"
    # The report it answers (a plan may answer an older report than the latest: Cornwall's of
    # October 2009 answered the letter of July 2009 too); unset, the engine chooses.
    number: int | None = Field(default=None, ge=1)


class ImprovementBoardEstablished(MilestoneEvent):
    type: Literal["ImprovementBoardEstablished"] = "ImprovementBoardEstablished"
    chair: Text | None = None


class BoardMeetingHeld(MilestoneEvent):
    type: Literal["BoardMeetingHeld"] = "BoardMeetingHeld"
    chair: Name | None = None
    attendance: list[Name] = Field(default_factory=list, max_length=100)
    decisions: list[Text] = Field(default_factory=list, max_length=100)


class CaseAuditCompleted(MilestoneEvent):
    """A case audit: how many cases were reviewed and how they were graded."""

    type: Literal["CaseAuditCompleted"] = "CaseAuditCompleted"
    cases_reviewed: int = Field(ge=1, le=100_000)
    outstanding: int = Field(default=0, ge=0)
    good: int = Field(default=0, ge=0)
    requires_improvement: int = Field(default=0, ge=0)
    inadequate: int = Field(default=0, ge=0)
    theme: Name | None = None

    @model_validator(mode="after")
    def _grades_add_up(self) -> CaseAuditCompleted:
        graded = self.outstanding + self.good + self.requires_improvement + self.inadequate
        if graded != self.cases_reviewed:
            raise ValueError(
                f"the grades add up to {graded}, not the {self.cases_reviewed} cases reviewed"
            )
        return self


class FundingAllocated(MilestoneEvent):
    """Money given to the improvement work. The amount is left out when the record does not
    say it (Cheshire East: its committee approved "the approach to providing additional
    financial investment" with the improvement plan on 8 July 2024, no sum published)."""

    type: Literal["FundingAllocated"] = "FundingAllocated"
    amount: int | None = Field(
        default=None, ge=1, le=10_000_000_000, description="pounds; left out when not stated"
    )
    phase: Name
    source: Name | None = None


class ContactsChanged(MilestoneEvent):
    """Who a recipient role is now, from this day: reminders and escalations go to them from
    then on (Harrow: its Director of Children's Services left in late 2025, the Managing
    Director made interim director). No one given: nobody holds the role now."""

    type: Literal["ContactsChanged"] = "ContactsChanged"
    role: Slug = Field(description="the recipient role, e.g. director or chief_executive")
    contacts: list[Contact] = Field(default_factory=list, max_length=20)
