"""A revisit of the area SEND framework before 2023 that found insufficient progress is followed
by the DfE's and NHS England's reviews every six months, with or without a notice, until a
notice or direction sets its own (`send` version 9).

Staffordshire: revisited from 18 to 20 January 2022, the report published on 25 February 2022,
insufficient progress in two of eight areas; the accelerated progress plan of 1 April 2022, its
six-month review on 29 September 2022 and its twelve-month review on 20 April 2023, and an
eighteen-month review whose day is not given; no notice (Staffordshire's local offer, the
accelerated progress plan; parliamentary answer of 8 April 2025, "progress is monitored
regularly"). Devon: revisited from 23 to 25 May 2022, the notice of September 2022 (see
`test_send_interventions`).
"""

from __future__ import annotations

from datetime import date

from domain.intervention import apply_all
from domain.state import InterventionState
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record, run_clock
from tests.unit.test_send_interventions import DEVON_REVISIT

STAFFORDSHIRE_REVISIT = Inspection(
    started_on=date(2022, 1, 18),
    ended_on=date(2022, 1, 20),
    published_on=date(2022, 2, 25),
    judgement="send_revisit",
    priority_actions=[
        "Co-production, particularly with parents",
        "Quality of education, health and care plans",
    ],
)
# The revisit's findings are what the reviews follow: without them the record asks nothing.
DEVON = DEVON_REVISIT.model_copy(
    update={"priority_actions": ["Insufficient progress in all four areas of weakness"]}
)


def _reviews(state: InterventionState) -> list[tuple[int | None, date, str]]:
    return [
        (d.number, d.due, d.status.value)
        for d in state.deadlines
        if d.milestone == "revisit_review"
    ]


def test_the_reviews_after_the_revisit_are_expected_every_six_months() -> None:
    state = opened(STAFFORDSHIRE_REVISIT, regime_version=9, regime="send")
    state = record(state, "progress_review_completed", date(2022, 9, 29))
    state = record(state, "progress_review_completed", date(2023, 4, 20))
    state = run_clock(state, noon(date(2024, 1, 2)))

    assert _reviews(state) == [
        (1, date(2022, 8, 25), "met"),
        (2, date(2023, 3, 29), "met"),
        # The eighteen-month review, its day not in the public record: one flag.
        (3, date(2023, 10, 20), "missed"),
    ]


def test_before_version_9_nothing_was_expected_after_the_revisit() -> None:
    assert _reviews(opened(STAFFORDSHIRE_REVISIT, regime_version=8, regime="send")) == []


def test_a_notice_sets_its_own_reviews_in_their_place() -> None:
    state = opened(DEVON, regime_version=9, regime="send")
    assert _reviews(state) == [(1, date(2023, 1, 8), "pending")]

    noticed = record(state, "improvement_notice_issued", date(2022, 9, 15))
    assert _reviews(noticed) == [(1, date(2023, 1, 8), "withdrawn")]
    assert sorted((d.milestone, d.due) for d in noticed.open_deadlines) == [
        ("improvement_board", date(2022, 12, 15)),
        ("progress_review", date(2023, 3, 15)),
    ]


def test_nhs_englands_adviser_works_alongside_the_dfes() -> None:
    """Staffordshire's accelerated progress plan of 1 April 2022 names the DfE's SEND adviser,
    Pat Tate, and NHS England's, Deborah Ward: the second appointed alongside leaves the first
    in post, where an adviser appointed without it replaces the one before."""
    state = opened(STAFFORDSHIRE_REVISIT, regime_version=9, regime="send")
    state = record(state, "improvement_adviser_appointed", date(2022, 4, 1), name="Pat Tate")
    appointed = events_for(
        state,
        "improvement_adviser_appointed",
        date(2022, 4, 1),
        name="Deborah Ward",
        alongside=True,
    )
    beside = apply_all(appointed, state)
    instead = record(state, "improvement_adviser_appointed", date(2022, 4, 1), name="Deborah Ward")

    assert [(a.name, a.number, a.ended_on) for a in beside.appointments] == [
        ("Pat Tate", 1, None),
        ("Deborah Ward", 2, None),
    ]
    assert [(a.name, a.ended_on) for a in instead.appointments] == [
        ("Pat Tate", date(2022, 4, 1)),
        ("Deborah Ward", None),
    ]
    ended = record(
        beside,
        "appointment_ended",
        date(2023, 4, 20),
        appointment="improvement_adviser",
        name="Deborah Ward",
    )
    assert [a.name for a in ended.appointments if a.active] == ["Pat Tate"]
    assert describe(appointed[0], beside) == (
        "Improvement adviser appointed: Deborah Ward, alongside the adviser in post"
    )
