"""The escalation ladder on the real workflow, timers and all, on the time-skipping server.

The worked example of docs/domain.md: report received Thursday 2 March 2023, Statement of Action due
Thursday 15 June 2023 (the 70th working day; Good Friday, Easter Monday, 1 May, 8 May and
29 May are not working days). Each rung fires at 07:00 London on its day:

- reminder, 10 working days before: Thursday 1 June 2023 (29 May is a bank holiday, before it)
- missed + level 1, the working day after: Friday 16 June 2023
- level 2, 10 working days after: Thursday 29 June 2023
- level 3, 20 working days after: Thursday 13 July 2023

Each day the tests move to is written out by hand; none is computed from the code under test.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from temporalio.api.enums.v1 import EventType
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from application.simulation import CollectingNotifier
from domain.calendar import LONDON
from domain.values import Contact
from domain.views import DeadlineView, StatusView
from eventstore.store import EventStore
from tests.workflows.conftest import (
    LADDER_CONTACTS,
    Running,
    assert_gap_free,
    record,
    start_intervention,
    stored_events,
    stored_status,
    workflow_status,
)

SOA = "statement_of_action"
DUE = date(2023, 6, 15)
REMINDER_ON = date(2023, 6, 1)
LEVEL_1_ON = date(2023, 6, 16)
LEVEL_2_ON = date(2023, 6, 29)
LEVEL_3_ON = date(2023, 7, 13)


async def _start(env: WorkflowEnvironment, worker: Worker, store: EventStore) -> Running:
    return await start_intervention(env, worker, store, contacts=LADDER_CONTACTS)


def _ladder(status: StatusView) -> list[tuple[int, str, date, date | None]]:
    """The Statement of Action's escalations: (level, to, raised_on, withdrawn_on)."""
    return [
        (e.level, e.to, e.raised_on, e.withdrawn_on)
        for e in status.escalations
        if e.milestone == SOA
    ]


def _soa(status: StatusView) -> DeadlineView:
    [deadline] = [d for d in status.deadlines if d.milestone == SOA]
    return deadline


async def _clock_events(running: Running) -> list[tuple[str, date, str | None]]:
    """The Statement of Action's reminders, misses and escalations in the store, in order."""
    events = await stored_events(running)
    assert_gap_free(events)
    return [
        (e.type, e.effective_on, e.data.get("to"))
        for e in events
        if e.data.get("milestone") == SOA
        and e.type
        in (
            "ReminderSent",
            "DeadlineMissed",
            "EscalationRaised",
            "EscalationWithdrawn",
            "DeadlineMet",
        )
    ]


