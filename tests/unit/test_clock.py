"""The clock: reminders, missed deadlines, escalations and overdue alerts, at 07:00 London."""

from __future__ import annotations

from datetime import date, timedelta

from domain.clock import next_alarm, tick
from domain.events import (
    DeadlineMissed,
    EscalationRaised,
    MilestoneOverdue,
    ReminderSent,
)
from domain.intervention import apply_all
from domain.state import InterventionState
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import (
    direction_state,
    noon,
    notice_state,
    of_milestone,
    opened,
    record,
    run_clock,
    status_of,
    utc,
)


def ladder(events: list) -> list[tuple[str, int | None, str | None, date]]:
    """(type, level, recipient, effective_on) of what the clock returned."""
    return [
        (event.type, getattr(event, "level", None), getattr(event, "to", None), event.effective_on)
        for event in events
    ]


# Statement of Action of the worked example: due Thu 15 Jun 2023 (British Summer Time).
MISSED_TO_LEVEL_3 = [
    ("DeadlineMissed", None, None, date(2023, 6, 16)),
    ("EscalationRaised", 1, "director", date(2023, 6, 16)),
    ("EscalationRaised", 2, "chief_executive", date(2023, 6, 29)),
    ("EscalationRaised", 2, "lead_member", date(2023, 6, 29)),
    ("EscalationRaised", 3, "improvement_adviser", date(2023, 7, 13)),
]


# --- reminders -------------------------------------------------------------------------------


def test_reminder_goes_to_the_owner_ten_working_days_before_due_at_7_london_time() -> None:
    state = notice_state()
    assert tick(state, utc(2023, 5, 31, 12)) == []
    # 07:00 BST is 06:00 UTC: a minute earlier nothing is due.
    assert tick(state, utc(2023, 6, 1, 5, 59)) == []
    events = tick(state, utc(2023, 6, 1, 6, 0))
    assert len(events) == 1
    reminder = events[0]
    assert isinstance(reminder, ReminderSent)
    assert (
        reminder.milestone,
        reminder.due,
        reminder.rung,
        reminder.to,
        reminder.effective_on,
        reminder.recorded_at,
    ) == (
        "statement_of_action",
        date(2023, 6, 15),
        "reminder",
        "council",
        date(2023, 6, 1),
        utc(2023, 6, 1, 6, 0),
    )
    assert reminder.actor.role.value == "system"


def test_reminder_in_winter_is_at_7_utc() -> None:
    # Published and received Tue 1 Nov 2022: the 70th working day, over Christmas 2022 (26, 27
    # Dec) and New Year (2 Jan 2023), is Fri 10 Feb 2023; the reminder Fri 27 Jan 2023.
    state = record(
        opened(
            Inspection(
                started_on=date(2022, 9, 12),
                ended_on=date(2022, 9, 23),
                published_on=date(2022, 11, 1),
            )
        ),
        "improvement_notice_issued",
        date(2022, 12, 1),
    )
    assert state.first_open("statement_of_action").due == date(2023, 2, 10)
    assert next_alarm(state, noon(date(2022, 12, 1))) == utc(2023, 1, 27, 7, 0)
    assert tick(state, utc(2023, 1, 27, 6, 59)) == []
    assert ladder(tick(state, utc(2023, 1, 27, 7, 0))) == [
        ("ReminderSent", None, "council", date(2023, 1, 27))
    ]


def test_reminders_are_skipped_once_the_due_date_has_passed() -> None:
    state = notice_state()
    # The clock first runs the working day after due: no reminder any more, level 1 instead.
    events = tick(state, utc(2023, 6, 16, 6, 0))
    assert not [e for e in events if isinstance(e, ReminderSent)]
    assert ladder(events) == MISSED_TO_LEVEL_3[:2]
    state = apply_all(events, state)
    assert status_of(state, "statement_of_action") == "missed"
    # Nothing is left to do for the reminder: the next alarm is level 2 on Thu 29 June.
    assert next_alarm(state, utc(2023, 6, 16, 6, 0)) == utc(2023, 6, 29, 6, 0)


def test_reminder_still_goes_on_the_due_date_itself() -> None:
    events = tick(notice_state(), utc(2023, 6, 15, 6, 0))
    assert ladder(events) == [("ReminderSent", None, "council", date(2023, 6, 1))]


# --- the escalation ladder -------------------------------------------------------------------


def test_a_late_clock_catches_up_the_whole_ladder_once() -> None:
    state = notice_state()
    events = tick(state, utc(2023, 7, 13, 6, 0))
    assert ladder(events) == MISSED_TO_LEVEL_3
    assert [e.rung for e in events if isinstance(e, EscalationRaised)] == [
        "level_1",
        "level_2",
        "level_2",
        "level_3",
    ]
    assert {e.due for e in events if isinstance(e, DeadlineMissed | EscalationRaised)} == {
        date(2023, 6, 15)
    }
    state = apply_all(events, state)
    assert tick(state, utc(2023, 7, 13, 6, 0)) == []
    assert tick(state, utc(2023, 7, 14, 12, 0)) == []
    assert [(e.level, e.to, e.raised_on) for e in state.escalations] == [
        (1, "director", date(2023, 6, 16)),
        (2, "chief_executive", date(2023, 6, 29)),
        (2, "lead_member", date(2023, 6, 29)),
        (3, "improvement_adviser", date(2023, 7, 13)),
    ]
    # The Improvement Board (due Thu 20 Jul 2023) is flagged the next working day.
    assert next_alarm(state, utc(2023, 7, 13, 6, 0)) == utc(2023, 7, 21, 6, 0)


