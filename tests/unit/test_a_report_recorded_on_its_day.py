"""A re-inspection's report recorded the day it was published, with no day of its visit, is
the report's day, not the visit's (version 17).

Birmingham: inspected from 19 March 2014, the report published on Friday 23 May 2014
(birminghamnewsroom.com, 18 and 23 May 2014); a direction on 17 December 2015 (CYP Now, 17
December 2015); re-inspected from 12 September to 6 October 2016, inadequate again, published
25 November 2016 (CYP Now, 25 November 2016); inspected again from late 2018 (26 November
illustrative), requires improvement, published 17 January 2019 (Birmingham Children's Trust,
17 January 2019). The inspection's last day in 2014 is illustrative.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidDateError
from domain.regimes import current_version
from domain.state import Deadline, InterventionState
from domain.values import Inspection
from tests.unit.builders import opened, record

BIRMINGHAM_2014 = Inspection(
    started_on=date(2014, 3, 19), ended_on=date(2014, 4, 4), published_on=date(2014, 5, 23)
)
REPORTED = date(2016, 11, 25)


def _reinspected(version: int) -> InterventionState:
    state = opened(BIRMINGHAM_2014, regime_version=version)
    state = record(state, "direction_issued", date(2015, 12, 17))
    state = record(state, "reinspection_started", date(2016, 9, 12))
    state = record(state, "reinspection_fieldwork_completed", date(2016, 10, 6))
    return record(
        state,
        "reinspection_completed",
        REPORTED,
        judgement="inadequate",
        published_on=REPORTED.isoformat(),
    )


def _second_reinspection(state: InterventionState) -> Deadline:
    return next(d for d in state.deadlines if d.milestone == "reinspection" and d.cycle == 2)


def test_the_report_is_not_the_reinspection_it_asks_for() -> None:
    state = _reinspected(current_version("ilacs"))
    assert (_second_reinspection(state).due, _second_reinspection(state).status.value) == (
        date(2018, 11, 25),
        "pending",
    )
    state = record(state, "reinspection_started", date(2018, 11, 26))
    assert _second_reinspection(state).met_on == date(2018, 11, 26)


def test_its_receipt_is_assumed_by_the_rule_not_on_its_day() -> None:
    report = _reinspected(current_version("ilacs")).reports[-1]
    # Three working days before Friday 25 November 2016.
    assert (report.received_on, report.received_assumed) == (date(2016, 11, 22), True)


def test_before_version_17_the_report_met_the_reinspection_after_it() -> None:
    state = _reinspected(16)
    assert _second_reinspection(state).met_on == REPORTED
    assert state.reports[-1].received_on == REPORTED


def test_a_receipt_before_the_fieldwork_recorded_is_refused() -> None:
    state = opened(BIRMINGHAM_2014, regime_version=current_version("ilacs"))
    state = record(state, "reinspection_started", date(2016, 9, 12))
    state = record(state, "reinspection_fieldwork_completed", date(2016, 10, 6))
    with pytest.raises(InvalidDateError) as refused:
        record(
            state,
            "reinspection_completed",
            REPORTED,
            judgement="inadequate",
            published_on=REPORTED.isoformat(),
            received_on="2016-10-05",
        )
    assert (refused.value.field, str(refused.value)) == (
        "received_on",
        "received_on 2016-10-05 is before the re-inspection's fieldwork recorded on "
        "2016-10-06; its report comes on or after that day",
    )
