"""A notice or direction issued in place of one from before a re-inspection that passed sets the
DfE's reviews anew from its day (version 18); one issued again for the same report keeps the
calendar running, and carries over only the conditions still open (version 18).

Isle of Wight: child protection judged inadequate, fieldwork 26 November to 5 December 2012,
the report published 15 January 2013 (onthewight.com, "Damning report shows council care of
vulnerable Island children as 'Inadequate'"; the council's statement of 15 January 2013); a
statutory direction of June 2013 requiring a partnership with Hampshire County Council
(onthewight.com; BBC News 30116557: run by Hampshire "since June 2013"; the day is
illustrative); re-inspected 16 September to 8 October 2014, judged requires improvement, the
report published 19 November 2014 (onthewight.com, 19 November 2014); a direction dated 28
November 2016 continuing the arrangement (LGC, "Isle of Wight Council 'still failing' in
education"); a DfE Delivery Unit review in April 2017 (Hampshire Chronicle 15213486).
"""

from __future__ import annotations

from datetime import date

from domain.state import DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record

ISLE_OF_WIGHT_2013 = Inspection(
    started_on=date(2012, 11, 26), ended_on=date(2012, 12, 5), published_on=date(2013, 1, 15)
)
REPLACED_ON = date(2016, 11, 28)


def _reinspected(version: int) -> InterventionState:
    state = opened(ISLE_OF_WIGHT_2013, regime_version=version)
    state = record(state, "direction_issued", date(2013, 6, 12))
    state = record(
        state, "reinspection_fieldwork_completed", date(2014, 10, 8), started_on="2014-09-16"
    )
    return record(
        state,
        "reinspection_completed",
        date(2014, 9, 16),
        now=noon(date(2014, 11, 19)),
        judgement="requires_improvement",
        published_on="2014-11-19",
    )


def _reviews(state: InterventionState) -> list[tuple[int | None, date, DeadlineStatus]]:
    return [
        (d.number, d.due, d.status) for d in state.deadlines if d.milestone == "progress_review"
    ]


def test_the_direction_after_the_reinspection_counts_the_reviews_from_its_day() -> None:
    state = record(_reinspected(18), "direction_issued", REPLACED_ON)

    assert _reviews(state) == [
        (1, date(2013, 12, 12), DeadlineStatus.WITHDRAWN),
        (2, date(2017, 5, 28), DeadlineStatus.PENDING),
    ]
    state = record(state, "progress_review_completed", date(2017, 4, 24))
    assert (2, date(2017, 5, 28), DeadlineStatus.MET) in _reviews(state)


def test_before_version_18_the_review_of_2013_waited_for_the_review_of_2017() -> None:
    state = record(_reinspected(17), "direction_issued", REPLACED_ON)
    state = record(state, "progress_review_completed", date(2017, 4, 24))

    assert (1, date(2013, 12, 12), DeadlineStatus.MET_LATE) in _reviews(state)


# Barnet: the direction of August 2017 asking for the commissioner's report by 30 November,
# submitted on 8 December; a direction of June 2018 for the same report of July 2017, no report
# in between (Barnet CELS committee papers: "The Statutory Direction issued to Barnet Council in
# June 2018"; Community Care and LocalGov, January 2018; the days in August 2017 and June 2018
# are illustrative).
BARNET_2017 = Inspection(published_on=date(2017, 7, 7))
COMMISSIONER_REPORT = {
    "name": "commissioner_report",
    "title": "Commissioner's report to the DfE",
    "due": "2017-11-30",
}


def _barnet_reported(version: int) -> InterventionState:
    state = opened(BARNET_2017, regime_version=version)
    state = record(state, "direction_issued", date(2017, 8, 25), conditions=[COMMISSIONER_REPORT])
    state = record(state, "commissioner_appointed", date(2017, 8, 25), name="Frankie Sulke")
    return record(
        state, "commissioner_report_submitted", date(2017, 12, 8), recommendation="retain"
    )


def test_a_direction_issued_again_for_the_same_report_keeps_the_calendar() -> None:
    state = opened(BARNET_2017, regime_version=18)
    state = record(state, "direction_issued", date(2017, 8, 25))
    before = _reviews(state)
    state = record(state, "direction_issued", date(2018, 6, 15))

    assert _reviews(state) == before == [(1, date(2018, 2, 25), DeadlineStatus.PENDING)]


def test_the_direction_in_its_place_does_not_carry_over_a_report_already_submitted() -> None:
    state = record(_barnet_reported(18), "direction_issued", date(2018, 6, 15))

    assert state.instrument is not None
    assert state.instrument.conditions == ()


def test_before_version_18_the_report_submitted_stayed_a_condition() -> None:
    state = record(_barnet_reported(17), "direction_issued", date(2018, 6, 15))

    assert state.instrument is not None
    assert [c.name for c in state.instrument.conditions] == ["commissioner_report"]


def test_a_condition_that_recurs_is_carried_over() -> None:
    """A report asked for every quarter, such as the board chair's to the Secretary of State,
    is still owed under the direction in its place (an illustrative case)."""
    quarterly = {
        "name": "chair_report",
        "title": "Chair's report to the Secretary of State",
        "every_months": "3",
        "owner": "board_chair",
    }
    state = opened(BARNET_2017, regime_version=18)
    state = record(state, "direction_issued", date(2017, 8, 25), conditions=[quarterly])
    state = record(state, "condition_met", date(2017, 11, 20), condition="chair_report")
    state = record(state, "direction_issued", date(2018, 6, 15))

    assert state.instrument is not None
    assert [c.name for c in state.instrument.conditions] == ["chair_report"]
