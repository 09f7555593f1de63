"""A commissioner sent in the day the DfE decides who runs the services, to see it through
(version 15): no report on options already appraised, and the DfE's next review counted from
the decision whichever of the day's facts was recorded first.

On the worked example's dates: a commissioner reviewing from Tuesday 2 May 2023, her report on
time on Wednesday 2 August recommending a move, and the decision of Wednesday 20 September
2023 with another commissioner appointed that day. A report of hers would be due three months
on, Wednesday 20 December 2023.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.builders import record
from tests.unit.test_a_days_facts_in_either_order import (
    Fact,
    Standing,
    her_report_in,
    in_every_order,
    standing,
)

DECIDED = date(2023, 9, 20)
APPRAISAL = date(2023, 12, 14)
APPRAISED: Fact = ("options_appraisal_completed", {"recommendation": "A trust"})
MOVE: Fact = ("alternative_delivery_directed", {"model": "trust"})
TRANSFER: Fact = (
    "transfer_directed",
    {"go_live_on": "2024-09-02", "model": "trust", "provider": "A Children's Trust"},
)
SENT_IN: Fact = ("commissioner_appointed", {"name": "D. Jones"})


def every_order(version: int, facts: tuple[Fact, ...]) -> list[Standing]:
    """What stands after the facts of 20 September 2023, recorded in each order there is."""
    return in_every_order(her_report_in(version), DECIDED, facts)


def her_second_report(outcome: Standing) -> Standing:
    return [d for d in outcome if d[0] == "commissioner_report" and d[1] == 2]


def next_review(outcome: Standing) -> Standing:
    return [d for d in outcome if d[0] == "progress_review" and d[4] == "pending"]


@pytest.mark.parametrize(
    ("version", "second_report"),
    [
        (14, [("commissioner_report", 2, 1, date(2023, 12, 20), "pending", None)]),
        (15, []),
    ],
)
def test_a_commissioner_sent_to_implement_a_move_already_appraised(
    version: int, second_report: Standing
) -> None:
    """Doncaster: Julian Le Grand's review recommended an independent trust, and on 16 July 2013
    the Secretary of State agreed and appointed a commissioner "to implement the reforms" and
    "ensure careful transition to the Trust" (the DfE's statement, Doncaster Free Press,
    "Independent trust to take over Doncaster children's services"; LGC, "Doncaster children's
    services to be handed to a trust"). The options were appraised: from version 15 she owes no
    report on them, in whichever order the appraisal, the decision and the appointment are
    recorded; version 14 awaited one three months on, and called it overdue when none came."""
    outcomes = every_order(version, (APPRAISED, MOVE, SENT_IN))
    assert all(her_second_report(outcome) == second_report for outcome in outcomes)
    assert all(outcome == outcomes[0] for outcome in outcomes)


def test_a_move_in_principle_appraised_later_still_wants_her_report() -> None:
    """Worcestershire: Trevor Doughty appointed for a further period with the decision of 19
    September 2017 to move the services into a company, his report on the options of 14
    December (Worcestershire County Council, Cabinet). Options appraised only after the
    decision leave her report awaited, as before version 15."""
    outcomes = every_order(15, (MOVE, SENT_IN))
    for outcome in outcomes:
        assert her_second_report(outcome) == [
            ("commissioner_report", 2, 1, date(2023, 12, 20), "pending", None)
        ]
    later = her_report_in(15)
    for (milestone, details), on in ((MOVE, DECIDED), (SENT_IN, DECIDED), (APPRAISED, APPRAISAL)):
        later = record(later, milestone, on, **details)
    assert her_second_report(standing(later)) == [
        ("commissioner_report", 2, 1, date(2023, 12, 20), "pending", None)
    ]


@pytest.mark.parametrize(
    ("version", "reviews"),
    [
        # Six months after her report of 2 August when the transfer came first; six months
        # after the decision when she did, her report withdrawn.
        (14, {date(2024, 2, 2), date(2024, 3, 20)}),
        (15, {date(2024, 3, 20)}),
    ],
)
def test_the_dfes_review_after_a_transfer_a_commissioner_sees_through(
    version: int, reviews: set[date]
) -> None:
    """Slough: the direction, Eleanor Brazil's appointment and the transfer to a trust, all in
    October 2014 (Slough Observer, 24 October 2014). From version 15 the DfE's next review
    counts from the decision, Wednesday 20 March 2024, whichever was recorded first; version 14
    kept it six months after the last report, Friday 2 February 2024, when the transfer was
    recorded first."""
    outcomes = every_order(version, (TRANSFER, SENT_IN))
    assert {review[3] for outcome in outcomes for review in next_review(outcome)} == reviews
    assert all(her_second_report(outcome) == [] for outcome in outcomes)
