"""Domain events: facts in the past tense, one discriminated union.

Every event carries the date it took effect (`effective_on`), the moment it was recorded
(`recorded_at`) and who recorded it (`domain.events.base`). The events are grouped by who acts:
the intervention and the DfE's instruments, Ofsted, appointments, the delivery programme, the
council, the improvement plan and the clock.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter

from domain.events.appointments import (
    APPOINTMENT_EVENTS,
    AppointmentEnded,
    BoardChairAppointed,
    CommissionerAppointed,
    ImprovementAdviserAppointed,
    PartnerAppointed,
)
from domain.events.base import MilestoneEvent
from domain.events.clock import (
    DEADLINE_EVENTS,
    DeadlineEvent,
    DeadlineMet,
    DeadlineMissed,
    DeadlineRescheduled,
    DeadlineScheduled,
    DeadlineWithdrawn,
    EscalationRaised,
    EscalationWithdrawn,
    MilestoneOverdue,
    ReminderSent,
)
from domain.events.council import (
    BoardMeetingHeld,
    CaseAuditCompleted,
    ContactsChanged,
    FundingAllocated,
    ImprovementBoardEstablished,
    StatementOfActionSubmitted,
)
from domain.events.delivery import (
    AlternativeDeliveryLive,
    AlternativeDeliveryModelDirected,
    BusinessCaseApproved,
    CommissionerRecommendation,
    CommissionerReportSubmitted,
    DeliveryModel,
    OptionsAppraisalCompleted,
    ServicesRetained,
    TransferDirected,
)
from domain.events.lifecycle import (
    INSTRUMENT_EVENTS,
    ConditionMet,
    DirectionRevised,
    DirectionRevoked,
    DirectionSteppedDown,
    ImprovementNoticeIssued,
    InterventionClosed,
    InterventionOpened,
    InterventionProposed,
    NewCycleStarted,
    NoticeEscalatedToDirection,
    NoticeLifted,
    NoticeRevised,
    ProgressReviewCompleted,
    RegimeMigrated,
    StatutoryDirectionIssued,
    SupportAndSupervisionStarted,
    SupportReviewCompleted,
)
from domain.events.ofsted import (
    ActionPlanningVisitCompleted,
    AnnualEngagementMeetingHeld,
    FocusedVisitCompleted,
    JtaiCompleted,
    MonitoringLetterPublished,
    MonitoringVisitCompleted,
    ReinspectionCompleted,
    ReinspectionFieldworkCompleted,
    ReinspectionStarted,
    ReportPublished,
    ReportReceiptConfirmed,
    ReportReceived,
    SelfEvaluationSubmitted,
    VisitLetterPublished,
)
from domain.events.plan import ActionAdded, ActionCompleted, ActionUpdated, PriorityAdded

Event = Annotated[
    InterventionOpened
    | ImprovementNoticeIssued
    | InterventionProposed
    | StatutoryDirectionIssued
    | NoticeRevised
    | DirectionRevised
    | NoticeEscalatedToDirection
    | DirectionSteppedDown
    | NoticeLifted
    | DirectionRevoked
    | ConditionMet
    | ProgressReviewCompleted
    | SupportAndSupervisionStarted
    | SupportReviewCompleted
    | InterventionClosed
    | NewCycleStarted
    | RegimeMigrated
    | CommissionerAppointed
    | ImprovementAdviserAppointed
    | BoardChairAppointed
    | PartnerAppointed
    | AppointmentEnded
    | CommissionerReportSubmitted
    | ServicesRetained
    | AlternativeDeliveryModelDirected
    | OptionsAppraisalCompleted
    | BusinessCaseApproved
    | TransferDirected
    | AlternativeDeliveryLive
    | ReportReceived
    | ReportReceiptConfirmed
    | ReportPublished
    | ActionPlanningVisitCompleted
    | MonitoringVisitCompleted
    | MonitoringLetterPublished
    | FocusedVisitCompleted
    | JtaiCompleted
    | VisitLetterPublished
    | AnnualEngagementMeetingHeld
    | SelfEvaluationSubmitted
    | ReinspectionStarted
    | ReinspectionFieldworkCompleted
    | ReinspectionCompleted
    | StatementOfActionSubmitted
    | ImprovementBoardEstablished
    | BoardMeetingHeld
    | CaseAuditCompleted
    | FundingAllocated
    | ContactsChanged
    | PriorityAdded
    | ActionAdded
    | ActionUpdated
    | ActionCompleted
    | DeadlineScheduled
    | DeadlineRescheduled
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


def parse_event(data: dict[str, object]) -> Event:
    return EVENT_ADAPTER.validate_python(data)


def event_data(event: Event) -> dict[str, object]:
    """The event's own fields as JSON-ready values, without the envelope."""
    return event.model_dump(mode="json", exclude={"type", "effective_on", "recorded_at", "actor"})


__all__ = [
    "APPOINTMENT_EVENTS",
    "DEADLINE_EVENTS",
    "EVENT_ADAPTER",
    "INSTRUMENT_EVENTS",
    "ActionAdded",
    "ActionCompleted",
    "ActionPlanningVisitCompleted",
    "ActionUpdated",
    "AlternativeDeliveryLive",
    "AlternativeDeliveryModelDirected",
    "AnnualEngagementMeetingHeld",
    "AppointmentEnded",
    "BoardChairAppointed",
    "BoardMeetingHeld",
    "BusinessCaseApproved",
    "CaseAuditCompleted",
    "CommissionerAppointed",
    "CommissionerRecommendation",
    "CommissionerReportSubmitted",
    "ConditionMet",
    "ContactsChanged",
    "DeadlineEvent",
    "DeadlineMet",
    "DeadlineMissed",
    "DeadlineRescheduled",
    "DeadlineScheduled",
    "DeadlineWithdrawn",
    "DeliveryModel",
    "DirectionRevised",
    "DirectionRevoked",
    "DirectionSteppedDown",
    "EscalationRaised",
    "EscalationWithdrawn",
    "Event",
    "FocusedVisitCompleted",
    "FundingAllocated",
    "ImprovementAdviserAppointed",
    "ImprovementBoardEstablished",
    "ImprovementNoticeIssued",
    "InterventionClosed",
    "InterventionOpened",
    "InterventionProposed",
    "JtaiCompleted",
    "MilestoneEvent",
    "MilestoneOverdue",
    "MonitoringLetterPublished",
    "MonitoringVisitCompleted",
    "NewCycleStarted",
    "NoticeEscalatedToDirection",
    "NoticeLifted",
    "NoticeRevised",
    "OptionsAppraisalCompleted",
    "PartnerAppointed",
    "PriorityAdded",
    "ProgressReviewCompleted",
    "RegimeMigrated",
    "ReinspectionCompleted",
    "ReinspectionFieldworkCompleted",
    "ReinspectionStarted",
    "ReminderSent",
    "ReportPublished",
    "ReportReceiptConfirmed",
    "ReportReceived",
    "SelfEvaluationSubmitted",
    "ServicesRetained",
    "StatementOfActionSubmitted",
    "StatutoryDirectionIssued",
    "SupportAndSupervisionStarted",
    "SupportReviewCompleted",
    "TransferDirected",
    "VisitLetterPublished",
    "event_data",
    "parse_event",
]
