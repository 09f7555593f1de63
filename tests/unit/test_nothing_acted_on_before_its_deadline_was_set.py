"""The clock acts on a deadline from the day it was set, never before: a go-live directed
twelve days ahead has its reminder on the day of the direction, not ten working days before
the go-live, when nobody knew of it.

Doncaster: the report of Friday 16 November 2012, judged inadequate (Channel 4 News, 16
November 2012; the inspection's days illustrative); the direction of March 2013 (gov.uk,
"Doncaster children's services: improvement direction", September 2014; 26 March illustrative);
the direction published on 19 September 2014 to contract with Doncaster Children's Services
Trust, live on 1 October 2014 (the same page; BBC News, uk-england-south-yorkshire-34942032).
"""

from __future__ import annotations

from datetime import date

from domain.clock import tick
from domain.events import Event, ReminderSent
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

DONCASTER_2012 = Inspection(
    started_on=date(2012, 10, 8), ended_on=date(2012, 10, 19), published_on=date(2012, 11, 16)
)
DIRECTED = date(2014, 9, 19)
LIVE = date(2014, 10, 1)


def _under_direction() -> InterventionState:
    state = opened(DONCASTER_2012, regime_version=19)
    state = record(state, "direction_issued", date(2013, 3, 26))
    return run_clock(state, noon(date(2014, 9, 18)))


def _go_live_reminded_on(events: list[Event]) -> set[date]:
    return {
        e.effective_on
        for e in events
        if isinstance(e, ReminderSent) and e.milestone == "alternative_delivery_live"
    }


def test_a_go_live_directed_inside_the_reminder_period_is_reminded_of_the_day_it_was_set() -> None:
    state = record(
        _under_direction(),
        "transfer_directed",
        DIRECTED,
        go_live_on=LIVE.isoformat(),
        model="trust",
    )
    live = next(d for d in state.deadlines if d.milestone == "alternative_delivery_live")
    # Ten working days before Wednesday 1 October 2014 is Wednesday 17 September.
    assert state.rules.reminder is not None
    assert state.rules.reminder.on(live.due) == date(2014, 9, 17)

    events = tick(state, noon(DIRECTED))

    assert _go_live_reminded_on(events) == {DIRECTED}


def test_a_go_live_directed_long_before_is_reminded_on_its_reminder_day() -> None:
    state = record(
        _under_direction(),
        "transfer_directed",
        date(2014, 9, 1),
        go_live_on=LIVE.isoformat(),
        model="trust",
    )

    events = tick(state, noon(date(2014, 9, 17)))

    assert _go_live_reminded_on(events) == {date(2014, 9, 17)}
