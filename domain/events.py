"""Domain events: facts in the past tense, one discriminated union.

Every event carries the date it took effect (`effective_on`), the moment it was recorded
(`recorded_at`) and who recorded it. Milestone events are recorded by people; the clock's own
events (deadlines, reminders, escalations) are recorded by the engine as the `system` actor.
New fields only ever arrive with defaults, so every stored event stays readable.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from domain.plan import ActionCompletionFields, ActionFields, ActionUpdateFields, Finding, Ref
from domain.regime import DeadlineKind, Owner
from domain.values import Actor, Contact, Grade, Inspection, Name, Text


class CommissionerRecommendation(StrEnum):
    RETAIN = "retain"
    ALTERNATIVE_DELIVERY = "alternative_delivery"


class DeliveryModel(StrEnum):
    TRUST = "trust"
    COUNCIL_COMPANY = "council_company"
    OTHER = "other"


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    effective_on: date
    recorded_at: datetime
    actor: Actor


class MilestoneEvent(_Event):
    """A milestone recorded by a person; `note` is free text for the committee papers."""

    note: Text | None = None


# --- lifecycle -------------------------------------------------------------------------------


class InterventionOpened(_Event):
    type: Literal["InterventionOpened"] = "InterventionOpened"
    intervention_id: str
    authority: str
    regime: str
    inspection: Inspection
    contacts: dict[str, list[Contact]] = Field(default_factory=dict)


class ImprovementNoticeIssued(MilestoneEvent):
    type: Literal["ImprovementNoticeIssued"] = "ImprovementNoticeIssued"


class StatutoryDirectionIssued(MilestoneEvent):
    type: Literal["StatutoryDirectionIssued"] = "StatutoryDirectionIssued"


class CommissionerAppointed(MilestoneEvent):
    type: Literal["CommissionerAppointed"] = "CommissionerAppointed"
    name: Text | None = None


class CommissionerReportSubmitted(MilestoneEvent):
    type: Literal["CommissionerReportSubmitted"] = "CommissionerReportSubmitted"
    recommendation: CommissionerRecommendation


class ServicesRetained(MilestoneEvent):
    type: Literal["ServicesRetained"] = "ServicesRetained"


class AlternativeDeliveryModelDirected(MilestoneEvent):
    type: Literal["AlternativeDeliveryModelDirected"] = "AlternativeDeliveryModelDirected"
    model: DeliveryModel = DeliveryModel.TRUST
    go_live_on: date | None = None


class ImprovementAdviserAppointed(MilestoneEvent):
    type: Literal["ImprovementAdviserAppointed"] = "ImprovementAdviserAppointed"
    name: Text | None = None


class ImprovementBoardEstablished(MilestoneEvent):
    type: Literal["ImprovementBoardEstablished"] = "ImprovementBoardEstablished"
    chair: Text | None = None


class StatementOfActionSubmitted(MilestoneEvent):
    type: Literal["StatementOfActionSubmitted"] = "StatementOfActionSubmitted"


class MonitoringVisitCompleted(MilestoneEvent):
    type: Literal["MonitoringVisitCompleted"] = "MonitoringVisitCompleted"
    number: int = Field(ge=1)
    # From Ofsted's letter; teams often record the visit when the letter arrives.
    areas_reviewed: list[Text] = Field(default_factory=list, max_length=50)
    key_findings: list[Text] = Field(default_factory=list, max_length=50)
    letter_on: date | None = None


class ProgressReviewCompleted(MilestoneEvent):
    type: Literal["ProgressReviewCompleted"] = "ProgressReviewCompleted"
    number: int = Field(ge=1)


class ReinspectionCompleted(MilestoneEvent):
    type: Literal["ReinspectionCompleted"] = "ReinspectionCompleted"
    judgement: Grade
    published_on: date
    received_on: date


class NoticeLifted(MilestoneEvent):
    type: Literal["NoticeLifted"] = "NoticeLifted"


class DirectionRevoked(MilestoneEvent):
    type: Literal["DirectionRevoked"] = "DirectionRevoked"


class NoticeEscalatedToDirection(MilestoneEvent):
    type: Literal["NoticeEscalatedToDirection"] = "NoticeEscalatedToDirection"


class DirectionSteppedDown(MilestoneEvent):
    type: Literal["DirectionSteppedDown"] = "DirectionSteppedDown"


class SupportAndSupervisionStarted(_Event):
    type: Literal["SupportAndSupervisionStarted"] = "SupportAndSupervisionStarted"
    ends_on: date


class SupportReviewCompleted(MilestoneEvent):
    type: Literal["SupportReviewCompleted"] = "SupportReviewCompleted"
    number: int = Field(ge=1)


class InterventionClosed(MilestoneEvent):
    type: Literal["InterventionClosed"] = "InterventionClosed"


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
    type: Literal["FundingAllocated"] = "FundingAllocated"
    amount: int = Field(ge=1, le=10_000_000_000, description="pounds")
    phase: Name
    source: Name | None = None


class NewCycleStarted(_Event):
    """A re-inspection judged inadequate again: a new Statement of Action falls due."""

    type: Literal["NewCycleStarted"] = "NewCycleStarted"
    cycle: int = Field(ge=2)
    published_on: date
    received_on: date


# --- the improvement plan -------------------------------------------------------------------


class PriorityAdded(_Event):
    type: Literal["PriorityAdded"] = "PriorityAdded"
    ref: Ref
    title: Text
    addresses: list[Finding] = Field(default_factory=list)


class ActionAdded(_Event, ActionFields):
    type: Literal["ActionAdded"] = "ActionAdded"


class ActionUpdated(_Event, ActionUpdateFields):
    type: Literal["ActionUpdated"] = "ActionUpdated"


class ActionCompleted(_Event, ActionCompletionFields):
    type: Literal["ActionCompleted"] = "ActionCompleted"


# --- the clock -------------------------------------------------------------------------------


class _DeadlineEvent(_Event):
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


Event = Annotated[
    InterventionOpened
    | ImprovementNoticeIssued
    | StatutoryDirectionIssued
    | CommissionerAppointed
    | CommissionerReportSubmitted
    | ServicesRetained
    | AlternativeDeliveryModelDirected
    | ImprovementAdviserAppointed
    | ImprovementBoardEstablished
    | StatementOfActionSubmitted
    | MonitoringVisitCompleted
    | ProgressReviewCompleted
    | ReinspectionCompleted
    | NoticeLifted
    | DirectionRevoked
    | NoticeEscalatedToDirection
    | DirectionSteppedDown
    | SupportAndSupervisionStarted
    | SupportReviewCompleted
    | InterventionClosed
    | NewCycleStarted
    | BoardMeetingHeld
    | CaseAuditCompleted
    | FundingAllocated
    | PriorityAdded
    | ActionAdded
    | ActionUpdated
    | ActionCompleted
    | DeadlineScheduled
    | ReminderSent
    | DeadlineMissed
    | EscalationRaised
    | EscalationWithdrawn
    | DeadlineMet
    | MilestoneOverdue
    | DeadlineWithdrawn,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_TYPES: frozenset[str] = frozenset(
    member.model_fields["type"].default for member in get_args(get_args(Event)[0])
)


def parse_event(data: dict[str, object]) -> Event:
    return EVENT_ADAPTER.validate_python(data)


def event_data(event: Event) -> dict[str, object]:
    """The event's own fields as JSON-ready values, without the envelope."""
    return event.model_dump(mode="json", exclude={"type", "effective_on", "recorded_at", "actor"})
