"""A visit recorded with Ofsted's number, several past the one awaited: each before it was
held and not recorded, and from version 9 every one of them says so on the record.

Wandsworth: inspected in November and December 2015 ("Inspectors who visited Wandsworth
Council during November and December last year", CYP Now, 16 February 2016; 23 November to
10 December illustrative), judged inadequate in the report "released on Tuesday, February 16"
2016 (Your Local Guardian); the improvement notice "given on August 11" 2016 (Wandsworth
Guardian); "the third quarterly monitoring visit" reported on 6 April 2017 (CYP Now; the visit
on 7 and 8 March illustrative). The days of the first and second visits were not found.
"""

from __future__ import annotations

from datetime import date

from domain.events import DeadlineWithdrawn
from domain.state import DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record

WANDSWORTH = Inspection(
    started_on=date(2015, 11, 23), ended_on=date(2015, 12, 10), published_on=date(2016, 2, 16)
)


def _noticed(version: int) -> InterventionState:
    opening = opened(WANDSWORTH, regime_version=version)
    return record(opening, "improvement_notice_issued", date(2016, 8, 11))


def _third_visit_recorded(version: int) -> InterventionState:
    reported = noon(date(2017, 4, 6))
    return record(
        _noticed(version), "monitoring_visit_completed", date(2017, 3, 7), now=reported, number="3"
    )


def _visits(state: InterventionState) -> list[tuple[int | None, DeadlineStatus]]:
    return [(d.number, d.status) for d in state.deadlines if d.milestone == "monitoring_visit"]


def test_every_visit_before_the_numbered_one_is_withdrawn_as_held() -> None:
    state = _third_visit_recorded(9)

    assert _visits(state) == [
        (1, DeadlineStatus.WITHDRAWN),
        (2, DeadlineStatus.WITHDRAWN),
        (3, DeadlineStatus.MET),
        (4, DeadlineStatus.PENDING),
    ]
    first, second, third, _ = (d for d in state.deadlines if d.milestone == "monitoring_visit")
    # Each was awaited from the day the first was due; the third met it.
    assert first.due == second.due == third.due
    assert third.met_on == date(2017, 3, 7)


def test_before_version_9_the_visits_between_appear_nowhere() -> None:
    state = _third_visit_recorded(8)

    assert _visits(state) == [
        (1, DeadlineStatus.WITHDRAWN),
        (3, DeadlineStatus.MET),
        (4, DeadlineStatus.PENDING),
    ]


def test_the_record_says_why_each_was_withdrawn() -> None:
    reported = noon(date(2017, 4, 6))

    events = events_for(
        _noticed(9), "monitoring_visit_completed", date(2017, 3, 7), now=reported, number="3"
    )

    withdrawn = [(e.number, e.reason) for e in events if isinstance(e, DeadlineWithdrawn)]
    why = "held but not recorded, since Ofsted monitoring visit 3 took place on 2017-03-07"
    assert withdrawn == [(1, why), (2, why)]
