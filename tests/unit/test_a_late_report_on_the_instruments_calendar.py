"""A recurring condition asked of someone other than the council, recorded late after waiting
for its record, keeps the instrument's calendar: the next is the instrument's next date after
the record (version 19).

Tower Hamlets: inspected 23 January to 16 February 2017, judged inadequate, the report
published on 7 April 2017 (East London Advertiser); the direction of September 2017 (12
September illustrative) with Sir Alan Wood chairing the improvement board and reporting to the
Secretary of State every quarter, the first by the end of 2017 (Love Wapping, September 2017);
no report of his is dated in the public record (10 January 2018 illustrative).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

TOWER_HAMLETS_2017 = Inspection(
    started_on=date(2017, 1, 23), ended_on=date(2017, 2, 16), published_on=date(2017, 4, 7)
)
CHAIR_REPORT = {
    "name": "chair_report",
    "title": "Board chair's quarterly report to the Secretary of State",
    "due": "2017-12-31",
    "every_months": "3",
    "owner": "board_chair",
}


@pytest.mark.parametrize(
    ("version", "next_due"), [(19, date(2018, 3, 31)), (18, date(2018, 4, 10))]
)
def test_the_report_after_a_late_one_is_due_at_the_next_quarters_end(
    version: int, next_due: date
) -> None:
    state = opened(TOWER_HAMLETS_2017, regime_version=version)
    state = record(state, "direction_issued", date(2017, 9, 12), conditions=[CHAIR_REPORT])
    state = run_clock(state, noon(date(2018, 1, 9)))
    state = record(state, "condition_met", date(2018, 1, 10), condition="chair_report")

    reports = [
        (d.number, d.due, d.status.value) for d in state.deadlines if d.milestone == "chair_report"
    ]
    assert reports == [(1, date(2017, 12, 31), "met_late"), (2, next_due, "pending")]
