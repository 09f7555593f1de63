"""Only a date that rests on an assumed receipt is marked assumed."""

from __future__ import annotations

from datetime import date

from domain.state import Deadline, InterventionState
from domain.values import Inspection
from tests.unit.builders import opened, record


def _visits(state: InterventionState) -> list[Deadline]:
    return [d for d in state.deadlines if d.milestone == "monitoring_visit"]


def test_a_visit_counted_from_one_that_took_place_rests_on_no_assumption() -> None:
    """Bradford: judged inadequate in a report of Monday 29 October 2018, recorded here without
    its receipt, which the rule assumes three working days before publication (Wednesday 24
    October, as it really was: City of Bradford MDC); an improvement notice
    on 15 November 2018; Ofsted's first monitoring visit in April 2019 (Bradford Council
    bulletins; 10 April illustrative). The statement of action (Monday 4 February 2019) and the
    first visit, a quarter after it (Saturday 4 May), rest on the assumed receipt and are
    marked so. The second visit counts from the first, which took place on 10 April: due 10
    July 2019, it rests on no assumption, and from version 7 is not marked assumed; version 6
    passed the mark down the series."""
    marks = {}
    for version in (7, 6):
        state = opened(Inspection(published_on=date(2018, 10, 29)), regime_version=version)
        state = record(state, "improvement_notice_issued", date(2018, 11, 15))
        state = record(state, "monitoring_visit_completed", date(2019, 4, 10))
        marks[version] = [(d.number, d.due, d.assumed) for d in _visits(state)]

    assert marks[7] == [(1, date(2019, 5, 4), True), (2, date(2019, 7, 10), False)]
    assert marks[6] == [(1, date(2019, 5, 4), True), (2, date(2019, 7, 10), True)]


def test_a_visit_held_back_by_a_pause_rests_on_no_assumption() -> None:
    """Coventry: judged inadequate in a report published Friday 21 March 2014, the minister
    "due to write to the council next week" (BBC, 21 March 2014), recorded without its
    receipt; an improvement notice after it (28 March illustrative). Its statement of action,
    due Monday 30 June 2014 from the receipt assumed on Tuesday 18 March, rests on the
    assumption; its first monitoring visit does not: counted
    from any day of receipt up to the publication, the quarter after the statement of action
    begins before 1 June 2016, when Ofsted's quarterly monitoring began, and the visit falls
    due a quarter after that, Thursday 1 September 2016. From version 15 it is not marked
    assumed; version 14 passed the mark down."""
    marks = {}
    for version in (15, 14):
        state = opened(Inspection(published_on=date(2014, 3, 21)), regime_version=version)
        state = record(state, "improvement_notice_issued", date(2014, 3, 28))
        [answer] = [d for d in state.deadlines if d.milestone == "statement_of_action"]
        assert (answer.due, answer.assumed) == (date(2014, 6, 30), True)
        marks[version] = [(d.number, d.due, d.assumed) for d in _visits(state)]

    assert marks[15] == [(1, date(2016, 9, 1), False)]
    assert marks[14] == [(1, date(2016, 9, 1), True)]