def test_the_timeline_names_each_rungs_recipient_as_people_say_it() -> None:
    state = notice_state()
    escalations = [
        e for e in tick(state, utc(2023, 7, 13, 6, 0)) if isinstance(e, EscalationRaised)
    ]

    assert [describe(e, state) for e in escalations][1:3] == [
        "Escalation level 2 to chief executive: statement of action was due 2023-06-15",
        "Escalation level 2 to lead member: statement of action was due 2023-06-15",
    ]
    to_the_dfe = escalations[-1].model_copy(update={"to": "dfe_case_lead"})
    assert describe(to_the_dfe, state).startswith("Escalation level 3 to DfE case lead:")


def test_ticking_twice_a_day_fires_every_rung_exactly_once_on_its_day() -> None:
    state = notice_state()
    fired = []
    day = date(2023, 5, 25)
    while day <= date(2023, 7, 19):
        for hour in (5, 6, 18):
            events = tick(state, utc(day.year, day.month, day.day, hour))
            statement = of_milestone(events, "statement_of_action")
            fired.extend((day, hour, *row) for row in ladder(statement))
            state = apply_all(events, state)
        day += timedelta(days=1)
    assert fired == [
        (date(2023, 6, 1), 6, "ReminderSent", None, "council", date(2023, 6, 1)),
        *[(row[3], 6, *row) for row in MISSED_TO_LEVEL_3],
    ]


def test_level_one_waits_for_the_working_day_after_christmas() -> None:
    # Received Fri 15 Sep 2023: Statement of Action due Fri 22 Dec 2023. Christmas Day and
    # Boxing Day 2023 fall on Monday and Tuesday: level 1 is Wed 27 Dec at 07:00 GMT.
    state = record(
        opened(
            Inspection(
                started_on=date(2023, 7, 24),
                ended_on=date(2023, 8, 4),
                published_on=date(2023, 9, 15),
            )
        ),
        "improvement_notice_issued",
        date(2023, 10, 2),
    )
    assert state.first_open("statement_of_action").due == date(2023, 12, 22)
    state = run_clock(state, utc(2023, 12, 8, 7))
    assert next_alarm(state, utc(2023, 12, 8, 7)) == utc(2023, 12, 27, 7, 0)
    assert of_milestone(tick(state, utc(2023, 12, 26, 23, 59)), "statement_of_action") == []
    assert ladder(of_milestone(tick(state, utc(2023, 12, 27, 7)), "statement_of_action")) == [
        ("DeadlineMissed", None, None, date(2023, 12, 27)),
        ("EscalationRaised", 1, "director", date(2023, 12, 27)),
    ]


def test_level_3_goes_to_the_improvement_adviser_under_a_notice() -> None:
    events = tick(notice_state(), utc(2023, 7, 13, 6, 0))
    assert [e.to for e in events if isinstance(e, EscalationRaised) and e.level == 3] == [
        "improvement_adviser"
    ]


def test_level_3_goes_to_the_commissioner_under_a_direction() -> None:
    events = tick(direction_state(), utc(2023, 7, 13, 6, 0))
    assert [e.to for e in events if isinstance(e, EscalationRaised) and e.level == 3] == [
        "commissioner"
    ]


def test_level_3_follows_the_track_after_a_notice_is_escalated_to_a_direction() -> None:
    state = record(notice_state(), "notice_escalated_to_direction", date(2023, 6, 20))
    events = tick(state, utc(2023, 7, 13, 6, 0))
    assert [e.to for e in events if isinstance(e, EscalationRaised) and e.level == 3] == [
        "commissioner"
    ]


# --- expected milestones: overdue after grace ------------------------------------------------


def test_dfe_decision_is_flagged_overdue_the_working_day_after_due() -> None:
    state = opened()
    assert next_alarm(state, noon(date(2023, 3, 7))) == utc(2023, 5, 3, 6, 0)
    assert tick(state, utc(2023, 5, 3, 5, 59)) == []
    events = tick(state, utc(2023, 5, 3, 6, 0))
    assert len(events) == 1
    overdue = events[0]
    assert isinstance(overdue, MilestoneOverdue)
    assert (overdue.milestone, overdue.due, overdue.to, overdue.effective_on) == (
        "dfe_decision",
        date(2023, 5, 2),
        "improvement_team",
        date(2023, 5, 3),
    )
    state = apply_all(events, state)
    assert status_of(state, "dfe_decision") == "missed"
    assert tick(state, utc(2023, 5, 3, 6, 0)) == []
    # Expected deadlines never escalate.
    assert state.escalations == ()


