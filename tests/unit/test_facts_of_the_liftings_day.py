"""A fact of the day a notice is lifted meets what the lifting withdrew that day, recorded after
the lifting as before it (`ilacs` version 23).

South Gloucestershire: Ofsted's focused visit of November 2021 (23 and 24 illustrative), its
letter naming two priority actions reported on 17 December 2021 (Community Care); the
improvement notice of March 2022 (gov.uk, "Improvement notice issued to South Gloucestershire
Council: March 2022"; 15 March illustrative), lifted on 21 December 2023 "following a review"
(gov.uk's change note), the review's own day not found.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import MANAGER, noon, opened, record, run_clock

SOUTH_GLOUCESTERSHIRE = Inspection(
    started_on=date(2021, 11, 23),
    ended_on=date(2021, 11, 24),
    published_on=date(2021, 12, 17),
    judgement="focused_visit",
    priority_actions=["Risk assessment and its timeliness", "Practice at the front door"],
)
LIFTED = date(2023, 12, 21)


def _reviews(state: InterventionState) -> list[tuple[int | None, str, date | None]]:
    return [
        (d.number, d.status.value, d.met_on)
        for d in state.deadlines
        if d.milestone == "progress_review"
    ]


def _lifted(version: int, review_first: bool) -> InterventionState:
    state = opened(SOUTH_GLOUCESTERSHIRE, regime_version=version)
    state = record(state, "improvement_notice_issued", date(2022, 3, 15))
    state = run_clock(state, noon(date(2023, 12, 20)))
    facts = [
        lambda s: record(s, "progress_review_completed", LIFTED),
        lambda s: record(s, "notice_lifted", LIFTED, actor=MANAGER),
    ]
    for fact in facts if review_first else reversed(facts):
        state = fact(state)
    return state


@pytest.mark.parametrize("review_first", [True, False])
def test_the_review_the_lifting_followed_meets_the_review_awaited_in_either_order(
    review_first: bool,
) -> None:
    first = _reviews(_lifted(23, review_first))[0]
    assert first == (1, "met_late", LIFTED)


def test_version_22_met_nothing_with_the_review_recorded_after_the_lifting() -> None:
    assert _reviews(_lifted(22, review_first=False))[0] == (1, "withdrawn", None)
