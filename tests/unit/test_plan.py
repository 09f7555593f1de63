"""Plan changes decided by `decide_plan`: what each change records, and what it refuses.

Dates, written out by hand from the England bank-holiday calendar:

- Action A1.1, review date Friday 8 September 2023: the reminder is due 10 working days
  before, on Thursday 24 August 2023 (Monday 28 August is the summer bank holiday).
- Action A1.2, review date Friday 14 July 2023: reminder Friday 30 June 2023; missed, and
  escalation level 1, the working day after: Monday 17 July 2023.
- A1.1 moved to Friday 13 October 2023: reminder Friday 29 September 2023.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.clock import tick
from domain.errors import (
    DomainError,
    InterventionClosedError,
    InvalidDateError,
    PlanChangeError,
    RoleNotAllowedError,
)
from domain.events import (
    ActionAdded,
    ActionCompleted,
    ActionUpdated,
    DeadlineMet,
    DeadlineScheduled,
    DeadlineWithdrawn,
    EscalationRaised,
    EscalationWithdrawn,
    PriorityAdded,
    ReminderSent,
)
from domain.intervention import apply_all
from domain.plan import (
    PLAN_CHANGE,
    AddAction,
    AddPriority,
    ChangePlan,
    CompleteAction,
    Rag,
    UpdateAction,
)
from domain.regime import DeadlineKind
from domain.state import InterventionState
from domain.values import SYSTEM_ACTOR, Role
from tests.unit.builders import (
    MANAGER,
    TEAM,
    VIEWER,
    noon,
    notice_state,
    of_milestone,
    record,
    run_clock,
    status_of,
    types,
    utc,
)
from tests.unit.plan_builders import (
    PLAN_DAY,
    action,
    base_state,
    complete,
    plan_events,
    planned,
    priority,
    update,
)

A11_REVIEW = date(2023, 9, 8)
A11_REMINDER = date(2023, 8, 24)
A12_REVIEW = date(2023, 7, 14)
A12_REMINDER = date(2023, 6, 30)
A12_LEVEL_1 = date(2023, 7, 17)
A11_MOVED = date(2023, 10, 13)
A11_MOVED_REMINDER = date(2023, 9, 29)

NOTHING_RECORDED = "; nothing in this batch was recorded"
ALONE_NOT_RECORDED = "; nothing was recorded"

PLAN = [
    priority("P1", "Strengthen the quality of practice", "R1", "AFI-3"),
    action("A1.1", "P1", A11_REVIEW, owner="Head of Safeguarding"),
    action("A1.2", "P1", A12_REVIEW, owner="Principal Social Worker", phase="3 months"),
]


def with_plan() -> InterventionState:
    """The base state with P1 and its two actions, added on Monday 12 June 2023."""
    return planned(base_state(), PLAN, PLAN_DAY)


# --- adding --------------------------------------------------------------------------------


def test_adding_a_priority_and_its_actions_schedules_a_plan_deadline_for_each() -> None:
    events = plan_events(base_state(), PLAN, PLAN_DAY)

    assert types(events) == [
        "PriorityAdded",
        "ActionAdded",
        "DeadlineScheduled",
        "ActionAdded",
        "DeadlineScheduled",
    ]
    added_priority, added_a11, deadline_a11, added_a12, deadline_a12 = events
    assert isinstance(added_priority, PriorityAdded)
    assert (added_priority.ref, added_priority.title, added_priority.addresses) == (
        "P1",
        "Strengthen the quality of practice",
        ["R1", "AFI-3"],
    )
    assert added_priority.effective_on == PLAN_DAY
    assert added_priority.actor == MANAGER

    assert isinstance(added_a11, ActionAdded)
    assert added_a11.model_dump(exclude={"recorded_at", "actor"}) == {
        "type": "ActionAdded",
        "effective_on": PLAN_DAY,
        "ref": "A1.1",
        "priority": "P1",
        "title": "Action A1.1 title",
        "owner": "Head of Safeguarding",
        "theme": "Practice",
        "phase": "immediate",
        "review_on": A11_REVIEW,
        "rag": Rag.AMBER,  # amber unless the plan says otherwise
    }

    for deadline, ref, owner, due, alert_on in (
        (deadline_a11, "A1.1", "Head of Safeguarding", A11_REVIEW, A11_REMINDER),
        (deadline_a12, "A1.2", "Principal Social Worker", A12_REVIEW, A12_REMINDER),
    ):
        assert isinstance(deadline, DeadlineScheduled)
        assert deadline.milestone == f"action:{ref}"
        assert deadline.number == 1  # the first revision of the review date
        assert deadline.cycle == 1
        assert deadline.kind is DeadlineKind.PLAN
        assert deadline.owner == owner
        assert deadline.title == f"Action {ref}: Action {ref} title"
        assert deadline.due == due
        assert deadline.alert_on == alert_on
        assert deadline.actor == SYSTEM_ACTOR
        assert deadline.effective_on == PLAN_DAY
    assert isinstance(added_a12, ActionAdded)
    assert added_a12.phase == "3 months"


def test_the_state_holds_the_plan_and_its_open_deadlines() -> None:
    state = with_plan()

    [p1] = state.priorities
    assert (p1.ref, p1.addresses) == ("P1", ("R1", "AFI-3"))
    a11 = state.action("A1.1")
    assert a11 is not None
    assert (a11.rag, a11.added_on, a11.completed_on, a11.revision) == (
        Rag.AMBER,
        PLAN_DAY,
        None,
        1,
    )
    assert not a11.progressed
    assert status_of(state, "action:A1.1", 1) == "pending"
    assert status_of(state, "action:A1.2", 1) == "pending"


def test_an_action_may_start_with_its_own_rag_rating() -> None:
    events = plan_events(
        base_state(), [priority("P1"), action("A1", "P1", A11_REVIEW, rag="green")], PLAN_DAY
    )
    added = next(e for e in events if isinstance(e, ActionAdded))
    assert added.rag is Rag.GREEN
    a1 = apply_all(events, base_state()).action("A1")
    assert a1 is not None
    assert a1.progressed  # green counts as progressed


def test_a_batch_may_add_a_priority_and_then_refer_to_it() -> None:
    events = plan_events(
        base_state(),
        [
            priority("P1"),
            action("A1", "P1", A11_REVIEW),
            update("A1", rag="red"),
            priority("P2"),
            action("A2", "P2", A12_REVIEW),
        ],
        PLAN_DAY,
    )
    state = apply_all(events, base_state())
    assert [p.ref for p in state.priorities] == ["P1", "P2"]
    assert [(a.ref, a.priority, a.rag) for a in state.actions] == [
        ("A1", "P1", Rag.RED),
        ("A2", "P2", Rag.AMBER),
    ]


# --- updating ------------------------------------------------------------------------------


def test_a_new_rag_rating_is_recorded_without_touching_the_deadline() -> None:
    on = date(2023, 7, 3)
    events = plan_events(with_plan(), [update("A1.1", rag="green")], on)

    [updated] = events
    assert isinstance(updated, ActionUpdated)
    assert (updated.ref, updated.rag, updated.review_on, updated.owner, updated.note) == (
        "A1.1",
        Rag.GREEN,
        None,
        None,
        None,
    )
    assert updated.effective_on == on
    state = apply_all(events, with_plan())
    a11 = state.action("A1.1")
    assert a11 is not None
    assert (a11.rag, a11.review_on, a11.revision) == (Rag.GREEN, A11_REVIEW, 1)
    assert a11.progressed
    assert status_of(state, "action:A1.1", 1) == "pending"


def test_a_new_owner_and_a_note_are_recorded() -> None:
    on = date(2023, 7, 3)
    events = plan_events(
        with_plan(),
        [update("A1.1", owner="Deputy Director", note="Head of Safeguarding left in June")],
        on,
    )

    [updated] = events
    assert isinstance(updated, ActionUpdated)
    assert (updated.owner, updated.note, updated.rag) == (
        "Deputy Director",
        "Head of Safeguarding left in June",
        None,
    )
    a11 = apply_all(events, with_plan()).action("A1.1")
    assert a11 is not None
    assert (a11.owner, a11.rag) == ("Deputy Director", Rag.AMBER)


def test_a_note_alone_is_an_update() -> None:
    [updated] = plan_events(with_plan(), [update("A1.1", note="On track")], date(2023, 7, 3))
    assert isinstance(updated, ActionUpdated)
    assert updated.note == "On track"


def test_after_a_change_of_owner_the_reminder_goes_to_the_new_owner() -> None:
    state = planned(with_plan(), [update("A1.1", owner="Deputy Director")], date(2023, 7, 3))

    due = tick(state, utc(2023, 8, 24))

    reminders = [e for e in due if isinstance(e, ReminderSent) and e.milestone == "action:A1.1"]
    assert [(r.effective_on, r.to) for r in reminders] == [(A11_REMINDER, "Deputy Director")]


def test_moving_the_review_date_withdraws_the_deadline_and_schedules_revision_2() -> None:
    on = date(2023, 8, 1)
    events = plan_events(
        with_plan(), [update("A1.1", review_on=A11_MOVED, note="Audit tool delayed")], on
    )

    assert types(events) == ["ActionUpdated", "DeadlineWithdrawn", "DeadlineScheduled"]
    updated, withdrawn, rescheduled = events
    assert isinstance(updated, ActionUpdated)
    assert (updated.review_on, updated.note) == (A11_MOVED, "Audit tool delayed")
    assert isinstance(withdrawn, DeadlineWithdrawn)
    assert (withdrawn.milestone, withdrawn.number, withdrawn.cycle) == ("action:A1.1", 1, 1)
    assert withdrawn.reason == "review date moved to 2023-10-13"
    assert isinstance(rescheduled, DeadlineScheduled)
    assert (
        rescheduled.milestone,
        rescheduled.number,
        rescheduled.kind,
        rescheduled.owner,
        rescheduled.due,
        rescheduled.alert_on,
    ) == (
        "action:A1.1",
        2,
        DeadlineKind.PLAN,
        "Head of Safeguarding",
        A11_MOVED,
        A11_MOVED_REMINDER,
    )

    state = apply_all(events, with_plan())
    a11 = state.action("A1.1")
    assert a11 is not None
    assert (a11.review_on, a11.revision) == (A11_MOVED, 2)
    assert status_of(state, "action:A1.1", 1) == "withdrawn"
    assert status_of(state, "action:A1.1", 2) == "pending"
    # The old date no longer reminds anyone; the new one does, on its own day.
    assert [e for e in tick(state, utc(2023, 8, 24)) if e.milestone == "action:A1.1"] == []
    assert [
        (e.type, e.effective_on, e.number)
        for e in tick(state, utc(2023, 9, 29))
        if e.milestone == "action:A1.1"
    ] == [("ReminderSent", A11_MOVED_REMINDER, 2)]


def test_moving_the_review_date_again_withdraws_revision_2_and_schedules_revision_3() -> None:
    state = planned(with_plan(), [update("A1.1", review_on=A11_MOVED)], date(2023, 8, 1))
    events = plan_events(state, [update("A1.1", review_on=date(2023, 11, 30))], date(2023, 9, 4))

    assert types(events) == ["ActionUpdated", "DeadlineWithdrawn", "DeadlineScheduled"]
    assert (events[1].milestone, events[1].number) == ("action:A1.1", 2)
    assert (events[2].number, events[2].due) == (3, date(2023, 11, 30))


def test_an_update_naming_the_same_review_date_with_a_rag_does_not_move_the_deadline() -> None:
    events = plan_events(
        with_plan(), [update("A1.1", review_on=A11_REVIEW, rag="red")], date(2023, 7, 3)
    )
    assert types(events) == ["ActionUpdated"]
    a11 = apply_all(events, with_plan()).action("A1.1")
    assert a11 is not None
    assert (a11.rag, a11.revision) == (Rag.RED, 1)


# --- completing ----------------------------------------------------------------------------


@pytest.mark.parametrize("on", [date(2023, 7, 10), A12_REVIEW], ids=["before", "on-the-day"])
def test_completing_on_time_meets_the_deadline(on: date) -> None:
    events = plan_events(with_plan(), [complete("A1.2", note="Handbook published")], on)

    assert types(events) == ["ActionCompleted", "DeadlineMet"]
    completed, met = events
    assert isinstance(completed, ActionCompleted)
    assert (completed.ref, completed.note, completed.effective_on) == (
        "A1.2",
        "Handbook published",
        on,
    )
    assert isinstance(met, DeadlineMet)
    assert (met.milestone, met.number, met.due, met.met_on, met.late) == (
        "action:A1.2",
        1,
        A12_REVIEW,
        on,
        False,
    )
    state = apply_all(events, with_plan())
    a12 = state.action("A1.2")
    assert a12 is not None
    assert a12.completed_on == on
    assert a12.progressed
    assert status_of(state, "action:A1.2", 1) == "met"
    # Nothing left for the clock to do about it.
    assert [e for e in tick(state, utc(2023, 7, 17)) if e.milestone == "action:A1.2"] == []


def escalated() -> InterventionState:
    """A1.2 missed its review date: level 1 raised on Monday 17 July 2023."""
    state = run_clock(with_plan(), utc(2023, 7, 17))
    assert [
        (e.level, e.to, e.raised_on) for e in state.escalations if e.milestone == "action:A1.2"
    ] == [(1, "director", A12_LEVEL_1)]
    assert status_of(state, "action:A1.2", 1) == "missed"
    return state


def test_completed_late_but_effective_on_time_withdraws_the_escalations() -> None:
    events = plan_events(escalated(), [complete("A1.2")], A12_REVIEW, now=noon(date(2023, 7, 18)))

    assert types(events) == ["ActionCompleted", "DeadlineMet", "EscalationWithdrawn"]
    met, withdrawn = events[1], events[2]
    assert isinstance(met, DeadlineMet)
    assert (met.met_on, met.late) == (A12_REVIEW, False)
    assert isinstance(withdrawn, EscalationWithdrawn)
    assert (withdrawn.milestone, withdrawn.number, withdrawn.level, withdrawn.to) == (
        "action:A1.2",
        1,
        1,
        "director",
    )
    assert withdrawn.effective_on == date(2023, 7, 18)  # when it was withdrawn
    assert withdrawn.reason == "met on 2023-07-14, on time for 2023-07-14"

    state = apply_all(events, escalated())
    assert status_of(state, "action:A1.2", 1) == "met"
    [escalation] = [e for e in state.escalations if e.milestone == "action:A1.2"]
    assert escalation.withdrawn_on == date(2023, 7, 18)  # kept, marked withdrawn


def test_completed_late_is_met_late_and_the_escalations_stay() -> None:
    on = date(2023, 7, 18)
    events = plan_events(escalated(), [complete("A1.2")], on)

    assert types(events) == ["ActionCompleted", "DeadlineMet"]
    met = events[1]
    assert isinstance(met, DeadlineMet)
    assert (met.due, met.met_on, met.late) == (A12_REVIEW, on, True)
    state = apply_all(events, escalated())
    assert status_of(state, "action:A1.2", 1) == "met_late"
    assert [
        (e.level, e.withdrawn_on) for e in state.escalations if e.milestone == "action:A1.2"
    ] == [(1, None)]
    # The ladder stops: no level 2 on Friday 28 July 2023 (10 working days after).
    later = run_clock(state, utc(2023, 7, 28), utc(2023, 8, 11))
    assert of_milestone(later.escalations, "action:A1.2") == of_milestone(
        state.escalations, "action:A1.2"
    )
    assert not any(
        isinstance(e, EscalationRaised) and e.milestone == "action:A1.2"
        for e in tick(state, utc(2023, 7, 28))
    )


# --- rejections ----------------------------------------------------------------------------


def completed_a12() -> InterventionState:
    return planned(with_plan(), [complete("A1.2")], date(2023, 7, 14))


REJECTIONS = [
    pytest.param(
        with_plan,
        [priority("P2"), priority("P1")],
        ["change 2: ", "priority 'P1' is already in the plan"],
        id="duplicate-priority",
    ),
    pytest.param(
        base_state,
        [priority("P1"), priority("P2"), priority("P1")],
        ["change 3: ", "priority 'P1' is already in the plan"],
        id="duplicate-priority-in-the-batch",
    ),
    pytest.param(
        with_plan,
        [action("A2.1", "P1", A11_REVIEW), action("A1.1", "P1", A11_REVIEW)],
        ["change 2: ", "action 'A1.1' is already in the plan"],
        id="duplicate-action",
    ),
    pytest.param(
        with_plan,
        [priority("P2"), action("A9.1", "P9", A11_REVIEW)],
        [
            "change 2: ",
            "action 'A9.1' is under priority 'P9', which is not in the plan",
            "priorities: P1, P2",
        ],
        id="unknown-priority",
    ),
    pytest.param(
        base_state,
        [action("A9.1", "P9", A11_REVIEW)],
        ["", "priority 'P9'", "priorities: none yet"],
        id="unknown-priority-no-plan-yet",
    ),
    pytest.param(
        with_plan,
        [update("A1.1", rag="green"), update("A7.7", rag="green")],
        ["change 2: ", "no action 'A7.7' in the plan", "actions: A1.1, A1.2"],
        id="update-unknown-action",
    ),
    pytest.param(
        with_plan,
        [complete("A7.7")],
        ["", "no action 'A7.7' in the plan", "actions: A1.1, A1.2"],
        id="complete-unknown-action",
    ),
    pytest.param(
        completed_a12,
        [update("A1.2", rag="green")],
        ["", "action 'A1.2' was completed on 2023-07-14"],
        id="update-completed-action",
    ),
    pytest.param(
        completed_a12,
        [complete("A1.1"), complete("A1.2")],
        ["change 2: ", "action 'A1.2' was completed on 2023-07-14"],
        id="complete-completed-action",
    ),
    pytest.param(
        with_plan,
        [complete("A1.1"), complete("A1.1")],
        ["change 2: ", "action 'A1.1' was completed on 2023-08-01"],
        id="complete-twice-in-the-batch",
    ),
    pytest.param(
        with_plan,
        [update("A1.1", rag="amber")],
        ["", "update of action 'A1.1' changes nothing", "rag, review_on, owner"],
        id="update-same-rag",
    ),
    pytest.param(
        with_plan,
        [update("A1.1", review_on=A11_REVIEW, owner="Head of Safeguarding")],
        ["", "update of action 'A1.1' changes nothing"],
        id="update-same-date-and-owner",
    ),
    pytest.param(
        with_plan,
        [update("A1.1")],
        ["", "update of action 'A1.1' changes nothing"],
        id="update-with-nothing",
    ),
    pytest.param(
        with_plan,
        [action("A1.3", "P1", date(2023, 1, 19))],
        ["", "review_on 2023-01-19 is before the inspection ended on 2023-01-20"],
        id="add-review-before-inspection-ended",
    ),
    pytest.param(
        with_plan,
        [update("A1.1", rag="red"), update("A1.2", review_on=date(2022, 12, 1))],
        ["change 2: ", "review_on 2022-12-01 is before the inspection ended on 2023-01-20"],
        id="move-review-before-inspection-ended",
    ),
]


@pytest.mark.parametrize(("state_of", "changes", "quoted"), REJECTIONS)
def test_a_bad_change_rejects_the_whole_batch_naming_it(
    state_of: Any, changes: list[dict[str, Any]], quoted: list[str]
) -> None:
    state = state_of()
    with pytest.raises(PlanChangeError) as caught:
        plan_events(state, changes, date(2023, 8, 1))

    error = caught.value
    assert isinstance(error, DomainError)
    assert error.message.startswith(quoted[0]), error.message
    for text in quoted:
        assert text in error.message, error.message
    # A change made alone is not numbered, and no batch is spoken of.
    assert error.message.endswith(NOTHING_RECORDED if len(changes) > 1 else ALONE_NOT_RECORDED)
    assert error.where == quoted[0].removesuffix(": ")


def test_a_batch_whose_third_change_is_bad_returns_no_events_at_all() -> None:
    state = with_plan()
    changes = [
        update("A1.1", rag="green"),
        action("A1.3", "P1", date(2023, 9, 29)),
        action("A1.4", "P4", date(2023, 9, 29)),  # no priority P4
        complete("A1.2"),
    ]
    result: list[Any] | None = None
    with pytest.raises(PlanChangeError, match=r"^change 3: action 'A1\.4' is under priority 'P4'"):
        result = plan_events(state, changes, date(2023, 7, 14))
    assert result is None
    # The state it was judged against is untouched (decide is pure), and the same batch
    # without change 3 is accepted whole.
    assert state == with_plan()
    accepted = plan_events(state, [c for i, c in enumerate(changes) if i != 2], date(2023, 7, 14))
    assert types(accepted) == [
        "ActionUpdated",
        "ActionAdded",
        "DeadlineScheduled",
        "ActionCompleted",
        "DeadlineMet",
    ]


def test_a_change_from_a_file_is_named_by_its_line() -> None:
    changes = [
        {**priority("P2"), "line": 2},
        {**action("A2.1", "P2", A11_REVIEW), "line": 2},
        {**action("A1.1", "P1", A11_REVIEW), "line": 7},
    ]
    with pytest.raises(PlanChangeError) as caught:
        plan_events(with_plan(), changes, date(2023, 8, 1))
    assert caught.value.message == (
        "line 7: action 'A1.1' is already in the plan; nothing in this batch was recorded"
    )
    assert caught.value.where == "line 7"


def test_a_viewer_may_not_change_the_plan() -> None:
    with pytest.raises(RoleNotAllowedError) as caught:
        plan_events(with_plan(), [update("A1.1", rag="green")], date(2023, 8, 1), actor=VIEWER)
    assert caught.value.message == (
        "role 'viewer' may not change the improvement plan; "
        "allowed roles: admin, improvement_team, manager"
    )


def test_the_improvement_team_may_change_the_plan() -> None:
    events = plan_events(with_plan(), [update("A1.1", rag="green")], date(2023, 8, 1), actor=TEAM)
    assert events[0].actor.role is Role.IMPROVEMENT_TEAM


def closed_state() -> InterventionState:
    """Reviewed Wed 18 Oct 2023, notice lifted Wed 1 Nov 2023, closed Fri 1 Dec 2023."""
    state = planned(
        record(notice_state(), "progress_review_completed", date(2023, 10, 18)),
        [priority("P1"), action("A1", "P1", date(2023, 12, 15))],
        date(2023, 10, 20),
    )
    state = record(state, "notice_lifted", date(2023, 11, 1))
    state = record(state, "intervention_closed", date(2023, 12, 1))
    assert state.is_closed
    return state


def test_a_closed_intervention_takes_no_plan_changes() -> None:
    with pytest.raises(InterventionClosedError) as caught:
        plan_events(closed_state(), [update("A1", rag="green")], date(2023, 12, 4))
    assert caught.value.message == (
        "cannot record 'plan changes': the intervention was closed on 2023-12-01"
    )


def test_effective_on_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidDateError) as caught:
        plan_events(
            with_plan(), [update("A1.1", rag="green")], date(2023, 8, 2), now=noon(date(2023, 8, 1))
        )
    assert caught.value.message == ("effective_on 2023-08-02 is in the future; today is 2023-08-01")


def test_effective_on_before_the_inspection_ended_is_refused() -> None:
    with pytest.raises(InvalidDateError, match="effective_on 2023-01-19 is before the inspection"):
        plan_events(
            with_plan(),
            [update("A1.1", rag="green")],
            date(2023, 1, 19),
            now=noon(date(2023, 8, 1)),
        )


# --- the shape of a change -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param(priority("P 1"), "ref", id="space-in-priority-ref"),
        pytest.param(priority("-P1"), "ref", id="ref-starting-with-a-dash"),
        pytest.param(priority("P" + "1" * 20), "ref", id="ref-of-21-characters"),
        pytest.param(priority("P1", "Title", "R 1"), "addresses", id="bad-finding"),
        pytest.param(action("A/1", "P1", A11_REVIEW), "ref", id="slash-in-action-ref"),
        pytest.param(action("A1", "P 1", A11_REVIEW), "priority", id="bad-priority-ref"),
        pytest.param(action("A1", "P1", A11_REVIEW, rag="purple"), "rag", id="bad-rag-on-add"),
        pytest.param(update("A1", rag="Green"), "rag", id="rag-is-lower-case"),
        pytest.param(update("A1", rag="blue"), "rag", id="bad-rag-on-update"),
        pytest.param(update("A1", review_on="next week"), "review_on", id="bad-review-date"),
        pytest.param(action("A1", "P1", A11_REVIEW, owner="  "), "owner", id="blank-owner"),
        pytest.param(update("A1", colour="red"), "colour", id="unknown-field"),
        pytest.param({**complete("A1"), "line": 0}, "line", id="line-zero"),
    ],
)
def test_a_malformed_change_is_refused_before_deciding(data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PLAN_CHANGE.validate_python(data)
    locations = [".".join(str(p) for p in problem["loc"]) for problem in caught.value.errors()]
    assert any(field in location for location in locations), locations


def test_each_change_type_is_read_by_its_type() -> None:
    assert isinstance(PLAN_CHANGE.validate_python(priority("P1")), AddPriority)
    assert isinstance(PLAN_CHANGE.validate_python(action("A1", "P1", A11_REVIEW)), AddAction)
    assert isinstance(PLAN_CHANGE.validate_python(update("A1", rag="red")), UpdateAction)
    assert isinstance(PLAN_CHANGE.validate_python(complete("A1")), CompleteAction)
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        PLAN_CHANGE.validate_python({"type": "delete_action", "ref": "A1"})


def test_an_empty_batch_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 1 item"):
        ChangePlan(changes=[], effective_on=PLAN_DAY, actor=MANAGER)
