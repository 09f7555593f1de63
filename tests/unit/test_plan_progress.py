"""Plan progress as committee papers count it: by theme and phase, overdue, RAG over time.

An action has progressed when it is completed or rated green. Percentages are whole numbers,
halves rounded up.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.events import Event
from domain.intervention import apply_all
from domain.plan_progress import ProgressRow, plan_progress, rag_over_time
from domain.report import Period, month_ends
from domain.state import InterventionState
from tests.unit.builders import noon
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


def row(progressed: int, total: int) -> ProgressRow:
    return ProgressRow(
        group="immediate",
        total=total,
        completed=0,
        progressed=progressed,
        red=0,
        amber=total - progressed,
        green=progressed,
    )


@pytest.mark.parametrize(
    ("progressed", "total", "percent"),
    [
        (35, 36, 97),  # 97.2
        (1, 3, 33),  # 33.3
        (2, 3, 67),  # 66.7
        (1, 8, 13),  # 12.5, half rounded up
        (3, 8, 38),  # 37.5, half rounded up
        (1, 200, 1),  # 0.5, half rounded up
        (0, 5, 0),
        (5, 5, 100),
        (0, 0, 0),  # nothing to count
    ],
)
def test_percent_progressed(progressed: int, total: int, percent: int) -> None:
    assert row(progressed, total).percent == percent


@pytest.mark.parametrize(
    ("group", "headline"),
    [
        ("immediate", "35 of 36 immediate actions progressed (97%)"),
        ("3 months", "35 of 36 actions in the 3 months phase progressed (97%)"),
        ("all", "35 of 36 actions progressed (97%)"),
    ],
)
def test_headline_wording(group: str, headline: str) -> None:
    assert row(35, 36).model_copy(update={"group": group}).headline() == headline


# --- a plan of 36 immediate actions --------------------------------------------------------

REVIEW = date(2023, 9, 29)


def thirty_six() -> InterventionState:
    """36 immediate actions: A1-A20 completed, A21-A35 rated green, A36 still amber.

    Themes alternate Practice (odd numbers) and People (even numbers).
    """
    changes = [priority("P1")] + [
        action(f"A{n}", "P1", REVIEW, theme="Practice" if n % 2 else "People") for n in range(1, 37)
    ]
    state = planned(base_state(), changes, PLAN_DAY)
    progress = [complete(f"A{n}") for n in range(1, 21)]
    progress += [update(f"A{n}", rag="green") for n in range(21, 36)]
    return planned(state, progress, date(2023, 9, 1))


def test_thirty_five_of_thirty_six_immediate_actions_progressed() -> None:
    progress = plan_progress(thirty_six(), date(2023, 9, 1))

    [immediate] = progress.by_phase
    assert immediate.model_dump() == {
        "group": "immediate",
        "total": 36,
        "completed": 20,
        "progressed": 35,
        "red": 0,
        "amber": 1,
        "green": 15,
    }
    assert immediate.percent == 97
    assert progress.headlines == ["35 of 36 immediate actions progressed (97%)"]
    assert progress.overall.headline() == "35 of 36 actions progressed (97%)"
    assert progress.priorities == 1
    assert progress.as_of == date(2023, 9, 1)


def test_counts_by_theme() -> None:
    progress = plan_progress(thirty_six(), date(2023, 9, 1))

    # Practice: A1, A3, ... A35 (18): 10 completed (odd up to 19), 8 green (21..35 odd).
    # People: A2, A4, ... A36 (18): 10 completed (even up to 20), 7 green (22..34), A36 amber.
    assert [r.model_dump() for r in progress.by_theme] == [
        {
            "group": "Practice",
            "total": 18,
            "completed": 10,
            "progressed": 18,
            "red": 0,
            "amber": 0,
            "green": 8,
        },
        {
            "group": "People",
            "total": 18,
            "completed": 10,
            "progressed": 17,
            "red": 0,
            "amber": 1,
            "green": 7,
        },
    ]
    assert [r.percent for r in progress.by_theme] == [100, 94]  # 17/18 = 94.4


def mixed_plan() -> InterventionState:
    """Three phases and two themes, in the order the plan introduces them."""
    state = planned(
        base_state(),
        [
            priority("P1"),
            action("A1", "P1", date(2023, 7, 14), phase="immediate", theme="Practice"),
            action("A2", "P1", date(2023, 9, 29), phase="3 months", theme="Practice"),
            action("A3", "P1", date(2023, 9, 29), phase="3 months", theme="Performance"),
            action("A4", "P1", date(2023, 9, 29), phase="3 months", theme="Performance", rag="red"),
            action("A5", "P1", date(2023, 12, 15), phase="6 months", theme="Performance"),
            action("A6", "P1", date(2023, 7, 31), phase="immediate", theme="Performance"),
        ],
        PLAN_DAY,
    )
    return planned(
        state,
        [complete("A1"), update("A2", rag="green"), update("A3", rag="red")],
        date(2023, 7, 14),
    )


def test_counts_by_phase_and_what_progressed_means() -> None:
    progress = plan_progress(mixed_plan(), date(2023, 8, 1))

    assert [
        (r.group, r.total, r.completed, r.progressed, r.red, r.amber, r.green, r.percent)
        for r in progress.by_phase
    ] == [
        ("immediate", 2, 1, 1, 0, 1, 0, 50),
        ("3 months", 3, 0, 1, 2, 0, 1, 33),
        ("6 months", 1, 0, 0, 0, 1, 0, 0),
    ]
    assert progress.headlines[:2] == [
        "1 of 2 immediate actions progressed (50%)",
        "1 of 3 actions in the 3 months phase progressed (33%)",
    ]
    assert [(r.group, r.total, r.progressed, r.percent) for r in progress.by_theme] == [
        ("Practice", 2, 2, 100),
        ("Performance", 4, 0, 0),
    ]
    overall = progress.overall
    assert (overall.total, overall.completed, overall.progressed, overall.percent) == (
        6,
        1,
        2,
        33,
    )
    # A completed action is counted as completed, not by its last RAG rating.
    assert (overall.red, overall.amber, overall.green) == (2, 2, 1)


def test_overdue_actions_are_open_ones_whose_review_date_has_passed() -> None:
    # As of Tuesday 1 August 2023: A1 (14 July) is completed; A6 (31 July) is overdue.
    progress = plan_progress(mixed_plan(), date(2023, 8, 1))
    assert [(a.ref, a.review_on, a.owner, a.rag) for a in progress.overdue] == [
        ("A6", date(2023, 7, 31), "Head of Safeguarding", "amber")
    ]
    # On its review date an action is not yet overdue.
    assert plan_progress(mixed_plan(), date(2023, 7, 31)).overdue == []
    # Later, in review-date order, then by reference.
    later = plan_progress(mixed_plan(), date(2023, 10, 2))
    assert [(a.ref, a.review_on, a.rag) for a in later.overdue] == [
        ("A6", date(2023, 7, 31), "amber"),
        ("A2", date(2023, 9, 29), "green"),
        ("A3", date(2023, 9, 29), "red"),
        ("A4", date(2023, 9, 29), "red"),
    ]


def test_an_overdue_action_with_a_new_review_date_is_no_longer_overdue() -> None:
    state = planned(mixed_plan(), [update("A6", review_on=date(2023, 8, 31))], date(2023, 8, 1))
    assert plan_progress(state, date(2023, 8, 1)).overdue == []
    assert [a.ref for a in plan_progress(state, date(2023, 9, 1)).overdue] == ["A6"]


# --- RAG over time -------------------------------------------------------------------------


def rag_history() -> list[Event]:
    """Events in the order they were recorded.

    - Monday 12 June 2023: A1 amber, A2 red, A3 green added.
    - Monday 10 July 2023: A3 completed.
    - Thursday 20 July 2023: A1 rated green, recorded late: effective Monday 3 July 2023.
    - Tuesday 25 July 2023: A2 rated amber.
    """
    state = base_state()
    events: list[Event] = []

    def add(batch: list[dict[str, object]], on: date, recorded: date | None = None) -> None:
        nonlocal state
        decided = plan_events(state, batch, on, now=noon(recorded or on))
        events.extend(decided)
        state = apply_all(decided, state)

    add(
        [
            priority("P1"),
            action("A1", "P1", date(2023, 9, 29)),
            action("A2", "P1", date(2023, 9, 29), rag="red"),
            action("A3", "P1", date(2023, 9, 29), rag="green"),
        ],
        PLAN_DAY,
    )
    add([complete("A3")], date(2023, 7, 10))
    add([update("A1", rag="green")], date(2023, 7, 3), recorded=date(2023, 7, 20))
    add([update("A2", rag="amber", note="Half the posts filled")], date(2023, 7, 25))
    return events


def test_rag_counts_over_time_are_judged_by_effective_dates() -> None:
    points = rag_over_time(
        rag_history(),
        [date(2023, 7, 31), date(2023, 6, 1), date(2023, 6, 30), date(2023, 7, 5)],
    )

    assert [(p.on, p.red, p.amber, p.green, p.completed) for p in points] == [
        (date(2023, 6, 1), 0, 0, 0, 0),  # before the plan
        (date(2023, 6, 30), 1, 1, 1, 0),
        # The green rating recorded on 20 July counts from 3 July, when it took effect.
        (date(2023, 7, 5), 1, 0, 2, 0),
        # A3 completed: it leaves the RAG counts; A2 now amber.
        (date(2023, 7, 31), 0, 1, 1, 1),
    ]


def test_a_change_counts_from_its_own_day() -> None:
    points = rag_over_time(rag_history(), [date(2023, 7, 2), date(2023, 7, 3), date(2023, 7, 10)])
    assert [(p.green, p.amber, p.completed) for p in points] == [(1, 1, 0), (2, 0, 0), (1, 0, 1)]


def test_no_plan_events_means_zero_counts() -> None:
    [point] = rag_over_time([], [date(2023, 7, 31)])
    assert (point.red, point.amber, point.green, point.completed) == (0, 0, 0, 0)


# --- month ends ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(
            date(2023, 3, 7),
            date(2024, 6, 30),
            [
                date(2023, 3, 31),
                date(2023, 4, 30),
                date(2023, 5, 31),
                date(2023, 6, 30),
                date(2023, 7, 31),
                date(2023, 8, 31),
                date(2023, 9, 30),
                date(2023, 10, 31),
                date(2023, 11, 30),
                date(2023, 12, 31),
                date(2024, 1, 31),
                date(2024, 2, 29),  # a leap year
                date(2024, 3, 31),
                date(2024, 4, 30),
                date(2024, 5, 31),
                date(2024, 6, 30),  # the period's end is a month end: listed once
            ],
            id="eighteen-months",
        ),
        pytest.param(
            date(2023, 7, 1),
            date(2023, 9, 15),
            [date(2023, 7, 31), date(2023, 8, 31), date(2023, 9, 15)],
            id="ends-mid-month",
        ),
        pytest.param(
            date(2023, 2, 10), date(2023, 2, 20), [date(2023, 2, 20)], id="within-a-month"
        ),
        pytest.param(
            date(2023, 1, 31),
            date(2023, 3, 1),
            [date(2023, 1, 31), date(2023, 2, 28), date(2023, 3, 1)],
            id="starts-on-a-month-end",
        ),
        pytest.param(
            date(2023, 12, 5),
            date(2024, 1, 2),
            [date(2023, 12, 31), date(2024, 1, 2)],
            id="over-new-year",
        ),
        pytest.param(date(2023, 5, 9), date(2023, 5, 9), [date(2023, 5, 9)], id="one-day"),
    ],
)
def test_month_ends(start: date, end: date, expected: list[date]) -> None:
    assert month_ends(Period(start=start, end=end)) == expected
