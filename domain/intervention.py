"""The intervention aggregate: `decide` turns a command into events, `apply` folds an event in.

Both are pure. `decide` validates everything before it returns anything, so a rejected command
leaves no trace; `apply` never fails on a stored event, because a stored event is a fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import cast, get_origin

from pydantic import ValidationError

from domain.calendar import london_date
from domain.clock import schedule_deadline
from domain.commands import OpenIntervention, RecordMilestone
from domain.errors import (
    DomainError,
    InterventionClosedError,
    InvalidDateError,
    InvalidFieldError,
    MissingFieldError,
    NotInadequateError,
    RoleNotAllowedError,
    UnknownMilestoneError,
    WrongStageError,
)
from domain.events import (
    ActionAdded,
    ActionCompleted,
    ActionUpdated,
    AlternativeDeliveryModelDirected,
    CommissionerAppointed,
    CommissionerReportSubmitted,
    DeadlineMet,
    DeadlineMissed,
    DeadlineScheduled,
    DeadlineWithdrawn,
    DirectionRevoked,
    DirectionSteppedDown,
    EscalationRaised,
    EscalationWithdrawn,
    Event,
    ImprovementNoticeIssued,
    InterventionClosed,
    InterventionOpened,
    MilestoneOverdue,
    NewCycleStarted,
    NoticeEscalatedToDirection,
    NoticeLifted,
    PriorityAdded,
    ReinspectionCompleted,
    ReminderSent,
    ServicesRetained,
    StatutoryDirectionIssued,
    SupportAndSupervisionStarted,
)
from domain.milestones import (
    MILESTONES,
    OPENERS,
    MilestoneSpec,
    allowed_now,
    blocked_because,
    detail_fields,
)
from domain.plan import Action, ActionFields, Priority, action_deadline
from domain.regime import Anchor, Regime, Span, cycle_anchors, due_dates, get_regime
from domain.state import Deadline, DeadlineStatus, Escalation, InterventionState, Stage, Track
from domain.values import SYSTEM_ACTOR, Actor, Grade, Role

# A re-inspection judged inadequate starts a new cycle; these anchors belong to one cycle.
CYCLE_ANCHORS = (Anchor.REPORT_RECEIVED, Anchor.PUBLISHED, Anchor.STATEMENT_OF_ACTION_DUE)
SUPPORT_AND_SUPERVISION = Span(months=12)


# --- opening ---------------------------------------------------------------------------------


def decide_open(command: OpenIntervention, now: datetime) -> list[Event]:
    """The events that open an intervention: the opening itself and the first deadlines."""
    regime = get_regime(command.regime)
    check_role(command.actor, OPENERS, "open an intervention")
    inspection = command.inspection
    if inspection.judgement is not Grade.INADEQUATE:
        raise NotInadequateError(inspection.judgement.value)
    today = london_date(now)
    for field, value in (
        ("published_on", inspection.published_on),
        ("received_on", inspection.received_on),
        ("ended_on", inspection.ended_on),
    ):
        if value is not None and value > today:
            raise InvalidDateError(
                f"inspection.{field}", value, f"is in the future; today is {today.isoformat()}"
            )
    opened = InterventionOpened(
        effective_on=inspection.published_on,
        recorded_at=now,
        actor=command.actor,
        intervention_id=command.intervention_id,
        authority=command.authority,
        regime=regime.name,
        inspection=inspection,
        contacts=command.contacts,
    )
    state = apply(None, opened)
    return [opened, *_arm_cycle(state, regime, now)]


# --- recording a milestone -------------------------------------------------------------------


def decide(state: InterventionState, command: RecordMilestone, now: datetime) -> list[Event]:
    """Validate a recorded milestone and return every event it causes, or raise DomainError."""
    spec = MILESTONES.get(command.milestone)
    if spec is None:
        raise UnknownMilestoneError(command.milestone, MILESTONES)
    if state.is_closed:
        raise InterventionClosedError(command.milestone, state.closed_on)
    check_role(command.actor, spec.roles, f"record {command.milestone!r}")
    check_effective_on(state, command.effective_on, london_date(now))
    reason = blocked_because(state, spec)
    if reason is not None:
        raise WrongStageError(command.milestone, state.stage.value, reason, allowed_now(state))

    regime = get_regime(state.regime)
    milestone_event = _milestone_event(state, spec, command, now)
    if isinstance(milestone_event, ReinspectionCompleted):
        _check_report_dates(milestone_event, london_date(now))
    events: list[Event] = [milestone_event]
    after = apply(state, milestone_event)
    # Each phase sees the state the previous one left: a deadline met by this milestone is no
    # longer open when the lifecycle withdraws what is still open.
    for phase in (_meet_deadlines, _lifecycle):
        for consequence in list(phase(after, regime, milestone_event, now)):
            events.append(consequence)
            after = apply(after, consequence)
    return events


def check_role(actor: Actor, roles: frozenset[Role], action: str) -> None:
    if actor.role not in roles:
        raise RoleNotAllowedError(actor.role.value, action, sorted(r.value for r in roles))


def check_effective_on(state: InterventionState, effective_on: date, today: date) -> None:
    if effective_on > today:
        raise InvalidDateError(
            "effective_on", effective_on, f"is in the future; today is {today.isoformat()}"
        )
    earliest = state.inspection.finished_on
    if effective_on < earliest:
        raise InvalidDateError(
            "effective_on",
            effective_on,
            f"is before the inspection ended on {earliest.isoformat()}; "
            "a milestone takes effect on or after that day",
        )


def _check_report_dates(event: ReinspectionCompleted, today: date) -> None:
    """A re-inspection report comes out after the re-inspection, and not in the future."""
    for field, value in (("published_on", event.published_on), ("received_on", event.received_on)):
        if value > today:
            raise InvalidDateError(field, value, f"is in the future; today is {today.isoformat()}")
        if value < event.effective_on:
            raise InvalidDateError(
                field,
                value,
                f"is before the re-inspection on {event.effective_on.isoformat()}; "
                "its report comes out on or after that day",
            )


def _milestone_event(
    state: InterventionState, spec: MilestoneSpec, command: RecordMilestone, now: datetime
) -> Event:
    allowed = detail_fields(spec)
    unknown = sorted(set(command.details) - set(allowed))
    if unknown:
        raise InvalidFieldError(
            command.milestone,
            unknown[0],
            command.details[unknown[0]],
            f"fields for this milestone: {', '.join(allowed) or 'none'}",
        )
    fields: dict[str, object] = {
        name: _as_list(value) if _is_list_field(spec, name) else value
        for name, value in command.details.items()
    }
    if spec.event is ReinspectionCompleted:
        # The report of a re-inspection is usually published and received the day recorded.
        fields.setdefault("published_on", command.effective_on.isoformat())
        fields.setdefault("received_on", fields["published_on"])
    if "number" in spec.event.model_fields:
        fields["number"] = _next_number(state, command.milestone)
    try:
        # Every event class in MILESTONES is a member of the Event union.
        return cast(
            Event,
            spec.event.model_validate(
                {
                    **fields,
                    "effective_on": command.effective_on,
                    "recorded_at": now,
                    "actor": command.actor,
                }
            ),
        )
    except ValidationError as error:
        raise _field_error(command.milestone, spec, error, command.details) from None


def _is_list_field(spec: MilestoneSpec, name: str) -> bool:
    return get_origin(spec.event.model_fields[name].annotation) is list


def _as_list(value: str | list[str]) -> list[str]:
    """Lists typed on one line are separated by semicolons: "Practice; Performance"."""
    if isinstance(value, list):
        return value
    return [item.strip() for item in value.split(";") if item.strip()]


def _field_error(
    milestone: str,
    spec: MilestoneSpec,
    error: ValidationError,
    details: dict[str, str | list[str]],
) -> DomainError:
    problem = error.errors()[0]
    if not problem["loc"]:
        # A rule across fields, e.g. audit grades that do not add up to the cases reviewed.
        return DomainError(f"{milestone!r}: {str(problem['msg']).removeprefix('Value error, ')}")
    field = str(problem["loc"][0])
    annotation = (
        spec.event.model_fields[field].annotation if field in spec.event.model_fields else None
    )
    choices = [m.value for m in getattr(annotation, "__members__", {}).values()]
    if problem["type"] == "missing":
        return MissingFieldError(milestone, field, choices)
    allowed = f"allowed: {', '.join(choices)}" if choices else str(problem["msg"])
    given = details.get(field, problem.get("input"))
    return InvalidFieldError(milestone, field, given, allowed, choices)


def _next_number(state: InterventionState, milestone: str) -> int:
    """The occurrence a recurring milestone records: the open deadline it meets, or the next."""
    for rule in get_regime(state.regime).rules_met_by(milestone):
        open_deadline = state.first_open(rule.name)
        if open_deadline is not None and open_deadline.number is not None:
            return open_deadline.number
        cycle = state.cycle if rule.anchor in CYCLE_ANCHORS else None
        return state.count_met(rule.name, cycle) + 1
    return 1


def _lifecycle(
    state: InterventionState, regime: Regime, event: Event, now: datetime
) -> Iterable[Event]:
    """Deadlines armed and withdrawn, and stages entered, because of a recorded milestone."""
    on = event.effective_on
    match event:
        case ImprovementNoticeIssued() | StatutoryDirectionIssued():
            yield from _arm(state, regime, Anchor.INTERVENTION_ISSUED, on, now)
        case CommissionerAppointed():
            yield from _arm(state, regime, Anchor.COMMISSIONER_APPOINTED, on, now)
        case ReinspectionCompleted(judgement=Grade.INADEQUATE):
            yield from _new_cycle(state, regime, event, now)
        case ReinspectionCompleted():
            yield from _withdraw(state, regime, [Anchor.REINSPECTION_PASSED], now, "re-inspected")
            # The DfE acts on the judgement, which is known when the report is published.
            yield from _arm(state, regime, Anchor.REINSPECTION_PASSED, event.published_on, now)
        case NoticeLifted() | DirectionRevoked():
            reason = "notice lifted" if isinstance(event, NoticeLifted) else "direction revoked"
            yield from _withdraw_all(state, now, reason)
            yield SupportAndSupervisionStarted(
                effective_on=on,
                recorded_at=now,
                actor=SYSTEM_ACTOR,
                ends_on=SUPPORT_AND_SUPERVISION.after(on),
            )
            yield from _arm(state, regime, Anchor.REVOCATION, on, now)
        case InterventionClosed():
            yield from _withdraw_all(state, now, "intervention closed")
        case _:
            pass


def _meet_deadlines(
    state: InterventionState, regime: Regime, event: Event, now: datetime
) -> Iterable[Event]:
    milestone = MILESTONE_OF_EVENT.get(event.type)
    if milestone is None:
        return
    on = event.effective_on
    for rule in regime.rules_met_by(milestone):
        deadline = state.first_open(rule.name)
        if deadline is None:
            continue
        yield from meet(state, deadline, on, now)
        if rule.repeat_every is not None and deadline.number is not None:
            yield schedule_deadline(
                regime, rule, deadline.number + 1, deadline.cycle, rule.repeat_every.after(on), now
            )


def meet(state: InterventionState, deadline: Deadline, on: date, now: datetime) -> Iterable[Event]:
    """A deadline met on `on`: late or not, and escalations withdrawn if it was on time."""
    late = on > deadline.due
    yield DeadlineMet(
        effective_on=on,
        recorded_at=now,
        actor=SYSTEM_ACTOR,
        milestone=deadline.milestone,
        number=deadline.number,
        cycle=deadline.cycle,
        due=deadline.due,
        met_on=on,
        late=late,
    )
    if late:
        return
    # Recorded late, but it took effect in time: the escalations were not deserved.
    for escalation in state.active_escalations(deadline.key):
        yield EscalationWithdrawn(
            effective_on=london_date(now),
            recorded_at=now,
            actor=SYSTEM_ACTOR,
            milestone=deadline.milestone,
            number=deadline.number,
            cycle=deadline.cycle,
            level=escalation.level,
            to=escalation.to,
            reason=f"met on {on.isoformat()}, on time for {deadline.due.isoformat()}",
        )


def _new_cycle(
    state: InterventionState, regime: Regime, event: ReinspectionCompleted, now: datetime
) -> Iterable[Event]:
    yield from _withdraw(state, regime, CYCLE_ANCHORS, now, "re-inspected: new cycle")
    started = NewCycleStarted(
        effective_on=event.effective_on,
        recorded_at=now,
        actor=SYSTEM_ACTOR,
        cycle=state.cycle + 1,
        published_on=event.published_on,
        received_on=event.received_on,
    )
    yield started
    yield from _arm_cycle(apply(state, started), regime, now)


def _arm_cycle(state: InterventionState, regime: Regime, now: datetime) -> Iterable[Event]:
    anchors = cycle_anchors(regime, state.cycle_published_on, state.cycle_received_on)
    for anchor, on in anchors.items():
        yield from _arm(state, regime, anchor, on, now)


def _arm(
    state: InterventionState, regime: Regime, anchor: Anchor, on: date, now: datetime
) -> Iterable[Event]:
    for rule, number, due in due_dates(regime, anchor, on, track_set=state.track is not None):
        yield schedule_deadline(regime, rule, number, state.cycle, due, now)


def _withdraw(
    state: InterventionState,
    regime: Regime,
    points: Sequence[Anchor],
    now: datetime,
    reason: str,
) -> Iterable[Event]:
    names = {rule.name for rule in regime.milestones if rule.ends_at in points}
    names |= {rule.name for rule in regime.milestones if rule.anchor in points}
    for deadline in state.open_deadlines:
        if deadline.milestone in names and deadline.cycle == state.cycle:
            yield withdrawn(deadline, now, reason)


def _withdraw_all(state: InterventionState, now: datetime, reason: str) -> Iterable[Event]:
    for deadline in state.open_deadlines:
        yield withdrawn(deadline, now, reason)


def withdrawn(deadline: Deadline, now: datetime, reason: str) -> DeadlineWithdrawn:
    return DeadlineWithdrawn(
        effective_on=london_date(now),
        recorded_at=now,
        actor=SYSTEM_ACTOR,
        milestone=deadline.milestone,
        number=deadline.number,
        cycle=deadline.cycle,
        reason=reason,
    )


MILESTONE_OF_EVENT: dict[str, str] = {
    spec.event.model_fields["type"].default: name for name, spec in MILESTONES.items()
}


# --- apply -----------------------------------------------------------------------------------


def apply(state: InterventionState | None, event: Event) -> InterventionState:
    """Fold one event into the state. Pure; a stored event is a fact and is never refused."""
    if isinstance(event, InterventionOpened):
        inspection = event.inspection
        return InterventionState(
            intervention_id=event.intervention_id,
            authority=event.authority,
            regime=event.regime,
            inspection=inspection,
            contacts=event.contacts,
            opened_on=event.effective_on,
            version=1,
            cycle_published_on=inspection.published_on,
            cycle_received_on=inspection.report_received_on,
        )
    if state is None:
        raise ValueError(
            f"the first event of a stream must be InterventionOpened, not {event.type}"
        )
    changes = _changes(state, event)
    changes["version"] = state.version + 1
    return state.model_copy(update=changes)


def apply_all(events: Iterable[Event], state: InterventionState | None = None) -> InterventionState:
    for event in events:
        state = apply(state, event)
    if state is None:
        raise ValueError("no events to build an intervention from")
    return state


def _changes(state: InterventionState, event: Event) -> dict[str, object]:
    on = event.effective_on
    match event:
        case ImprovementNoticeIssued():
            return {"track": Track.NOTICE, "stage": Stage.IMPROVEMENT}
        case StatutoryDirectionIssued():
            return {"track": Track.DIRECTION, "stage": Stage.IMPROVEMENT}
        case NoticeEscalatedToDirection():
            return {"track": Track.DIRECTION}
        case DirectionSteppedDown():
            return {"track": Track.NOTICE}
        case CommissionerAppointed():
            return {"stage": Stage.COMMISSIONER_REVIEW, "commissioner_appointed_on": on}
        case CommissionerReportSubmitted():
            return {"commissioner_recommendation": event.recommendation}
        case ServicesRetained():
            return {"stage": Stage.IMPROVEMENT}
        case AlternativeDeliveryModelDirected():
            return {"stage": Stage.IMPROVEMENT, "delivery_model": event.model}
        case ReinspectionCompleted() if event.judgement is not Grade.INADEQUATE:
            return {"stage": Stage.AWAITING_REVOCATION}
        case NewCycleStarted():
            return {
                "cycle": event.cycle,
                "cycle_published_on": event.published_on,
                "cycle_received_on": event.received_on,
                "stage": Stage.IMPROVEMENT if state.track else Stage.AWAITING_DECISION,
            }
        case NoticeLifted() | DirectionRevoked():
            return {"revoked_on": on}
        case SupportAndSupervisionStarted():
            return {"stage": Stage.SUPPORT_AND_SUPERVISION, "support_ends_on": event.ends_on}
        case InterventionClosed():
            return {"stage": Stage.CLOSED, "closed_on": on}
        case PriorityAdded():
            priority = Priority(ref=event.ref, title=event.title, addresses=tuple(event.addresses))
            return {"priorities": (*state.priorities, priority)}
        case ActionAdded():
            fields = event.model_dump(include=set(ActionFields.model_fields))
            return {"actions": (*state.actions, Action(**fields, added_on=on))}
        case ActionUpdated():
            changes: dict[str, object] = {
                "actions": _update_action(state, event.ref, _action_changes(state, event))
            }
            if event.owner is not None:
                # Reminders for the review date go to whoever owns the action now.
                changes["deadlines"] = tuple(
                    d.model_copy(update={"owner": event.owner})
                    if d.is_open and d.milestone == action_deadline(event.ref)
                    else d
                    for d in state.deadlines
                )
            return changes
        case ActionCompleted():
            return {"actions": _update_action(state, event.ref, {"completed_on": on})}
        case DeadlineScheduled():
            deadline = Deadline(
                milestone=event.milestone,
                number=event.number,
                cycle=event.cycle,
                kind=event.kind,
                owner=str(event.owner),
                title=event.title,
                due=event.due,
                alert_on=event.alert_on,
            )
            return {"deadlines": (*state.deadlines, deadline)}
        case ReminderSent():
            return _update_deadline(state, event, fired=event.rung)
        case DeadlineMissed():
            return _update_deadline(state, event, status=DeadlineStatus.MISSED)
        case EscalationRaised():
            escalation = Escalation(
                milestone=event.milestone,
                number=event.number,
                cycle=event.cycle,
                level=event.level,
                to=event.to,
                raised_on=on,
            )
            return {
                **_update_deadline(state, event, fired=event.rung),
                "escalations": (*state.escalations, escalation),
            }
        case EscalationWithdrawn():
            return {"escalations": tuple(_withdraw_escalation(state.escalations, event))}
        case DeadlineMet():
            status = DeadlineStatus.MET_LATE if event.late else DeadlineStatus.MET
            return _update_deadline(state, event, status=status, met_on=event.met_on)
        case MilestoneOverdue():
            return _update_deadline(state, event, status=DeadlineStatus.MISSED, fired="overdue")
        case DeadlineWithdrawn():
            return _update_deadline(state, event, status=DeadlineStatus.WITHDRAWN)
        case _:
            return {}


def _update_deadline(
    state: InterventionState,
    event: DeadlineMissed
    | ReminderSent
    | EscalationRaised
    | DeadlineMet
    | MilestoneOverdue
    | DeadlineWithdrawn,
    *,
    status: DeadlineStatus | None = None,
    met_on: date | None = None,
    fired: str | None = None,
) -> dict[str, object]:
    key = (event.milestone, event.number, event.cycle)
    updated = []
    for deadline in state.deadlines:
        if (deadline.milestone, deadline.number, deadline.cycle) == key:
            changes: dict[str, object] = {}
            if status is not None:
                changes["status"] = status
            if met_on is not None:
                changes["met_on"] = met_on
            if fired is not None and fired not in deadline.fired:
                changes["fired"] = (*deadline.fired, fired)
            deadline = deadline.model_copy(update=changes)
        updated.append(deadline)
    return {"deadlines": tuple(updated)}


def _action_changes(state: InterventionState, event: ActionUpdated) -> dict[str, object]:
    changes: dict[str, object] = {
        name: value
        for name, value in (("rag", event.rag), ("owner", event.owner))
        if value is not None
    }
    action = state.action(event.ref)
    if event.review_on is not None and action is not None and event.review_on != action.review_on:
        changes["review_on"] = event.review_on
        changes["revision"] = action.revision + 1
    return changes


def _update_action(
    state: InterventionState, ref: str, changes: dict[str, object]
) -> tuple[Action, ...]:
    return tuple(a.model_copy(update=changes) if a.ref == ref else a for a in state.actions)


def _withdraw_escalation(
    escalations: tuple[Escalation, ...], event: EscalationWithdrawn
) -> Iterable[Escalation]:
    key = (event.milestone, event.number, event.cycle, event.level, event.to)
    for escalation in escalations:
        mine = (escalation.milestone, escalation.number, escalation.cycle, escalation.level)
        if (*mine, escalation.to) == key and escalation.withdrawn_on is None:
            escalation = escalation.model_copy(update={"withdrawn_on": event.effective_on})
        yield escalation
