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
from tests.unit.builders import noon, opened, record, run_clock

MIDDLESBROUGH = Inspection(
    started_on=date(2019, 11, 18), ended_on=date(2019, 12, 6), published_on=date(2020, 1, 23)
)

SOMERSET_2015 = Inspection(
    started_on=date(2015, 1, 19), ended_on=date(2015, 2, 11), published_on=date(2015, 3, 27)
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


def test_a_review_held_early_keeps_the_dfes_calendar() -> None:
    """From version 21 the review of 9 November 2020, held within two months before it was due
    (Sat 5 December 2020), keeps the DfE's calendar: the "12-month review" is due six months
    after 5 December, Sat 5 June 2021, and the review of 12 July falls within its two months'
    grace: met. (Under version 16 it counted from 9 November, due Sun 9 May 2021, its grace
    over on Fri 9 July: flagged on Mon 12 July, the day the review began, and met late.)"""
    state = _reviewed_once(21)
    assert [(d.number, d.due, d.status.value) for d in _reviews(state)] == [
        (1, date(2020, 12, 5), "met"),
        (2, date(2021, 6, 5), "pending"),
    ]

    state = run_clock(state, noon(date(2021, 7, 12)))
    state = record(state, "progress_review_completed", date(2021, 7, 12))

    second = _reviews(state)[1]
    assert (second.due, second.status.value, second.met_on) == (
        date(2021, 6, 5),
        "met",
        date(2021, 7, 12),
    )


def test_a_review_held_long_before_it_was_due_counts_on_from_its_day() -> None:
    """Somerset: the report of 27 March 2015 (Community Care, 27 March 2015; the inspection's
    days illustrative), the direction of 6 November 2015 (gov.uk, "Direction issued to Somerset
    County Council") and a review 20 days after it (Somerset Newsroom, 18 January 2017; the 26th
    illustrative), four months before the two months before it fell due (Fri 6 May 2016): the
    next counts from its day, six months after Thu 26 November 2015, Thu 26 May 2016."""
    state = opened(SOMERSET_2015, regime_version=21)
    state = record(state, "direction_issued", date(2015, 11, 6))
    state = record(state, "progress_review_completed", date(2015, 11, 26))
    assert [(d.number, d.due, d.status.value) for d in _reviews(state)] == [
        (1, date(2016, 5, 6), "met"),
        (2, date(2016, 5, 26), "pending"),
    ]
