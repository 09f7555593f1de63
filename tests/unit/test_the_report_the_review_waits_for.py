"""The commissioner's report the DfE's next review was put back to wait for is not itself that
review: the review counts from the day the report came, before it was due as after (version 21).

West Sussex: inspected from 25 February to 8 March 2019, judged inadequate, published on 8 May
2019 (Ofsted); the direction of 4 June 2019 and John Coughlan as commissioner, to report by 30
September (gov.uk, "Direction issued to West Sussex County Council"); his report written in
October 2019 (15 October illustrative); the trust directed on 17 December 2019 and Coughlan kept
on to "lead this process over the next 12 months" (Midhurst and Petworth Observer); his report
of 10 December 2020 (gov.uk, "Revised direction issued to West Sussex County Council",
December 2020).
"""

from __future__ import annotations

from datetime import date

from domain.values import Inspection
from tests.unit.builders import opened, record

WEST_SUSSEX_2019 = Inspection(
    started_on=date(2019, 2, 25), ended_on=date(2019, 3, 8), published_on=date(2019, 5, 8)
)


def _standing(version: int) -> list[tuple[str, int, date, str]]:
    state = opened(WEST_SUSSEX_2019, regime_version=version)
    state = record(state, "direction_issued", date(2019, 6, 4))
    state = record(
        state,
        "commissioner_appointed",
        date(2019, 6, 4),
        name="John Coughlan",
        report_by="2019-09-30",
    )
    state = record(
        state,
        "commissioner_report_submitted",
        date(2019, 10, 15),
        recommendation="alternative_delivery",
    )
    state = record(state, "direction_issued", date(2019, 12, 17))
    state = record(state, "alternative_delivery_directed", date(2019, 12, 17), model="trust")
    state = record(
        state,
        "commissioner_appointed",
        date(2019, 12, 17),
        name="John Coughlan",
        report_by="2020-12-17",
    )
    state = record(state, "commissioner_report_submitted", date(2020, 12, 10))
    return sorted(
        (d.milestone, d.number or 1, d.due, d.status.value)
        for d in state.deadlines
        if d.milestone in ("progress_review", "commissioner_report")
        and d.status.value != "withdrawn"
    )


def test_the_review_counts_from_the_report_it_waited_for() -> None:
    """The first review, put back to six months after the report's day (Thu 17 June 2021),
    counts from the day it came, a week early: due Thu 10 June 2021, still to come."""
    assert _standing(21) == [
        ("commissioner_report", 1, date(2019, 9, 30), "met"),
        ("commissioner_report", 2, date(2020, 12, 17), "met"),
        ("progress_review", 1, date(2021, 6, 10), "pending"),
    ]


def test_before_version_21_the_report_was_the_review_too() -> None:
    """The report met the first review, due 17 June 2021, and the second counted from it, due
    10 June 2021, before the first."""
    assert _standing(20) == [
        ("commissioner_report", 1, date(2019, 9, 30), "met"),
        ("commissioner_report", 2, date(2020, 12, 17), "met"),
        ("progress_review", 1, date(2021, 6, 17), "met"),
        ("progress_review", 2, date(2021, 6, 10), "pending"),
    ]