async def test_each_rung_fires_on_its_day_and_only_once(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    running = await _start(env, worker, store)
    status = await workflow_status(running)
    assert _soa(status).due == DUE
    assert _soa(status).status == "pending"

    # The reminder: not on the Wednesday before, then once on Thursday 1 June.
    await running.advance_to(date(2023, 5, 31))
    assert await _clock_events(running) == []
    await running.advance_to(REMINDER_ON)
    assert await running.today() == REMINDER_ON
    assert await _clock_events(running) == [("ReminderSent", REMINDER_ON, "council")]

    # Missed and level 1: not on the due day itself, then on Friday 16 June.
    await running.advance_to(DUE)
    status = await stored_status(running)
    assert _soa(status).status == "pending"
    assert _ladder(status) == []
    await running.advance_to(LEVEL_1_ON)
    status = await stored_status(running)
    assert _soa(status).status == "missed"
    assert status.highest_escalation == 1
    assert _ladder(status) == [(1, "director", LEVEL_1_ON, None)]
    assert (await _clock_events(running))[1:] == [
        ("DeadlineMissed", LEVEL_1_ON, None),
        ("EscalationRaised", LEVEL_1_ON, "director"),
    ]
    # At the start of the working day, London time, not whenever the timer got round to it.
    [raised] = [e for e in await stored_events(running) if e.type == "EscalationRaised"]
    start_of_day = datetime.combine(LEVEL_1_ON, time(7, 0), tzinfo=LONDON)
    assert start_of_day <= raised.recorded_at < start_of_day + timedelta(minutes=1)

    # Level 2 to two people: not on Wednesday 28 June, then on Thursday 29 June.
    await running.advance_to(date(2023, 6, 28))
    assert len(_ladder(await stored_status(running))) == 1
    await running.advance_to(LEVEL_2_ON)
    status = await stored_status(running)
    assert status.highest_escalation == 2
    assert _ladder(status)[1:] == [
        (2, "chief_executive", LEVEL_2_ON, None),
        (2, "lead_member", LEVEL_2_ON, None),
    ]

    # Level 3 to the DfE improvement adviser (no notice or direction yet): not on Wednesday
    # 12 July, then on Thursday 13 July.
    await running.advance_to(date(2023, 7, 12))
    assert len(_ladder(await stored_status(running))) == 3
    await running.advance_to(LEVEL_3_ON)
    status = await stored_status(running)
    assert status.highest_escalation == 3
    assert _ladder(status)[3:] == [(3, "improvement_adviser", LEVEL_3_ON, None)]

    # Months later nothing has fired twice.
    await running.advance_to(date(2023, 9, 29))
    assert await _clock_events(running) == [
        ("ReminderSent", REMINDER_ON, "council"),
        ("DeadlineMissed", LEVEL_1_ON, None),
        ("EscalationRaised", LEVEL_1_ON, "director"),
        ("EscalationRaised", LEVEL_2_ON, "chief_executive"),
        ("EscalationRaised", LEVEL_2_ON, "lead_member"),
        ("EscalationRaised", LEVEL_3_ON, "improvement_adviser"),
    ]
    # The workflow's own view agrees with the store's.
    assert _ladder(await workflow_status(running)) == _ladder(await stored_status(running))

    # Each went to the right people, with the contacts given when the intervention opened.
    sent = [(n.kind, n.level, n.to, n.contacts) for n in notifier.sent if n.milestone == SOA]
    assert sent == [
        ("reminder", None, "council", LADDER_CONTACTS["council"]),
        ("escalation", 1, "director", LADDER_CONTACTS["director"]),
        ("escalation", 2, "chief_executive", LADDER_CONTACTS["chief_executive"]),
        ("escalation", 2, "lead_member", LADDER_CONTACTS["lead_member"]),
        ("escalation", 3, "improvement_adviser", LADDER_CONTACTS["improvement_adviser"]),
    ]
    for note in notifier.sent:
        if note.milestone == SOA:
            assert note.due == DUE
            assert note.title == "Statement of Action"
            assert note.event_id  # names the event that caused it, for de-duplication


async def test_recording_late_stops_the_ladder(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    running = await _start(env, worker, store)
    await running.advance_to(date(2023, 6, 20))
    result = await record(running, "statement_of_action_submitted", effective_on=date(2023, 6, 20))
    assert result.events == ["StatementOfActionSubmitted", "DeadlineMet"]

    await running.advance_to(date(2023, 7, 20))
    status = await stored_status(running)
    assert _soa(status).status == "met_late"
    assert _soa(status).met_on == date(2023, 6, 20)
    # Level 1 stays on the record (the deadline was missed); nothing after it ever fires.
    assert _ladder(status) == [(1, "director", LEVEL_1_ON, None)]
    assert status.highest_escalation == 0  # nothing open is escalated any more
    assert await _clock_events(running) == [
        ("ReminderSent", REMINDER_ON, "council"),
        ("DeadlineMissed", LEVEL_1_ON, None),
        ("EscalationRaised", LEVEL_1_ON, "director"),
        ("DeadlineMet", date(2023, 6, 20), None),
    ]
    assert [(n.kind, n.level, n.to) for n in notifier.sent if n.milestone == SOA] == [
        ("reminder", None, "council"),
        ("escalation", 1, "director"),
    ]


async def test_recorded_late_but_effective_on_time_withdraws_the_escalations(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    running = await _start(env, worker, store)
    # Under an improvement notice the oversight rung would go to the improvement adviser too.
    await running.advance_to(date(2023, 4, 20))
    await record(running, "improvement_notice_issued")
    recorded_on = date(2023, 7, 3)  # a Monday, after level 2 and before level 3
    await running.advance_to(recorded_on)
    assert len(_ladder(await stored_status(running))) == 3

    result = await record(running, "statement_of_action_submitted", effective_on=date(2023, 6, 14))
    assert result.events == [
        "StatementOfActionSubmitted",
        "DeadlineMet",
        "EscalationWithdrawn",
        "EscalationWithdrawn",
        "EscalationWithdrawn",
    ]
    status = await stored_status(running)
    assert _soa(status).status == "met"
    assert _soa(status).met_on == date(2023, 6, 14)
    # Withdrawn, never deleted: each keeps the day it was raised and gains the day withdrawn.
    assert _ladder(status) == [
        (1, "director", LEVEL_1_ON, recorded_on),
        (2, "chief_executive", LEVEL_2_ON, recorded_on),
        (2, "lead_member", LEVEL_2_ON, recorded_on),
    ]
    assert status.highest_escalation == 0

    # Level 3 never fires.
    await running.advance_to(date(2023, 7, 31))
    status = await stored_status(running)
    assert [e.level for e in status.escalations] == [1, 2, 2]
    assert await _clock_events(running) == [
        ("ReminderSent", REMINDER_ON, "council"),
        ("DeadlineMissed", LEVEL_1_ON, None),
        ("EscalationRaised", LEVEL_1_ON, "director"),
        ("EscalationRaised", LEVEL_2_ON, "chief_executive"),
        ("EscalationRaised", LEVEL_2_ON, "lead_member"),
        ("DeadlineMet", date(2023, 6, 14), None),
        ("EscalationWithdrawn", recorded_on, "director"),
        ("EscalationWithdrawn", recorded_on, "chief_executive"),
        ("EscalationWithdrawn", recorded_on, "lead_member"),
    ]
    # The people escalated to hear that it is withdrawn, at their own addresses.
    withdrawn = [
        (n.level, n.to, n.contacts) for n in notifier.sent if n.kind == "escalation_withdrawn"
    ]
    assert withdrawn == [
        (1, "director", LADDER_CONTACTS["director"]),
        (2, "chief_executive", LADDER_CONTACTS["chief_executive"]),
        (2, "lead_member", LADDER_CONTACTS["lead_member"]),
    ]


async def test_level_3_goes_to_the_commissioner_under_a_direction(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    running = await _start(env, worker, store)
    await running.advance_to(date(2023, 4, 20))
    await record(running, "direction_issued")
    await running.advance_to(LEVEL_3_ON)
    status = await stored_status(running)
    assert _ladder(status)[3:] == [(3, "commissioner", LEVEL_3_ON, None)]
    assert [(n.level, n.to, n.contacts) for n in notifier.sent if n.level == 3] == [
        (3, "commissioner", LADDER_CONTACTS["commissioner"])
    ]


async def test_an_escalation_goes_to_whoever_holds_the_role_now(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    """The director leaves before the Statement of Action is missed, and an interim director is
    recorded (as Harrow's Managing Director became its interim DCS in 2025): level 1 goes to
    the interim director, not to the contact given when the intervention opened."""
    interim = Contact(name="Interim Director", email="interim.dcs@council.example")
    running = await _start(env, worker, store)
    await running.advance_to(date(2023, 6, 5))
    await record(
        running,
        "contacts_changed",
        role="director",
        contacts=[interim.model_dump(exclude_none=True)],
    )

    await running.advance_to(LEVEL_1_ON)

    assert [(n.level, n.to, n.contacts) for n in notifier.sent if n.level == 1] == [
        (1, "director", [interim])
    ]


async def test_a_record_that_leaves_the_next_alarm_where_it_was_keeps_its_timer(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    """The next alarm is the Statement of Action's reminder on 1 June. A board meeting on
    25 April changes nothing before it: the history gains neither a cancelled timer nor a new
    one, and the timer set before it still fires the reminder on its day."""
    running = await _start(env, worker, store)
    await running.advance_to(date(2023, 4, 20))
    await record(running, "improvement_notice_issued")
    await running.advance_to(date(2023, 4, 25))
    timers_before = await _timer_events(running)

    await record(running, "board_meeting_held")

    assert await _timer_events(running) == timers_before
    await running.advance_to(REMINDER_ON)
    assert await _clock_events(running) == [("ReminderSent", REMINDER_ON, "council")]


async def _timer_events(running: Running) -> dict[str, int]:
    """How many timers the workflow's history has started, and cancelled."""
    history = await running.handle.fetch_history()
    counts = Counter(EventType.Name(e.event_type) for e in history.events)
    return {
        kind: counts[kind] for kind in ("EVENT_TYPE_TIMER_STARTED", "EVENT_TYPE_TIMER_CANCELED")
    }
