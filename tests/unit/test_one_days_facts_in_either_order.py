"""Facts of one day, recorded in either order, set the same deadlines (from ilacs version 11).

People record what happened on a day in the order they think of it: the direction and the
commissioner it brings, the decision on the services and the commissioner kept on to see it
through. Dates are on the worked example's direction of Thursday 20 April 2023; the regime's
rule that a commissioner's review holds the DfE's own is what makes the order matter.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.commands import Detail
from domain.events import DeadlineRescheduled, Event
from domain.intervention import apply_all
from domain.state import InterventionState
from tests.unit.builders import commissioner_reviewing, events_for, opened, record

BEFORE = 10
FROM = 11


Steps = list[tuple[str, dict[str, Detail]]]


def recorded(
    state: InterventionState, day: date, steps: Steps, first_as_listed: bool
) -> tuple[InterventionState, list[Event]]:
    """The state after recording `steps` on `day`, as listed or the other way round, and
    every event they made."""
    made: list[Event] = []
    for milestone, details in steps if first_as_listed else steps[::-1]:
        events = events_for(state, milestone, day, **details)
        made += events
        state = apply_all(events, state)
    return state, made


def review_due(state: InterventionState) -> date:
    [review] = [d for d in state.open_deadlines if d.milestone == "progress_review"]
    return review.due


def report_awaited(state: InterventionState) -> list[tuple[int | None, date]]:
    return [(d.number, d.due) for d in state.open_deadlines if d.milestone == "commissioner_report"]


@pytest.mark.parametrize(
    ("version", "direction_first", "due"),
    [
        (FROM, True, date(2024, 1, 20)),
        (FROM, False, date(2024, 1, 20)),
        (BEFORE, True, date(2024, 1, 20)),
        # Six months after the direction: the commissioner was already reviewing when it came.
        (BEFORE, False, date(2023, 10, 20)),
    ],
)
def test_a_direction_and_its_commissioner_hold_the_dfes_review_either_way(
    version: int, direction_first: bool, due: date
) -> None:
    """Barnet: a direction in August 2017 with Frankie Sulke as commissioner (Community Care,
    13 September 2017). Here both on Thu 20 Apr 2023: her report is due Thu 20 Jul 2023, and
    the DfE's first review six months after it, Sat 20 Jan 2024, whichever was recorded
    first."""
    steps: Steps = [("direction_issued", {}), ("commissioner_appointed", {"name": "C. Smith"})]
    state, _ = recorded(opened(regime_version=version), date(2023, 4, 20), steps, direction_first)
    assert report_awaited(state) == [(None, date(2023, 7, 20))]
    assert review_due(state) == due


def reviewed(version: int, recommendation: str) -> InterventionState:
    """Her report of Fri 14 Jul 2023, recommending `recommendation`."""
    return record(
        commissioner_reviewing(version),
        "commissioner_report_submitted",
        date(2023, 7, 14),
        recommendation=recommendation,
    )


DECIDED = date(2023, 8, 15)


@pytest.mark.parametrize(
    ("version", "appointment_first", "due"),
    [
        (FROM, True, date(2024, 2, 15)),
        (FROM, False, date(2024, 2, 15)),
        # Put back to six months after the report the decision withdrew, Wed 15 Nov 2023.
        (BEFORE, True, date(2024, 5, 15)),
        (BEFORE, False, date(2024, 2, 15)),
    ],
)
def test_the_services_kept_count_the_next_review_from_the_decision_either_way(
    version: int, appointment_first: bool, due: date
) -> None:
    """Tameside, September 2024: the commissioner appointed again for three years and the
    services kept with the council, on one day. Here Tue 15 Aug 2023: recorded appointment
    first, the appointment puts the DfE's review back to six months after the report it would
    owe (Wed 15 Nov 2023), and the decision withdraws that report; from version 11 the review
    counts from the decision, Thu 15 Feb 2024, as it does when the decision is recorded
    first."""
    steps: Steps = [("commissioner_appointed", {"name": "C. Smith"}), ("services_retained", {})]
    state, made = recorded(reviewed(version, "retain"), DECIDED, steps, appointment_first)
    assert report_awaited(state) == []
    assert review_due(state) == due
    if version == FROM and appointment_first:
        [moved] = [e for e in made if isinstance(e, DeadlineRescheduled) and e.due == due]
        assert moved.reason == (
            "counted from the DfE's decision on who runs the services, 2023-08-15, not from a "
            "report withdrawn with it"
        )


@pytest.mark.parametrize(
    ("version", "appointment_first", "awaited"),
    [
        (FROM, True, []),
        (FROM, False, []),
        (BEFORE, True, [(2, date(2023, 11, 15))]),
        (BEFORE, False, []),
    ],
)
def test_a_commissioner_appointed_the_day_a_transfer_is_directed_sees_it_through(
    version: int, appointment_first: bool, awaited: list[tuple[int | None, date]]
) -> None:
    """Slough: the direction, Eleanor Brazil's appointment and the transfer to a trust, all in
    October 2014 (Slough Observer, 24 October 2014), recorded on one day. Here the transfer
    directed on Tue 15 Aug 2023 with the commissioner appointed again that day: from version
    11 no report is awaited of her whichever was recorded first; version 10 awaited one three
    months on, Wed 15 Nov 2023, when the appointment came first."""
    steps: Steps = [
        ("commissioner_appointed", {"name": "C. Smith"}),
        ("transfer_directed", {"go_live_on": "2024-04-01", "model": "trust"}),
    ]
    moved = reviewed(version, "alternative_delivery")
    state, _ = recorded(moved, DECIDED, steps, appointment_first)
    assert report_awaited(state) == awaited
