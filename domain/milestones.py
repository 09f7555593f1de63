"""The milestones people record: which event each becomes, when it may be recorded, and by whom.

What really happens is recorded as it happened: instruments issued, revised, escalated, stepped
down, lifted or revoked in the order the DfE chose; appointments made, renewed and ended;
Ofsted's visits and reports whenever they came. A milestone is refused only when it cannot be
true (lifting a notice that is not in force) or would be recorded twice (a one-off fact).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.events import (
    ActionPlanningVisitCompleted,
    AlternativeDeliveryLive,
    AlternativeDeliveryModelDirected,
    AnnualEngagementMeetingHeld,
    AppointmentEnded,
    BoardChairAppointed,
    BoardMeetingHeld,
    BusinessCaseApproved,
    CaseAuditCompleted,
    CommissionerAppointed,
    CommissionerReportSubmitted,
    ConditionMet,
    ContactsChanged,
    DirectionRevised,
    DirectionRevoked,
    DirectionSteppedDown,
    Event,
    FocusedVisitCompleted,
    FundingAllocated,
    ImprovementAdviserAppointed,
    ImprovementBoardEstablished,
    ImprovementNoticeIssued,
    InterventionClosed,
    InterventionProposed,
    JtaiCompleted,
    MilestoneEvent,
    MonitoringLetterPublished,
    MonitoringVisitCompleted,
    NoticeEscalatedToDirection,
    NoticeLifted,
    NoticeRevised,
    OptionsAppraisalCompleted,
    PartnerAppointed,
    ProgressReviewCompleted,
    ReinspectionCompleted,
    ReinspectionFieldworkCompleted,
    ReinspectionStarted,
    ReportPublished,
    ReportReceiptConfirmed,
    SelfEvaluationSubmitted,
    ServicesRetained,
    StatementOfActionSubmitted,
    StatutoryDirectionIssued,
    SupportReviewCompleted,
    TransferDirected,
    VisitLetterPublished,
)
from domain.regime import DeadlineKind, Regime
from domain.standing import RecordedFact, ReinspectionStage, Track
from domain.state import InterventionState, Stage
from domain.values import AppointmentRole, ReportKind, Role

RECORDERS = frozenset({Role.IMPROVEMENT_TEAM, Role.MANAGER, Role.ADMIN})
# Closing an intervention or recording that the DfE ended it is a sign-off: managers only.
SIGN_OFF = frozenset({Role.MANAGER, Role.ADMIN})
OPENERS = RECORDERS

WHILE_OPEN = frozenset(stage for stage in Stage if stage is not Stage.CLOSED)

Precondition = Callable[[InterventionState], str | None]


@dataclass(frozen=True)
class MilestoneSpec:
    event: type[MilestoneEvent]
    stages: frozenset[Stage] = WHILE_OPEN
    # The kind of notice or direction that must be in force.
    instrument: Track | None = None
    roles: frozenset[Role] = RECORDERS
    # Checks beyond stage and instrument; each returns the reason it fails, or None.
    precondition: Precondition | None = None
    # May take effect before the inspection ended: a notice or direction from an earlier
    # report still in force when this one came out (Sandwell: a direction since 22 July 2014,
    # judged inadequate again in June 2015); a commissioner or adviser the DfE sent in while
    # Ofsted was on site (Birmingham: Lord Warner, 27 March 2014, during the inspection); a
    # board already meeting (Doncaster: set up in March 2009, judged inadequate in 2012); a
    # partner council already working with it (Medway: Ealing, the DfE's Partner in Practice,
    # "this collaboration had started before the inspection" of July 2019); a focused visit
    # that led to the inspection (Wakefield, February 2018); the Secretary of State minded to
    # intervene while Ofsted was on site (Rotherham, 7 October 2014); services another provider
    # already ran (Doncaster: the trust live on 1 October 2014, judged inadequate again in
    # November 2015).
    in_force_before: bool = False


# Where a plan nothing on the record asks for goes (Devon: the accelerated progress plan after
# the SEND revisit of May 2022, with the notice of September 2022).
PLAN_ASKED_OTHERWISE = (
    "; a plan asked for otherwise (by the notice, or by the DfE after a revisit, as the "
    "accelerated progress plan) is a condition of the notice, met by condition_met, or kept in "
    "a note"
)


def answers_an_open_deadline(
    milestone: str,
    once_answered: str | None = None,
    revised: bool = False,
    ahead: Callable[[Regime], bool] | None = None,
) -> Precondition:
    """Recordable only while a deadline it meets is open (a report's publication answers the
    report; without an open one there is nothing for it to answer). `once_answered` says where
    what comes after the answer is recorded instead. A fact that may be `revised` is recordable
    again once a report has asked for it, meeting nothing more: a statement of action revised
    after Ofsted or the DfE found it wanting is what happened. One the regime lets come `ahead`
    of the report it answers is recordable first, and held for that report."""

    def check(state: InterventionState) -> str | None:
        rules = state.rules.rules_met_by(milestone)
        if any(state.first_open(rule.name) for rule in rules):
            return None
        names = ", ".join(rule.title for rule in rules) or milestone
        if not any(d.milestone == rule.name for rule in rules for d in state.deadlines):
            # A letter of before February 2016 asked for none (Calderdale, July 2009).
            unasked = f"no {names} deadline has been set: no report on the record asks for one"
            return unasked + (
                PLAN_ASKED_OTHERWISE if milestone == "statement_of_action_submitted" else ""
            )
        if revised or (ahead is not None and ahead(state.rules)):
            return None
        closed = f"no {names} deadline is open: each one is already recorded or withdrawn"
        return f"{closed}; {once_answered}" if once_answered else closed

    return check


def _no_direction_in_force(state: InterventionState) -> str | None:
    if state.track_in_force is Track.DIRECTION:
        return "a direction is in force; record direction_stepped_down to replace it by a notice"
    return None


def _nothing_in_force(state: InterventionState) -> str | None:
    if state.track_in_force is not None:
        ending = "notice_lifted" if state.track_in_force is Track.NOTICE else "direction_revoked"
        return f"a {state.track_in_force.value} is in force; record {ending} to end it first"
    return None


def _commissioner_appointed(state: InterventionState) -> str | None:
    if state.commissioner_appointed_on is None:
        return "no commissioner has been appointed"
    return None


REVIEWERS = frozenset({AppointmentRole.COMMISSIONER, AppointmentRole.IMPROVEMENT_ADVISER})


def _reviewed(state: InterventionState) -> str | None:
    # The DfE keeps services with the council after a review: a commissioner's (Solihull: Sir
    # Alan Wood's report published with the decision of 20 March 2023, recorded either side of
    # it), its advisers' (Somerset, 2015: advisers led by Essex's director, then a direction), or
    # another review of the council (Rotherham: the directions of 26 February 2015,
    # commissioners running children's social care within the council, rested on Louise
    # Casey's inspection). A commissioner's report needs her appointment, so the appointment
    # is what is asked. Services taken back from the provider that ran them ask no review: the
    # move is on the record (Isle of Wight: Hampshire's partnership, directed in 2013 with no
    # commissioner, ended on 31 January 2024).
    move = state.services_move
    if move is not None and move.live_on is not None:
        return None
    sent_in = any(a.role in REVIEWERS for a in state.appointments)
    appraised = any(
        fact.milestone == "options_appraisal_completed" and state.of_this_cycle(fact)
        for fact in state.recorded
    )
    if not sent_in and not appraised:
        return (
            "neither a commissioner, an improvement adviser nor another review of the council "
            "(options_appraisal_completed) has been recorded yet"
        )
    return None


def _not_on_site(state: InterventionState) -> str | None:
    # A visit whose report never came into the record is ended by the next one (`domain.
    # recording` checks it is that much later): only fieldwork under way stops a new start.
    if state.reinspection is ReinspectionStage.FIELDWORK:
        return (
            "the re-inspection is already under way (fieldwork); record "
            "reinspection_fieldwork_completed first"
        )
    return None


def fieldwork_began(state: InterventionState) -> date | None:
    """The day the re-inspection fieldwork under way began, if one is under way."""
    if state.reinspection is not ReinspectionStage.FIELDWORK:
        return None
    return max(fact.on for fact in state.recorded if fact.milestone == "reinspection_started")


def fieldwork_seen(state: InterventionState) -> date | None:
    """The last day recorded of the re-inspection under way or whose report is awaited."""
    if state.reinspection is None:
        return None
    return max(
        fact.on
        for fact in state.recorded
        if fact.milestone in ("reinspection_started", "reinspection_fieldwork_completed")
    )


def unreported_visit_ended(state: InterventionState) -> date | None:
    """The last day of the re-inspection whose report is awaited, if one is."""
    if state.reinspection is not ReinspectionStage.AWAITING_REPORT:
        return None
    return fieldwork_seen(state)


def _receipt_assumed(state: InterventionState) -> str | None:
    if not any(r.received_assumed for r in state.reports):
        return "every report's receipt is already known"
    return None


def _someone_appointed(state: InterventionState) -> str | None:
    if not any(a.active for a in state.appointments):
        return "nobody is appointed now"
    return None


def held_outside_every_series(state: InterventionState, milestone: str) -> list[RecordedFact]:
    """The facts of `milestone` recorded in this cycle while none of the rules they meet kept a
    series (Ofsted's visits before its quarterly monitoring began in June 2016)."""
    return [
        fact
        for fact in state.recorded
        if fact.milestone == milestone
        and state.of_this_cycle(fact)
        and state.rules.held_outside_every_series(milestone, fact.on)
    ]


def visits_recorded(state: InterventionState) -> dict[int, date]:
    """The monitoring visits recorded in this cycle: each one's number and day, those held
    before any series of them was kept included (Ofsted's visits before June 2016); one of the
    series takes the place of one of those with its number."""
    visit = "monitoring_visit_completed"
    names = {rule.name for rule in state.rules.rules_met_by(visit)}
    held = {
        fact.number: fact.on
        for fact in held_outside_every_series(state, visit)
        if fact.number is not None
    }
    return held | {
        d.number or 1: d.met_on
        for d in state.deadlines
        if d.milestone in names and d.cycle == state.cycle and d.met_on is not None
    }


# The visits whose letter may come after them, and the report their letter is.
LETTER_VISITS = {
    "focused_visit_completed": ReportKind.FOCUSED_VISIT,
    "jtai_completed": ReportKind.JTAI,
}


def visit_of_letter(state: InterventionState, day: date) -> RecordedFact | None:
    """The focused visit or JTAI recorded over `day`, the latest if more than one."""
    return next(
        (
            fact
            for fact in reversed(state.recorded)
            if fact.milestone in LETTER_VISITS and fact.on <= day <= (fact.ended_on or fact.on)
        ),
        None,
    )


def _a_letter_to_come(state: InterventionState) -> str | None:
    if not any(fact.milestone in LETTER_VISITS for fact in state.recorded):
        return "no focused visit or joint targeted area inspection is recorded"
    return None


def _a_visit_recorded(state: InterventionState) -> str | None:
    if not visits_recorded(state):
        return "no monitoring visit is recorded in this cycle"
    return None


def _going_live(state: InterventionState) -> str | None:
    """Once for each move: a later transfer moves services live again (Slough: the trust live
    on 1 October 2015 became Slough Children First, owned by the council, on 1 April 2021). A
    move no direction asked for is the council's own (Kingston upon Thames: its services and
    Richmond's went to their company, Achieving for Children, on 1 April 2014)."""
    move = state.services_move
    if move is None:
        return None
    later = move.transfer_directed_on
    if move.live_on is not None and (later is None or later <= move.live_on):
        return (
            f"services went live on {move.live_on.isoformat()}; record transfer_directed "
            "first for a later move"
        )
    return None


def _a_condition_open(state: InterventionState) -> str | None:
    if not any(d.kind is DeadlineKind.CONDITION for d in state.open_deadlines):
        return "no condition of a notice or direction is open"
    return None


MILESTONES: dict[str, MilestoneSpec] = {
    # --- the DfE's instruments -----------------------------------------------------------------
    "improvement_notice_issued": MilestoneSpec(
        ImprovementNoticeIssued, precondition=_no_direction_in_force, in_force_before=True
    ),
    "direction_issued": MilestoneSpec(StatutoryDirectionIssued, in_force_before=True),
    "intervention_proposed": MilestoneSpec(InterventionProposed, in_force_before=True),
    # What the DfE did to a notice or direction in force may come while Ofsted is on site, as
    # issuing one may (Solihull: the notice of February 2022 escalated to a direction in
    # November 2022, during the inspection of 7 to 18 November).
    "notice_revised": MilestoneSpec(NoticeRevised, instrument=Track.NOTICE, in_force_before=True),
    "direction_revised": MilestoneSpec(
        DirectionRevised, instrument=Track.DIRECTION, in_force_before=True
    ),
    "notice_escalated_to_direction": MilestoneSpec(
        NoticeEscalatedToDirection, instrument=Track.NOTICE, in_force_before=True
    ),
    "direction_stepped_down": MilestoneSpec(
        DirectionSteppedDown, instrument=Track.DIRECTION, in_force_before=True
    ),
    "notice_lifted": MilestoneSpec(NoticeLifted, instrument=Track.NOTICE, roles=SIGN_OFF),
    "direction_revoked": MilestoneSpec(
        DirectionRevoked, instrument=Track.DIRECTION, roles=SIGN_OFF
    ),
    "condition_met": MilestoneSpec(ConditionMet, precondition=_a_condition_open),
    "progress_review_completed": MilestoneSpec(ProgressReviewCompleted),
    # --- appointments --------------------------------------------------------------------------
    "commissioner_appointed": MilestoneSpec(CommissionerAppointed, in_force_before=True),
    "improvement_adviser_appointed": MilestoneSpec(
        ImprovementAdviserAppointed, in_force_before=True
    ),
    "board_chair_appointed": MilestoneSpec(BoardChairAppointed, in_force_before=True),
    "partner_appointed": MilestoneSpec(PartnerAppointed, in_force_before=True),
    "appointment_ended": MilestoneSpec(AppointmentEnded, precondition=_someone_appointed),
    # --- who runs the services -----------------------------------------------------------------
    "commissioner_report_submitted": MilestoneSpec(
        CommissionerReportSubmitted, precondition=_commissioner_appointed
    ),
    "services_retained": MilestoneSpec(
        ServicesRetained, precondition=_reviewed, in_force_before=True
    ),
    "alternative_delivery_directed": MilestoneSpec(
        AlternativeDeliveryModelDirected, in_force_before=True
    ),
    "options_appraisal_completed": MilestoneSpec(OptionsAppraisalCompleted),
    "business_case_approved": MilestoneSpec(BusinessCaseApproved),
    "transfer_directed": MilestoneSpec(TransferDirected, in_force_before=True),
    "alternative_delivery_live": MilestoneSpec(
        AlternativeDeliveryLive, precondition=_going_live, in_force_before=True
    ),
    # --- the council -----------------------------------------------------------------------------
    "statement_of_action_submitted": MilestoneSpec(
        StatementOfActionSubmitted,
        precondition=answers_an_open_deadline("statement_of_action_submitted", revised=True),
    ),
    "receipt_confirmed": MilestoneSpec(ReportReceiptConfirmed, precondition=_receipt_assumed),
    "report_published": MilestoneSpec(
        ReportPublished,
        precondition=answers_an_open_deadline(
            "report_published",
            "a report not yet on the record is recorded first (reinspection_completed, or the "
            "visit its letter follows), then its publication",
            ahead=lambda rules: rules.a_publication_ahead_of_its_report_answers_it,
        ),
    ),
    # Recorded again when the board is made formal or reconstituted (Shropshire: a provisional
    # board set up straight after the focused visit of November 2023, formally established by
    # the full Council in March 2024); the first meets the board deadline, a later one nothing
    # more, but it stands for a board a later notice or direction asks for.
    "improvement_board_established": MilestoneSpec(
        ImprovementBoardEstablished, in_force_before=True
    ),
    "self_evaluation_submitted": MilestoneSpec(SelfEvaluationSubmitted),
    # --- Ofsted ----------------------------------------------------------------------------------
    "action_planning_visit_completed": MilestoneSpec(ActionPlanningVisitCompleted),
    "monitoring_visit_completed": MilestoneSpec(MonitoringVisitCompleted),
    "monitoring_letter_published": MilestoneSpec(
        MonitoringLetterPublished, precondition=_a_visit_recorded
    ),
    # A visit before the inspection is history the team keeps (Wakefield: the focused visit of
    # February 2018 that led to the inspection of June; Cheshire East: the joint targeted area
    # inspection of July 2022, its priority actions on child exploitation, before the
    # inspection of February and March 2024).
    "focused_visit_completed": MilestoneSpec(FocusedVisitCompleted, in_force_before=True),
    "jtai_completed": MilestoneSpec(JtaiCompleted, in_force_before=True),
    "visit_letter_published": MilestoneSpec(VisitLetterPublished, precondition=_a_letter_to_come),
    "annual_engagement_meeting_held": MilestoneSpec(AnnualEngagementMeetingHeld),
    # Ofsted inspects again whenever it comes, at any stage: after a report judged requires
    # improvement while the direction stays (Birmingham: judged good in April 2023, the
    # direction lifted in May), or in support and supervision (Stoke-on-Trent: direction
    # revoked 10 February 2025, inspected in May).
    "reinspection_started": MilestoneSpec(ReinspectionStarted, precondition=_not_on_site),
    # With no start recorded, it records the start too (`domain.decide`).
    "reinspection_fieldwork_completed": MilestoneSpec(ReinspectionFieldworkCompleted),
    "reinspection_completed": MilestoneSpec(ReinspectionCompleted),
    # --- after intervention --------------------------------------------------------------------
    "support_review_completed": MilestoneSpec(
        SupportReviewCompleted, frozenset({Stage.SUPPORT_AND_SUPERVISION})
    ),
    # The DfE ends its intervention: after support and supervision, or, where it acted without
    # a notice or direction (Darlington: an improvement partner it paid for from 2015, "the
    # formal end of the DfE's intervention" by letter in 2019), by saying so.
    "intervention_closed": MilestoneSpec(
        InterventionClosed,
        frozenset(
            {
                Stage.SUPPORT_AND_SUPERVISION,
                Stage.ENDED,
                Stage.AWAITING_DECISION,
                Stage.AWAITING_REVOCATION,
            }
        ),
        roles=SIGN_OFF,
        precondition=_nothing_in_force,
    ),
    # What improvement teams record besides milestones: no deadline, any time while open. A
    # board already meeting under a notice in force meets before the inspection ends (Wirral:
    # its SEND board of the notice of May 2024 met on 23 July and 22 October 2024, wirralview.com,
    # the inspection in January 2025).
    "board_meeting_held": MilestoneSpec(BoardMeetingHeld, in_force_before=True),
    "case_audit_completed": MilestoneSpec(CaseAuditCompleted),
    # Money the council began putting in before Ofsted came is part of what it spent
    # (Gloucestershire: it "had begun investing £9.2 million into the service before Ofsted
    # visited in February and March" 2017, Community Care, 15 August 2017).
    "funding_allocated": MilestoneSpec(FundingAllocated, in_force_before=True),
    "contacts_changed": MilestoneSpec(ContactsChanged),
}

# Fields the engine fills in itself; a person may not set them. (A recurring milestone's
# `number` may be given: which occurrence it is, when it is not simply the earliest open.)
ENGINE_FIELDS = frozenset({"type", "effective_on", "recorded_at", "actor", "received_assumed"})

MILESTONE_OF_EVENT: dict[str, str] = {
    spec.event.model_fields["type"].default: name for name, spec in MILESTONES.items()
}


def answers_deadlines(event: Event) -> bool:
    """Whether a recorded fact may meet what the rules ask: not a partner the council engaged
    itself (`PartnerAppointed.councils_own`), which is no decision of the DfE's. By exact type:
    this runs on every event folded."""
    return type(event) is not PartnerAppointed or not event.councils_own


def detail_fields(spec: MilestoneSpec) -> list[str]:
    return [name for name in spec.event.model_fields if name not in ENGINE_FIELDS]


def allowed_now(state: InterventionState) -> list[str]:
    """Milestones whose stage, instrument and preconditions allow recording them now."""
    return [
        name
        for name in MILESTONES
        if blocked_because(state, name) is None and state.rules.recorded_instead(name) is None
    ]


def blocked_because(state: InterventionState, milestone: str) -> str | None:
    spec = MILESTONES[milestone]
    if state.stage not in spec.stages:
        stages = ", ".join(sorted(stage.value for stage in spec.stages))
        return f"it is recorded at stage {stages}"
    if spec.instrument is not None and state.track_in_force is not spec.instrument:
        current = f"a {state.track_in_force.value} is" if state.track_in_force else "none is"
        return f"it needs a {spec.instrument.value} in force, and {current}"
    return spec.precondition(state) if spec.precondition else None
