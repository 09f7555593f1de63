"""Deadlines as events: set, moved, met and withdrawn. The lifecycle, the clock and the plan all
change deadlines through these, so each kind of change is written once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.calendar import london_date
from domain.events import (
    DeadlineMet,
    DeadlineRescheduled,
    DeadlineScheduled,
    DeadlineWithdrawn,
    EscalationWithdrawn,
    Event,
)
from domain.plan import Action, action_deadline
from domain.regime import DeadlineKind, MilestoneRule, Regime
from domain.state import Deadline, DeadlineStatus, InterventionState
from domain.values import SYSTEM_ACTOR, Condition


@dataclass(frozen=True)
class CountedFrom:
    """The day a deadline counts from, and what that day is ("report 1 received")."""

    on: date
    basis: str


def counted_from_report(report: Deadline) -> CountedFrom:
    """What a review put back to wait for a commissioner's report counts from."""
    return CountedFrom(report.due, f"{report.title} due")


def waits_for(review: Deadline, report: Deadline) -> bool:
    """Whether `review` was put back to wait for `report`."""
    counted = counted_from_report(report)
    return (review.counted_from, review.basis) == (counted.on, counted.basis)


def _provenance(counted: CountedFrom | None) -> dict[str, Any]:
    return {"counted_from": counted.on, "basis": counted.basis} if counted else {}


def by_engine(now: datetime, on: date | None = None) -> dict[str, Any]:
    """The envelope of an event the engine records itself: effective `on` (today by default)."""
    return {"effective_on": on or london_date(now), "recorded_at": now, "actor": SYSTEM_ACTOR}


def about(deadline: Deadline | DeadlineScheduled) -> dict[str, Any]:
    """The fields that name a deadline in every event about it."""
    return {"milestone": deadline.milestone, "number": deadline.number, "cycle": deadline.cycle}


def _scheduled(
    state: InterventionState,
    now: datetime,
    duty: MilestoneRule | Condition,
    kind: DeadlineKind,
    due: date,
    alert_on: date,
    *,
    number: int | None,
    cycle: int | None,
    assumed: bool = False,
    counted: CountedFrom | None,
) -> DeadlineScheduled:
    cycle = state.cycle if cycle is None else cycle
    return DeadlineScheduled(
        **by_engine(now),
        milestone=duty.name,
        number=state.free_number(duty.name, cycle, number),
        cycle=cycle,
        kind=kind,
        owner=duty.owner,
        title=duty.title,
        due=due,
        alert_on=alert_on,
        assumed=assumed,
        **_provenance(counted),
    )


def schedule_rule(
    state: InterventionState,
    regime: Regime,
    rule: MilestoneRule,
    due: date,
    now: datetime,
    *,
    number: int | None = None,
    cycle: int | None = None,
    assumed: bool = False,
    counted: CountedFrom | None = None,
) -> DeadlineScheduled:
    """A deadline of one of the regime's rules, counted from `counted`."""
    alert_on = regime.alert_for(rule.kind, rule.name, due)
    return _scheduled(
        state,
        now,
        rule,
        rule.kind,
        due,
        alert_on,
        number=number,
        cycle=cycle,
        assumed=assumed,
        counted=counted,
    )


def schedule_condition(
    state: InterventionState,
    regime: Regime,
    condition: Condition,
    due: date,
    now: datetime,
    *,
    number: int = 1,
    cycle: int | None = None,
    counted: CountedFrom | None = None,
) -> DeadlineScheduled:
    """A condition of a notice or direction: escalated like a statutory deadline, unless it
    stands in for a series others keep (`Regime.acting_kind`)."""
    alert_on = regime.alert_for(DeadlineKind.CONDITION, condition.name, due)
    return _scheduled(
        state,
        now,
        condition,
        DeadlineKind.CONDITION,
        due,
        alert_on,
        number=number,
        cycle=cycle,
        counted=counted,
    )


def schedule_action(regime: Regime, action: Action, cycle: int, now: datetime) -> DeadlineScheduled:
    """An action's review date: a plan deadline, escalated like a statutory one."""
    return DeadlineScheduled(
        **by_engine(now),
        milestone=action_deadline(action.ref),
        number=action.revision,
        cycle=cycle,
        kind=DeadlineKind.PLAN,
        owner=action.owner,
        title=f"Action {action.ref}: {action.title}",
        due=action.review_on,
        alert_on=regime.alert_on(DeadlineKind.PLAN, action.review_on),
    )


def meet(state: InterventionState, deadline: Deadline, on: date, now: datetime) -> Iterable[Event]:
    """A deadline met on `on`: late or not, and escalations withdrawn if it was on time."""
    late = state.rules.is_late(deadline.kind, deadline.milestone, deadline.due, on)
    yield DeadlineMet(
        **by_engine(now, on), **about(deadline), due=deadline.due, met_on=on, late=late
    )
    if not late:
        # Recorded late, but it took effect in time: the escalations were not deserved.
        reason = f"met on {on.isoformat()}, on time for {deadline.due.isoformat()}"
        yield from _undeserved(state, deadline, now, reason)


def moved(
    state: InterventionState,
    deadline: Deadline,
    due: date,
    now: datetime,
    reason: str,
    counted: CountedFrom,
) -> Iterable[Event]:
    """A deadline moved to `due`, and the escalations its old date brought withdrawn when the
    new one does not: met on time for it, or, not met, not yet missed by it, and so pending
    again (Lancashire: its SEND plan due 21 March 2025 by the assumed receipt, escalated, then
    due 25 March by the real one, the day it was approved)."""
    regime = state.rules
    alert_on = regime.alert_for(deadline.kind, deadline.milestone, due)
    if deadline.met_on is not None:
        reopened = False
        deserved = regime.is_late(deadline.kind, deadline.milestone, due, deadline.met_on)
    else:
        missed_on = next((rung.on(due) for rung in regime.ladder if rung.marks_missed), due)
        reopened = (
            regime.escalates(deadline.kind, deadline.milestone)
            and deadline.status is not DeadlineStatus.PENDING
            and london_date(now) < missed_on
        )
        deserved = not reopened
    yield rescheduled(deadline, due, alert_on, now, reason, counted=counted, reopened=reopened)
    if not deserved:
        yield from _undeserved(state, deadline, now, f"now due {due.isoformat()}, {reason}")


def _undeserved(
    state: InterventionState, deadline: Deadline, now: datetime, reason: str
) -> Iterable[EscalationWithdrawn]:
    for escalation in state.active_escalations(deadline.key):
        yield EscalationWithdrawn(
            **by_engine(now),
            **about(deadline),
            level=escalation.level,
            to=escalation.to,
            reason=reason,
        )


def withdrawn(
    deadline: Deadline | DeadlineScheduled, now: datetime, reason: str, on: date | None = None
) -> DeadlineWithdrawn:
    """The deadline withdrawn, effective `on` (today by default)."""
    return DeadlineWithdrawn(**by_engine(now, on), **about(deadline), reason=reason)


def rescheduled(
    deadline: Deadline,
    due: date,
    alert_on: date,
    now: datetime,
    reason: str,
    *,
    assumed: bool = False,
    counted: CountedFrom | None = None,
    reopened: bool = False,
) -> DeadlineRescheduled:
    return DeadlineRescheduled(
        **by_engine(now),
        **about(deadline),
        previous_due=deadline.due,
        due=due,
        alert_on=alert_on,
        assumed=assumed,
        reason=reason,
        reopened=reopened,
        **_provenance(counted),
    )
