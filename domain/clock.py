"""The clock: which reminders, missed deadlines, escalations and overdue alerts are due.

Pure functions of the state and the current time. The workflow sleeps until `next_alarm`, then
records what `tick` returns. Each rung is recorded at most once per deadline (the state keeps
the rungs already fired), so a timer that fires twice, or late, never repeats an escalation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from domain.calendar import add_working_days, alarm_instant, london_date
from domain.events import (
    DeadlineMissed,
    DeadlineScheduled,
    EscalationRaised,
    Event,
    MilestoneOverdue,
    ReminderSent,
)
from domain.plan import Action, action_deadline
from domain.regime import DeadlineKind, MilestoneRule, Recipient, Regime, Rung, get_regime
from domain.state import Deadline, DeadlineStatus, InterventionState, Track
from domain.values import SYSTEM_ACTOR

OVERDUE = "overdue"


def schedule_deadline(
    regime: Regime, rule: MilestoneRule, number: int | None, cycle: int, due: date, now: datetime
) -> DeadlineScheduled:
    if rule.kind.escalates:
        alert_on = regime.ladder[0].on(due) if regime.ladder else due
    else:
        alert_on = overdue_on(due, rule)
    return DeadlineScheduled(
        effective_on=london_date(now),
        recorded_at=now,
        actor=SYSTEM_ACTOR,
        milestone=rule.name,
        number=number,
        cycle=cycle,
        kind=rule.kind,
        owner=rule.owner,
        title=rule.title,
        due=due,
        alert_on=alert_on,
    )


def schedule_action_deadline(
    regime: Regime, action: Action, cycle: int, now: datetime
) -> DeadlineScheduled:
    """An action's review date: a plan deadline, escalated like a statutory one."""
    return DeadlineScheduled(
        effective_on=london_date(now),
        recorded_at=now,
        actor=SYSTEM_ACTOR,
        milestone=action_deadline(action.ref),
        number=action.revision,
        cycle=cycle,
        kind=DeadlineKind.PLAN,
        owner=action.owner,
        title=f"Action {action.ref}: {action.title}",
        due=action.review_on,
        alert_on=regime.ladder[0].on(action.review_on) if regime.ladder else action.review_on,
    )


def overdue_on(due: date, rule: MilestoneRule) -> date:
    """An expected milestone is flagged the working day after its due date plus grace."""
    return add_working_days(rule.grace.after(due), 1)


def _pending_actions(
    deadline: Deadline, regime: Regime, today: date
) -> Iterable[tuple[date, Rung | None]]:
    """The actions still to come for an open deadline, in date order; None means overdue."""
    if not deadline.kind.escalates:
        rule = regime.rule(deadline.milestone)
        if OVERDUE not in deadline.fired and deadline.status is DeadlineStatus.PENDING:
            yield (overdue_on(deadline.due, rule) if rule else deadline.due, None)
        return
    for rung in regime.ladder:
        if rung.name in deadline.fired:
            continue
        # A reminder is only worth sending before the deadline passes.
        if rung.level is None and today > deadline.due:
            continue
        yield rung.on(deadline.due), rung


def next_alarm(state: InterventionState, now: datetime) -> datetime | None:
    """When the clock next has something to do, or None when nothing is pending."""
    regime = get_regime(state.regime)
    today = london_date(now)
    days = [
        on
        for deadline in state.open_deadlines
        for on, _ in _pending_actions(deadline, regime, today)
    ]
    if not days:
        return None
    return max(alarm_instant(min(days)), now)


def tick(state: InterventionState, now: datetime) -> list[Event]:
    """Everything the clock owes as of `now`, as events; empty when nothing is due."""
    regime = get_regime(state.regime)
    today = london_date(now)
    events: list[Event] = []
    for deadline in sorted(state.open_deadlines, key=lambda d: (d.due, d.key)):
        for on, rung in _pending_actions(deadline, regime, today):
            if on > today or alarm_instant(on) > now:
                break
            events.extend(_act(state, deadline, rung, on, now))
    return events


def _act(
    state: InterventionState, deadline: Deadline, rung: Rung | None, on: date, now: datetime
) -> Iterable[Event]:
    common = {
        "effective_on": on,
        "recorded_at": now,
        "actor": SYSTEM_ACTOR,
        "milestone": deadline.milestone,
        "number": deadline.number,
        "cycle": deadline.cycle,
        "due": deadline.due,
    }
    if rung is None:
        for to in get_regime(state.regime).overdue_to:
            yield MilestoneOverdue.model_validate({**common, "to": to.value})
        return
    if rung.marks_missed:
        yield DeadlineMissed.model_validate(common)
    for recipient in rung.to:
        fields = {**common, "rung": rung.name, "to": recipient_name(state, deadline, recipient)}
        if rung.level is None:
            yield ReminderSent.model_validate(fields)
        else:
            yield EscalationRaised.model_validate({**fields, "level": rung.level})


def recipient_name(state: InterventionState, deadline: Deadline, recipient: Recipient) -> str:
    if recipient is Recipient.OWNER:
        return deadline.owner
    if recipient is Recipient.OVERSIGHT:
        return "commissioner" if state.track is Track.DIRECTION else "improvement_adviser"
    return recipient.value
