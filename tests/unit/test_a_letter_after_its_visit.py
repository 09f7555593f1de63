"""The letter of a focused visit or JTAI recorded when it happened, weeks after the visit."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidFieldError
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record, types


def test_the_letter_of_a_focused_visit_recorded_on_its_day() -> None:
    """Southend-on-Sea: judged requires improvement after the inspection of July 2019
    (southend.gov.uk; the days and the day of publication illustrative); "The visit took place
    on Wednesday 23 and Thursday 24 March 2022 and focused on the council's arrangements for
    children in care", and "OFSTED have published a letter" (southend.gov.uk, news 2552; its
    day not found, 5 May 2022 illustrative), naming no priority action. The engine refused the
    letter of a visit already recorded: "no monitoring visit is recorded in this cycle"."""
    southend = Inspection(
        started_on=date(2019, 7, 8),
        ended_on=date(2019, 7, 19),
        published_on=date(2019, 9, 4),
        judgement="requires_improvement",
    )
    visited = record(
        opened(southend, regime_version=8),
        "focused_visit_completed",
        date(2022, 3, 23),
        now=noon(date(2022, 3, 24)),
        ended_on="2022-03-24",
    )

    events = events_for(visited, "visit_letter_published", date(2022, 5, 5), visit="2022-03-24")

    assert types(events) == ["VisitLetterPublished"]
    with pytest.raises(InvalidFieldError) as refused:
        events_for(visited, "visit_letter_published", date(2022, 5, 5), visit="2022-03-25")
    assert str(refused.value) == (
        "'visit_letter_published': visit '2022-03-25' is not allowed; a day of a focused visit "
        "or joint targeted area inspection recorded: 2022-03-23"
    )


def test_a_letter_naming_priority_actions_brings_its_duties_from_its_day() -> None:
    """The worked example (not a real council): under its notice of 20 April 2023, a focused
    visit on 12 and 13 September 2023 recorded that day; its letter of Tuesday 17 October 2023
    names a priority action. Received three working days before, on Thursday 12 October, the
    statement of action it asks for is due 70 working days on, past Christmas Day, Boxing Day
    and New Year's Day, on Tuesday 23 January 2024."""
    noticed = record(opened(regime_version=8), "improvement_notice_issued", date(2023, 4, 20))
    visited = record(
        noticed,
        "focused_visit_completed",
        date(2023, 9, 12),
        now=noon(date(2023, 9, 13)),
        ended_on="2023-09-13",
    )
    answered = record(
        visited,
        "visit_letter_published",
        date(2023, 10, 17),
        visit="2023-09-12",
        priority_actions="Management oversight of child protection",
    )

    [letter] = answered.reports[1:]
    assert (letter.kind, letter.published_on, letter.received_on, letter.received_assumed) == (
        "focused_visit",
        date(2023, 10, 17),
        date(2023, 10, 12),
        True,
    )
    duties = ("statement_of_action", "report_publication")
    assert sorted(
        (d.milestone, d.due)
        for d in answered.open_deadlines
        if d.milestone in duties and d.number == 2
    ) == [
        ("report_publication", date(2023, 11, 23)),
        ("statement_of_action", date(2024, 1, 23)),
    ]


def test_a_field_of_the_wrong_kind_is_said_in_plain_words() -> None:
    """A date that is not one, a number that is not one: the refusal names the field and the
    value and says what is wrong, not how the validator put it."""
    noticed = record(opened(regime_version=8), "improvement_notice_issued", date(2023, 4, 20))

    with pytest.raises(InvalidFieldError) as not_a_day:
        events_for(noticed, "focused_visit_completed", date(2023, 9, 12), ended_on="2023-09-31")
    with pytest.raises(InvalidFieldError) as not_a_number:
        events_for(noticed, "case_audit_completed", date(2023, 9, 12), cases_reviewed="forty")

    assert str(not_a_day.value) == (
        "'focused_visit_completed': ended_on '2023-09-31' is not allowed; it is not a real date "
        "written YYYY-MM-DD, such as 2026-03-07"
    )
    assert str(not_a_number.value) == (
        "'case_audit_completed': cases_reviewed 'forty' is not allowed; it is not a whole number"
    )