def monitored_from_3_march(regime_version: int | None = None) -> InterventionState:
    """Received Fri 3 Mar 2023: Statement of Action due Fri 16 Jun, first visit Fri 14 Jul."""
    inspection = Inspection(
        started_on=date(2023, 1, 9),
        ended_on=date(2023, 1, 20),
        published_on=date(2023, 3, 7),
        received_on=date(2023, 3, 3),
    )
    state = record(
        opened(inspection, regime_version=regime_version),
        "improvement_notice_issued",
        date(2023, 4, 20),
    )
    state = record(state, "improvement_board_established", date(2023, 6, 5))
    return record(state, "statement_of_action_submitted", date(2023, 6, 12))


def test_monitoring_visit_is_flagged_after_six_weeks_grace_and_the_next_working_day() -> None:
    state = monitored_from_3_march()
    visit = state.first_open("monitoring_visit")
    # 14 Jul + 6 weeks = Fri 25 Aug 2023; Mon 28 Aug is the Late Summer bank holiday.
    assert (visit.number, visit.due, visit.alert_on) == (1, date(2023, 7, 14), date(2023, 8, 29))
    assert next_alarm(state, noon(date(2023, 6, 12))) == utc(2023, 8, 29, 6, 0)
    assert tick(state, utc(2023, 8, 28, 12)) == []
    events = tick(state, utc(2023, 8, 29, 6, 0))
    assert [(e.type, e.milestone, e.number, e.due, e.to, e.effective_on) for e in events] == [
        (
            "MilestoneOverdue",
            "monitoring_visit",
            1,
            date(2023, 7, 14),
            "improvement_team",
            date(2023, 8, 29),
        )
    ]
    state = apply_all(events, state)
    assert tick(state, utc(2023, 8, 30, 12)) == []
    # Recorded later, the visit is met late and the next is due 3 months after it.
    state = record(state, "monitoring_visit_completed", date(2023, 9, 5))
    assert status_of(state, "monitoring_visit", 1) == "met_late"
    assert state.first_open("monitoring_visit").due == date(2023, 12, 5)


def test_a_visit_after_a_year_of_none_meets_the_quarter_it_fell_in() -> None:
    """Sandwell, 2015-16: no monitoring visit recorded for a year, then quarterly ones (CYP
    Now, December 2016). Unrecorded, visit 1 (due 14 Jul 2023) is flagged and the series goes
    on every 3 months from each due date: 14 Oct 2023, 14 Jan 2024, 14 Apr 2024. A visit on 20
    May 2024 meets the fourth, the latest already due, late; the first three stay missed, and
    the next is due 3 months after the visit, 20 Aug 2024. Recorded on 20 August, the next
    meets that one on time instead of the second late, and so on for every later visit. (The
    rules' first version stopped a series at its first unrecorded occurrence; version 2 and
    later keep it going. Version 4 is used for its first visit four weeks after the statement
    of action's due date.)"""
    state = monitored_from_3_march(4)
    day = date(2023, 6, 13)
    while day <= date(2024, 5, 19):
        state = apply_all(tick(state, utc(day.year, day.month, day.day, 12)), state)
        day += timedelta(days=1)
    visits = {d.number: d.due for d in state.deadlines if d.milestone == "monitoring_visit"}
    assert visits == {
        1: date(2023, 7, 14),
        2: date(2023, 10, 14),
        3: date(2024, 1, 14),
        4: date(2024, 4, 14),
    }

    state = record(state, "monitoring_visit_completed", date(2024, 5, 20))
    state = record(state, "monitoring_visit_completed", date(2024, 8, 20))

    assert [status_of(state, "monitoring_visit", n) for n in (1, 2, 3, 4, 5)] == [
        "missed",
        "missed",
        "missed",
        "met_late",
        "met",
    ]
    expected = [
        (d.number, d.due)
        for d in state.open_deadlines
        if d.milestone == "monitoring_visit" and d.status == "pending"
    ]
    assert expected == [(6, date(2024, 11, 20))]


def test_reinspection_is_flagged_after_six_months_grace() -> None:
    state = notice_state()
    deadline = state.first_open("reinspection")
    assert (deadline.due, deadline.alert_on) == (date(2025, 3, 7), date(2025, 9, 8))
    assert of_milestone(tick(state, utc(2025, 9, 5, 12)), "reinspection") == []
    overdue = of_milestone(tick(state, utc(2025, 9, 8, 6, 0)), "reinspection")
    assert ladder(overdue) == [("MilestoneOverdue", None, "improvement_team", date(2025, 9, 8))]


# --- next_alarm ------------------------------------------------------------------------------


def test_next_alarm_is_now_when_an_action_is_already_due() -> None:
    now = noon(date(2023, 5, 10))
    assert next_alarm(opened(), now) == now


def test_next_alarm_is_none_once_nothing_is_pending() -> None:
    state = record(notice_state(), "progress_review_completed", date(2023, 10, 18))
    state = record(state, "notice_lifted", date(2023, 11, 1))
    state = record(state, "intervention_closed", date(2023, 11, 2))
    assert state.open_deadlines == ()
    assert next_alarm(state, noon(date(2023, 11, 2))) is None
    assert tick(state, noon(date(2025, 1, 1))) == []
