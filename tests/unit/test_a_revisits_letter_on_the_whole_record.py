"""The letter of an area SEND revisit naming the areas in which it found insufficient progress
is a report of its own on the record opened on the first inspection, as on a record opened on
the revisit: the DfE's and NHS England's reviews follow it six months after its publication
(`send` version 12).

Surrey: the area SEND inspection of 17 to 21 October 2016 (eastsurreygp.org.uk, "send"), its
report in early December 2016 (LGC, "significant concerns over county's special educational
needs services"); the written statement of action submitted on 10 March 2017 (Family Voice
Surrey, 26 April 2017); the revisit of March 2019 finding insufficient progress (CYP Now,
"inspectors call for DfE to step in over SEND failings in Surrey"). The days of the report, the
revisit and its letter are illustrative.

Hartlepool: the area SEND inspection of October 2016, the written statement of action "declared
fit for purpose ... 24 April 2017" (Hartlepool SEND improvement plan, updated January 2021); the
revisit of January 2019, over three days, its letter reported on 14 March 2019, insufficient
progress in two of four areas (CYP Now, "Hartlepool SEND provision faces DfE intervention"); the
DfE's and NHS England's six-monthly reviews after it (Hartlepool Mail, 3155983). The days of the
inspection, the report and the revisit are illustrative.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidFieldError, MissingFieldError
from domain.state import InterventionState
from tests.unit.builders import events_for, noon, opened, record
from tests.unit.test_a_send_record_in_the_committee_report import REVISITED, SURREY_2016
from tests.unit.test_a_send_reinspection_recorded_on_its_day import HARTLEPOOL_2016

INSUFFICIENT = ["Joint commissioning", "Education, health and care plans"]


def _surrey_answered(version: int) -> InterventionState:
    state = opened(SURREY_2016, regime_version=version, regime="send")
    return record(state, "statement_of_action_submitted", date(2017, 3, 10))


def _reviews(state: InterventionState) -> list[tuple[int | None, date, str]]:
    return [
        (d.number, d.due, d.status.value)
        for d in state.deadlines
        if d.milestone == "revisit_review"
    ]


def test_the_revisit_with_its_letter_brings_the_reviews_after_it() -> None:
    state = record(
        _surrey_answered(12),
        "monitoring_visit_completed",
        REVISITED,
        now=noon(date(2019, 5, 8)),
        ended_on="2019-03-13",
        letter_on="2019-05-08",
        priority_actions=["Statutory assessment", "Joint commissioning"],
    )

    revisit = state.report(2)
    assert revisit is not None
    assert (revisit.kind.value, revisit.published_on) == ("send_revisit", date(2019, 5, 8))
    # Six months after the letter was published.
    assert _reviews(state) == [(1, date(2019, 11, 8), "pending")]


def test_version_11_refuses_the_areas_on_a_revisit_and_says_where_findings_go() -> None:
    with pytest.raises(InvalidFieldError) as refused:
        events_for(
            _surrey_answered(11),
            "monitoring_visit_completed",
            REVISITED,
            now=noon(date(2019, 5, 8)),
            letter_on="2019-05-08",
            priority_actions=["Statutory assessment"],
        )

    assert refused.value.field == "details.priority_actions"
    assert "give what it found as key_findings" in str(refused.value)


def test_the_areas_need_the_letters_day_their_reviews_count_from() -> None:
    with pytest.raises(MissingFieldError) as refused:
        events_for(
            _surrey_answered(12),
            "monitoring_visit_completed",
            REVISITED,
            priority_actions=["Statutory assessment"],
        )

    assert str(refused.value) == "'monitoring_visit_completed' needs the field 'letter_on'"


def test_the_letter_recorded_after_the_visit_brings_the_reviews_and_a_review_meets_one() -> None:
    state = opened(HARTLEPOOL_2016, regime_version=12, regime="send")
    state = record(state, "statement_of_action_submitted", date(2017, 4, 24))
    state = record(
        state,
        "monitoring_visit_completed",
        date(2019, 1, 14),
        now=noon(date(2019, 1, 16)),
        ended_on="2019-01-16",
    )
    state = record(
        state, "monitoring_letter_published", date(2019, 3, 14), priority_actions=INSUFFICIENT
    )
    assert _reviews(state) == [(1, date(2019, 9, 14), "pending")]

    state = record(state, "progress_review_completed", date(2019, 9, 10))

    assert _reviews(state)[0] == (1, date(2019, 9, 14), "met")


def test_a_monitoring_visits_letter_under_the_childrens_services_rules_names_no_areas() -> None:
    state = record(opened(regime_version=25), "improvement_notice_issued", date(2023, 4, 20))
    state = record(state, "monitoring_visit_completed", date(2023, 9, 12))

    with pytest.raises(InvalidFieldError) as refused:
        events_for(
            state, "monitoring_letter_published", date(2023, 10, 20), priority_actions=["Practice"]
        )

    assert str(refused.value) == (
        "'monitoring_letter_published': priority_actions 'Practice' is not allowed; only the "
        "letter of an area SEND revisit (the framework before 2023, under regime 'send' from "
        "version 12) names areas for priority action, and this letter is of none: give what it "
        "found as key_findings"
    )
