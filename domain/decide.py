"""Deciding: a command in, the events it causes out, or a DomainError naming what is wrong.

`decide` validates everything before it returns anything, so a rejected command leaves no
trace. Each event is applied before the next is worked out, so every consequence sees the
record as it will stand.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.access import check_access, check_may_open
from domain.apply import apply
from domain.arming import arm_report
from domain.calendar import london_date
from domain.commands import OpenIntervention, RecordMilestone
from domain.consequences import follow_on, meet_deadlines, report_received
from domain.errors import (
    FactOfAnotherRegimeError,
    InterventionClosedError,
    InvalidDateError,
    ReportOfAnotherRegimeError,
    RoleNotAllowedError,
    UnknownMilestoneError,
    WrongStageError,
)
from domain.events import Event, InterventionOpened, ReinspectionFieldworkCompleted
from domain.milestones import MILESTONES, OPENERS, allowed_now, blocked_because
from domain.recording import milestone_event
from domain.regimes import REGIMES, get_regime
from domain.reports import check_receipt_day, letter_counts, opening_report
from domain.standing import ReinspectionStage
from domain.state import InterventionState
from domain.values import Actor, Inspection, ReportKind, Role


def decide_open(command: OpenIntervention, now: datetime) -> list[Event]:
    """The events that open an intervention: the opening itself, the report that led to it,
    and the first deadlines."""
    check_may_open(command.actor, command.authority)
    # An opening made before regimes had versions runs under the first.
    regime = get_regime(command.regime, command.regime_version or 1)
    check_role(command.actor, OPENERS, "open an intervention")
    inspection = command.inspection
    if inspection.kind not in regime.opens_on:
        raise ReportOfAnotherRegimeError(
            inspection.kind.named,
            regime.name,
            [kind.value for kind in regime.opens_on],
            _regime_for(inspection.kind),
        )
    today = london_date(now)
    for field, value in (
        ("published_on", inspection.published_on),
        ("received_on", inspection.received_on),
        ("ended_on", inspection.ended_on),
    ):
        if value is not None and value > today:
            # Not known when the intervention is opened: the receipt is recorded when it comes.
            later = (
                f": open the intervention without it and record receipt_confirmed on "
                f"{value.isoformat()}, with received_on"
                if field == "received_on"
                else ""
            )
            raise InvalidDateError(
                f"inspection.{field}",
                value,
                f"is in the future; today is {today.isoformat()}{later}",
            )
    if inspection.received_on is not None:
        check_receipt_day(
            regime, "inspection.received_on", inspection.received_on, inspection.published_on
        )
    opened = InterventionOpened(
        effective_on=inspection.published_on,
        recorded_at=now,
        actor=command.actor,
        intervention_id=command.intervention_id,
        authority=command.authority,
        regime=regime.name,
        regime_version=regime.version,
        inspection=inspection,
        contacts=command.contacts,
    )
    state = apply(None, opened)
    report = opening_report(inspection, regime)
    if not regime.records_reports:
        return [opened, *arm_report(state, regime, report, now)]
    if not inspection.brings_duties or (
        inspection.is_ungraded and not letter_counts(state, inspection.published_on)
    ):
        return [opened]
    return [opened, *report_received(state, regime, report, now)]


def _regime_for(kind: ReportKind) -> str:
    """Where an intervention on a report of `kind` is opened instead."""
    regimes = [name for name in REGIMES if kind in get_regime(name).opens_on]
    return f"open it under regime {' or '.join(map(repr, regimes))}" if regimes else ""


def decide(state: InterventionState, command: RecordMilestone, now: datetime) -> list[Event]:
    """Validate a recorded milestone and return every event it causes, or raise DomainError."""
    check_access(command.actor, state)
    spec = MILESTONES.get(command.milestone)
    if spec is None:
        raise UnknownMilestoneError(command.milestone, list(MILESTONES))
    if state.is_closed:
        raise InterventionClosedError(command.milestone, state.closed_on)
    check_role(command.actor, spec.roles, f"record {command.milestone!r}")
    instead = state.rules.recorded_instead(command.milestone)
    if instead is not None:
        raise FactOfAnotherRegimeError(
            command.milestone, state.rules.name, instead, allowed_now(state)
        )
    check_effective_on(
        state, command.effective_on, london_date(now), in_force_before=spec.in_force_before
    )
    reason = blocked_because(state, command.milestone)
    if reason is not None:
        raise WrongStageError(command.milestone, state.stage.value, reason, allowed_now(state))

    regime = state.rules
    milestone = milestone_event(state, regime, spec, command, now)
    if isinstance(milestone, ReinspectionFieldworkCompleted) and (
        state.reinspection is not ReinspectionStage.FIELDWORK
    ):
        return _with_its_start(state, command, milestone, now)
    events: list[Event] = [milestone]
    after = apply(state, milestone)
    for phase in (meet_deadlines, follow_on):
        for consequence in list(phase(after, regime, milestone, now)):
            events.append(consequence)
            after = apply(after, consequence)
    return events


def _with_its_start(
    state: InterventionState,
    command: RecordMilestone,
    ended: ReinspectionFieldworkCompleted,
    now: datetime,
) -> list[Event]:
    """Fieldwork recorded over when its start was not recorded: its start is recorded first,
    on `started_on` (the day it ended when not given), as if recorded by itself."""
    start = RecordMilestone(
        milestone="reinspection_started",
        effective_on=ended.started_on or ended.effective_on,
        actor=command.actor,
    )
    events = decide(state, start, now)
    for event in events:
        state = apply(state, event)
    return events + decide(state, command, now)


def _finished(inspection: Inspection) -> str:
    """What the earliest day a fact may take effect is, in words."""
    if inspection.ended_on is not None:
        return "the inspection ended"
    if inspection.started_on is not None:
        return "the inspection started"
    return "the report came"


def check_role(actor: Actor, roles: frozenset[Role], action: str) -> None:
    if actor.role not in roles:
        raise RoleNotAllowedError(actor.role.value, action, sorted(r.value for r in roles))


def check_effective_on(
    state: InterventionState, effective_on: date, today: date, *, in_force_before: bool = False
) -> None:
    if effective_on > today:
        raise InvalidDateError(
            "effective_on", effective_on, f"is in the future; today is {today.isoformat()}"
        )
    ended = state.inspection.finished_on
    if not in_force_before and effective_on < ended:
        raise InvalidDateError(
            "effective_on",
            effective_on,
            f"is before {_finished(state.inspection)} on {ended.isoformat()}; "
            "a milestone takes effect on or after that day",
        )
    back = state.rules.recording.in_force_before
    earliest = back.before(ended)
    if effective_on < earliest:
        raise InvalidDateError(
            "effective_on",
            effective_on,
            f"is more than {back.describe()} before the inspection ended on "
            f"{ended.isoformat()}: what was already in place at it goes back to "
            f"{earliest.isoformat()} at the earliest",
        )
