"""A visit recorded with Ofsted's number, several past the one awaited: each before it was
held and not recorded, from version 9 every one of them says so on the record, from version
10 the numbered one is due the day it took place, not when the first was, and from version 18
each between falls due a quarter after the one before.

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
from domain.explain import explain
from domain.state import Deadline, DeadlineStatus, InterventionState
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


def test_from_version_18_each_visit_between_falls_due_a_quarter_after_the_one_before() -> None:
    state = _third_visit_recorded(18)

    first, second, third, _ = (d for d in state.deadlines if d.milestone == "monitoring_visit")
    assert [(d.due, d.status) for d in (first, second)] == [
        (date(2016, 9, 1), DeadlineStatus.WITHDRAWN),
        (date(2016, 12, 1), DeadlineStatus.WITHDRAWN),
    ]
    assert (second.counted_from, second.basis) == (
        date(2016, 9, 1),
        "Ofsted monitoring visit 1 due, not recorded",
    )
    assert (third.due, third.met_on) == (date(2017, 3, 7), date(2017, 3, 7))


def test_a_visit_between_is_never_due_after_the_numbered_one_took_place() -> None:
    """Four quarters would put the fourth visit after the day Ofsted's fifth took place."""
    reported = noon(date(2017, 4, 6))
    state = record(
        _noticed(18), "monitoring_visit_completed", date(2017, 3, 7), now=reported, number="5"
    )

    assert [(d.number, d.due) for d in state.deadlines if d.milestone == "monitoring_visit"][
        :5
    ] == [
        (1, date(2016, 9, 1)),
        (2, date(2016, 12, 1)),
        (3, date(2017, 3, 1)),
        (4, date(2017, 3, 7)),
        (5, date(2017, 3, 7)),
    ]


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


# Blackpool: inspected "between November 26 and December 7, 2018", the report published on 17
# January 2019 (Blackpool Gazette, 27 March 2019, quoting the direction; Ofsted's letter to
# the town's children dated 17 January 2019); "On Monday ... the Department for Education
# published a statutory direction" (the Gazette, 27 March 2019: Monday 25 March); "Ofsted
# carried out a monitoring visit in September 2021" (Blackpool Gazette, 18 November 2021; the
# 14th illustrative), the third, since the visit of January 2022 "was the fourth monitoring
# visit since the local authority service was judged inadequate" (Lancashire Telegraph, letter
# of 15 February 2022). The days of the first two visits, and the pandemic's pause between,
# leave the third's due date unknown.
BLACKPOOL = Inspection(
    started_on=date(2018, 11, 26), ended_on=date(2018, 12, 7), published_on=date(2019, 1, 17)
)


def _blackpool_third_visit(version: int) -> InterventionState:
    directed = record(
        opened(BLACKPOOL, regime_version=version), "direction_issued", date(2019, 3, 25)
    )
    return record(directed, "monitoring_visit_completed", date(2021, 9, 14), number="3")


def _visit(state: InterventionState, number: int) -> Deadline:
    return next(
        d for d in state.deadlines if d.milestone == "monitoring_visit" and d.number == number
    )


def test_the_numbered_visit_is_due_the_day_it_took_place() -> None:
    state = _blackpool_third_visit(10)

    third = _visit(state, 3)
    assert (third.due, third.status, third.met_on) == (
        date(2021, 9, 14),
        DeadlineStatus.MET,
        date(2021, 9, 14),
    )
    # Counted from a day the engine knows, it rests on no assumed receipt.
    assert not third.assumed
    assert explain(state, [], third).arithmetic == [
        "not counted by the rule: the day Ofsted monitoring visit 3 took place, those before "
        "it not recorded, Tue 14 September 2021"
    ]
    # The fourth counts from the third as before: three months after it.
    assert _visit(state, 4).due == date(2021, 12, 14)


def test_before_version_10_the_numbered_visit_was_met_late_against_the_first() -> None:
    state = _blackpool_third_visit(9)

    third = _visit(state, 3)
    assert third.due == _visit(state, 1).due == date(2019, 7, 24)
    assert third.status is DeadlineStatus.MET_LATE
