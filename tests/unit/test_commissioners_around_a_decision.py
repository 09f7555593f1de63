"""When a commissioner's review is over, and what a commissioner sent in comes to do, around the
DfE's decision on who runs the services (version 17).

Hull: a statutory direction published on 16 March 2020 naming Paul Moffat commissioner, "to
advise and oversee improvements"; the direction "revoked and replaced with an improvement
notice" on 5 August 2022, "ending the requirement to work with a Commissioner" (Social Work
Today, 10 August 2022; GovWire, 5 August 2022).
Northamptonshire: the direction of 10 June 2019 moving the services to a council-owned trust
(Community Care, 11 June 2019); judged inadequate again in July 2019; Andrew Christie
appointed in October 2019 (Newsam's resignation confirmed on 25 September, Daventry Express),
the commissioners' first update in March 2020 (Community Care, 16 March 2020).
Days the sources give only by month are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.state import InterventionState, Stage
from domain.values import AppointmentRole, Inspection
from tests.unit.builders import noon, opened, record

HULL_2019 = Inspection(
    started_on=date(2019, 1, 14), ended_on=date(2019, 1, 25), published_on=date(2019, 5, 17)
)
NORTHAMPTONSHIRE_2018 = Inspection(
    judgement="focused_visit",
    started_on=date(2018, 10, 9),
    ended_on=date(2018, 10, 10),
    published_on=date(2018, 11, 13),
    priority_actions=["Help and protection"],
)


def _hull(version: int) -> InterventionState:
    state = opened(HULL_2019, regime_version=version)
    state = record(state, "improvement_notice_issued", date(2019, 5, 31))
    state = record(state, "notice_escalated_to_direction", date(2020, 3, 16))
    return record(state, "commissioner_appointed", date(2020, 3, 16), name="Paul Moffat")


def test_the_review_is_over_when_the_commissioner_goes() -> None:
    assert _hull(17).stage is Stage.COMMISSIONER_REVIEW
    stepped = record(
        _hull(17), "direction_stepped_down", date(2022, 8, 5), now=noon(date(2022, 8, 5))
    )
    assert (stepped.stage, stepped.appointed(AppointmentRole.COMMISSIONER)) == (
        Stage.IMPROVEMENT,
        None,
    )
    stepped = record(_hull(16), "direction_stepped_down", date(2022, 8, 5))
    assert stepped.stage is Stage.COMMISSIONER_REVIEW


def _reports_awaited(state: InterventionState) -> list[date]:
    return [d.due for d in state.open_deadlines if d.milestone == "commissioner_report"]


def _northamptonshire(version: int) -> InterventionState:
    state = opened(NORTHAMPTONSHIRE_2018, regime_version=version)
    state = record(state, "direction_issued", date(2018, 11, 30))
    state = record(state, "commissioner_appointed", date(2018, 11, 30), name="Malcolm Newsam")
    state = record(
        state,
        "commissioner_report_submitted",
        date(2019, 5, 14),
        recommendation="alternative_delivery",
    )
    state = record(state, "alternative_delivery_directed", date(2019, 5, 14), model="trust")
    state = record(
        state,
        "transfer_directed",
        date(2019, 6, 10),
        go_live_on="2020-07-01",
        model="council_company",
        provider="Northamptonshire Children's Trust",
    )
    state = record(
        state,
        "reinspection_completed",
        date(2019, 6, 3),
        now=noon(date(2019, 7, 16)),
        judgement="inadequate",
        published_on="2019-07-16",
    )
    return record(state, "commissioner_appointed", date(2019, 10, 15), name="Andrew Christie")


def test_a_move_under_way_stays_decided_across_a_new_report() -> None:
    state = _northamptonshire(17)
    assert (state.stage, _reports_awaited(state)) == (Stage.IMPROVEMENT, [])
    update = record(state, "commissioner_report_submitted", date(2020, 3, 16))
    assert update.stage is Stage.IMPROVEMENT
    before = _northamptonshire(16)
    assert (before.stage, _reports_awaited(before)) == (
        Stage.COMMISSIONER_REVIEW,
        [date(2020, 1, 15)],
    )
