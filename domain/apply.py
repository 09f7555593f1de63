"""Folding events into the state: `apply(state, event) -> state`, pure, never refusing.

A stored event is a fact, so `apply` never fails on one. Each group of events (the lifecycle
and instruments, appointments, Ofsted, the delivery programme, the plan, the clock) changes the
part of the state it is about; every milestone a person recorded is also kept as a fact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from domain.carry import carried
from domain.events import (
    ActionAdded,
    ActionCompleted,
    ActionUpdated,
    AlternativeDeliveryLive,
    AlternativeDeliveryModelDirected,
    AppointmentEnded,
    BoardChairAppointed,
    BusinessCaseApproved,
    CommissionerAppointed,
    CommissionerReportSubmitted,
    ContactsChanged,
    DeadlineMet,
    DeadlineMissed,
    DeadlineRescheduled,
    DeadlineScheduled,
    DeadlineWithdrawn,
    DirectionRevised,
    DirectionRevoked,
    DirectionSteppedDown,
    EscalationRaised,
    EscalationWithdrawn,
    Event,
    FocusedVisitCompleted,
    ImprovementAdviserAppointed,
    ImprovementNoticeIssued,
    InterventionClosed,
    InterventionOpened,
    JtaiCompleted,
    MilestoneEvent,
    MilestoneOverdue,
    MonitoringVisitCompleted,
    NewCycleStarted,
    NoticeEscalatedToDirection,
    NoticeLifted,
    NoticeRevised,
    OptionsAppraisalCompleted,
    PartnerAppointed,
    PriorityAdded,
    RegimeMigrated,
    ReinspectionCompleted,
    ReinspectionFieldworkCompleted,
    ReinspectionStarted,
    ReminderSent,
    ReportReceiptConfirmed,
    ReportReceived,
    ServicesRetained,
    StatutoryDirectionIssued,
    SupportAndSupervisionStarted,
    TransferDirected,
)
from domain.milestones import MILESTONE_OF_EVENT, answers_deadlines
from domain.plan import Action, ActionFields, Priority, action_deadline
from domain.regime import DeadlineKind, condition_period
from domain.standing import (
    ESCALATED,
    REISSUED,
    Appointment,
    Delivery,
    Instrument,
    RecordedFact,
    ReinspectionStage,
    Report,
    Track,
)
from domain.state import (
    Deadline,
    DeadlineStatus,
    Escalation,
    InterventionState,
    Stage,
    deadline_key,
)
from domain.updated import updated
from domain.values import AppointmentRole, Condition

Changes = dict[str, Any]


def apply(state: InterventionState | None, event: Event) -> InterventionState:
    """Fold one event into the state. Pure; a stored event is a fact and is never refused."""
    # By exact type, not isinstance: pydantic's models are ABCs, and this runs on every event
    # of every append and rebuild. No event type is subclassed.
    if type(event) is InterventionOpened:
        return _opened(event)
    if state is None:
        raise ValueError(
            f"the first event of a stream must be InterventionOpened, not {event.type}"
        )
    changes: Changes = {"version": state.version + 1}
    # The cheap test first: most events are the clock's, none of them a milestone.
    if (
        event.type in MILESTONE_OF_EVENT
        and isinstance(event, MilestoneEvent)
        and answers_deadlines(event)
    ):
        fact = RecordedFact(
            milestone=MILESTONE_OF_EVENT[event.type],
            on=event.effective_on,
            ended_on=_last_day(event),
            number=getattr(event, "number", None),
        )
        changes["recorded"] = (*state.recorded, fact)
    found = _fold(state, event)
    if found is not None:
        changes.update(found)
    return updated(state, changes)


def _last_day(event: MilestoneEvent) -> date | None:
    """The last day of a visit over several days, when given (the visits' `ended_on`)."""
    if isinstance(event, MonitoringVisitCompleted | FocusedVisitCompleted | JtaiCompleted):
        return event.ended_on
    return None


def apply_all(events: Iterable[Event], state: InterventionState | None = None) -> InterventionState:
    for event in events:
        state = apply(state, event)
    if state is None:
        raise ValueError("no events to build an intervention from")
    return state


def _opened(event: InterventionOpened) -> InterventionState:
    inspection = event.inspection
    return InterventionState(
        intervention_id=event.intervention_id,
        authority=event.authority,
        regime=event.regime,
        regime_version=event.regime_version,
        inspection=inspection,
        contacts=event.contacts,
        opened_on=event.effective_on,
        version=1,
        cycle_published_on=inspection.published_on,
        cycle_received_on=inspection.report_received_on,
    )


# --- the intervention and the DfE's instruments ------------------------------------------------


def _instruments(state: InterventionState, event: Event) -> Changes | None:
    on = event.effective_on
    match event:
        case ImprovementNoticeIssued() | StatutoryDirectionIssued():
            track = Track.NOTICE if isinstance(event, ImprovementNoticeIssued) else Track.DIRECTION
            stage = state.stage if state.stage is Stage.COMMISSIONER_REVIEW else Stage.IMPROVEMENT
            return {
                "track": track,
                "stage": stage,
                "instruments": _replaced(state, track, on, event.conditions, REISSUED),
            }
        case NoticeRevised() | DirectionRevised():
            return {"instruments": _revised(state, on, event.conditions)}
        case NoticeEscalatedToDirection():
            instruments = _replaced(state, Track.DIRECTION, on, event.conditions, ESCALATED)
            return {"track": Track.DIRECTION, "instruments": instruments}
        case DirectionSteppedDown():
            instruments = _replaced(state, Track.NOTICE, on, event.conditions, "stepped down")
            stepped: Changes = {"track": Track.NOTICE, "instruments": instruments}
            if state.rules.stepping_down_ends_the_commissioner:
                ending = {AppointmentRole.COMMISSIONER}
                stepped["appointments"] = _appointments_ended(state, on, ending)
                stepped |= _review_over(state, stepped["appointments"])
            return stepped
        case NoticeLifted() | DirectionRevoked():
            why = "lifted" if isinstance(event, NoticeLifted) else "revoked"
            # Ended, unless the support and supervision the engine starts next follows it.
            return {
                "stage": Stage.ENDED,
                "revoked_on": on,
                "instruments": _ended(state, on, why),
                "appointments": _appointments_ended(state, on, INSTRUMENT_ROLES),
            }
        case SupportAndSupervisionStarted():
            return {"stage": Stage.SUPPORT_AND_SUPERVISION, "support_ends_on": event.ends_on}
        case InterventionClosed():
            # Whoever was still appointed (a board chair, a partner) was so for the intervention.
            return {
                "stage": Stage.CLOSED,
                "closed_on": on,
                "appointments": _appointments_ended(state, on, AppointmentRole),
            }
        case RegimeMigrated():
            return {"regime_version": event.to_version}
        case NewCycleStarted():
            return {
                "cycle": event.cycle,
                "cycle_published_on": event.published_on,
                "cycle_received_on": event.received_on,
                # Judged inadequate again after the notice or direction ended, the council
                # waits for the DfE's decision once more.
                "stage": Stage.IMPROVEMENT if state.track_in_force else Stage.AWAITING_DECISION,
            }
        case _:
            return None


def _ended(state: InterventionState, on: date, why: str) -> tuple[Instrument, ...]:
    return tuple(
        updated(i, {"ended_on": on, "ended_because": why}) if i.in_force else i
        for i in state.instruments
    )


def _replaced(
    state: InterventionState, kind: Track, on: date, conditions: list[Condition], why: str
) -> tuple[Instrument, ...]:
    """The instrument in force ends; the new one keeps its open conditions unless it sets its
    own."""
    current = state.instrument
    kept = _still_open(state, current.conditions) if current and not conditions else conditions
    new = Instrument(
        number=len(state.instruments) + 1, kind=kind, issued_on=on, conditions=tuple(kept)
    )
    return (*_ended(state, on, why), new)


def _still_open(state: InterventionState, conditions: Iterable[Condition]) -> list[Condition]:
    """The conditions a replacement carries over: under the regimes that say so, not one met
    once and for all (Barnet: the commissioner's report the direction of August 2017 asked for
    by November, submitted that December, shown as a condition of the direction of June 2018)."""
    if not state.rules.a_met_condition_ends_with_its_instrument:
        return list(conditions)
    return [
        c
        for c in conditions
        if condition_period(c) is not None or state.first_open(c.name) is not None
    ]


def _revised(state: InterventionState, on: date, conditions: list[Any]) -> tuple[Instrument, ...]:
    def revise(instrument: Instrument) -> Instrument:
        changes: Changes = {"revised_on": (*instrument.revised_on, on)}
        if conditions:
            changes["conditions"] = tuple(conditions)
        return updated(instrument, changes)

    return tuple(revise(i) if i.in_force else i for i in state.instruments)


# --- who oversees and who runs the services ----------------------------------------------------

ROLE_OF_APPOINTMENT = {
    "CommissionerAppointed": AppointmentRole.COMMISSIONER,
    "ImprovementAdviserAppointed": AppointmentRole.IMPROVEMENT_ADVISER,
    "BoardChairAppointed": AppointmentRole.BOARD_CHAIR,
    "PartnerAppointed": AppointmentRole.PARTNER,
}


def _appointments(state: InterventionState, event: Event) -> Changes | None:
    match event:
        case (
            CommissionerAppointed()
            | ImprovementAdviserAppointed()
            | BoardChairAppointed()
            | PartnerAppointed()
        ):
            role = ROLE_OF_APPOINTMENT[event.type]
            name = event.partner if isinstance(event, PartnerAppointed) else event.name
            programme = event.programme if isinstance(event, PartnerAppointed) else None
            support = isinstance(event, CommissionerAppointed) and event.support
            if support:
                programme = SUPPORT_COMMISSIONER
            appointment = Appointment(
                role=role,
                number=sum(
                    a.role is role and (a.programme == SUPPORT_COMMISSIONER) == support
                    for a in state.appointments
                )
                + 1,
                name=name,
                from_on=event.effective_on,
                programme=programme,
            )
            # A partner, a support commissioner or an adviser alongside works beside others;
            # anyone else appointed to a role replaces, or continues for a further period,
            # whoever held it.
            alongside = isinstance(event, ImprovementAdviserAppointed) and event.alongside
            before = state.appointments
            if role is not AppointmentRole.PARTNER and not support and not alongside:
                before = _end_appointments(state, role, None, event.effective_on)
            changes: Changes = {"appointments": (*before, appointment)}
            if isinstance(event, CommissionerAppointed) and not support:
                changes["commissioner_appointed_on"] = event.effective_on
                if not state.commissioner_sees_it_through:
                    changes["stage"] = Stage.COMMISSIONER_REVIEW
            return changes
        case AppointmentEnded():
            ended = _end_appointments(state, event.appointment, event.name, event.effective_on)
            return {"appointments": ended, **_review_over(state, ended)}
        case ContactsChanged():
            contacts = {
                role: people for role, people in state.contacts.items() if role != event.role
            }
            return {"contacts": contacts | ({event.role: event.contacts} if event.contacts else {})}
        case CommissionerReportSubmitted(recommendation=None):
            # A progress report: the recommendation the DfE decided on stands.
            return {}
        case CommissionerReportSubmitted():
            return {"commissioner_recommendation": event.recommendation}
        case ServicesRetained():
            move = state.delivery
            if state.rules.kept_services_end_the_move and move is not None and not move.live_on:
                dropped = updated(move, {"dropped_on": event.effective_on})
                return {"stage": Stage.IMPROVEMENT, "delivery": dropped}
            if state.rules.services_taken_back_end_the_move and state.services_move is not None:
                # Back with the council after another provider ran them: the move ends, and the
                # intervention goes on where it was, unless it awaited this decision.
                back = updated(state.services_move, {"dropped_on": event.effective_on})
                return {"stage": _decided(state.stage), "delivery": back}
            return {"stage": Stage.IMPROVEMENT}
        case _:
            return None


SUPPORT_COMMISSIONER = "support commissioner"


def _decided(stage: Stage) -> Stage:
    """The stage once the DfE has decided who runs the services: improvement, if it awaited that
    decision; otherwise where it was (support and supervision goes on)."""
    awaiting = stage in (Stage.AWAITING_DECISION, Stage.COMMISSIONER_REVIEW)
    return Stage.IMPROVEMENT if awaiting else stage


# The Secretary of State's people, appointed under the notice or direction and gone with it; a
# board chair or a partner council may stay on with the council's own improvement programme.
INSTRUMENT_ROLES = frozenset({AppointmentRole.COMMISSIONER, AppointmentRole.IMPROVEMENT_ADVISER})


def _review_over(state: InterventionState, appointments: tuple[Appointment, ...]) -> Changes:
    """The commissioner's review is over when no commissioner is left to make it, under the
    regimes that say so: the intervention goes on at improvement."""
    reviewing = state.stage is Stage.COMMISSIONER_REVIEW
    left = any(a.role is AppointmentRole.COMMISSIONER and a.active for a in appointments)
    if reviewing and not left and state.rules.the_commissioners_going_ends_the_review:
        return {"stage": Stage.IMPROVEMENT}
    return {}


def _appointments_ended(
    state: InterventionState, on: date, roles: Iterable[AppointmentRole]
) -> tuple[Appointment, ...]:
    ending = frozenset(roles)
    return tuple(
        updated(a, {"ended_on": on}) if a.role in ending and a.active else a
        for a in state.appointments
    )


def _end_appointments(
    state: InterventionState, role: AppointmentRole, name: str | None, on: date
) -> tuple[Appointment, ...]:
    def ends(a: Appointment) -> bool:
        return a.role is role and a.active and (name is None or a.name == name)

    return tuple(updated(a, {"ended_on": on}) if ends(a) else a for a in state.appointments)


def _delivery(state: InterventionState, event: Event) -> Changes | None:
    programme = state.services_move or Delivery()
    on = event.effective_on
    match event:
        case AlternativeDeliveryModelDirected():
            steps: Changes = {"directed_on": on, "model": event.model}
            if event.go_live_on is not None:
                steps |= {"transfer_directed_on": on, "go_live_on": event.go_live_on}
            return {
                "stage": Stage.IMPROVEMENT,
                "delivery_model": event.model,
                "delivery": updated(programme, steps),
            }
        case OptionsAppraisalCompleted():
            return {"delivery": updated(programme, {"options_appraised_on": on})}
        case BusinessCaseApproved():
            return {"delivery": updated(programme, {"business_case_on": on})}
        case TransferDirected():
            steps = {
                "transfer_directed_on": on,
                "go_live_on": event.go_live_on,
                "model": event.model or programme.model,
                "provider": event.provider or programme.provider,
                "directed_on": programme.directed_on or on,
            }
            moved: Changes = {"delivery": updated(programme, steps)}
            if state.rules.a_transfer_directed_decides:
                moved["stage"] = _decided(state.stage)
            return moved
        case AlternativeDeliveryLive():
            steps = {"live_on": on, "provider": event.provider or programme.provider}
            return {"delivery": updated(programme, steps)}
        case _:
            return None


# --- Ofsted -------------------------------------------------------------------------------------


def _ofsted(state: InterventionState, event: Event) -> Changes | None:
    match event:
        case ReportReceived():
            reports = (*state.reports, carried(event, Report))
            return {"reports": reports, "cycle_received_on": event.received_on}
        case ReportReceiptConfirmed():
            confirmed = {"received_on": event.received_on, "received_assumed": False}
            reports = tuple(
                updated(r, confirmed) if r.number == event.report else r for r in state.reports
            )
            latest = reports and reports[-1].number == event.report
            return {"reports": reports} | (
                {"cycle_received_on": event.received_on} if latest else {}
            )
        case ReinspectionStarted():
            return {"reinspection": ReinspectionStage.FIELDWORK}
        case ReinspectionFieldworkCompleted():
            return {"reinspection": ReinspectionStage.AWAITING_REPORT}
        case ReinspectionCompleted():
            changes: Changes = {"reinspection": None}
            # In support and supervision there is nothing left to revoke.
            if not event.judgement.fails and not state.instrument_ended:
                nothing = state.track_in_force is None and state.rules.nothing_to_revoke_ends_it
                changes["stage"] = Stage.ENDED if nothing else Stage.AWAITING_REVOCATION
            return changes
        case _:
            return None


# --- the improvement plan ----------------------------------------------------------------------


def _plan(state: InterventionState, event: Event) -> Changes | None:
    on = event.effective_on
    match event:
        case PriorityAdded():
            priority = Priority(ref=event.ref, title=event.title, addresses=tuple(event.addresses))
            return {"priorities": (*state.priorities, priority)}
        case ActionAdded():
            fields = event.model_dump(include=set(ActionFields.model_fields))
            return {"actions": (*state.actions, Action(**fields, added_on=on))}
        case ActionUpdated():
            changes: Changes = {
                "actions": _update_action(state, event.ref, _action_changes(state, event))
            }
            if event.owner is not None:
                # Reminders for the review date go to whoever owns the action now.
                changes["deadlines"] = tuple(
                    updated(d, {"owner": event.owner})
                    if d.is_open and d.milestone == action_deadline(event.ref)
                    else d
                    for d in state.deadlines
                )
            return changes
        case ActionCompleted():
            return {"actions": _update_action(state, event.ref, {"completed_on": on})}
        case _:
            return None


def _action_changes(state: InterventionState, event: ActionUpdated) -> Changes:
    changes: Changes = {
        name: value
        for name, value in (("rag", event.rag), ("owner", event.owner))
        if value is not None
    }
    action = state.action(event.ref)
    if event.review_on is not None and action is not None and event.review_on != action.review_on:
        changes["review_on"] = event.review_on
        changes["revision"] = action.revision + 1
    return changes


def _update_action(state: InterventionState, ref: str, changes: Changes) -> tuple[Action, ...]:
    return tuple(updated(a, changes) if a.ref == ref else a for a in state.actions)


# --- the clock ---------------------------------------------------------------------------------


def _clock(state: InterventionState, event: Event) -> Changes | None:
    match event:
        case DeadlineScheduled():
            deadline = carried(event, Deadline, set_on=event.effective_on)
            return {"deadlines": (*state.deadlines, deadline)}
        case DeadlineRescheduled():
            moved: Changes = {
                "due": event.due,
                "alert_on": event.alert_on,
                "assumed": event.assumed,
                "set_on": event.effective_on,
            }
            if event.counted_from is not None:
                moved |= {"counted_from": event.counted_from, "basis": event.basis}
            moving = state.deadline_of(event.milestone, event.number, event.cycle)
            if moving is not None and moving.met_on is not None:
                # Met already: judged again against the date it now has.
                late = state.rules.is_late(moving.kind, event.milestone, event.due, moving.met_on)
                moved["status"] = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET
            elif moving is not None and event.reopened:
                # The reminder already sent is not sent again; the rest of the ladder is to come.
                reminder = state.rules.reminder
                name = reminder.name if reminder is not None else None
                moved |= {
                    "status": DeadlineStatus.PENDING,
                    "fired": (name,) if name in moving.fired else (),
                }
            return _update_deadline(state, event, moved)
        case ReminderSent():
            return _update_deadline(state, event, fired=event.rung)
        case DeadlineMissed():
            return _update_deadline(state, event, {"status": DeadlineStatus.MISSED})
        case EscalationRaised():
            escalation = carried(event, Escalation, raised_on=event.effective_on)
            return {
                **_update_deadline(state, event, fired=event.rung),
                "escalations": (*state.escalations, escalation),
            }
        case EscalationWithdrawn():
            return {"escalations": tuple(_withdraw_escalation(state.escalations, event))}
        case DeadlineMet():
            status = DeadlineStatus.MET_LATE if event.late else DeadlineStatus.MET
            met = {"status": status, "met_on": event.met_on}
            return {
                **_update_deadline(state, event, met),
                "recorded": _fact_used(state, event),
            }
        case MilestoneOverdue():
            missed = {"status": DeadlineStatus.MISSED}
            return _update_deadline(state, event, missed, fired="overdue")
        case DeadlineWithdrawn():
            ended = {"status": DeadlineStatus.WITHDRAWN, "withdrawn_on": event.effective_on}
            withdrawn = _update_deadline(state, event, ended)
            key = deadline_key(event.milestone, event.number, event.cycle)
            if not state.active_escalations(key):
                return withdrawn
            # What it owed is no longer asked: its escalations stand no more either.
            return {**withdrawn, "escalations": tuple(_closed(state.escalations, key, event))}
        case _:
            return None


def _update_deadline(
    state: InterventionState,
    event: DeadlineScheduled
    | DeadlineRescheduled
    | DeadlineMissed
    | ReminderSent
    | EscalationRaised
    | DeadlineMet
    | MilestoneOverdue
    | DeadlineWithdrawn,
    changes: Changes | None = None,
    *,
    fired: str | None = None,
) -> Changes:
    milestone, number, cycle = event.milestone, event.number, event.cycle
    deadlines = []
    for deadline in state.deadlines:
        if (
            deadline.milestone == milestone
            and deadline.number == number
            and deadline.cycle == cycle
        ):
            update = dict(changes or {})
            if fired is not None and fired not in deadline.fired:
                update["fired"] = (*deadline.fired, fired)
            deadline = updated(deadline, update)
        deadlines.append(deadline)
    return {"deadlines": tuple(deadlines)}


def _fact_used(state: InterventionState, event: DeadlineMet) -> tuple[RecordedFact, ...]:
    """The fact that met the deadline: the first unused one of that day that could."""
    rule = state.rules.rule(event.milestone)
    meets = {*rule.met_by, *rule.met_once_decided_by} if rule else set()
    deadline = state.deadline_of(event.milestone, event.number, event.cycle)
    if deadline is not None and deadline.kind is DeadlineKind.CONDITION:
        meets.add("condition_met")
    facts = list(state.recorded)
    for index, fact in enumerate(facts):
        if fact.milestone in meets and fact.on == event.met_on and not fact.met_deadline:
            facts[index] = updated(fact, {"met_deadline": True})
            break
    return tuple(facts)


def _withdraw_escalation(
    escalations: tuple[Escalation, ...], event: EscalationWithdrawn
) -> Iterable[Escalation]:
    key = (event.milestone, event.number, event.cycle, event.level, event.to)
    return _withdrawn(
        escalations,
        event.effective_on,
        lambda e: (e.milestone, e.number, e.cycle, e.level, e.to) == key,
    )


def _closed(
    escalations: tuple[Escalation, ...], key: str, event: DeadlineWithdrawn
) -> Iterable[Escalation]:
    return _withdrawn(escalations, event.effective_on, lambda e: e.deadline_key == key)


def _withdrawn(
    escalations: tuple[Escalation, ...], on: date, mine: Callable[[Escalation], bool]
) -> Iterable[Escalation]:
    """The escalations, those `mine` picks out and still standing withdrawn on `on`."""
    for escalation in escalations:
        if mine(escalation) and escalation.withdrawn_on is None:
            escalation = updated(escalation, {"withdrawn_on": on})
        yield escalation


Part = Callable[[InterventionState, Event], Changes | None]
PARTS: tuple[Part, ...] = (_instruments, _appointments, _delivery, _ofsted, _plan, _clock)
# Which part folds each type of event. The parts match on the event's type alone, never on the
# state, so the first event of a type finds its part and the rest go straight to it: a stream
# is folded on every rebuild and every append, and most events would otherwise be tried
# against every part's cases.
_PART_OF: dict[type[Event], Part | None] = {}


def _fold(state: InterventionState, event: Event) -> Changes | None:
    kind = type(event)
    if kind in _PART_OF:
        part = _PART_OF[kind]
        return None if part is None else part(state, event)
    for part in PARTS:
        found = part(state, event)
        if found is not None:
            _PART_OF[kind] = part
            return found
    _PART_OF[kind] = None
    return None
