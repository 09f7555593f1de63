"""The DfE's review held before it fell due keeps the DfE's calendar: the next is due a period
after the one it met was due, not after the day it was held (version 21).

Middlesbrough: the report of January 2020 (BBC News, uk-england-tees-51227134; the 23rd
illustrative), a direction and Peter Dwyer as commissioner in February 2020 (the 7th
illustrative), his report of April 2020 and the decision of 5 June 2020 to keep the services
with the council, "overseen by the government for a further 12 months" (localgov.co.uk, 5 June
2020; BBC News, uk-england-tees-52918285); "the six-month review of the Service was undertaken
9 - 11 November 2020" (Middlesbrough Council, moderngov mgAi.aspx?ID=2489), and the
"12-month review" in the week of 12 July 2021 (moderngov ieIssueDetails IId=10380).

The first review counts from the decision: due Sat 5 December 2020, held on 9 November. Under
version 21 the next is due six months after 5 December, Sat 5 June 2021, and the review of
12 July falls within the two months' grace: met. Under version 20 it counted from 9 November,
due Sun 9 May 2021, its grace over on Fri 9 July: flagged on Mon 12 July, the day the review
began.
"""

from __future__ import annotations

from datetime import date

from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

MIDDLESBROUGH_2019 = Inspection(
    started_on=date(2019, 11, 18), ended_on=date(2019, 12, 6), published_on=date(2020, 1, 23)
)


def _after_the_six_month_review(version: int) -> InterventionState:
    state = opened(MIDDLESBROUGH_2019, regime_version=version)
    state = record(state, "direction_issued", date(2020, 2, 7))
    state = record(state, "commissioner_appointed", date(2020, 2, 7), name="Peter Dwyer")
    state = record(
        state, "commissioner_report_submitted", date(2020, 4, 24), recommendation="retain"
    )
    state = record(state, "services_retained", date(2020, 6, 5))
    return record(state, "progress_review_completed", date(2020, 11, 9))


def _reviews(state: InterventionState) -> list[tuple[int | None, date, str]]:
    return [
        (d.number, d.due, d.status.value)
        for d in state.deadlines
        if d.milestone == "progress_review" and d.status.value != "withdrawn"
    ]


def test_the_review_held_early_keeps_the_calendar_and_the_next_is_met_within_its_grace() -> None:
    state = _after_the_six_month_review(21)
    assert _reviews(state) == [
        (1, date(2020, 12, 5), "met"),
        (2, date(2021, 6, 5), "pending"),
    ]

    state = run_clock(state, noon(date(2021, 7, 12)))
    state = record(state, "progress_review_completed", date(2021, 7, 12))

    assert _reviews(state)[1] == (2, date(2021, 6, 5), "met")


def test_before_version_21_the_early_review_brought_the_next_forward() -> None:
    state = _after_the_six_month_review(20)
    assert _reviews(state)[1] == (2, date(2021, 5, 9), "pending")

    state = run_clock(state, noon(date(2021, 7, 12)))

    assert _reviews(state)[1] == (2, date(2021, 5, 9), "missed")
