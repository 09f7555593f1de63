"""A commissioner's report the DfE decided without, once due and before it would be called
overdue, is no longer awaited (version 18).

Rotherham: inspected 16 September to 8 October 2014, judged inadequate, the report published 19
November 2014 (CYP Now, 19 November 2014); the direction of 10 October 2014 and Malcolm Newsam
appointed commissioner "for an initial three months" (gov.uk, "Rotherham council children's
services: direction to improve"; Community Care, 8 October 2014); the DCLG and DfE directions
of 26 February 2015, commissioners running the council's functions, the services kept with it
(Community Care, 26 February 2015); the lead commissioner's progress report of February 2018
(Hansard, 23 July 2018; its day illustrative). No report of Newsam's first period is public.
"""

from __future__ import annotations

from datetime import date

from domain.state import DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

ROTHERHAM_2014 = Inspection(
    started_on=date(2014, 9, 16), ended_on=date(2014, 10, 8), published_on=date(2014, 11, 19)
)
DECIDED_ON = date(2015, 2, 26)


def _decided(version: int) -> InterventionState:
    state = opened(ROTHERHAM_2014, regime_version=version)
    state = record(state, "direction_issued", date(2014, 10, 10))
    state = record(state, "commissioner_appointed", date(2014, 10, 10), name="Malcolm Newsam")
    state = run_clock(state, noon(date(2015, 1, 12)))
    state = record(state, "direction_issued", DECIDED_ON)
    state = record(state, "services_retained", DECIDED_ON)
    state = run_clock(state, noon(date(2015, 4, 14)), noon(date(2015, 12, 1)))
    return record(state, "commissioner_report_submitted", date(2018, 2, 28))


def _first_report(state: InterventionState) -> tuple[date, DeadlineStatus, tuple[str, ...]]:
    report = next(d for d in state.deadlines if d.milestone == "commissioner_report")
    return report.due, report.status, report.fired


def test_the_report_decided_without_is_withdrawn_not_flagged() -> None:
    state = _decided(18)

    # Never called overdue: the DfE had decided before its alert was due, in April.
    assert _first_report(state) == (date(2015, 1, 10), DeadlineStatus.WITHDRAWN, ())


def test_before_version_18_a_report_three_years_on_met_it_late() -> None:
    assert _first_report(_decided(17)) == (
        date(2015, 1, 10),
        DeadlineStatus.MET_LATE,
        ("overdue",),
    )
