"""The improvement plan on the real workflow: imported through the `change_plan` Update, its
review dates escalating on the clock like statutory deadlines; board meetings, audits, funding
and monitoring findings recorded through `record`.

The worked example of docs/domain.md, published Tuesday 7 March 2023; the plan is imported on
Monday 12 June 2023 with three actions whose review date is Friday 25 August 2023. Written out
by hand from the England bank-holiday calendar (Monday 28 August 2023 is the summer bank
holiday), each rung fires at 07:00 London on:

- reminder to the action's owner, 10 working days before: Friday 11 August 2023
- DeadlineMissed and level 1 to the Director, the working day after: Tuesday 29 August 2023
- level 2 to the Chief Executive and Lead Member, 10 working days after: Monday 11 September 2023
- level 3 to the DfE improvement adviser, 20 working days after: Monday 25 September 2023
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from application.simulation import CollectingNotifier
from domain.calendar import LONDON
from domain.plan import PLAN_CHANGE, ChangePlan, PlanChange
from domain.plan_csv import parse_plan_csv
from domain.values import Actor
from eventstore.store import EventStore, RecordedEvent
from tests.workflows.conftest import (
    LADDER_CONTACTS,
    MANAGER,
    TEAM,
    VIEWER,
    Running,
    assert_gap_free,
    record,
    start_intervention,
    stored_events,
    stored_status,
    workflow_status,
)
from workflows.intervention import InterventionWorkflow
from workflows.models import RecordResult

PLAN_DAY = date(2023, 6, 12)
REVIEW = date(2023, 8, 25)
REMINDER_ON = date(2023, 8, 11)
BANK_HOLIDAY = date(2023, 8, 28)
LEVEL_1_ON = date(2023, 8, 29)
LEVEL_2_ON = date(2023, 9, 11)
LEVEL_3_ON = date(2023, 9, 25)

PLAN_CSV = """\
priority,priority_title,addresses,action,title,owner,theme,phase,review_on,rag
P1,Strengthen practice,R1;R2,A1,Audit child protection plans,Head of Safeguarding,Practice,immediate,2023-08-25,amber
P1,,,A2,Practice standards handbook,Principal Social Worker,Practice,immediate,2023-08-25,amber
P2,Work with partners,R7,A3,Front door review,Head of MASH,Partnerships,immediate,2023-08-25,red
"""  # noqa: E501
OWNERS = {"A1": "Head of Safeguarding", "A2": "Principal Social Worker", "A3": "Head of MASH"}


async def change_plan(
    running: Running,
    changes: list[PlanChange] | list[dict[str, object]],
    *,
    effective_on: date | None = None,
    actor: Actor = MANAGER,
    source: str | None = None,
) -> RecordResult:
    command = ChangePlan(
        changes=[PLAN_CHANGE.validate_python(c) if isinstance(c, dict) else c for c in changes],
        effective_on=effective_on or await running.today(),
        actor=actor,
        source=source,
    )
    return await running.handle.execute_update(InterventionWorkflow.change_plan, command)


async def with_plan(env: WorkflowEnvironment, worker: Worker, store: EventStore) -> Running:
    """Opened on publication, Statement of Action in on 12 June 2023, with the plan imported."""
    running = await start_intervention(env, worker, store, contacts=LADDER_CONTACTS)
    await running.advance_to(PLAN_DAY)
    await record(running, "statement_of_action_submitted")
    result = await change_plan(running, parse_plan_csv(PLAN_CSV), source="plan.csv")
    assert result.milestone == "change_plan"
    assert result.events == [
        "PriorityAdded",
        "ActionAdded",
        "DeadlineScheduled",
        "ActionAdded",
        "DeadlineScheduled",
        "PriorityAdded",
        "ActionAdded",
        "DeadlineScheduled",
    ]
    return running


def _ref(event: RecordedEvent) -> str | None:
    milestone = event.data.get("milestone")
    if isinstance(milestone, str) and milestone.startswith("action:"):
        return milestone.removeprefix("action:")
    return None


CLOCK_TYPES = (
    "ReminderSent",
    "DeadlineMissed",
    "EscalationRaised",
    "EscalationWithdrawn",
    "DeadlineMet",
)


async def plan_clock(running: Running) -> list[tuple[str, str, date, object]]:
    """(type, action, effective_on, to or late) of the plan deadlines' clock events, in order."""
    events = await stored_events(running)
    assert_gap_free(events)
    return [
        (e.type, ref, e.effective_on, e.data.get("to", e.data.get("late")))
        for e in events
        if (ref := _ref(e)) is not None and e.type in CLOCK_TYPES
    ]


