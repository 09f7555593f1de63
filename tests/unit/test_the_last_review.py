"""The DfE's word that it will hold no further review ends the series: a review recorded with
`final` is the last expected while the direction stands.

Wakefield: inspected 4 to 15 June 2018, judged inadequate, the report published on 17 July 2018
(wakefield.gov.uk, PR8845); the direction of 22 August 2018 and Peter Dwyer sent in as
commissioner (PR8860a); his report, the council keeping its services and a new direction of 13
December 2018 (gov.uk, "Revised direction issued to Wakefield Council"; PR8946); the six-month
review shared on 23 July 2019 (PR-9134); on 9 January 2020 "no further review visits will be
required" (PR-9262); the direction revoked on 13 January 2022, after the re-inspection judged
good.
"""

from __future__ import annotations

from datetime import date

from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

WAKEFIELD_2018 = Inspection(
    started_on=date(2018, 6, 4), ended_on=date(2018, 6, 15), published_on=date(2018, 7, 17)
)


def _reviewed(**last: str) -> InterventionState:
    state = opened(WAKEFIELD_2018, regime_version=19)
    state = record(state, "direction_issued", date(2018, 8, 22))
    state = record(state, "commissioner_appointed", date(2018, 8, 22), name="Peter Dwyer")
    decided = date(2018, 12, 13)
    state = record(state, "commissioner_report_submitted", decided, recommendation="retain")
    state = record(state, "services_retained", decided)
    state = record(state, "direction_issued", decided)
    state = record(state, "progress_review_completed", date(2019, 7, 23))
    state = record(state, "progress_review_completed", date(2020, 1, 9), **last)
    return run_clock(state, noon(date(2021, 11, 1)))


def _reviews(state: InterventionState) -> list[tuple[int | None, date, str]]:
    return [
        (d.number, d.due, d.status.value)
        for d in state.deadlines
        if d.milestone == "progress_review"
    ]


def test_no_review_is_expected_after_the_last() -> None:
    assert _reviews(_reviewed(final="true")) == [
        (1, date(2019, 6, 13), "met"),
        (2, date(2020, 1, 23), "met"),
    ]


def test_without_it_the_next_review_is_called_overdue() -> None:
    assert _reviews(_reviewed())[-1] == (3, date(2020, 7, 9), "missed")
