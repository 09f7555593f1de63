"""A condition a notice sets in place of the DfE's reviews keeps the reviews' grace: flagged
once if the review does not come, never escalated to the DfE's case lead about its own
meeting (version 19).

Rochdale: the unannounced inspection of the arrangements to protect children of November 2012,
judged inadequate, its report in December (BBC News, uk-england-manchester-20808970; days
illustrative); the improvement notice of April 2013, not made public (Rochdale Online, 29 April
2013; 26 April illustrative), "reviewed after one year" (Rochdale Borough Council, "Children's
social care services"); the review's day is not in the sources (30 April 2014 illustrative).
"""

from __future__ import annotations

from datetime import date

from domain.state import Deadline, InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

ROCHDALE_2012 = Inspection(
    started_on=date(2012, 11, 5), ended_on=date(2012, 11, 16), published_on=date(2012, 12, 20)
)
ANNUAL_REVIEW = {
    "name": "progress_review",
    "title": "DfE review of the notice after one year",
    "due": "2014-04-25",
    "every_months": "12",
    "owner": "dfe",
}


def _reviewed(version: int, on: date) -> InterventionState:
    state = opened(ROCHDALE_2012, regime_version=version)
    state = record(
        state, "improvement_notice_issued", date(2013, 4, 26), conditions=[ANNUAL_REVIEW]
    )
    state = run_clock(state, noon(date(2014, 4, 29)))
    return record(state, "progress_review_completed", on)


def _first(state: InterventionState) -> Deadline:
    return next(
        d
        for d in state.deadlines
        if d.milestone == "progress_review" and d.kind.value == "condition"
    )


def test_a_review_days_after_its_anniversary_is_on_time_with_no_escalation() -> None:
    state = _reviewed(19, date(2014, 4, 30))

    review = _first(state)
    assert (review.due, review.status.value, review.fired) == (date(2014, 4, 25), "met", ())
    assert state.active_escalations(review.key) == ()


def test_a_review_that_does_not_come_is_flagged_once_after_the_grace() -> None:
    state = opened(ROCHDALE_2012, regime_version=19)
    state = record(
        state, "improvement_notice_issued", date(2013, 4, 26), conditions=[ANNUAL_REVIEW]
    )
    state = run_clock(state, noon(date(2014, 6, 25)))
    assert _first(state).fired == ()

    state = run_clock(state, noon(date(2014, 6, 26)))
    review = _first(state)
    # Two months' grace, as the DfE's own reviews have: flagged on Thursday 26 June.
    assert (review.status.value, review.fired) == ("missed", ("overdue",))
    assert [e for e in state.escalations if e.deadline_key == review.key] == []


def test_before_version_19_it_escalated_to_the_dfe_the_day_after() -> None:
    state = _reviewed(18, date(2014, 4, 30))

    review = _first(state)
    assert (review.status.value, review.met_on) == ("met_late", date(2014, 4, 30))
    assert [(e.level, e.to, e.raised_on) for e in state.active_escalations(review.key)] == [
        (1, "dfe_case_lead", date(2014, 4, 28))
    ]
