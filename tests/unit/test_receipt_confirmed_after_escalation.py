"""The real day of receipt recorded after a deadline counted from the assumed one was escalated.

Lancashire: the area SEND report published "today, Wednesday 12 February" 2025
(news.lancashire.gov.uk); the partnership "required to prepare and publish a Priority Action
Plan (PAP) by the 25 March 2025" (Lancashire SEND Partnership Annual Report 2024), thirty
working days after Tuesday 11 February, the day the count fits; the plan "Approved by the ICB
Board and Cabinet on 25 March 2025" (lancashire.gov.uk, "Lancashire SEND priority action
plan"). The inspection's days in November and December 2024 are illustrative.

Receipt not given, the plan is due Friday 21 March 2025, thirty working days after a receipt
assumed three working days before publication (Friday 7 February), and escalated to the
director on Monday 24 March. The real receipt moves it to Tuesday 25 March: the escalation
its old date brought is withdrawn, whether the plan was recorded already or not.
"""

from __future__ import annotations

from datetime import date

from domain.intervention import apply_all, decide_open
from domain.state import Deadline, InterventionState
from domain.timeline import describe
from domain.values import Inspection, ReportKind
from tests.unit.builders import events_for, noon, open_command, record, run_clock, utc

LANCASHIRE = Inspection(
    started_on=date(2024, 11, 25),
    ended_on=date(2024, 12, 13),
    published_on=date(2025, 2, 12),
    kind=ReportKind.AREA_SEND,
    priority_actions=["Timeliness and quality of EHC needs assessments, plans and reviews"],
)
APPROVED = date(2025, 3, 25)
RECEIVED = "2025-02-11"


def _escalated(version: int = 4) -> InterventionState:
    command = open_command(LANCASHIRE, regime_version=version).model_copy(update={"regime": "send"})
    opened = apply_all(decide_open(command, noon(LANCASHIRE.published_on)))
    assert _plan(opened).due == date(2025, 3, 21)
    state = run_clock(opened, utc(2025, 3, 24, 9))
    assert [(e.level, e.to) for e in state.active_escalations(_plan(state).key)] == [
        (1, "director")
    ]
    return state


def _plan(state: InterventionState) -> Deadline:
    return next(d for d in state.deadlines if d.milestone == "priority_action_plan")


def _confirmed(state: InterventionState, on: date) -> InterventionState:
    return record(state, "receipt_confirmed", on, received_on=RECEIVED)


def test_a_plan_met_late_by_the_assumed_day_is_on_time_by_the_real_one() -> None:
    state = _confirmed(record(_escalated(), "statement_of_action_submitted", APPROVED), APPROVED)
    plan = _plan(state)
    assert (plan.due, plan.status.value, plan.met_on) == (APPROVED, "met", APPROVED)
    assert state.active_escalations(plan.key) == ()
    [withdrawn] = state.escalations
    assert (withdrawn.level, withdrawn.withdrawn_on) == (1, APPROVED)


def test_a_plan_not_yet_recorded_is_pending_again_and_escalated_again_if_it_is_missed() -> None:
    events = events_for(_escalated(), "receipt_confirmed", date(2025, 3, 24), received_on=RECEIVED)
    assert [describe(e) for e in events[1:]] == [
        "Deadline moved: priority action plan from 2025-03-21 to 2025-03-25, not missed by it "
        "(receipt of report 1 confirmed as 2025-02-11)",
        "Escalation level 1 to director withdrawn: priority action plan now due 2025-03-25, "
        "receipt of report 1 confirmed as 2025-02-11",
    ]
    state = apply_all(events, _escalated())
    plan = _plan(state)
    assert (plan.due, plan.status.value) == (APPROVED, "pending")
    assert state.active_escalations(plan.key) == ()

    # Not recorded by its new date, it is missed again the working day after.
    later = run_clock(state, utc(2025, 3, 26, 9))
    assert _plan(later).status.value == "missed"
    assert [(e.level, e.raised_on) for e in later.active_escalations(plan.key)] == [
        (1, date(2025, 3, 26))
    ]


def test_a_plan_still_late_by_the_real_day_keeps_its_escalation() -> None:
    """Recorded on Thursday 27 March, after both dates, the plan stays late and escalated."""
    late = record(_escalated(), "statement_of_action_submitted", date(2025, 3, 27))
    state = _confirmed(late, date(2025, 3, 27))
    plan = _plan(state)
    assert (plan.due, plan.status.value) == (APPROVED, "met_late")
    assert [e.level for e in state.active_escalations(plan.key)] == [1]


def test_under_version_3_the_escalation_stood() -> None:
    state = _confirmed(record(_escalated(3), "statement_of_action_submitted", APPROVED), APPROVED)
    plan = _plan(state)
    assert (plan.due, plan.status.value) == (APPROVED, "met")
    assert [e.level for e in state.active_escalations(plan.key)] == [1]
