"""A commissioner's review and her written report of it are one review.

Middlesbrough: inspected 18 November to 6 December 2019, inadequate, published in January 2020
(Northern Echo; BBC); a direction and commissioner Peter Dwyer in February 2020; his report in
April recommending the council keep its services, accepted in early June (BBC, June 2020);
"the six-month review ... 9 - 11 November 2020" and his "second report in December 2020"
(Middlesbrough Council, scrutiny panel, mgAi.aspx?ID=2489); "the 12-month review took place
during the week 12 - 16 July 2021", its report "submitted to the Minister in August 2021"
(mgAi.aspx?ID=4454). The days in January, February, April, June, December and August are
illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.state import Deadline, InterventionState
from domain.values import Inspection
from tests.unit.builders import opened, record

MIDDLESBROUGH = Inspection(
    started_on=date(2019, 11, 18), ended_on=date(2019, 12, 6), published_on=date(2020, 1, 23)
)


def _reviewed_once(version: int) -> InterventionState:
    """Up to the six-month review of November 2020, the services kept with the council."""
    state = opened(MIDDLESBROUGH, regime_version=version)
    state = record(state, "direction_issued", date(2020, 2, 14))
    state = record(state, "commissioner_appointed", date(2020, 2, 14), name="Peter Dwyer")
    state = record(
        state, "commissioner_report_submitted", date(2020, 4, 30), recommendation="retain"
    )
    state = record(state, "services_retained", date(2020, 6, 5))
    return record(state, "progress_review_completed", date(2020, 11, 9))


def _reviewed_and_reported(version: int) -> InterventionState:
    state = _reviewed_once(version)
    state = record(state, "commissioner_report_submitted", date(2020, 12, 15))
    state = record(state, "progress_review_completed", date(2021, 7, 12))
    return record(state, "commissioner_report_submitted", date(2021, 8, 20))


def _reviews(state: InterventionState) -> list[Deadline]:
    return [d for d in state.deadlines if d.milestone == "progress_review"]


def test_the_report_of_a_review_is_not_the_next_review() -> None:
    """The review of 9 November 2020 meets the first, due Sat 5 December 2020, six months after
    the decision; its report of December meets nothing more. The second, due Sun 9 May 2021,
    is met late by the review of July, and its report of August leaves the third awaited, due
    Wed 12 January 2022."""
    reviews = _reviews(_reviewed_and_reported(16))
    assert [(d.number, d.due, d.status.value, d.met_on) for d in reviews] == [
        (1, date(2020, 12, 5), "met", date(2020, 11, 9)),
        (2, date(2021, 5, 9), "met_late", date(2021, 7, 12)),
        (3, date(2022, 1, 12), "pending", None),
    ]


def test_under_version_15_each_report_met_the_review_after_the_one_it_wrote_up() -> None:
    reviews = _reviews(_reviewed_and_reported(15))
    assert [(d.number, d.met_on) for d in reviews[:4]] == [
        (1, date(2020, 11, 9)),
        (2, date(2020, 12, 15)),
        (3, date(2021, 7, 12)),
        (4, date(2021, 8, 20)),
    ]


def test_a_report_long_after_the_last_review_still_stands_for_the_next() -> None:
    """Herefordshire's commissioner's progress reports stood for the DfE's reviews after its
    decision: one more than two months after a review is a review of its own (here on
    Middlesbrough's dates, a report of Tue 1 June 2021, nearly seven months after the review of
    November)."""
    state = record(_reviewed_once(16), "commissioner_report_submitted", date(2021, 6, 1))
    second = _reviews(state)[1]
    assert (second.number, second.status.value, second.met_on) == (2, "met", date(2021, 6, 1))
