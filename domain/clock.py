"""The clock: which reminders, missed deadlines, escalations and overdue alerts are due.

Pure functions of the state and the current time. The workflow sleeps until `next_alarm`, then
records what `tick` returns. Each rung is recorded at most once per deadline (the state keeps
the rungs already fired), so a timer that fires twice, or late, never repeats an escalation.
An occurrence of a recurring duty that passes unrecorded brings the next one (`domain.series`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from domain.calendar import add_working_days, alarm_instant, london_date
from domain.deadlines import about, by_engine, waits_for, withdrawn
from domain.events import (
    DeadlineMissed,
    EscalationRaised,
    Event,
    MilestoneOverdue,
    ReminderSent,
)
from domain.oversight import recipient_names
from domain.regime import Regime, Rung
from domain.series import after_missed
from domain.state import Deadline, DeadlineStatus, InterventionState
from domain.values import AppointmentRole

OVERDUE = "overdue"


def _pending_actions(
    deadline: Deadline, regime: Regime, counted: date, today: date
) -> Iterable[tuple[date, Rung | None]]:
    """The actions still to come for an open deadline, in date order, its overdue alert
    counted from `counted`; None means overdue."""
    if not regime.escalates(deadline.kind, deadline.milestone):
        if OVERDUE not in deadline.fired and deadline.status is DeadlineStatus.PENDING:
            yield regime.alert_for(deadline.kind, deadline.milestone, counted), None
        return
    for rung in regime.ladder:
        if rung.name in deadline.fired:
            continue
        # A reminder is only worth sending before the deadline passes.
        if rung.level is None and today > deadline.due:
            continue
        yield rung.on(deadline.due), rung


def _reports_owed(state: InterventionState) -> list[Deadline]:
    """The reports of the commissioner in post that hold the reviews put back to wait for them,
    under the regimes that say so; a review counts from its report when that comes
    (`domain.consequences`). One who leaves without reporting holds none."""
    regime = state.rules
    if not regime.reviews_wait_for_a_late_report:
        return []
    if state.appointed(AppointmentRole.COMMISSIONER) is None:
        return []
    return list(state.commissioner_reports_awaited)


def _decided_without_it(
    state: InterventionState, regime: Regime, deadline: Deadline, on: date
) -> date | None:
    """The day the DfE decided who runs the services, after a commissioner's report it awaited
    fell due and before it would be called overdue, under the regimes that say so: the report
    is no longer awaited (Rotherham: Malcolm Newsam's report due in January 2015, the decision
    of 26 February 2015; shown before version 18 as overdue from April and met three years
    late by a lead commissioner's progress report)."""
    if not regime.a_decision_without_the_report_withdraws_it:
        return None
    return _decided_after_it_was_due(state, regime, deadline, by=on)


def _actions(
    state: InterventionState, regime: Regime, deadline: Deadline, counted: date, today: date
) -> Iterable[tuple[date, Rung | None]]:
    """What the clock still owes `deadline`, in date order. A commissioner's report due before
    the DfE decided who runs the services is withdrawn the working day after the decision,
    flagged or not, under the regimes that say so: the day's facts, its report among them, are
    on the record by then whichever came first (Slough: the report the direction of May 2020
    asked for by August, flagged in November, the decision of 1 April 2021)."""
    if regime.a_decision_ends_the_wait_for_the_report:
        decided = _decided_after_it_was_due(state, regime, deadline)
        if decided is not None:
            yield add_working_days(decided, 1), None
            return
    yield from _pending_actions(deadline, regime, counted, today)


def _decided_after_it_was_due(
    state: InterventionState, regime: Regime, deadline: Deadline, by: date = date.max
) -> date | None:
    """The first day, by `by`, the DfE decided who runs the services after `deadline`, a
    commissioner's report, fell due; None for any other deadline, or with no such decision."""
    if deadline.milestone not in regime.commissioner_reports():
        return None
    return next((d.on for d in state.services_decisions if deadline.due < d.on <= by), None)


def _waits(deadline: Deadline, owed: list[Deadline]) -> bool:
    return any(waits_for(deadline, report) for report in owed)


def _counted_from(regime: Regime, deadline: Deadline, owed: list[Deadline]) -> date | None:
    """The day `deadline`'s alerts count from: its due day, but for a review waiting for a
    report still owed, none (the clock leaves it alone), or under the regimes that say so, the
    day its next would have been due: a report that never comes holds it no longer than that
    (Stoke-on-Trent: Eleanor Brazil kept on on 31 October 2019 for a further review, no report
    of it found, the DfE's next review on the record in November 2024), where one nine months
    late still comes within it (Reading: Nick Whitfield's report due in December 2016,
    published in September 2017, the review put back to June 2017 counted from it)."""
    if not _waits(deadline, owed):
        return deadline.due
    if not regime.a_late_report_holds_a_review_one_period:
        return None
    rule = regime.rule(deadline.milestone)
    period = rule.repeat_every if rule else None
    return period.after(deadline.due) if period else deadline.due


def alerts_counted_from(state: InterventionState, deadline: Deadline) -> date | None:
    """The day the clock counts `deadline`'s alerts from; None while it leaves it alone."""
    return _counted_from(state.rules, deadline, _reports_owed(state))


def alerts_counted(state: InterventionState) -> dict[str, date]:
    """By key, the day each open deadline the clock acts on counts its alerts from; one it
    leaves alone is not there."""
    return {deadline.key: counted for deadline, counted in _running(state)}


def _running(state: InterventionState) -> list[tuple[Deadline, date]]:
    """The open deadlines the clock acts on, each with the day its alerts count from: the
    reports owed are found once, not for each."""
    owed = _reports_owed(state)
    regime = state.rules
    return [
        (deadline, counted)
        for deadline in state.open_deadlines
        if (counted := _counted_from(regime, deadline, owed)) is not None
    ]


def next_alarm(state: InterventionState, now: datetime) -> datetime | None:
    """When the clock next has something to do, or None when nothing is pending."""
    regime = state.rules
    today = london_date(now)
    days = [
        on
        for deadline, counted in _running(state)
        for on, _ in _actions(state, regime, deadline, counted, today)
    ]
    if not days:
        return None
    return max(alarm_instant(min(days)), now)


def tick(state: InterventionState, now: datetime) -> list[Event]:
    """Everything the clock owes as of `now`, as events; empty when nothing is due."""
    regime = state.rules
    today = london_date(now)
    events: list[Event] = []
    for deadline, counted in sorted(_running(state), key=lambda dc: (dc[0].due, dc[0].key)):
        for on, rung in _actions(state, regime, deadline, counted, today):
            if on > today or alarm_instant(on) > now:
                break
            events.extend(_act(state, regime, deadline, rung, on, now))
    return events


def _act(
    state: InterventionState,
    regime: Regime,
    deadline: Deadline,
    rung: Rung | None,
    on: date,
    now: datetime,
) -> Iterable[Event]:
    # A deadline set after the day its reminder or rung would fall (a go-live directed for the
    # same day: Slough, 1 April 2021) is acted on from the day it was set, never before it.
    if deadline.set_on is not None:
        on = max(on, deadline.set_on)
    common: dict[str, Any] = {**by_engine(now, on), **about(deadline), "due": deadline.due}
    if rung is None and (decided := _decided_without_it(state, regime, deadline, on)):
        reason = f"the DfE decided who runs the services on {decided.isoformat()} without it"
        yield withdrawn(deadline, now, reason)
        return
    if rung is None:
        for to in regime.overdue_to:
            yield MilestoneOverdue.model_validate({**common, "to": to.value})
        yield from after_missed(state, regime, deadline, now)
        return
    if rung.marks_missed:
        yield DeadlineMissed.model_validate(common)
        yield from after_missed(state, regime, deadline, now)
    for recipient in recipient_names(state, deadline, rung.to):
        fields = {**common, "rung": rung.name, "to": recipient}
        if rung.level is None:
            yield ReminderSent.model_validate(fields)
        else:
            yield EscalationRaised.model_validate({**fields, "level": rung.level})
