"""The milestones people record: which event each becomes, when it may be recorded, and by whom."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.events import (
    AlternativeDeliveryModelDirected,
    BoardMeetingHeld,
    CaseAuditCompleted,
    CommissionerAppointed,
    CommissionerReportSubmitted,
    DirectionRevoked,
    DirectionSteppedDown,
    FundingAllocated,
    ImprovementAdviserAppointed,
    ImprovementBoardEstablished,
    ImprovementNoticeIssued,
    InterventionClosed,
    MilestoneEvent,
    MonitoringVisitCompleted,
    NoticeEscalatedToDirection,
    NoticeLifted,
    ProgressReviewCompleted,
    ReinspectionCompleted,
    ServicesRetained,
    StatementOfActionSubmitted,
    StatutoryDirectionIssued,
    SupportReviewCompleted,
)
from domain.state import InterventionState, Stage, Track
from domain.values import Role

RECORDERS = frozenset({Role.IMPROVEMENT_TEAM, Role.MANAGER, Role.ADMIN})
# Closing an intervention or recording that the DfE ended it is a sign-off: managers only.
SIGN_OFF = frozenset({Role.MANAGER, Role.ADMIN})
OPENERS = RECORDERS

BEFORE_REINSPECTION = frozenset(
    {Stage.AWAITING_DECISION, Stage.IMPROVEMENT, Stage.COMMISSIONER_REVIEW}
)
IN_FORCE = frozenset({Stage.IMPROVEMENT, Stage.COMMISSIONER_REVIEW, Stage.AWAITING_REVOCATION})
WHILE_OPEN = frozenset(stage for stage in Stage if stage is not Stage.CLOSED)

Precondition = Callable[[InterventionState], str | None]


@dataclass(frozen=True)
class MilestoneSpec:
    event: type[MilestoneEvent]
    stages: frozenset[Stage]
    track: Track | None = None
    roles: frozenset[Role] = RECORDERS
    # Checks beyond stage and track; each returns the reason it fails, or None.
    precondition: Precondition | None = None


def _statement_outstanding(state: InterventionState) -> str | None:
    if state.first_open("statement_of_action") is None:
        return f"the Statement of Action for cycle {state.cycle} is already recorded"
    return None


def _board_not_yet(state: InterventionState) -> str | None:
    if state.count_met("improvement_board"):
        return "the Improvement Board is already established"
    return None


def _commissioner_not_yet(state: InterventionState) -> str | None:
    if state.commissioner_appointed_on is not None:
        return f"a commissioner was already appointed on {state.commissioner_appointed_on}"
    return None


def _report_submitted(state: InterventionState) -> str | None:
    if state.commissioner_recommendation is None:
        return "the commissioner's report has not been recorded yet"
    return None


def _report_not_yet(state: InterventionState) -> str | None:
    if state.commissioner_recommendation is not None:
        return "the commissioner's report is already recorded"
    return None


def _reviewed_or_reinspected(state: InterventionState) -> str | None:
    # A notice can be lifted after a DfE review without re-inspection, but not out of nowhere.
    if state.stage is Stage.AWAITING_REVOCATION or state.count_met("progress_review"):
        return None
    return "it needs a re-inspection that is not inadequate or a completed DfE progress review"


MILESTONES: dict[str, MilestoneSpec] = {
    "improvement_notice_issued": MilestoneSpec(
        ImprovementNoticeIssued, frozenset({Stage.AWAITING_DECISION})
    ),
    "direction_issued": MilestoneSpec(
        StatutoryDirectionIssued, frozenset({Stage.AWAITING_DECISION})
    ),
    "commissioner_appointed": MilestoneSpec(
        CommissionerAppointed,
        frozenset({Stage.IMPROVEMENT}),
        track=Track.DIRECTION,
        precondition=_commissioner_not_yet,
    ),
    "commissioner_report_submitted": MilestoneSpec(
        CommissionerReportSubmitted,
        frozenset({Stage.COMMISSIONER_REVIEW}),
        precondition=_report_not_yet,
    ),
    "services_retained": MilestoneSpec(
        ServicesRetained, frozenset({Stage.COMMISSIONER_REVIEW}), precondition=_report_submitted
    ),
    "alternative_delivery_directed": MilestoneSpec(
        AlternativeDeliveryModelDirected,
        frozenset({Stage.COMMISSIONER_REVIEW}),
        precondition=_report_submitted,
    ),
    "improvement_adviser_appointed": MilestoneSpec(
        ImprovementAdviserAppointed, frozenset({Stage.IMPROVEMENT, Stage.COMMISSIONER_REVIEW})
    ),
    "improvement_board_established": MilestoneSpec(
        ImprovementBoardEstablished, BEFORE_REINSPECTION, precondition=_board_not_yet
    ),
    "statement_of_action_submitted": MilestoneSpec(
        StatementOfActionSubmitted, BEFORE_REINSPECTION, precondition=_statement_outstanding
    ),
    "monitoring_visit_completed": MilestoneSpec(MonitoringVisitCompleted, BEFORE_REINSPECTION),
    "progress_review_completed": MilestoneSpec(ProgressReviewCompleted, IN_FORCE),
    "reinspection_completed": MilestoneSpec(
        ReinspectionCompleted, frozenset({Stage.IMPROVEMENT, Stage.COMMISSIONER_REVIEW})
    ),
    "notice_lifted": MilestoneSpec(
        NoticeLifted,
        frozenset({Stage.IMPROVEMENT, Stage.AWAITING_REVOCATION}),
        track=Track.NOTICE,
        roles=SIGN_OFF,
        precondition=_reviewed_or_reinspected,
    ),
    "direction_revoked": MilestoneSpec(
        DirectionRevoked,
        frozenset({Stage.IMPROVEMENT, Stage.AWAITING_REVOCATION}),
        track=Track.DIRECTION,
        roles=SIGN_OFF,
        precondition=_reviewed_or_reinspected,
    ),
    "notice_escalated_to_direction": MilestoneSpec(
        NoticeEscalatedToDirection, frozenset({Stage.IMPROVEMENT}), track=Track.NOTICE
    ),
    "direction_stepped_down": MilestoneSpec(
        DirectionSteppedDown, frozenset({Stage.IMPROVEMENT}), track=Track.DIRECTION
    ),
    "support_review_completed": MilestoneSpec(
        SupportReviewCompleted, frozenset({Stage.SUPPORT_AND_SUPERVISION})
    ),
    "intervention_closed": MilestoneSpec(
        InterventionClosed, frozenset({Stage.SUPPORT_AND_SUPERVISION}), roles=SIGN_OFF
    ),
    # What improvement teams record besides milestones: no deadline, any time while open.
    "board_meeting_held": MilestoneSpec(BoardMeetingHeld, WHILE_OPEN),
    "case_audit_completed": MilestoneSpec(CaseAuditCompleted, WHILE_OPEN),
    "funding_allocated": MilestoneSpec(FundingAllocated, WHILE_OPEN),
}

# Fields the engine fills in itself; a person may not set them.
ENGINE_FIELDS = frozenset({"type", "effective_on", "recorded_at", "actor", "number"})


def detail_fields(spec: MilestoneSpec) -> list[str]:
    return [name for name in spec.event.model_fields if name not in ENGINE_FIELDS]


def allowed_now(state: InterventionState) -> list[str]:
    """Milestones whose stage, track and preconditions allow recording them now."""
    return [name for name, spec in MILESTONES.items() if blocked_because(state, spec) is None]


def blocked_because(state: InterventionState, spec: MilestoneSpec) -> str | None:
    if state.stage not in spec.stages:
        stages = ", ".join(sorted(stage.value for stage in spec.stages))
        return f"it is recorded at stage {stages}"
    if spec.track is not None and state.track is not spec.track:
        current = state.track.value if state.track else "none yet"
        return f"it needs the {spec.track.value} track, and the track is {current}"
    return spec.precondition(state) if spec.precondition else None
