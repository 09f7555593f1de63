"""What a report brings, and what answers it, when the record holds more than one or none is
in force: real councils' histories from before the current grades and instruments."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import WrongStageError
from domain.intervention import apply_all
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, reported


@pytest.mark.parametrize(("version", "expected"), [(5, ["revocation"]), (6, [])])
def test_no_revocation_is_expected_when_none_was_ever_issued(
    version: int, expected: list[str]
) -> None:
    """Sutton: safeguarding judged inadequate in a report published in the week of 31 May 2012
    (CYP Now; the Guardian; 31 May illustrative), with no notice or direction on the public
    record; judged good in a report of 29 July 2025 after an inspection in June (Sutton
    Council). Version 6 expects no revocation, there being nothing to revoke; version 5
    expected one three months after the report and called it overdue in January 2026."""
    state = opened(Inspection(published_on=date(2012, 5, 31)), regime_version=version)
    after = reported(state, date(2025, 6, 9), date(2025, 7, 29), "good")

    assert [d.milestone for d in after.open_deadlines if d.milestone == "revocation"] == expected


def test_a_report_of_before_2013_is_recorded_as_it_was_judged() -> None:
    """Cornwall: under a direction since 2009, found "adequate" by an unannounced inspection in
    February 2013, published 15 March 2013, the grade below good until requires improvement
    replaced it that November; the direction was revoked in April 2013 (Cornwall Council;
    the days of the inspection are illustrative). The report is taken as judged, brings its
    duties, and, like requires improvement, sets no date for the revocation."""
    state = opened(Inspection(published_on=date(2011, 2, 25)), regime_version=6)
    state = apply_all(events_for(state, "direction_issued", date(2011, 2, 25)), state)
    after = reported(state, date(2013, 2, 18), date(2013, 3, 15), "adequate")

    [report] = [r for r in after.reports if r.number == 2]
    assert report.judgement == "adequate"
    opened_now = {d.milestone for d in after.open_deadlines}
    assert {"statement_of_action", "report_publication"} <= opened_now
    assert "revocation" not in opened_now


def test_a_statement_of_action_names_the_older_report_it_answers() -> None:
    """Cornwall: a letter of July 2009 and the inspection report of 23 October 2009, whose action
    plan, drawn up by then, answered both (Cornwall Council). With the older report's number
    the plan meets that report's statement of action; with none, version 6 gives it to the
    latest report received."""
    state = opened(Inspection(published_on=date(2009, 10, 23)), regime_version=6)
    letter = events_for(
        state,
        "focused_visit_completed",
        date(2009, 7, 9),
        now=noon(date(2009, 10, 23)),
        published_on="2009-08-14",
        priority_actions=["Safeguarding practice"],
    )
    state = apply_all(letter, state)
    open_before = sorted(
        d.number or 1 for d in state.open_deadlines if d.milestone == "statement_of_action"
    )
    assert open_before == [1, 2]

    older = apply_all(
        events_for(state, "statement_of_action_submitted", date(2009, 10, 30), number="2"), state
    )
    unnamed = events_for(state, "statement_of_action_submitted", date(2009, 10, 30))
    latest = apply_all(unnamed, state)

    def met(after: InterventionState) -> list[int]:
        return [
            d.number or 1
            for d in after.deadlines
            if d.milestone == "statement_of_action" and d.met_on is not None
        ]

    assert met(older) == [2]
    assert met(latest) == [1]


def test_a_publication_before_its_report_is_on_the_record_says_to_record_the_report_first() -> None:
    """The report published on Tue 7 March 2023 is recorded as published; a re-inspection's
    report published the day it is recorded comes onto the record first, then its publication."""
    state = opened(regime_version=11)
    state = apply_all(events_for(state, "report_published", date(2023, 3, 7)), state)
    with pytest.raises(WrongStageError) as refused:
        events_for(state, "report_published", date(2024, 1, 12))
    assert (
        "no Report published by the council deadline is open: each one is already recorded or "
        "withdrawn; a report not yet on the record is recorded first (reinspection_completed, "
        "or the visit its letter follows), then its publication"
    ) in refused.value.message


def test_a_statement_revised_before_a_reinspection_does_not_answer_its_report() -> None:
    """Medway: judged inadequate in a report of August 2019, its Improvement Plan "refreshed
    and updated" and noted by Cabinet in 2020 (democracy.medway.gov.uk, issue 28860); a
    re-inspection's report asks for a statement of its own. Here, on the worked example's
    dates: the statement on 12 June 2023, revised on 13 September, a re-inspection judged
    requires improvement in a report received on Tue 11 March 2025. The revision meets no
    deadline, and the report's statement stays awaited until one comes after it."""
    state = opened(regime_version=11)
    for milestone, on in (
        ("improvement_notice_issued", date(2023, 4, 20)),
        ("statement_of_action_submitted", date(2023, 6, 12)),
        ("statement_of_action_submitted", date(2023, 9, 13)),
    ):
        state = apply_all(events_for(state, milestone, on), state)
    after = reported(
        state, date(2025, 2, 3), date(2025, 3, 14), "requires_improvement", received_on="2025-03-11"
    )

    statements = [
        (d.number or 1, d.status.value, d.met_on)
        for d in after.deadlines
        if d.milestone == "statement_of_action"
    ]
    assert statements == [(1, "met", date(2023, 6, 12)), (2, "pending", None)]
    answered = apply_all(
        events_for(after, "statement_of_action_submitted", date(2025, 5, 20)), after
    )
    assert [d.status.value for d in answered.deadlines if d.milestone == "statement_of_action"] == [
        "met",
        "met",
    ]


def test_a_reports_statement_of_action_is_due_seventy_working_days_from_its_receipt() -> None:
    """Walsall: inspected from 20 June to 13 July 2017, the report published on Monday 4
    September 2017, judged requires improvement; "the council has until December 11 to submit
    an action plan" (Express & Star, 11 October 2017). The record opens on the inadequate
    report of 2012 (its days illustrative). Received on the day of publication, day 0: 19
    working days to the end of September, 22 in October, 22 in November, then 1, 4 to 8 and
    11 December: Mon 11 December 2017."""
    report = Inspection(
        started_on=date(2012, 6, 11), ended_on=date(2012, 6, 22), published_on=date(2012, 7, 27)
    )
    state = opened(report, regime_version=12)
    state = apply_all(events_for(state, "improvement_notice_issued", date(2012, 11, 15)), state)
    after = reported(
        state, date(2017, 6, 20), date(2017, 9, 4), "requires_improvement", received_on="2017-09-04"
    )

    [statement] = [
        d for d in after.open_deadlines if d.milestone == "statement_of_action" and d.number == 2
    ]
    assert statement.due == date(2017, 12, 11)
