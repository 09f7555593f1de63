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

from domain.clock import tick
from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.state import Deadline, InterventionState
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command, opened, record, run_clock

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


def _unreviewed(version: int) -> list[Event]:
    events = list(
        decide_open(open_command(ROCHDALE_2012, regime_version=version), noon(date(2012, 12, 20)))
    )
    events += events_for(
        apply_all(events),
        "improvement_notice_issued",
        date(2013, 4, 26),
        conditions=[ANNUAL_REVIEW],
    )
    events += tick(apply_all(events), noon(date(2014, 7, 1)))
    return events


def test_the_committee_report_calls_an_unmet_review_condition_expected_not_overdue() -> None:
    review = "DfE review of the notice after one year"
    words = {}
    for version in (18, 19):
        report = build_report(_unreviewed(version), end=date(2014, 7, 1))
        kinds = {d.kind for d in report.deadlines if d.deadline.startswith(review)}
        steps = [s.split(": ")[1] for s in report.next_steps if s.startswith(review)]
        words[version] = (kinds, steps)

    assert words[19] == ({"expected"}, ["expected by 25 April 2014, not on the record"])
    assert words[18] == ({"deadline"}, ["overdue since 25 April 2014"])