async def test_an_action_review_date_escalates_like_a_statutory_deadline(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    running = await with_plan(env, worker, store)
    status = await stored_status(running)
    plan_deadlines = [d for d in status.deadlines if d.milestone.startswith("action:")]
    assert [(d.milestone, d.number, d.kind, d.owner, d.due, d.status) for d in plan_deadlines] == [
        (f"action:{ref}", 1, "plan", owner, REVIEW, "pending") for ref, owner in OWNERS.items()
    ]

    # The reminder to each owner: not on Thursday 10 August, then on Friday 11 August.
    await running.advance_to(date(2023, 8, 10))
    assert await plan_clock(running) == []
    await running.advance_to(REMINDER_ON)
    assert await plan_clock(running) == [
        ("ReminderSent", ref, REMINDER_ON, owner) for ref, owner in OWNERS.items()
    ]
    [reminder, *_] = [
        e for e in await stored_events(running) if e.type == "ReminderSent" and _ref(e) == "A1"
    ]
    start_of_day = datetime.combine(REMINDER_ON, time(7, 0), tzinfo=LONDON)
    assert start_of_day <= reminder.recorded_at < start_of_day + timedelta(minutes=1)

    # Missed: not on the review date, nor on the bank holiday, then on Tuesday 29 August.
    await running.advance_to(REVIEW)
    await running.advance_to(BANK_HOLIDAY)
    assert len(await plan_clock(running)) == 3
    await running.advance_to(LEVEL_1_ON)
    assert (await plan_clock(running))[3:] == [
        step
        for ref in OWNERS
        for step in (
            ("DeadlineMissed", ref, LEVEL_1_ON, None),
            ("EscalationRaised", ref, LEVEL_1_ON, "director"),
        )
    ]
    status = await stored_status(running)
    assert {
        d.milestone: d.status for d in status.deadlines if d.milestone.startswith("action")
    } == {
        "action:A1": "missed",
        "action:A2": "missed",
        "action:A3": "missed",
    }

    # The same morning: A2 is completed today (late); A3's completion is recorded late but
    # took effect on its review date, so its escalation is withdrawn.
    late = await change_plan(running, [{"type": "complete_action", "ref": "A2"}])
    assert late.events == ["ActionCompleted", "DeadlineMet"]
    on_time = await change_plan(
        running, [{"type": "complete_action", "ref": "A3"}], effective_on=REVIEW
    )
    assert on_time.events == ["ActionCompleted", "DeadlineMet", "EscalationWithdrawn"]
    assert (await plan_clock(running))[9:] == [
        ("DeadlineMet", "A2", LEVEL_1_ON, True),
        ("DeadlineMet", "A3", REVIEW, False),
        ("EscalationWithdrawn", "A3", LEVEL_1_ON, "director"),
    ]

    # Level 2 for A1 only: not on Friday 8 September, then on Monday 11 September.
    await running.advance_to(date(2023, 9, 8))
    assert len(await plan_clock(running)) == 12
    await running.advance_to(LEVEL_2_ON)
    assert (await plan_clock(running))[12:] == [
        ("EscalationRaised", "A1", LEVEL_2_ON, "chief_executive"),
        ("EscalationRaised", "A1", LEVEL_2_ON, "lead_member"),
    ]

    # Level 3 for A1 only: not on Friday 22 September, then on Monday 25 September.
    await running.advance_to(date(2023, 9, 22))
    assert len(await plan_clock(running)) == 14
    await running.advance_to(LEVEL_3_ON)
    assert (await plan_clock(running))[14:] == [
        ("EscalationRaised", "A1", LEVEL_3_ON, "improvement_adviser"),
    ]

    # Nothing more, ever, for any of them: the ladder has three rungs.
    await running.advance_to(date(2023, 12, 29))
    assert len(await plan_clock(running)) == 15

    status = await stored_status(running)
    assert {
        d.milestone: (d.status, d.met_on) for d in status.deadlines if d.milestone[:7] == "action:"
    } == {
        "action:A1": ("missed", None),
        "action:A2": ("met_late", LEVEL_1_ON),
        "action:A3": ("met", REVIEW),
    }
    assert [
        (e.milestone, e.level, e.to, e.raised_on, e.withdrawn_on)
        for e in status.escalations
        if e.milestone.startswith("action:")
    ] == [
        ("action:A1", 1, "director", LEVEL_1_ON, None),
        ("action:A2", 1, "director", LEVEL_1_ON, None),
        ("action:A3", 1, "director", LEVEL_1_ON, LEVEL_1_ON),
        ("action:A1", 2, "chief_executive", LEVEL_2_ON, None),
        ("action:A1", 2, "lead_member", LEVEL_2_ON, None),
        ("action:A1", 3, "improvement_adviser", LEVEL_3_ON, None),
    ]
    assert status.highest_escalation == 3  # A1's level 3 is still active

    # The notifications went out as the ladder says: the reminder to the owner by name, each
    # escalation to the contacts of its rung.
    action_notes = [n for n in notifier.sent if n.milestone.startswith("action:")]
    assert [(n.kind, n.milestone, n.to, n.level) for n in action_notes] == [
        ("reminder", "action:A1", "Head of Safeguarding", None),
        ("reminder", "action:A2", "Principal Social Worker", None),
        ("reminder", "action:A3", "Head of MASH", None),
        ("escalation", "action:A1", "director", 1),
        ("escalation", "action:A2", "director", 1),
        ("escalation", "action:A3", "director", 1),
        ("escalation_withdrawn", "action:A3", "director", 1),
        ("escalation", "action:A1", "chief_executive", 2),
        ("escalation", "action:A1", "lead_member", 2),
        ("escalation", "action:A1", "improvement_adviser", 3),
    ]
    level_3 = action_notes[-1]
    assert level_3.title == "Action A1: Audit child protection plans"
    assert level_3.due == REVIEW
    assert [c.email for c in level_3.contacts] == ["adviser@dfe.example"]


async def _update_failure(running: Running, **kwargs: object) -> ApplicationError:
    with pytest.raises(WorkflowUpdateFailedError) as caught:
        await change_plan(running, **kwargs)
    cause = caught.value.cause
    assert isinstance(cause, ApplicationError)
    assert cause.non_retryable
    return cause


async def test_a_batch_with_one_bad_change_is_rejected_whole(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    running = await with_plan(env, worker, store)
    await running.advance_to(date(2023, 7, 3))
    before = await stored_events(running)
    version = (await workflow_status(running)).version
    assert version == len(before)

    bad_change = await _update_failure(
        running,
        changes=[
            {"type": "update_action", "ref": "A1", "rag": "green"},
            {"type": "add_action", "ref": "A4", "priority": "P9", "title": "Orphan",
             "owner": "Head of MASH", "theme": "Partnerships", "phase": "immediate",
             "review_on": date(2023, 9, 29)},
            {"type": "complete_action", "ref": "A2"},
        ],
    )  # fmt: skip
    assert bad_change.type == "PlanChangeError"
    assert bad_change.message == (
        "change 2: action 'A4' is under priority 'P9', which is not in the plan; "
        "priorities: P1, P2; nothing in this batch was recorded"
    )

    # The same plan again: the first line of the file is refused, by its line.
    again = await _update_failure(running, changes=parse_plan_csv(PLAN_CSV))
    assert again.type == "PlanChangeError"
    assert again.message == (
        "line 2: priority 'P1' is already in the plan; nothing in this batch was recorded"
    )

    viewer = await _update_failure(
        running, changes=[{"type": "update_action", "ref": "A1", "rag": "green"}], actor=VIEWER
    )
    assert viewer.type == "RoleNotAllowedError"
    assert "role 'viewer' may not change the improvement plan" in viewer.message

    future = await _update_failure(
        running,
        changes=[{"type": "update_action", "ref": "A1", "rag": "green"}],
        effective_on=date(2023, 7, 4),
    )
    assert future.type == "InvalidDateError"
    assert future.message == "effective_on 2023-07-04 is in the future; today is 2023-07-03"

    # Nothing of any of them reached the record or the workflow's state.
    after = await running.store.read_stream(running.intervention_id)
    assert [e.event_id for e in after] == [e.event_id for e in before]
    status = await workflow_status(running)
    assert status.version == version

    # The next valid change is accepted, and recorded after what was there.
    accepted = await change_plan(
        running,
        [{"type": "update_action", "ref": "A1", "rag": "green", "note": "Audit under way"}],
        actor=TEAM,
    )
    assert accepted.events == ["ActionUpdated"]
    assert accepted.version == version + 1
    stored = await stored_events(running)
    assert len(stored) == version + 1
    assert_gap_free(stored)
    last = stored[-1]
    assert (last.type, last.effective_on, last.actor.name) == (
        "ActionUpdated",
        date(2023, 7, 3),
        TEAM.name,
    )
    assert (last.data["ref"], last.data["rag"], last.data["note"]) == (
        "A1",
        "green",
        "Audit under way",
    )


async def test_board_meetings_audits_funding_and_monitoring_findings_are_recorded(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    running = await start_intervention(env, worker, store)
    await running.advance_to(date(2023, 6, 22))

    board = await record(
        running,
        "board_meeting_held",
        chair="Independent Chair",
        attendance="Independent Chair; Director of Children's Services; Police ;Health",
        decisions="Statement of Action endorsed; Monthly performance reports to the board",
    )
    assert board.events == ["BoardMeetingHeld"]

    with pytest.raises(WorkflowUpdateFailedError) as caught:
        await record(
            running,
            "case_audit_completed",
            cases_reviewed="6",
            requires_improvement="2",
            inadequate="3",
        )
    mismatch = caught.value.cause
    assert isinstance(mismatch, ApplicationError)
    assert mismatch.type == "DomainError"
    assert mismatch.message == (
        "'case_audit_completed': the grades add up to 5, not the 6 cases reviewed"
    )

    audit = await record(
        running,
        "case_audit_completed",
        cases_reviewed="6",
        requires_improvement="2",
        inadequate="4",
        theme="Child protection",
    )
    assert audit.events == ["CaseAuditCompleted"]

    funding = await record(
        running, "funding_allocated", amount="950000", phase="Phase 1", source="DfE"
    )
    assert funding.events == ["FundingAllocated"]

    # Ofsted's letter arrives on Thursday 22 June for a visit on Tuesday 13 June.
    visit = await record(
        running,
        "monitoring_visit_completed",
        effective_on=date(2023, 6, 13),
        areas_reviewed="Front door; Child protection",
        key_findings="Thresholds applied consistently;Too many plans drift beyond 12 months",
        letter_on="2023-06-22",
    )
    assert visit.events[0] == "MonitoringVisitCompleted"

    events = {e.type: e for e in await stored_events(running)}
    held = events["BoardMeetingHeld"]
    assert held.effective_on == date(2023, 6, 22)
    assert held.data["chair"] == "Independent Chair"
    assert held.data["attendance"] == [
        "Independent Chair",
        "Director of Children's Services",
        "Police",
        "Health",
    ]
    assert held.data["decisions"] == [
        "Statement of Action endorsed",
        "Monthly performance reports to the board",
    ]

    audited = events["CaseAuditCompleted"]
    assert audited.effective_on == date(2023, 6, 22)
    assert {
        k: audited.data[k]
        for k in (
            "cases_reviewed",
            "outstanding",
            "good",
            "requires_improvement",
            "inadequate",
            "theme",
        )
    } == {
        "cases_reviewed": 6,
        "outstanding": 0,
        "good": 0,
        "requires_improvement": 2,
        "inadequate": 4,
        "theme": "Child protection",
    }

    funded = events["FundingAllocated"]
    assert (funded.data["amount"], funded.data["phase"], funded.data["source"]) == (
        950000,
        "Phase 1",
        "DfE",
    )

    visited = events["MonitoringVisitCompleted"]
    assert visited.effective_on == date(2023, 6, 13)
    assert visited.data["number"] == 1
    assert visited.data["areas_reviewed"] == ["Front door", "Child protection"]
    assert visited.data["key_findings"] == [
        "Thresholds applied consistently",
        "Too many plans drift beyond 12 months",
    ]
    assert visited.data["letter_on"] == "2023-06-22"
    # Only the audit with grades that add up was recorded.
    assert [e.type for e in await stored_events(running)].count("CaseAuditCompleted") == 1
